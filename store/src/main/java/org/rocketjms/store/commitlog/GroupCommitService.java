package org.rocketjms.store.commitlog;

import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SYNC_FLUSH with group commit: appenders register "durable up to offset X" requests; one flush thread takes
 * all waiting requests, forces the log once up to the furthest of them (everything appended so far), and
 * completes every request that force covered. While it forces, new requests queue up for the next round,
 * so N concurrent appenders share one force instead of paying N.
 *
 * <p>A request thread that is about to go idle anyway (the broker's send processor, outside every lock) may do the
 * round itself: it appends with {@code callerFlushes}, which leaves the flush thread asleep, and then calls
 * {@link #flushPending()}. That saves the hand-off to the flush thread and back, which dominates a synchronous
 * send's latency on a busy machine. Only one round runs at a time ({@code flushing}); whoever ends a round with
 * requests still waiting wakes the flush thread, so no request waits for a caller that never comes.
 */
final class GroupCommitService implements CommitLog.FlushService, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);

    private record Request(long endOffset, int records, PutMessageResult result,
                           CompletableFuture<PutMessageResult> future, long deadlineNanos) {
    }

    /**
     * Requests not yet known to be complete, in arrival order, for the watchdog that fails those a hung disk keeps
     * waiting past {@code syncFlushTimeout}. (A timer task per request, e.g. {@code completeOnTimeout}, costs a
     * wake-up of the timer thread per request: two context switches per persistent send.)
     */
    private final ConcurrentLinkedQueue<Request> unfinished = new ConcurrentLinkedQueue<>();
    private Thread watchdog;

    private final MappedFileQueue queue;
    private final long timeoutMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasRequests = lock.newCondition();
    private List<Request> writeList = new ArrayList<>();
    private List<Request> readList = new ArrayList<>();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    /** True while a round (flush thread or caller) runs; guarded by lock. */
    private boolean flushing;
    private volatile boolean stopped;
    private Thread thread;

    GroupCommitService(MappedFileQueue queue, long timeoutMillis) {
        this.queue = queue;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void start() {
        thread = new Thread(this, "GroupCommitService");
        thread.setDaemon(true);
        thread.start();
        watchdog = new Thread(this::watch, "GroupCommitWatchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public CompletableFuture<PutMessageResult> awaitDurable(PutMessageResult result, long endOffset, int n,
                                                            boolean wait, boolean forced, boolean callerFlushes) {
        if (!wait) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<PutMessageResult> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (stopped) {
                f.complete(result.withStatus(PutMessageStatus.SERVICE_NOT_AVAILABLE, "store is shutting down"));
                return f;
            }
            Request r = new Request(endOffset, n, result, f, System.nanoTime() + timeoutMillis * 1_000_000L);
            writeList.add(r);
            unfinished.add(r);
            if (!callerFlushes) {
                hasRequests.signal();
            }
        } finally {
            lock.unlock();
        }
        return f;
    }

    /** Fails the requests that waited longer than the timeout; the others stay. */
    private void watch() {
        long period = Math.max(1, Math.min(100, timeoutMillis / 4));
        while (!stopped) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            expireOverdue(System.nanoTime());
        }
    }

    void expireOverdue(long now) {
        for (Request r = unfinished.peek(); r != null; r = unfinished.peek()) {
            if (r.future.isDone()) {
                unfinished.poll();
            } else if (now - r.deadlineNanos >= 0) {
                unfinished.poll();
                r.future.complete(r.result.withStatus(PutMessageStatus.FLUSH_DISK_TIMEOUT,
                        "flush did not complete within syncFlushTimeout " + timeoutMillis + " ms"));
            } else {
                return; // the requests behind it arrived later: not overdue either
            }
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                lock.lock();
                try {
                    while ((writeList.isEmpty() || flushing) && !stopped) {
                        hasRequests.await();
                    }
                    if (stopped) {
                        break;
                    }
                    flushing = true;
                    List<Request> t = readList;
                    readList = writeList;
                    writeList = t;
                } finally {
                    lock.unlock();
                }
                try {
                    doCommit();
                } finally {
                    endRound();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("group commit failed; requests will time out", e);
                readList.clear();
            }
        }
        lock.lock();
        try {
            while (flushing) {
                hasRequests.awaitUninterruptibly(); // a caller's round ends with endRound()
            }
            flushing = true;
            List<Request> t = readList;
            readList = writeList;
            writeList = t;
        } finally {
            lock.unlock();
        }
        doCommit();
    }

    /** Ends a round: lets the next one start and wakes the flush thread if requests arrived meanwhile. */
    private void endRound() {
        lock.lock();
        try {
            flushing = false;
            if (!writeList.isEmpty() || stopped) {
                hasRequests.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flushPending() {
        lock.lock();
        try {
            if (flushing || writeList.isEmpty() || stopped) {
                return; // the running round's endRound() wakes the flush thread for what is left
            }
            flushing = true;
            List<Request> t = readList;
            readList = writeList;
            writeList = t;
        } finally {
            lock.unlock();
        }
        try {
            doCommit();
        } catch (RuntimeException e) {
            LOG.error("group commit in the request thread failed; requests will time out", e);
            readList.clear();
        } finally {
            endRound();
        }
    }

    private void doCommit() {
        if (readList.isEmpty()) {
            return;
        }
        long target = 0;
        for (Request r : readList) {
            target = Math.max(target, r.endOffset);
        }
        // at most a few passes: one per file boundary crossed
        for (int i = 0; i < 4 && queue.getFlushedWhere() < target; i++) {
            queue.flush(0);
        }
        long flushed = queue.getFlushedWhere();
        int n = 0;
        for (Request r : readList) {
            n += r.records;
        }
        // counters first, so whoever sees a completed put also sees it counted
        records.addAndGet(n);
        forces.incrementAndGet();
        for (Request r : readList) {
            if (flushed >= r.endOffset) {
                r.future.complete(r.result);
            } else {
                r.future.complete(r.result.withStatus(PutMessageStatus.FLUSH_DISK_TIMEOUT,
                        "flush reached " + flushed + " but the record ends at " + r.endOffset));
            }
        }
        readList.clear();
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            stopped = true;
            hasRequests.signalAll();
        } finally {
            lock.unlock();
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long forceCount() {
        return forces.get();
    }

    @Override
    public long recordsFlushed() {
        return records.get();
    }
}
