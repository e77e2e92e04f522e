package org.rocketjms.store.commitlog;

import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.config.MessageStoreConfig;
import org.rocketjms.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ASYNC_FLUSH: an append is complete once it is in the page cache; this thread forces the log every
 * {@code flushIntervalCommitLog} ms when at least {@code flushCommitLogLeastPages} pages are dirty, and
 * whatever is dirty every {@code flushCommitLogThoroughInterval} ms and at shutdown.
 */
final class AsyncFlushService implements CommitLog.FlushService, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncFlushService.class);

    private final MappedFileQueue queue;
    private final MessageStoreConfig config;
    private final AtomicLong forces = new AtomicLong();
    private volatile boolean stopped;
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
                                                            boolean wait, boolean callerFlushes) {
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public void run() {
        long lastThorough = System.currentTimeMillis();
        while (!stopped) {
            try {
                Thread.sleep(config.getFlushIntervalCommitLog());
                long now = System.currentTimeMillis();
                int least = config.getFlushCommitLogLeastPages();
                if (now - lastThorough >= config.getFlushCommitLogThoroughInterval()) {
                    least = 0;
                    lastThorough = now;
                }
                while (queue.flush(least)) {
                    forces.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("periodic commit-log flush failed", e);
            }
        }
        queue.flushAll();
    }

    @Override
    public void shutdown() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
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
