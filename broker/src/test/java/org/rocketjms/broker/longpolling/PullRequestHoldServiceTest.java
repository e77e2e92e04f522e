package org.rocketjms.broker.longpolling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Held requests are released exactly once, woken or expired, also when holds and wakes race with many waiters. */
class PullRequestHoldServiceTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final PullRequestHoldService service = new PullRequestHoldService(executor);

    @AfterEach
    void stop() {
        service.shutdown();
        executor.shutdownNow();
    }

    /** Counts how it was released; never has new data by itself. */
    private static class Probe extends PullRequestHoldService.HeldRequest {
        final AtomicInteger woken = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        private final String group;

        Probe(long deadline) {
            this(deadline, null);
        }

        Probe(long deadline, String group) {
            super(deadline);
            this.group = group;
        }

        @Override
        protected String competingGroup() {
            return group;
        }

        @Override
        protected void wake() {
            woken.incrementAndGet();
            done.countDown();
        }

        @Override
        protected void expire() {
            expired.incrementAndGet();
            done.countDown();
        }

        @Override
        protected boolean hasNewData() {
            return false;
        }
    }

    @Test
    void anArrivalWakesEveryWaiterOfItsQueueAndTopicAndExpiryAnswersTheRest() throws Exception {
        service.start();
        long far = System.currentTimeMillis() + 60_000;
        List<Probe> onTopic = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Probe p = new Probe(far);
            onTopic.add(p);
            service.hold("t", -1, p);
        }
        Probe onQueue1 = new Probe(far);
        service.hold("t", 1, onQueue1);
        Probe onQueue2 = new Probe(System.currentTimeMillis() + 200);
        service.hold("t", 2, onQueue2);
        assertEquals(5_002, service.heldCount());

        long t0 = System.nanoTime();
        service.notifyMessageArriving("t", 1);
        for (Probe p : onTopic) {
            assertTrue(p.done.await(10, TimeUnit.SECONDS));
        }
        assertTrue(onQueue1.done.await(10, TimeUnit.SECONDS));
        long wakeMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(onQueue2.done.await(10, TimeUnit.SECONDS));
        for (Probe p : onTopic) {
            assertEquals(1, p.woken.get() + p.expired.get());
            assertEquals(1, p.woken.get());
        }
        assertEquals(1, onQueue1.woken.get());
        assertEquals(0, onQueue2.woken.get(), "a waiter on another queue is not woken");
        assertEquals(1, onQueue2.expired.get(), "it is answered at its deadline");
        assertEquals(0, service.heldCount());
        assertTrue(wakeMillis < 5_000, "waking 5,001 waiters took " + wakeMillis + " ms");
    }

    @Test
    void anArrivalWakesOnlyTheOldestCompetingWaiterOfEachGroupButEveryOtherWaiter() throws Exception {
        service.start();
        long far = System.currentTimeMillis() + 60_000;
        Probe a1 = new Probe(far, "A");
        Probe b1 = new Probe(far, "B");
        Probe a2 = new Probe(far, "A");
        Probe filtered = new Probe(far);
        Probe a3OnTopic = new Probe(far, "A");
        service.hold("t", 1, a1);
        service.hold("t", 1, b1);
        service.hold("t", 1, a2);
        service.hold("t", 1, filtered);
        service.hold("t", -1, a3OnTopic);

        service.notifyMessageArriving("t", 1);
        assertTrue(a1.done.await(10, TimeUnit.SECONDS));
        assertTrue(b1.done.await(10, TimeUnit.SECONDS));
        assertTrue(filtered.done.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(0, a2.woken.get(), "group A already had its oldest waiter woken for this arrival");
        assertEquals(0, a3OnTopic.woken.get(), "one arrival wakes one waiter of group A across queue and topic keys");
        assertEquals(2, service.heldCount());

        service.notifyMessageArriving("t", 1);
        assertTrue(a2.done.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(0, a3OnTopic.woken.get());
        service.notifyMessageArriving("t", 3);
        assertTrue(a3OnTopic.done.await(10, TimeUnit.SECONDS));
        for (Probe p : List.of(a1, b1, a2, filtered, a3OnTopic)) {
            assertEquals(1, p.woken.get());
            assertEquals(0, p.expired.get());
        }
        assertEquals(0, service.heldCount());
    }

    @Test
    void aWaiterAnsweredAtRegistrationDoesNotUseUpItsGroupsWake() throws Exception {
        service.start();
        long far = System.currentTimeMillis() + 60_000;
        Probe answered = new Probe(far, "A") {
            @Override
            protected boolean hasNewData() {
                return true; // registration finds data: released right away, but its entry stays in the list
            }
        };
        Probe waiting = new Probe(far, "A");
        service.hold("t", 1, answered);
        assertTrue(answered.done.await(10, TimeUnit.SECONDS));
        service.hold("t", 1, waiting);
        service.notifyMessageArriving("t", 1);
        assertTrue(waiting.done.await(10, TimeUnit.SECONDS), "the stale entry must not stand in for a live waiter");
        assertEquals(1, answered.woken.get());
        assertEquals(0, service.heldCount());
    }

    @Test
    void holdsRacingWithWakesAreNeverLost() throws Exception {
        service.start();
        int threads = 4;
        int perThread = 2_000;
        List<Probe> all = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService holders = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            holders.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    Probe p = new Probe(System.currentTimeMillis() + 300);
                    all.add(p);
                    service.hold("race", -1, p);
                }
            });
        }
        go.countDown();
        for (int i = 0; i < 200; i++) {
            service.notifyMessageArriving("race", i % 4);
            Thread.sleep(1);
        }
        holders.shutdown();
        assertTrue(holders.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(threads * perThread, all.size());
        for (Probe p : all) {
            assertTrue(p.done.await(10, TimeUnit.SECONDS), "a held request was never answered");
        }
        Thread.sleep(100);
        for (Probe p : all) {
            assertEquals(1, p.woken.get() + p.expired.get(), "released more than once");
        }
        assertEquals(0, service.heldCount());
    }
}
