package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/** Connection events reach listeners on their own thread, for server and client. */
class ChannelEventTest {

    record Event(String type, RemotingChannel channel, String thread, Throwable cause) {
    }

    static final class Recorder implements ChannelEventListener {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        @Override
        public void onConnect(RemotingChannel channel) {
            events.add(new Event("connect", channel, Thread.currentThread().getName(), null));
        }

        @Override
        public void onClose(RemotingChannel channel) {
            events.add(new Event("close", channel, Thread.currentThread().getName(), null));
        }

        @Override
        public void onIdle(RemotingChannel channel) {
            events.add(new Event("idle", channel, Thread.currentThread().getName(), null));
        }

        @Override
        public void onException(RemotingChannel channel, Throwable cause) {
            events.add(new Event("exception", channel, Thread.currentThread().getName(), cause));
        }

        Event next(String expectedType) throws InterruptedException {
            Event e = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "no " + expectedType + " event");
            assertEquals(expectedType, e.type(), "event " + e);
            return e;
        }
    }

    private static final Recorder serverEvents = new Recorder();
    private static NettyRemotingServer server;
    private static ExecutorService executor;
    private static String addr;

    @BeforeAll
    static void start() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setIdleSeconds(1);
        server = new NettyRemotingServer(config, serverEvents);
        server.registerProcessor(1, NettyRemotingTest.ECHO_PROCESSOR, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
        executor.shutdownNow();
    }

    @BeforeEach
    void clear() {
        serverEvents.events.clear();
    }

    @Test
    void connectAndCloseAreSeenByServerAndClient() throws Exception {
        Recorder clientEvents = new Recorder();
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig(), clientEvents);
        client.start();
        try {
            assertEquals(ResponseCode.SUCCESS, client.invokeSync(addr, RemotingCommand.createRequest(1), 3000).getCode());
            Event connected = serverEvents.next("connect");
            assertTrue(connected.thread().startsWith("rocketjms-server-event"), connected.thread());
            assertTrue(connected.channel().remoteAddress().startsWith("127.0.0.1:"), connected.channel().remoteAddress());
            Event clientConnected = clientEvents.next("connect");
            assertEquals(addr, clientConnected.channel().remoteAddress());
            assertTrue(clientConnected.thread().startsWith("rocketjms-client-event"), clientConnected.thread());

            client.closeChannel(addr);
            Event closed = serverEvents.next("close");
            assertSame(connected.channel(), closed.channel());
            assertEquals(connected.channel().id(), closed.channel().id());
            assertFalse(closed.channel().isActive());
            assertSame(clientConnected.channel(), clientEvents.next("close").channel());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void idleConnectionIsReportedAndClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.localPort())) {
            s.setSoTimeout(5000);
            Event connected = serverEvents.next("connect");
            Event idle = serverEvents.next("idle");
            assertSame(connected.channel(), idle.channel());
            serverEvents.next("close");
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void resetConnectionIsReportedAsException() throws Exception {
        Socket s = new Socket("127.0.0.1", server.localPort());
        Event connected = serverEvents.next("connect");
        s.setSoLinger(true, 0); // close with RST
        s.close();
        Event e = serverEvents.next("exception");
        assertSame(connected.channel(), e.channel());
        assertTrue(e.cause() instanceof IOException, String.valueOf(e.cause()));
        serverEvents.next("close");
    }
}
