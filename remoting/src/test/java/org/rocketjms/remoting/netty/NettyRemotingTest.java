package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.ResponseFuture;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.EchoHeader;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/** Server and client talking over loopback. */
class NettyRemotingTest {

    static final int ECHO = 1;
    static final int FAIL = 2;
    static final int SINK = 3;
    static final int DEFERRED = 4;
    static final int NEVER = 5;
    static final int CLOSE = 6;
    static final int BUSY = 7;
    static final int REJECTING_EXECUTOR = 8;
    static final int REGISTER = 9;
    static final int CLIENT_SIDE = 100;

    private static NettyRemotingServer server;
    private static NettyRemotingClient client;
    private static ExecutorService executor;
    private static ScheduledExecutorService delayer;
    private static String addr;
    private static final BlockingQueue<RemotingCommand> sink = new LinkedBlockingQueue<>();
    private static final BlockingQueue<RemotingChannel> registered = new LinkedBlockingQueue<>();

    /** Echoes code-independent content back: remark, ext fields, body; records the processor thread. */
    static final RequestProcessor ECHO_PROCESSOR = (channel, request) -> {
        RemotingCommand response = RemotingCommand.createResponse(ResponseCode.SUCCESS, request.getRemark());
        response.setExtFields(request.getExtFields());
        response.addExtField("thread", Thread.currentThread().getName());
        response.setBody(request.getBody());
        return response;
    };

    @BeforeAll
    static void start() throws Exception {
        executor = Executors.newFixedThreadPool(4);
        delayer = Executors.newSingleThreadScheduledExecutor();
        NettyServerConfig serverConfig = new NettyServerConfig();
        serverConfig.setBindAddress("127.0.0.1");
        serverConfig.setWorkerThreads(2);
        server = new NettyRemotingServer(serverConfig);
        server.registerProcessor(ECHO, ECHO_PROCESSOR, executor);
        server.registerProcessor(FAIL, (ch, req) -> {
            throw new IllegalStateException("boom: queue 7 is fenced");
        }, executor);
        server.registerProcessor(SINK, (ch, req) -> {
            sink.add(req);
            return RemotingCommand.createResponse(ResponseCode.SUCCESS, "must not be sent for oneway");
        }, executor);
        server.registerProcessor(DEFERRED, (ch, req) -> {
            delayer.schedule(() -> ch.writeResponse(
                    RemotingCommand.createResponseTo(req, ResponseCode.SUCCESS, "later")), 50, TimeUnit.MILLISECONDS);
            return null;
        }, executor);
        server.registerProcessor(NEVER, (ch, req) -> null, executor);
        server.registerProcessor(CLOSE, (ch, req) -> {
            ch.close();
            return null;
        }, executor);
        server.registerProcessor(BUSY, new RequestProcessor() {
            @Override
            public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request) {
                throw new AssertionError("must not run when rejecting");
            }

            @Override
            public boolean rejectRequest() {
                return true;
            }
        }, executor);
        ExecutorService shutDown = Executors.newSingleThreadExecutor();
        shutDown.shutdown();
        server.registerProcessor(REJECTING_EXECUTOR, ECHO_PROCESSOR, shutDown);
        server.registerProcessor(REGISTER, (ch, req) -> {
            registered.add(ch);
            return RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        }, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();

        NettyClientConfig clientConfig = new NettyClientConfig();
        client = new NettyRemotingClient(clientConfig);
        client.registerProcessor(CLIENT_SIDE, (ch, req) -> {
            RemotingCommand r = RemotingCommand.createResponse(ResponseCode.SUCCESS, "client answered");
            r.setBody(req.getBody());
            return r;
        }, executor);
        client.start();
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
        delayer.shutdownNow();
    }

