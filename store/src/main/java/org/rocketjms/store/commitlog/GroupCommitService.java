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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>A <em>lazy</em> request (an AUTO_ACKNOWLEDGE consumer's acknowledgement, whose writer does not wait for it) starts
 * no round while eager requests keep coming (one arrived within the last {@code lazyFlushMaxDelayMillis}): it
 * completes with the next round an eager request starts, which forces it too, since a force covers everything
 * appended before it. Should none come within {@code lazyFlushMaxDelayMillis}, the watchdog asks the flush thread for
 * a round. With no eager request that recent (consumers draining a backlog while nobody sends) a lazy request is
 * eager: waiting would only delay it. So under a steady stream of sends the acknowledgements of consumers cost no force
 * of their own. Either way a lazy request completes only once forced.
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
    /** How long a lazy request waits for an eager round at most; 0: lazy requests are eager. */
    private final long lazyDelayNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasRequests = lock.newCondition();
    private List<Request> writeList = new ArrayList<>();
    private List<Request> readList = new ArrayList<>();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    /** True while a round (flush thread or caller) runs; guarded by lock. */
    private boolean flushing;
    /** {@link #writeList} holds an eager request, which asks for a round; guarded by lock. */
    private boolean eagerWaiting;
    /** {@link #writeList} holds lazy requests, the oldest queued at {@link #lazySince}; guarded by lock. */
    private boolean lazyWaiting;
    private long lazySince;
    /** The watchdog found the lazy requests overdue and asked the flush thread for a round; guarded by lock. */
    private boolean lazyDue;
    /** When the sleeping watchdog wakes next (nanoTime); guarded by lock. */
    private long watchdogWakeAt;
    /** When the last eager request arrived (nanoTime); guarded by lock. */
    private long lastEagerAt;
    private volatile boolean stopped;
    private Thread thread;

    GroupCommitService(MappedFileQueue queue, long timeoutMillis, long lazyFlushMaxDelayMillis) {
        this.queue = queue;
        this.timeoutMillis = timeoutMillis;
        this.lazyDelayNanos = TimeUnit.MILLISECONDS.toNanos(lazyFlushMaxDelayMillis);
        this.watchdogWakeAt = System.nanoTime();
        this.lastEagerAt = watchdogWakeAt - lazyDelayNanos - 1;
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
                                                            boolean wait, boolean forced, boolean callerFlushes,
                                                            boolean lazy) {
        if (!wait) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<PutMessageResult> f = new CompletableFuture<>();
        boolean wakeWatchdog = false;
        lock.lock();
        try {
            if (stopped) {
                f.complete(result.withStatus(PutMessageStatus.SERVICE_NOT_AVAILABLE, "store is shutting down"));
                return f;
            }
            long now = System.nanoTime();
            Request r = new Request(endOffset, n, result, f, now + timeoutMillis * 1_000_000L);
            writeList.add(r);
            unfinished.add(r);
            // lazy only while eager requests keep coming: otherwise waiting for one would only delay it
            boolean waitsForEager = lazy && lazyDelayNanos > 0 && now - lastEagerAt < lazyDelayNanos;
            if (!lazy) {
                lastEagerAt = now;
            }
            if (!waitsForEager) {
                eagerWaiting = true;
                if (!callerFlushes) {
                    hasRequests.signal();
                }
            } else if (!lazyWaiting) {
                lazyWaiting = true;
                lazySince = now;
                // the watchdog sleeps its long period when no lazy request waits: wake it to set the deadline
                wakeWatchdog = watchdogWakeAt - (now + lazyDelayNanos) > 0;
            }
        } finally {
            lock.unlock();
        }
        if (wakeWatchdog && watchdog != null) {
            LockSupport.unpark(watchdog);
        }
        return f;
    }

    /**
     * Fails the requests that waited longer than the timeout (the others stay), and asks for a round when lazy
     * requests waited {@code lazyFlushMaxDelayMillis} without one. Sleeps its period, or until the oldest lazy request
     * is due.
     */
    private void watch() {
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(100, timeoutMillis / 4)));
        while (!stopped) {
            long wakeAt;
            lock.lock();
            try {
                wakeAt = System.nanoTime() + periodNanos;
                if (lazyWaiting && lazySince + lazyDelayNanos - wakeAt < 0) {
                    wakeAt = lazySince + lazyDelayNanos;
                }
                watchdogWakeAt = wakeAt;
            } finally {
                lock.unlock();
            }
            long sleep = wakeAt - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
            if (Thread.interrupted()) {
                return; // shutdown
            }
            long now = System.nanoTime();
            expireOverdue(now);
            requestLazyRoundIfDue(now);
        }
    }

    /** Asks the flush thread for a round when the oldest lazy request waited its maximum delay. */
    private void requestLazyRoundIfDue(long now) {
        lock.lock();
        try {
            if (lazyWaiting && !lazyDue && now - lazySince >= lazyDelayNanos) {
                lazyDue = true;
                hasRequests.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: the waiting requests become the round's; what arrives from now on waits for the next round. */
    private void takeWaiting() {
        flushing = true;
        List<Request> t = readList;
        readList = writeList;
        writeList = t;
        eagerWaiting = false;
        lazyWaiting = false;
        lazyDue = false;
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
                    while (((!eagerWaiting && !lazyDue) || flushing) && !stopped) {
                        hasRequests.await();
                    }
                    if (stopped) {
                        break;
                    }
                    takeWaiting();
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
            takeWaiting(); // lazy requests too
        } finally {
            lock.unlock();
        }
        doCommit();
    }

    /**
     * Ends a round: lets the next one start and wakes the flush thread if eager requests arrived meanwhile (lazy ones
     * wait for the next eager one, or the watchdog).
     */
    private void endRound() {
        lock.lock();
        try {
            flushing = false;
            if (eagerWaiting || lazyDue || stopped) {
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
            if (flushing || !eagerWaiting || stopped) {
                // the running round's endRound() wakes the flush thread for what is left; lazy requests alone wait
                return;
            }
            takeWaiting();
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
