package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/**
 * Requests registered with {@code registerOrderedProcessor} that one client pipelines on one connection are processed
 * in the order sent, one at a time per connection, even on a pool of several threads; the after-drain action runs.
 * Requests the I/O-thread test accepts run on the connection's I/O thread when nothing of the connection is queued,
 * still in the order sent, and one after-read action covers all such requests of a socket read. Requests registered
 * with {@code registerIoThreadProcessor} always run on the I/O thread, with the same after-read action.
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
        // the after-drain action runs once the processor's answer is written: the client may see the answer first
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (drains.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(drains.get() >= 2);
    }

    @Test
    void requestsForTheIoThreadRunThereInOrderAndOneAfterReadActionAnswersAReadsRequests() throws Exception {
        runOnOneIoThreadInOrderWithOneAfterReadActionPerRead(
                (p, after) -> s -> s.registerOrderedProcessor(ORDERED, p, pool, after, r -> true));
    }

    @Test
    void requestsForTheIoThreadQueueBehindRequestsOnThePoolSoArrivalOrderHolds() throws Exception {
        AfterAction answerAll = new AfterAction();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Map<Integer, String> threadOf = new ConcurrentHashMap<>();
        RequestProcessor p = (ch, req) -> {
            int i = Integer.parseInt(req.getRemark());
            if (i % 10 == 5) {
                Thread.sleep(2); // a slow pool request: requests behind it must wait, wherever they would run
            }
            seen.add(i);
            threadOf.put(i, Thread.currentThread().getName());
            answerAll.unanswered.add(new Object[] {ch, req});
            return null;
        };
        int n = 300;
        pipeline(p, answerAll, r -> Integer.parseInt(r.getRemark()) % 10 != 5, n);
        assertEquals(range(n), seen, "requests of one connection were processed out of order");
        // request 0 is sent and answered alone, so nothing of its connection was queued: it ran on the I/O thread
        assertTrue(threadOf.get(0).startsWith("rocketjms-server-io"), "request 0 ran on " + threadOf.get(0));
        for (int i = 5; i < n; i += 10) {
            assertTrue(!threadOf.get(i).startsWith("rocketjms-server-io"), "request " + i + " ran on the I/O thread");
        }
    }

    @Test
    void ioThreadProcessorsRunOnTheIoThreadAndOneAfterReadActionCoversARead() throws Exception {
        runOnOneIoThreadInOrderWithOneAfterReadActionPerRead(
                (p, after) -> s -> s.registerIoThreadProcessor(ORDERED, p, after));
    }

    /**
     * Pipelines 200 requests to a processor that {@code registration} puts on the I/O thread with an after-read
     * action; they must run there, on one thread, in the order sent, with one after-read action per read.
     */
    private void runOnOneIoThreadInOrderWithOneAfterReadActionPerRead(
            BiFunction<RequestProcessor, Runnable, Consumer<NettyRemotingServer>> registration) throws Exception {
        AfterAction answerAll = new AfterAction();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        RequestProcessor p = (ch, req) -> {
            int i = Integer.parseInt(req.getRemark());
            if (i == 1) {
                Thread.sleep(200); // the other requests pile up in the socket meanwhile: later reads bring many
            }
            seen.add(i);
            threads.add(Thread.currentThread().getName());
            answerAll.unanswered.add(new Object[] {ch, req});
            return null; // answered by the after-read action, as the broker answers sends after their flush
        };
        int n = 200;
        pipeline(registration.apply(p, answerAll), n);
        assertEquals(range(n), seen, "requests of one connection were processed out of order");
        assertEquals(1, new HashSet<>(threads).size(), "one connection's requests ran on several threads");
        assertTrue(threads.get(0).startsWith("rocketjms-server-io"), "ran on " + threads.get(0));
        assertTrue(answerAll.runs.get() >= 2 && answerAll.runs.get() < n / 2,
                "one after-read action per read was expected, not per request: " + answerAll.runs.get() + " for " + n);
    }

    /** Answers every request recorded so far; the after-drain (and after-read) action of the tests above. */
    private static final class AfterAction implements Runnable {
        final ConcurrentLinkedQueue<Object[]> unanswered = new ConcurrentLinkedQueue<>();
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
            for (Object[] e = unanswered.poll(); e != null; e = unanswered.poll()) {
                RemotingCommand resp = RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
                resp.setOpaque(((RemotingCommand) e[1]).getOpaque());
                ((RemotingChannel) e[0]).writeResponse(resp);
            }
        }
    }

    /**
     * Sends request 0 and waits for its answer, then pipelines requests 1 to n-1 (remark = sequence number) on the
     * same connection; each must be answered.
     */
    private void pipeline(RequestProcessor p, Runnable after, Predicate<RemotingCommand> onIo, int n)
            throws Exception {
        pipeline(s -> s.registerOrderedProcessor(ORDERED, p, pool, after, onIo), n);
    }

    /** {@link #pipeline(RequestProcessor, Runnable, Predicate, int)} with the processor registered by {@code register}. */
    private void pipeline(Consumer<NettyRemotingServer> register, int n) throws Exception {
        NettyServerConfig sc = new NettyServerConfig();
        sc.setBindAddress("127.0.0.1");
        server = new NettyRemotingServer(sc);
        register.accept(server);
        server.start();
        String addr = "127.0.0.1:" + server.localPort();
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        clients.add(client);
        client.start();
        CountDownLatch answered = new CountDownLatch(n);
        CountDownLatch firstAnswered = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            RemotingCommand req = RemotingCommand.createRequest(ORDERED, null);
            req.setRemark(Integer.toString(i));
            client.invokeAsync(addr, req, 10_000, f -> {
                if (f.isSuccess()) {
                    answered.countDown();
                    firstAnswered.countDown();
                }
            });
            if (i == 0) {
                assertTrue(firstAnswered.await(10, TimeUnit.SECONDS), "request 0 was not answered");
            }
        }
        // a request is answered only if an after-drain or after-read action ran after it was processed
        assertTrue(answered.await(30, TimeUnit.SECONDS), answered.getCount() + " requests were never answered");
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