    @Test
    void invokeSyncEchoesHeaderAndBody() throws Exception {
        RemotingCommand request = RemotingCommand.createRequest(ECHO, new EchoHeader("orders", 2, 77L, false));
        request.setRemark("hi");
        request.setBody("payload".getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = client.invokeSync(addr, request, 3000);
        assertTrue(response.isResponse());
        assertEquals(request.getOpaque(), response.getOpaque());
        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertEquals("hi", response.getRemark());
        assertArrayEquals(request.getBody(), response.getBody());
        EchoHeader h = response.decodeHeader(EchoHeader::decode);
        assertEquals("orders", h.topic());
        assertEquals(2, h.queueId());
        assertTrue(!response.getExtField("thread").contains("rocketjms-server-io"),
                "processor ran on an I/O thread: " + response.getExtField("thread"));
    }

    @Test
    void manyConcurrentSyncCallsShareOneConnection() throws Exception {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[8];
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < calls.length; t++) {
                int id = t;
                calls[t] = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        RemotingCommand req = RemotingCommand.createRequest(ECHO);
                        byte[] body = (id + ":" + i).getBytes(StandardCharsets.UTF_8);
                        req.setBody(body);
                        try {
                            assertArrayEquals(body, client.invokeSync(addr, req, 3000).getBody());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, callers);
            }
            CompletableFuture.allOf(calls).get(20, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void invokeAsyncDeliversResponseOnCallbackThread() throws Exception {
        RemotingCommand request = RemotingCommand.createRequest(ECHO);
        request.setBody(new byte[] {42});
        CompletableFuture<ResponseFuture> done = new CompletableFuture<>();
        CompletableFuture<String> thread = new CompletableFuture<>();
        client.invokeAsync(addr, request, 3000, f -> {
            thread.complete(Thread.currentThread().getName());
            done.complete(f);
        });
        ResponseFuture f = done.get(5, TimeUnit.SECONDS);
        assertTrue(f.isSuccess());
        assertNull(f.getCause());
        assertEquals(request.getOpaque(), f.getOpaque());
        assertArrayEquals(new byte[] {42}, f.getResponse().getBody());
        assertTrue(thread.get().startsWith("rocketjms-client-callback"), thread.get());
    }

    @Test
    void invokeOnewayReachesTheProcessorAndGetsNoResponse() throws Exception {
        RemotingCommand request = RemotingCommand.createRequest(SINK);
        request.setBody(new byte[] {1, 2});
        client.invokeOneway(addr, request, 3000);
        RemotingCommand received = sink.poll(5, TimeUnit.SECONDS);
        assertNotNull(received);
        assertTrue(received.isOneway());
        assertEquals(request.getOpaque(), received.getOpaque());
        assertArrayEquals(new byte[] {1, 2}, received.getBody());
        // The connection stays healthy and no stray response confuses the next call.
        assertEquals(ResponseCode.SUCCESS, client.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000).getCode());
        assertEquals(0, client.pendingRequestCount());
    }

    @Test
    void unknownCodeGetsRequestCodeNotSupported() throws Exception {
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequest(4242), 3000);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
        assertTrue(response.getRemark().contains("4242"), response.getRemark());
    }

