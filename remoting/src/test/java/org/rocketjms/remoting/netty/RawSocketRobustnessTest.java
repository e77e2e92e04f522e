package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.rocketjms.remoting.protocol.ResponseCode;

/**
 * Hostile and broken peers on raw sockets, while a well-behaved client keeps doing round trips that
 * must all succeed.
 */
class RawSocketRobustnessTest {

    private static final int ECHO = 1;
    private static final int MAX_FRAME = 64 * 1024;

    private static NettyRemotingServer server;
    private static NettyRemotingClient goodClient;
    private static ExecutorService executor;
    private static String addr;
    private static final AtomicInteger openConnections = new AtomicInteger();

    private Thread loop;
    private volatile boolean looping;
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final List<Throwable> loopFailures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setWorkerThreads(2);
        config.setMaxFrameLength(MAX_FRAME);
        server = new NettyRemotingServer(config, new ChannelEventListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                openConnections.incrementAndGet();
            }

            @Override
            public void onClose(RemotingChannel channel) {
                openConnections.decrementAndGet();
            }
        });
        server.registerProcessor(ECHO, NettyRemotingTest.ECHO_PROCESSOR, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
        goodClient = new NettyRemotingClient(new NettyClientConfig());
        goodClient.start();
    }

    @AfterAll
    static void stopServer() {
        goodClient.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    @BeforeEach
    void startRoundTrips() throws Exception {
        assertEquals(ResponseCode.SUCCESS, goodClient.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000).getCode());
        awaitOpenConnections(1);
        looping = true;
        loop = new Thread(() -> {
            Random random = new Random();
            while (looping) {
                RemotingCommand request = RemotingCommand.createRequest(ECHO);
                byte[] body = new byte[random.nextInt(2000)];
                random.nextBytes(body);
                request.setBody(body);
                try {
                    RemotingCommand response = goodClient.invokeSync(addr, request, 3000);
                    assertEquals(ResponseCode.SUCCESS, response.getCode());
                    assertArrayEquals(body.length == 0 ? null : body, response.getBody());
                    roundTrips.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    loopFailures.add(e);
                }
            }
        }, "well-behaved-client");
        loop.start();
    }

    @AfterEach
    void stopRoundTrips() throws Exception {
        int before = roundTrips.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (roundTrips.get() < before + 20 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        looping = false;
        loop.join(5000);
        assertTrue(loopFailures.isEmpty(), "well-behaved client failed: " + loopFailures);
        assertTrue(roundTrips.get() >= before + 20, "server stopped answering: " + roundTrips.get());
        awaitOpenConnections(1);
    }

    private static void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (openConnections.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, openConnections.get(), "open connections on the server");
    }

    private static Socket raw() throws IOException {
        Socket s = new Socket("127.0.0.1", server.localPort());
        s.setSoTimeout(3000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Asserts the server closed the connection: EOF or reset, not a read timeout. */
    private static void assertClosedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            byte[] buf = new byte[1024];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection", e);
        } catch (SocketException e) {
            // reset by the server: closed as well
            assertTrue(e.getMessage() != null, "socket error: " + e);
        }
    }

    private static byte[] frame(RemotingCommand cmd) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        RemotingCommandCodec.encode(cmd, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    private static RemotingCommand readFrame(DataInputStream in) throws Exception {
        int length = in.readInt();
        assertTrue(length > 0 && length <= MAX_FRAME, "frame length " + length);
        byte[] content = new byte[length];
        in.readFully(content);
        return RemotingCommandCodec.decode(Unpooled.wrappedBuffer(content));
    }

    @Test
    void randomGarbageClosesOnlyThatConnection() throws Exception {
        Random random = new Random(4711);
        for (int i = 0; i < 5; i++) {
            try (Socket s = raw()) {
                byte[] garbage = new byte[4096];
                random.nextBytes(garbage);
                garbage[0] = (byte) (0x80 | garbage[0]); // length field far above the limit
                s.getOutputStream().write(garbage);
                assertClosedByServer(s);
            }
        }
        try (Socket s = raw()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedByServer(s);
        }
    }

    @Test
    void malformedHeaderInsideAValidLengthClosesTheConnection() throws Exception {
        try (Socket s = raw()) {
            ByteBuf bad = Unpooled.buffer().writeInt(100).writeInt(5000).writeZero(96);
            s.getOutputStream().write(bad.array(), 0, bad.readableBytes());
            assertClosedByServer(s);
        }
        try (Socket s = raw()) {
            s.getOutputStream().write(new byte[] {0, 0, 0, 0}); // zero-length frame
            assertClosedByServer(s);
        }
    }

    @Test
    void frameClaimingTwoGibibytesIsRefusedWithoutAllocating() throws Exception {
        for (int claimed : new int[] {Integer.MAX_VALUE, 0x80000000, 0xFFFFFFFF}) {
            try (Socket s = raw()) {
                ByteBuf head = Unpooled.buffer().writeInt(claimed).writeZero(100);
                s.getOutputStream().write(head.array(), 0, head.readableBytes());
                assertClosedByServer(s);
            }
        }
        long used = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
                + PooledByteBufAllocator.DEFAULT.metric().usedHeapMemory();
        assertTrue(used < 256L * 1024 * 1024, "pooled memory in use: " + used);
    }

    @Test
    void frameAboveTheConfiguredMaximumIsRefused() throws Exception {
        RemotingCommand big = RemotingCommand.createRequest(ECHO);
        big.setBody(new byte[MAX_FRAME + 1]);
        try (Socket s = raw()) {
            OutputStream out = s.getOutputStream();
            try {
                out.write(frame(big));
            } catch (SocketException e) {
                // the server may close while we are still writing the rest of the frame
                assertTrue(e.getMessage() != null, "socket error: " + e);
            }
            assertClosedByServer(s);
        }
        // A regular client (16 MiB limit) sending the same frame sees a prompt failure, not a timeout.
        NettyRemotingClient other = new NettyRemotingClient(new NettyClientConfig());
        other.start();
        try {
            long start = System.nanoTime();
            assertThrows(RemotingSendRequestException.class, () -> other.invokeSync(addr, big, 10_000));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
        } finally {
            other.shutdown();
        }
    }

    @Test
    void truncatedFrameFollowedByCloseIsCleanedUp() throws Exception {
        byte[] f = frame(RemotingCommand.createRequest(ECHO));
        try (Socket s = raw()) {
            s.getOutputStream().write(f, 0, f.length - 3);
            s.getOutputStream().flush();
            awaitOpenConnections(2);
        }
        awaitOpenConnections(1);
    }

    @Test
    void validFrameWithUnknownCodeGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (Socket s = raw()) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            RemotingCommand unknown = RemotingCommand.createRequest(777);
            out.write(frame(unknown));
            RemotingCommand response = readFrame(in);
            assertTrue(response.isResponse());
            assertEquals(unknown.getOpaque(), response.getOpaque());
            assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
            assertTrue(response.getRemark().contains("777"), response.getRemark());

            // A oneway request with an unknown code gets no response: the next frame read answers the echo.
            out.write(frame(RemotingCommand.createRequest(778).markOneway()));
            RemotingCommand echo = RemotingCommand.createRequest(ECHO);
            echo.setBody(new byte[] {1, 2, 3});
            out.write(frame(echo));
            RemotingCommand echoed = readFrame(in);
            assertEquals(echo.getOpaque(), echoed.getOpaque());
            assertArrayEquals(new byte[] {1, 2, 3}, echoed.getBody());
        }
    }
}
