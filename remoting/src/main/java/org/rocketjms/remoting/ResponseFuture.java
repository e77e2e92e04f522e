package org.rocketjms.remoting;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.protocol.RemotingCommand;

/**
 * The pending outcome of one request: either a response or a cause, set exactly once.
 *
 * <p>The first call to {@link #complete} or {@link #fail} wins, runs the optional completion hook
 * once (used to release in-flight permits) and wakes waiters; later calls return false and change
 * nothing. All methods are thread-safe.
 */
public final class ResponseFuture {

    private final int opaque;
    private final RemotingChannel channel;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private final InvokeCallback callback;
    private final Runnable onDone;
    private final AtomicBoolean done = new AtomicBoolean();
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile RemotingCommand response;
    private volatile RemotingException cause;

    /**
     * Creates a pending future.
     *
     * @param opaque the request id the response will carry
     * @param channel the channel the request is sent on
     * @param timeoutMillis how long the caller is willing to wait, from now
     * @param callback the callback of an async request, or null
     * @param onDone run once by the thread that completes the future, or null
     */
    public ResponseFuture(int opaque, RemotingChannel channel, long timeoutMillis, InvokeCallback callback,
                          Runnable onDone) {
        this.opaque = opaque;
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.callback = callback;
        this.onDone = onDone;
    }

    /** Sets the response; returns false if the future was already done. */
    public boolean complete(RemotingCommand response) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        this.response = response;
        finish();
        return true;
    }

    /** Sets the failure cause; returns false if the future was already done. */
    public boolean fail(RemotingException cause) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        this.cause = cause;
        finish();
        return true;
    }

    private void finish() {
        try {
            if (onDone != null) {
                onDone.run();
            }
        } finally {
            latch.countDown();
        }
    }

    /**
     * Waits until the future is done or the wait times out.
     *
     * @return true if the future is done
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return latch.await(timeout, unit);
    }

    /** Returns true once a response or a cause is set. */
    public boolean isDone() {
        return latch.getCount() == 0;
    }

    /** Returns true if a response arrived (whatever its response code). */
    public boolean isSuccess() {
        return isDone() && response != null;
    }

    /** Returns the response, or null if none arrived (yet). */
    public RemotingCommand getResponse() {
        return response;
    }

    /** Returns why no response arrived, or null. */
    public RemotingException getCause() {
        return cause;
    }

    /** Returns the request id. */
    public int getOpaque() {
        return opaque;
    }

    /** Returns the channel the request was sent on. */
    public RemotingChannel getChannel() {
        return channel;
    }

    /** Returns the timeout the caller asked for. */
    public long getTimeoutMillis() {
        return timeoutMillis;
    }

    /** Returns the callback of an async request, or null. */
    public InvokeCallback getCallback() {
        return callback;
    }

    /** Returns true if the deadline has passed at {@code nowNanos} (a {@link System#nanoTime()} value). */
    public boolean isExpired(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    @Override
    public String toString() {
        return "ResponseFuture[opaque=" + opaque + ", channel=" + channel + ", timeoutMillis=" + timeoutMillis
                + ", done=" + isDone() + ']';
    }
}
