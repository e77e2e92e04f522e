package org.rocketjms.remoting.direct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.netty.NettyRemotingServer;
import org.rocketjms.remoting.netty.NettyServerConfig;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/** The caller-thread connection against a real Netty server on loopback. */
class CallerThreadConnectionTest {
    static final int ECHO = 1;
    static final int SLOW = 2;
    static final int CLOSE = 3;
    static final int PUSH_FIRST = 4;

    private static NettyRemotingServer server;
    private static ExecutorService executor;
    private static ScheduledExecutorService timer;
    private static String addr;

    @BeforeAll
    static void start() throws Exception {
        executor = Executors.newFixedThreadPool(4);
        timer = Executors.newSingleThreadScheduledExecutor();
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setWorkerThreads(2);
        server = new NettyRemotingServer(config);
        server.registerProcessor(ECHO, (ch, req) -> {
            RemotingCommand r = RemotingCommand.createResponse(ResponseCode.SUCCESS, req.getRemark());
            r.setExtFields(req.getExtFields());
            r.setBody(req.getBody());
            return r;
        }, executor);
        server.registerProcessor(SLOW, (ch, req) -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RemotingCommand.createResponse(ResponseCode.SUCCESS, "late");
        }, executor);
        server.registerProcessor(CLOSE, (ch, req) -> {
            ch.close();
            return null;
        }, executor);
        server.registerProcessor(PUSH_FIRST, (ch, req) -> {
            ch.writeResponse(RemotingCommand.createRequest(77)); // a server request the connection must skip
            ch.writeResponse(RemotingCommand.createResponse(ResponseCode.SUCCESS, "not yours")); // another opaque
            return RemotingCommand.createResponse(ResponseCode.SUCCESS, "yours");
        }, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private static RemotingCommand echo(String remark, byte[] body) {
        RemotingCommand r = RemotingCommand.createRequest(ECHO);
        r.setRemark(remark);
        r.addExtField("k", "v");
        r.setBody(body);
        return r;
    }

    @Test
    void requestsAreAnsweredInTurnOnTheCallingThreadsConnection() throws Exception {
        try (CallerThreadConnection c = CallerThreadConnection.open(addr, 3_000, 16 * 1024 * 1024, timer)) {
            for (int i = 0; i < 200; i++) {
                byte[] body = ("body-" + i).repeat(i % 7 + 1).getBytes(StandardCharsets.UTF_8);
                RemotingCommand resp = c.invoke(echo("r" + i, body), 3_000);
                assertTrue(resp.isResponse());
                assertEquals(ResponseCode.SUCCESS, resp.getCode());
                assertEquals("r" + i, resp.getRemark());
                assertEquals("v", resp.getExtFields().get("k"));
                assertArrayEquals(body, resp.getBody());
            }
            byte[] big = new byte[3 * 1024 * 1024]; // larger than the kept encode buffer, then a small one again
            big[big.length - 1] = 42;
            assertArrayEquals(big, c.invoke(echo("big", big), 10_000).getBody());
            assertEquals("small", c.invoke(echo("small", new byte[3]), 3_000).getRemark());
            assertTrue(c.isOpen());
        }
    }

    @Test
    void framesThatAreNotTheAnswerAreSkipped() throws Exception {
        try (CallerThreadConnection c = CallerThreadConnection.open(addr, 3_000, 16 * 1024 * 1024, timer)) {
            assertEquals("yours", c.invoke(RemotingCommand.createRequest(PUSH_FIRST), 3_000).getRemark());
            assertEquals("next", c.invoke(echo("next", null), 3_000).getRemark());
        }
    }

    @Test
    void aFrameAboveTheLimitIsRefusedBeforeAnythingIsWrittenAndTheConnectionStaysUsable() throws Exception {
        try (CallerThreadConnection c = CallerThreadConnection.open(addr, 3_000, 4096, timer)) {
            RemotingSendRequestException e = assertThrows(RemotingSendRequestException.class,
                    () -> c.invoke(echo("too big", new byte[5000]), 3_000));
            assertTrue(e.getCause() instanceof RemotingCommandException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().contains("4096"), e.getMessage());
            assertTrue(c.isOpen());
            assertEquals("fits", c.invoke(echo("fits", new byte[100]), 3_000).getRemark());
        }
    }

    @Test
    void noAnswerInTimeClosesTheConnectionSoALateAnswerIsNeverTakenForTheNext() throws Exception {
        CallerThreadConnection c = CallerThreadConnection.open(addr, 3_000, 16 * 1024 * 1024, timer);
        long t0 = System.nanoTime();
        assertThrows(RemotingTimeoutException.class, () -> c.invoke(RemotingCommand.createRequest(SLOW), 200));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 150 && ms < 900, "timed out after " + ms + " ms");
        assertFalse(c.isOpen());
        assertThrows(RemotingSendRequestException.class, () -> c.invoke(echo("after", null), 1_000));
    }

    @Test
    void aConnectionTheServerClosedFailsTheRequestAndIsClosed() throws Exception {
        CallerThreadConnection c = CallerThreadConnection.open(addr, 3_000, 16 * 1024 * 1024, timer);
        RemotingSendRequestException e = assertThrows(RemotingSendRequestException.class,
                () -> c.invoke(RemotingCommand.createRequest(CLOSE), 3_000));
        assertTrue(e.getMessage().contains(addr), e.getMessage());
        assertFalse(c.isOpen());
    }

    @Test
    void connectingToAPortNobodyListensOnIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int free = port;
        RemotingConnectException e = assertThrows(RemotingConnectException.class,
                () -> CallerThreadConnection.open("127.0.0.1:" + free, 1_000, 4096, timer));
        assertTrue(e.getMessage().contains("127.0.0.1:" + free), e.getMessage());
        assertThrows(RemotingConnectException.class, () -> CallerThreadConnection.open("no-port", 1_000, 4096, timer));
    }

    @Test
    void theDeadlineCheckWatchesOpenConnectionsOnlyAndTimesOutAWaitingReadOnEachOfThem() throws Exception {
        int before = CallerThreadConnection.watched();
        CallerThreadConnection a = CallerThreadConnection.open(addr, 3_000, 4096, timer);
        CallerThreadConnection b = CallerThreadConnection.open(addr, 3_000, 4096, timer);
        assertEquals(before + 2, CallerThreadConnection.watched());
        // both blocked in a read without a socket timeout; only the check can end them
        CompletableFuture<Object> other = CompletableFuture.supplyAsync(() -> {
            try {
                return b.invoke(RemotingCommand.createRequest(SLOW), 300);
            } catch (Exception e) {
                return e;
            }
        });
        assertThrows(RemotingTimeoutException.class, () -> a.invoke(RemotingCommand.createRequest(SLOW), 300));
        Object result = other.get(5, TimeUnit.SECONDS);
        assertTrue(result instanceof RemotingTimeoutException, String.valueOf(result));
        assertFalse(a.isOpen());
        assertFalse(b.isOpen());
        assertEquals(before, CallerThreadConnection.watched());
    }
}
