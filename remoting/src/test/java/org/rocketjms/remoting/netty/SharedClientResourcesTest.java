package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.netty.util.NettyRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.ResponseFuture;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/** Clients share one reference-counted set of I/O threads, and async calls never wait for a connect. */
class SharedClientResourcesTest {
    private NettyRemotingServer server;
    private ExecutorService executor;
    private String addr;

    @BeforeEach
    void start() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        NettyServerConfig sc = new NettyServerConfig();
        sc.setBindAddress("127.0.0.1");
        server = new NettyRemotingServer(sc);
        server.registerProcessor(NettyRemotingTest.ECHO, NettyRemotingTest.ECHO_PROCESSOR, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
    }

    @AfterEach
    void stop() {
        server.shutdown();
        executor.shutdownNow();
    }

    @Test
    void manyClientsShareCoreSizedIoThreadsAndTheLastShutdownEndsThem() throws Exception {
        int before = SharedClientResources.referenceCount();
        List<NettyRemotingClient> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            NettyRemotingClient c = new NettyRemotingClient(new NettyClientConfig());
            c.start();
            clients.add(c);
            RemotingCommand resp = c.invokeSync(addr, RemotingCommand.createRequest(NettyRemotingTest.ECHO), 5_000);
            assertEquals(ResponseCode.SUCCESS, resp.getCode());
        }
        assertEquals(before + 100, SharedClientResources.referenceCount());
        long io = clientThreads("rocketjms-client-io");
        assertTrue(io <= NettyRuntime.availableProcessors(), io + " client I/O threads for 100 clients");
        if (before == 0) {
            assertEquals(1, clientThreads("rocketjms-client-timer"), "one timer sweeps for every client");
        }
        for (NettyRemotingClient c : clients) {
            c.shutdown();
        }
        assertEquals(before, SharedClientResources.referenceCount());
        if (before == 0) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (clientThreads("rocketjms-client-") > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, clientThreads("rocketjms-client-"), "client threads left after the last shutdown");
        }
        // a client started after the last one stopped gets a fresh set
        NettyRemotingClient again = new NettyRemotingClient(new NettyClientConfig());
        again.start();
        try {
            assertEquals(ResponseCode.SUCCESS, again.invokeSync(addr,
                    RemotingCommand.createRequest(NettyRemotingTest.ECHO), 5_000).getCode());
        } finally {
            again.shutdown();
        }
    }

    @Test
    void asyncCallsDoNotWaitForTheConnect() throws Exception {
        NettyRemotingClient c = new NettyRemotingClient(new NettyClientConfig());
        c.start();
        try {
            // first call on a new connection: written once the connect completes
            CompletableFuture<ResponseFuture> answered = new CompletableFuture<>();
            c.invokeAsync(addr, RemotingCommand.createRequest(NettyRemotingTest.ECHO), 5_000, answered::complete);
            ResponseFuture ok = answered.get(5, TimeUnit.SECONDS);
            assertTrue(ok.isSuccess(), String.valueOf(ok.getCause()));
            assertEquals(ResponseCode.SUCCESS, ok.getResponse().getCode());

            // nobody listens there: the failure is thrown (connect already refused) or reaches the callback
            int dead;
            try (ServerSocket s = new ServerSocket(0)) {
                dead = s.getLocalPort();
            }
            CompletableFuture<ResponseFuture> failed = new CompletableFuture<>();
            Throwable cause;
            try {
                c.invokeAsync("127.0.0.1:" + dead, RemotingCommand.createRequest(NettyRemotingTest.ECHO), 5_000,
                        failed::complete);
                ResponseFuture f = failed.get(5, TimeUnit.SECONDS);
                assertTrue(!f.isSuccess());
                cause = f.getCause();
            } catch (RemotingConnectException e) {
                cause = e;
            }
            assertNotNull(cause);
            assertInstanceOf(RemotingConnectException.class, cause);
        } finally {
            c.shutdown();
        }
    }

    private static long clientThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix)).count();
    }
}
