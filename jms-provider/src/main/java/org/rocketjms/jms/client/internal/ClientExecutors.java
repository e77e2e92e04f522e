package org.rocketjms.jms.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads every client instance (JMS connection) of the JVM shares: one scheduler thread that only fires timers
 * (route refresh, heartbeats, retries: it never runs blocking work itself) and one elastic worker pool for the
 * blocking work those timers start and for message-listener delivery (one task per JMS session at a time).
 *
 * <p>The worker pool has no core threads: a thread exists only while there is work and ends after
 * {@link #IDLE_SECONDS} without any, so idle connections and consumers cost no thread. Reference-counted:
 * {@link #acquire()} when a client starts, {@link #release()} when it closes; the last release shuts both down and
 * waits briefly for their threads, so closing every connection returns the JVM to its thread count before.
 */
public final class ClientExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(ClientExecutors.class);
    /** How long an idle worker thread lives. */
    public static final int IDLE_SECONDS = 10;
    private static final Object LOCK = new Object();
    private static final ThreadLocal<ClientExecutors> WORKER_OF = new ThreadLocal<>();
    private static ClientExecutors current;

    private int references;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor workers;

    private ClientExecutors() {
        scheduler = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("rocketjms-client-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        DaemonThreadFactory workerThreads = new DaemonThreadFactory("rocketjms-client-worker");
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> workerThreads.newThread(() -> {
                    WORKER_OF.set(this);
                    r.run();
                }));
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
        if (WORKER_OF.get() == this) {
            return; // released by one of our own workers (a listener closing a connection): it ends when it returns
        }
        try {
            if (!scheduler.awaitTermination(2, TimeUnit.SECONDS) || !workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.debug("shared client threads still busy after the last client closed; they end when done");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("interrupted while waiting for the shared client threads to end", e);
        }
    }
}
