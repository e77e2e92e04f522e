package org.rocketjms.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoreTestSupport;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

/**
 * SYNC_FLUSH lazy puts ({@link StoreMessage#isLazyFlush()}): while eager puts keep coming they start no force of their
 * own, complete with the next round an eager put starts, and are forced by the store itself once they waited
 * {@code lazyFlushMaxDelayMillis}; with no eager put that recent they are eager.
 */
class GroupCommitLazyFlushTest {

    private static StoreMessage eager(int i) {
        return StoreTestSupport.message("t", 0, "e" + i).setWaitStoreMsgOK(true);
    }

    private static StoreMessage lazy(int i) {
        return StoreTestSupport.message("t", 0, "l" + i).setWaitStoreMsgOK(true).setLazyFlush(true);
    }

    private static MessageStoreConfig config(Path dir, int lazyDelayMillis) {
        return StoreTestSupport.tinyConfig(dir, FlushDiskType.SYNC_FLUSH).setLazyFlushMaxDelayMillis(lazyDelayMillis);
    }

    private static long end(PutMessageResult r) {
        return r.wroteOffset() + r.wroteBytes();
    }

    /** An eager put, made durable in this thread: lazy puts from now on find a recent eager one. */
    private static void eagerNow(DefaultMessageStore store, int i) {
        CompletableFuture<PutMessageResult> e = store.putMessages(List.of(eager(i)), true);
        store.flushPending();
        assertEquals(PutMessageStatus.PUT_OK, e.orTimeout(10, TimeUnit.SECONDS).join().status());
    }

    @Test
    void aLazyPutStartsNoForceAndCompletesWithTheNextEagerPutsForce(@TempDir Path dir) throws Exception {
        try (DefaultMessageStore store = StoreTestSupport.open(config(dir, 4_000))) {
            CommitLog log = store.getCommitLog();
            eagerNow(store, 0);
            long forcesBefore = log.getFlushService().forceCount();
            CompletableFuture<PutMessageResult> l = store.putMessages(List.of(lazy(1)), true);
            store.flushPending(); // a round in this thread would force it; a lazy put alone must not start one
            Thread.sleep(300);    // nor may the flush thread
            assertFalse(l.isDone(), "a lazy put was completed without an eager put or its maximum delay");
            assertEquals(forcesBefore, log.getFlushService().forceCount(), "a lazy put started a force");

            CompletableFuture<PutMessageResult> e = store.putMessages(List.of(eager(1)), true);
            store.flushPending();
            assertTrue(e.isDone() && l.isDone(), "the eager put's round did not complete both puts");
            assertEquals(PutMessageStatus.PUT_OK, l.join().status());
            assertEquals(PutMessageStatus.PUT_OK, e.join().status());
            assertTrue(log.getFlushedWhere() >= end(l.join()), "the lazy put was completed before it was forced");
            assertEquals(forcesBefore + 1, log.getFlushService().forceCount(), "both puts should share one force");
        }
    }

    @Test
    void aLazyPutWithNoEagerPutIsForcedAfterTheMaximumDelay(@TempDir Path dir) {
        try (DefaultMessageStore store = StoreTestSupport.open(config(dir, 400))) {
            eagerNow(store, 0);
            long t0 = System.nanoTime();
            CompletableFuture<PutMessageResult> l = store.putMessages(List.of(lazy(1)), false);
            PutMessageResult r = l.orTimeout(10, TimeUnit.SECONDS).join();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(PutMessageStatus.PUT_OK, r.status(), String.valueOf(r.remark()));
            assertTrue(store.getCommitLog().getFlushedWhere() >= end(r), "completed before it was forced");
            assertTrue(waited >= 350, "forced after " + waited + " ms, before its maximum delay of 400 ms");
            assertTrue(waited < 4_000, "forced only after " + waited + " ms (maximum delay 400 ms)");

            // the watchdog keeps doing so for later lazy puts, and an eager put beside them is not held back
            CompletableFuture<PutMessageResult> l2 = store.putMessages(List.of(lazy(2)), false);
            CompletableFuture<PutMessageResult> e = store.putMessages(List.of(eager(2)), false);
            assertEquals(PutMessageStatus.PUT_OK, e.orTimeout(10, TimeUnit.SECONDS).join().status());
            assertEquals(PutMessageStatus.PUT_OK, l2.orTimeout(10, TimeUnit.SECONDS).join().status());
            CompletableFuture<PutMessageResult> l3 = store.putMessages(List.of(lazy(3)), true);
            store.flushPending();
            assertEquals(PutMessageStatus.PUT_OK, l3.orTimeout(10, TimeUnit.SECONDS).join().status());
            assertTrue(store.getCommitLog().getFlushedWhere() >= end(l3.join()));
        }
    }

    @Test
    void aBatchIsLazyOnlyWhenEveryWaitingMessageIs(@TempDir Path dir) {
        try (DefaultMessageStore store = StoreTestSupport.open(config(dir, 4_000))) {
            CompletableFuture<PutMessageResult> f = store.putMessages(List.of(lazy(1), eager(1)), true);
            store.flushPending();
            assertTrue(f.isDone(), "a batch with an eager message waited like a lazy one");
            assertEquals(PutMessageStatus.PUT_OK, f.join().status());
        }
    }

    @Test
    void aLazyPutWithNoEagerPutWithinTheMaximumDelayIsEager(@TempDir Path dir) throws Exception {
        try (DefaultMessageStore store = StoreTestSupport.open(config(dir, 200))) {
            // nothing was put yet: a consumer draining a backlog while nobody sends
            CompletableFuture<PutMessageResult> l = store.putMessages(List.of(lazy(1)), true);
            store.flushPending();
            assertTrue(l.isDone(), "a lazy put with no eager put before it waited for one");
            eagerNow(store, 1);
            Thread.sleep(400); // longer than the maximum delay since the last eager put
            CompletableFuture<PutMessageResult> l2 = store.putMessages(List.of(lazy(2)), true);
            store.flushPending();
            assertTrue(l2.isDone(), "a lazy put waited although no eager put came within the maximum delay");
            assertEquals(PutMessageStatus.PUT_OK, l2.join().status());
            assertTrue(store.getCommitLog().getFlushedWhere() >= end(l2.join()));
        }
    }

    @Test
    void zeroMaximumDelayMakesLazyPutsEager(@TempDir Path dir) {
        try (DefaultMessageStore store = StoreTestSupport.open(config(dir, 0))) {
            CompletableFuture<PutMessageResult> l = store.putMessages(List.of(lazy(1)), true);
            store.flushPending();
            assertTrue(l.isDone(), "lazyFlushMaxDelayMillis=0 must force a lazy put in its own round");
            assertEquals(PutMessageStatus.PUT_OK, l.join().status());
        }
    }

    @Test
    void shutdownForcesAndCompletesWaitingLazyPuts(@TempDir Path dir) {
        CompletableFuture<PutMessageResult> l;
        DefaultMessageStore store = StoreTestSupport.open(config(dir, 4_000));
        try {
            eagerNow(store, 0);
            l = store.putMessages(List.of(lazy(1)), true);
            store.flushPending();
            assertFalse(l.isDone());
        } finally {
            store.close();
        }
        PutMessageResult r = l.orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals(PutMessageStatus.PUT_OK, r.status(), String.valueOf(r.remark()));
        assertTrue(store.getCommitLog().getFlushedWhere() >= end(r), "completed at shutdown without being forced");
    }
}
