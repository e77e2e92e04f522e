package org.rocketjms.jms.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads every client instance (JMS connection) of the JVM shares: one scheduler thread that only fires timers
 * (route refresh, heartbeats, retries: it never runs blocking work itself), one elastic worker pool for the
 * blocking work those timers start and for message-listener delivery (one task per JMS session at a time), and one
 * sender thread for coalesced sends ({@link #sender()}; none while idle).
 *
 * <p>The worker pool keeps no thread while idle: a thread exists only while there is work and ends after
 * {@link #IDLE_SECONDS} without any, so idle connections and consumers cost no thread. It runs up to
 * {@link #BASE_WORKERS} tasks at once and queues the rest, so a burst of short deliveries (a topic message for
 * 5,000 subscribers' sessions) does not start a thread per session; when its threads are all stuck (listeners or
 * calls that block, perhaps on each other) and the queue makes no progress for {@link #STALL_CHECK_MILLIS}, it adds
 * threads (about half as many again per check, without limit), and falls back to the base size once the queue is
 * drained. Reference-counted:
 * {@link #acquire()} when a client starts, {@link #release()} when it closes; the last release shuts both down and
 * waits briefly for their threads, so closing every connection returns the JVM to its thread count before.
 */
public final class ClientExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(ClientExecutors.class);
    /** How long an idle worker thread lives. */
    public static final int IDLE_SECONDS = 10;
    /** Tasks the worker pool runs at once before it queues (more only when they are stuck). */
    public static final int BASE_WORKERS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    /** How often the worker pool checks whether its queue is stuck behind blocked tasks. */
    public static final long STALL_CHECK_MILLIS = 100;
    private static final Object LOCK = new Object();
    private static final ThreadLocal<ClientExecutors> WORKER_OF = new ThreadLocal<>();
    private static ClientExecutors current;

    private int references;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor sender;
    private long lastCompleted = -1;

    private ClientExecutors() {
        scheduler = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("rocketjms-client-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        DaemonThreadFactory workerThreads = new DaemonThreadFactory("rocketjms-client-worker");
        workers = new ThreadPoolExecutor(BASE_WORKERS, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> workerThreads.newThread(() -> {
                    WORKER_OF.set(this);
                    r.run();
                }));
        workers.allowCoreThreadTimeOut(true);
        sender = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DaemonThreadFactory("rocketjms-client-sender"));
        sender.allowCoreThreadTimeOut(true);
        scheduler.scheduleWithFixedDelay(this::checkStall, STALL_CHECK_MILLIS, STALL_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** On the scheduler: grows the worker pool while queued work waits behind threads that all block. */
    private void checkStall() {
        int queued = workers.getQueue().size();
        int core = workers.getCorePoolSize();
        if (queued == 0) {
            lastCompleted = -1;
            if (core > BASE_WORKERS && workers.getActiveCount() < BASE_WORKERS) {
                workers.setCorePoolSize(BASE_WORKERS);
            }
            return;
        }
        long completed = workers.getCompletedTaskCount();
        if (completed == lastCompleted && workers.getActiveCount() >= core) {
            int more = Math.max(1, Math.min(queued, core / 2));
            LOG.debug("{} client tasks wait behind {} blocked workers; adding {}", queued, core, more);
            workers.setCorePoolSize(core + more);
        }
        lastCompleted = completed;
    }

    /** Takes a reference to the JVM's shared client threads, creating them if no client holds them. */
    public static ClientExecutors acquire() {
        synchronized (LOCK) {
            if (current == null) {
                current = new ClientExecutors();
            }
            current.references++;
            return current;
        }
    }

    /** Number of clients holding the current shared executors (0 when none exist); for tests and monitoring. */
    public static int referenceCount() {
        synchronized (LOCK) {
            return current == null ? 0 : current.references;
        }
    }

    /** Fires timers; tasks given to it must be short and never block (hand blocking work to {@link #workers()}). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Runs blocking client work and listener delivery; grows with demand, shrinks to no thread when idle. */
    public ExecutorService workers() {
        return workers;
    }

    /**
     * One thread (none while idle) that writes the sends that waited to be coalesced once the answer they waited for
     * arrived (see {@code SendCoalescer}): short, non-blocking work that must not queue behind listener deliveries
     * on {@link #workers()}, and must not run on the I/O thread that read the answer (a write may wait for an
     * in-flight slot).
     */
    public ExecutorService sender() {
        return sender;
    }

    /** Gives a reference back; the last one shuts the executors down. Idempotence is the caller's job. */
    public void release() {
        synchronized (LOCK) {
            if (--references > 0) {
                return;
            }
            if (current == this) {
                current = null;
            }
        }
        scheduler.shutdownNow();
        workers.shutdown();
        sender.shutdown();
        if (WORKER_OF.get() == this) {
            return; // released by one of our own workers (a listener closing a connection): it ends when it returns
        }
        try {
            if (!scheduler.awaitTermination(2, TimeUnit.SECONDS) || !workers.awaitTermination(5, TimeUnit.SECONDS)
                    || !sender.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.debug("shared client threads still busy after the last client closed; they end when done");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("interrupted while waiting for the shared client threads to end", e);
        }
    }
}
