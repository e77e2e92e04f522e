package org.rocketjms.store.commitlog;

import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.config.MessageStoreConfig;
import org.rocketjms.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ASYNC_FLUSH: an append is complete once it is in the page cache; this thread forces the log every
 * {@code flushIntervalCommitLog} ms when at least {@code flushCommitLogLeastPages} pages are dirty, and
 * whatever is dirty every {@code flushCommitLogThoroughInterval} ms and at shutdown. A put that must be forced
 * whatever the flush type ({@code StoreMessage#isForcedUnderAnyFlushType}) forces the log in the calling thread.
 */
final class AsyncFlushService implements CommitLog.FlushService, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncFlushService.class);

    private final MappedFileQueue queue;
    private final MessageStoreConfig config;
    private final AtomicLong forces = new AtomicLong();
    private volatile boolean stopped;
    /** Held by whoever forces: the periodic thread and callers of forced puts. */
    private final Object flushLock = new Object();
    /**
     * What the thread waits on between flushes; {@link #shutdown()} wakes it through this, not with an interrupt: an
     * interrupt during (or before) a channel's force closes the channel, and the final flush would then fail.
     */
    private final Object wake = new Object();
    private Thread thread;

    AsyncFlushService(MappedFileQueue queue, MessageStoreConfig config) {
        this.queue = queue;
        this.config = config;
    }

    @Override
    public void start() {
        thread = new Thread(this, "AsyncFlushService");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public CompletableFuture<PutMessageResult> awaitDurable(PutMessageResult result, long endOffset, int records,
                                                            boolean wait, boolean forced, boolean callerFlushes,
                                                            boolean lazy) {
        if (forced) {
            try {
                synchronized (flushLock) {
                    while (queue.getFlushedWhere() < endOffset && queue.flush(0)) {
                        forces.incrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("forcing the commit log for a put that must be durable failed", e);
                return CompletableFuture.completedFuture(result.withStatus(PutMessageStatus.FLUSH_DISK_TIMEOUT,
                        "forcing the commit log failed: " + e.getMessage()));
            }
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public void run() {
        long lastThorough = System.currentTimeMillis();
        while (!stopped) {
            try {
                synchronized (wake) {
                    if (!stopped) {
                        wake.wait(config.getFlushIntervalCommitLog());
                    }
                }
                if (stopped) {
                    break;
                }
                long now = System.currentTimeMillis();
                int least = config.getFlushCommitLogLeastPages();
                if (now - lastThorough >= config.getFlushCommitLogThoroughInterval()) {
                    least = 0;
                    lastThorough = now;
                }
                synchronized (flushLock) {
                    while (queue.flush(least)) {
                        forces.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("periodic commit-log flush failed", e);
            }
        }
        synchronized (flushLock) {
            queue.flushAll();
        }
    }

    @Override
    public void shutdown() {
        stopped = true;
        synchronized (wake) {
            wake.notifyAll();
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
        return 0;
    }
}
