package org.rocketjms.remoting.netty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O resources every {@link NettyRemotingClient} of the JVM shares (unless its config asks for its own): one
 * Netty event loop group sized to the cores, one timer thread (response-timeout sweeps of every client), one small
 * pool for async-request callbacks and one thread for connection events.
 *
 * <p>Reference-counted: {@link #acquire()} by a starting client, {@link #release()} by a stopping one; the last
 * release shuts everything down and waits (up to a few seconds) for the threads to end, so a JVM whose clients are
 * all closed holds none of these threads. A later {@link #acquire()} builds a fresh set. Idle pool threads end
 * after {@link #IDLE_SECONDS}. Callbacks and event listeners run on shared threads, so they must not block for long.
 */
final class SharedClientResources {

    private static final Logger LOG = LoggerFactory.getLogger(SharedClientResources.class);
    /** How long an idle callback or event thread lives. */
    static final int IDLE_SECONDS = 10;
    private static final Object LOCK = new Object();
    private static SharedClientResources current;

    private int references;
    final EventLoopGroup group;
    final ScheduledExecutorService timer;
    final ExecutorService callbacks;
    final ExecutorService events;

    private SharedClientResources() {
        int cores = NettyRuntime.availableProcessors();
        group = Transports.group(cores, new DefaultThreadFactory("rocketjms-client-io", true));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                new NamedThreadFactory("rocketjms-client-timer"));
        t.setRemoveOnCancelPolicy(true);
        timer = t;
        callbacks = elastic("rocketjms-client-callback", Math.max(4, 2 * cores));
        events = elastic("rocketjms-client-event", 1);
    }

    private static ExecutorService elastic(String name, int threads) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreadFactory(name));
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** Takes a reference to the JVM's shared resources, creating them if no client holds them. */
    static SharedClientResources acquire() {
        synchronized (LOCK) {
            if (current == null) {
                current = new SharedClientResources();
                LOG.debug("shared client I/O resources created");
            }
            current.references++;
            return current;
        }
    }

    /** Number of clients holding the current shared resources (0 when none exist); for tests and monitoring. */
    static int referenceCount() {
        synchronized (LOCK) {
            return current == null ? 0 : current.references;
        }
    }

    /** Gives a reference back; the last one shuts the resources down. */
    void release() {
        synchronized (LOCK) {
            if (--references > 0) {
                return;
            }
            if (current == this) {
                current = null;
            }
        }
        LOG.debug("last client released the shared client I/O resources; shutting them down");
        timer.shutdownNow();
        boolean inLoop = false;
        for (EventExecutor e : group) {
            inLoop |= e.inEventLoop();
        }
        io.netty.util.concurrent.Future<?> f = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        callbacks.shutdown();
        events.shutdown();
        if (inLoop) {
            return; // released from an I/O thread of the group itself: it ends once this task returns
        }
        f.awaitUninterruptibly(5_000);
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            callbacks.awaitTermination(2, TimeUnit.SECONDS);
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("interrupted while waiting for the shared client threads to end", e);
        }
    }
}