    @Test
    void processorExceptionBecomesSystemErrorWithRemark() throws Exception {
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequest(FAIL), 3000);
        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertEquals("boom: queue 7 is fenced", response.getRemark());
    }

    @Test
    void rejectingProcessorOrExecutorGivesSystemBusy() throws Exception {
        assertEquals(ResponseCode.SYSTEM_BUSY, client.invokeSync(addr, RemotingCommand.createRequest(BUSY), 3000).getCode());
        assertEquals(ResponseCode.SYSTEM_BUSY,
                client.invokeSync(addr, RemotingCommand.createRequest(REJECTING_EXECUTOR), 3000).getCode());
    }

    @Test
    void processorMayAnswerLaterFromAnotherThread() throws Exception {
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequest(DEFERRED), 3000);
        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertEquals("later", response.getRemark());
    }

    @Test
    void syncCallTimesOutWhenNobodyAnswers() throws Exception {
        long start = System.nanoTime();
        RemotingTimeoutException e = assertThrows(RemotingTimeoutException.class,
                () -> client.invokeSync(addr, RemotingCommand.createRequest(NEVER), 300));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed >= 290 && elapsed < 300 + 1000, "elapsed " + elapsed);
        assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
        assertEquals(0, client.pendingRequestCount());
    }

    @Test
    void asyncCallTimesOutViaTheSweeper() throws Exception {
        CompletableFuture<ResponseFuture> done = new CompletableFuture<>();
        long start = System.nanoTime();
        client.invokeAsync(addr, RemotingCommand.createRequest(NEVER), 300, done::complete);
        ResponseFuture f = done.get(5, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(f.getCause() instanceof RemotingTimeoutException, String.valueOf(f.getCause()));
        assertTrue(elapsed >= 290 && elapsed < 300 + NettyRemotingAbstract.SWEEP_INTERVAL_MILLIS + 900,
                "elapsed " + elapsed);
        assertEquals(0, client.pendingRequestCount());
    }

    @Test
    void pendingRequestsFailPromptlyWhenTheServerClosesTheConnection() throws Exception {
        NettyRemotingClient own = new NettyRemotingClient(new NettyClientConfig());
        own.start();
        try {
            CompletableFuture<ResponseFuture> pendingAsync = new CompletableFuture<>();
            own.invokeAsync(addr, RemotingCommand.createRequest(NEVER), 10_000, pendingAsync::complete);
            long start = System.nanoTime();
            RemotingSendRequestException e = assertThrows(RemotingSendRequestException.class,
                    () -> own.invokeSync(addr, RemotingCommand.createRequest(CLOSE), 10_000));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            ResponseFuture f = pendingAsync.get(2, TimeUnit.SECONDS);
            assertTrue(f.getCause() instanceof RemotingSendRequestException, String.valueOf(f.getCause()));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000);
            assertEquals(0, own.pendingRequestCount());
            // The next call transparently opens a new connection.
            assertEquals(ResponseCode.SUCCESS, own.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000).getCode());
        } finally {
            own.shutdown();
        }
    }

    @Test
    void asyncInFlightLimitIsEnforcedAndPermitsComeBack() throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setAsyncRequestLimit(2);
        NettyRemotingClient limited = new NettyRemotingClient(config);
        limited.start();
        try {
            CountDownLatch failed = new CountDownLatch(2);
            limited.invokeAsync(addr, RemotingCommand.createRequest(NEVER), 10_000, f -> failed.countDown());
            limited.invokeAsync(addr, RemotingCommand.createRequest(NEVER), 10_000, f -> failed.countDown());
            RemotingTimeoutException e = assertThrows(RemotingTimeoutException.class,
                    () -> limited.invokeAsync(addr, RemotingCommand.createRequest(ECHO), 100, f -> { }));
            assertTrue(e.getMessage().contains("limit 2"), e.getMessage());
            limited.closeChannel(addr);
            assertTrue(failed.await(2, TimeUnit.SECONDS));
            CompletableFuture<ResponseFuture> ok = new CompletableFuture<>();
            limited.invokeAsync(addr, RemotingCommand.createRequest(ECHO), 3000, ok::complete);
            assertTrue(ok.get(5, TimeUnit.SECONDS).isSuccess());
        } finally {
            limited.shutdown();
        }
    }

    @Test
    void serverCanCallTheClient() throws Exception {
        registered.clear();
        assertEquals(ResponseCode.SUCCESS, client.invokeSync(addr, RemotingCommand.createRequest(REGISTER), 3000).getCode());
        RemotingChannel clientChannel = registered.poll(5, TimeUnit.SECONDS);
        assertNotNull(clientChannel);
        assertTrue(clientChannel.isActive());

        RemotingCommand request = RemotingCommand.createRequest(CLIENT_SIDE);
        request.setBody(new byte[] {9, 8, 7});
        RemotingCommand response = server.invokeSync(clientChannel, request, 3000);
        assertEquals("client answered", response.getRemark());
        assertArrayEquals(new byte[] {9, 8, 7}, response.getBody());

        CompletableFuture<ResponseFuture> async = new CompletableFuture<>();
        server.invokeAsync(clientChannel, RemotingCommand.createRequest(CLIENT_SIDE), 3000, async::complete);
        assertTrue(async.get(5, TimeUnit.SECONDS).isSuccess());

        RemotingCommand unknown = server.invokeSync(clientChannel, RemotingCommand.createRequest(555), 3000);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, unknown.getCode());

        // Per-channel attributes live as long as the channel, on the same RemotingChannel instance.
        clientChannel.setAttribute("clientId", "c-1");
        client.invokeSync(addr, RemotingCommand.createRequest(REGISTER), 3000);
        RemotingChannel again = registered.poll(5, TimeUnit.SECONDS);
        assertSame(clientChannel, again);
        assertEquals("c-1", again.getAttribute("clientId"));
        again.setAttribute("clientId", null);
        assertNull(again.getAttribute("clientId"));
    }

    @Test
    void connectFailuresAreRemotingConnectExceptions() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("127.0.0.1:" + freePort, RemotingCommand.createRequest(ECHO), 2000));
        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("no-port", RemotingCommand.createRequest(ECHO), 2000));
        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("127.0.0.1:99999", RemotingCommand.createRequest(ECHO), 2000));
    }

    @Test
    void oversizedRequestFailsToSendButKeepsTheConnection() throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setMaxFrameLength(1024);
        NettyRemotingClient small = new NettyRemotingClient(config);
        small.start();
        try {
            RemotingCommand big = RemotingCommand.createRequest(ECHO);
            big.setBody(new byte[4096]);
            RemotingSendRequestException e = assertThrows(RemotingSendRequestException.class,
                    () -> small.invokeSync(addr, big, 3000));
            assertTrue(e.getMessage().contains("exceeds") || e.getMessage().contains("does not fit"), e.getMessage());
            assertEquals(ResponseCode.SUCCESS, small.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000).getCode());
        } finally {
            small.shutdown();
        }
    }

    @Test
    void defaultProcessorTakesCodesWithoutOwnProcessor() throws Exception {
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        NettyRemotingServer own = new NettyRemotingServer(config);
        own.registerDefaultProcessor((ch, req) ->
                RemotingCommand.createResponse(ResponseCode.SUCCESS, "default got " + req.getCode()), executor);
        own.registerProcessor(ECHO, ECHO_PROCESSOR, executor);
        own.start();
        try {
            String ownAddr = "127.0.0.1:" + own.localPort();
            assertEquals("default got 4243",
                    client.invokeSync(ownAddr, RemotingCommand.createRequest(4243), 3000).getRemark());
            RemotingCommand echo = RemotingCommand.createRequest(ECHO);
            echo.setRemark("mine");
            assertEquals("mine", client.invokeSync(ownAddr, echo, 3000).getRemark());
        } finally {
            client.closeChannel("127.0.0.1:" + own.localPort());
            own.shutdown();
        }
    }

    @Test
    void aCommandCannotBeInFlightTwice() throws Exception {
        RemotingCommand request = RemotingCommand.createRequest(NEVER);
        BlockingQueue<ResponseFuture> done = new ArrayBlockingQueue<>(1);
        client.invokeAsync(addr, request, 500, done::add);
        assertThrows(RemotingSendRequestException.class, () -> client.invokeSync(addr, request, 500));
        assertNotNull(done.poll(5, TimeUnit.SECONDS));
    }
}
