package org.rocketjms.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoreTestSupport;
import org.rocketjms.store.config.FlushDiskType;

/** SYNC_FLUSH group commit run by the request thread ({@code callerFlushes} + {@code flushPending}). */
class GroupCommitCallerFlushTest {

    private static StoreMessage msg(int i) {
        return StoreTestSupport.message("t", 0, "m" + i).setWaitStoreMsgOK(true);
    }

    @Test
    void callerRoundMakesThePutDurableBeforeFlushPendingReturns(@TempDir Path dir) {
        try (DefaultMessageStore store = StoreTestSupport.open(StoreTestSupport.tinyConfig(dir, FlushDiskType.SYNC_FLUSH))) {
            CommitLog log = store.getCommitLog();
            for (int i = 0; i < 50; i++) {
                CompletableFuture<PutMessageResult> f = store.putMessages(List.of(msg(i)), true);
                store.flushPending();
                // no flush ran concurrently, so this thread's round completed the put before returning
                assertTrue(f.isDone(), "put " + i + " not durable after flushPending");
                PutMessageResult r = f.join();
                assertEquals(PutMessageStatus.PUT_OK, r.status());
                assertTrue(log.getFlushedWhere() >= r.wroteOffset() + r.wroteBytes());
            }
        }
    }

    @Test
    void concurrentCallersAndTheFlushThreadCompleteEveryPut(@TempDir Path dir) throws Exception {
        try (DefaultMessageStore store = StoreTestSupport.open(StoreTestSupport.tinyConfig(dir, FlushDiskType.SYNC_FLUSH))) {
            int threads = 8;
            int perThread = 300;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            List<CompletableFuture<PutMessageResult>> all = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                boolean caller = t % 2 == 0; // half flush in their own thread, half leave it to the flush thread
                ts.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        CompletableFuture<PutMessageResult> f = store.putMessages(List.of(msg(i)), caller);
                        if (caller) {
                            store.flushPending();
                        }
                        all.add(f);
                        f.join();
                    }
                }));
            }
            ts.forEach(Thread::start);
            start.countDown();
            for (Thread t : ts) {
                t.join(60_000);
            }
            assertEquals(threads * perThread, all.size());
            long flushed = store.getCommitLog().getFlushedWhere();
            for (CompletableFuture<PutMessageResult> f : all) {
                PutMessageResult r = f.get(1, TimeUnit.SECONDS);
                assertEquals(PutMessageStatus.PUT_OK, r.status(), String.valueOf(r.remark()));
                assertTrue(flushed >= r.wroteOffset() + r.wroteBytes());
            }
            CommitLog.FlushService fs = store.getCommitLog().getFlushService();
            assertEquals(threads * perThread, fs.recordsFlushed());
        }
    }

    @Test
    void aPutWhoseFlushNeverRunsFailsWithFlushDiskTimeoutAfterSyncFlushTimeout(@TempDir Path dir) {
        try (DefaultMessageStore store = StoreTestSupport.open(StoreTestSupport.tinyConfig(dir, FlushDiskType.SYNC_FLUSH)
                .setSyncFlushTimeout(300))) {
            long t0 = System.nanoTime();
            // callerFlushes and no flushPending(): nobody runs the round, as with a disk that hangs
            CompletableFuture<PutMessageResult> f = store.putMessages(List.of(msg(1)), true);
            PutMessageResult r = f.orTimeout(10, TimeUnit.SECONDS).join();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(PutMessageStatus.FLUSH_DISK_TIMEOUT, r.status());
            assertTrue(r.remark().contains("syncFlushTimeout 300 ms"), r.remark());
            assertTrue(waited >= 300 && waited < 3_000, "failed after " + waited + " ms");
            // the next round still makes later puts durable
            CompletableFuture<PutMessageResult> g = store.putMessages(List.of(msg(2)), true);
            store.flushPending();
            assertEquals(PutMessageStatus.PUT_OK, g.join().status());
        }
    }
}
