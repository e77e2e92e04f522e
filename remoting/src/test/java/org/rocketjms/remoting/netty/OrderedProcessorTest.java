package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/**
 * Requests registered with {@code registerOrderedProcessor} that one client pipelines on one connection are processed
 * in the order sent, one at a time per connection, even on a pool of several threads; the after-drain action runs.
 */
class OrderedProcessorTest {
    private static final int ORDERED = 41;
    private static final int ORDERED_TOO = 42;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private NettyRemotingServer server;
    private final List<NettyRemotingClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::shutdown);
        if (server != null) {
            server.shutdown();
        }
        pool.shutdownNow();
    }

    @Test
    void pipelinedRequestsOfOneConnectionRunInArrivalOrderOneAtATime() throws Exception {
        Map<String, List<Integer>> seenPerClient = new ConcurrentHashMap<>();
        AtomicInteger concurrentPerConnection = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger drains = new AtomicInteger();
        RequestProcessor p = (ch, req) -> {
            int now = concurrentPerConnection.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    Thread.sleep(1); // give other pool threads a chance to overtake, as they would without ordering
                }
                seenPerClient.computeIfAbsent(req.getRemark().split(":")[0], k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(req.getRemark().split(":")[1]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrentPerConnection.decrementAndGet();
            }
            return RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        };
        NettyServerConfig sc = new NettyServerConfig();
        sc.setBindAddress("127.0.0.1");
        server = new NettyRemotingServer(sc);
        server.registerOrderedProcessor(ORDERED, p, pool, drains::incrementAndGet);
        server.registerOrderedProcessor(ORDERED_TOO, p, pool, drains::incrementAndGet);
        server.start();
        String addr = "127.0.0.1:" + server.localPort();

        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        clients.add(client);
        client.start();
        int n = 400;
        CountDownLatch answered = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            RemotingCommand req = RemotingCommand.createRequest(i % 3 == 0 ? ORDERED_TOO : ORDERED, null);
            req.setRemark("c:" + i);
            client.invokeAsync(addr, req, 10_000, f -> {
                if (f.isSuccess()) {
                    answered.countDown();
                }
            });
        }
        assertTrue(answered.await(30, TimeUnit.SECONDS), "not every request was answered");
        List<Integer> seen = seenPerClient.get("c");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen, "requests of one connection were processed out of order");
        assertEquals(1, maxConcurrent.get(), "requests of one connection ran concurrently");
        assertTrue(drains.get() >= 1, "the after-drain action never ran");
    }

    @Test
    void differentConnectionsAreProcessedInParallel() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger drains = new AtomicInteger();
        RequestProcessor p = (ch, req) -> {
            bothInside.countDown();
            try {
                // only returns once the other connection's request runs at the same time
                bothInside.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RemotingCommand.createResponse(bothInside.getCount() == 0 ? ResponseCode.SUCCESS
                    : ResponseCode.SYSTEM_ERROR, null);
        };
        NettyServerConfig sc = new NettyServerConfig();
        sc.setBindAddress("127.0.0.1");
        server = new NettyRemotingServer(sc);
        server.registerOrderedProcessor(ORDERED, p, pool, drains::incrementAndGet);
        server.start();
        String addr = "127.0.0.1:" + server.localPort();
        List<Integer> codes = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            NettyRemotingClient c = new NettyRemotingClient(new NettyClientConfig());
            clients.add(c);
            c.start();
            c.invokeAsync(addr, RemotingCommand.createRequest(ORDERED, null), 15_000, f -> {
                codes.add(f.isSuccess() ? f.getResponse().getCode() : -1);
                done.countDown();
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(List.of(ResponseCode.SUCCESS, ResponseCode.SUCCESS), codes);
        assertTrue(drains.get() >= 2);
    }
}
