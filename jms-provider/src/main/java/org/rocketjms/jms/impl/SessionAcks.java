package org.rocketjms.jms.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.rocketjms.jms.client.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE session, sent without making the application
 * wait for the broker's durable confirmation.
 *
 * <p><b>AUTO_ACKNOWLEDGE</b> ({@code batchSize == 1}): {@link #consumed} sends the ack of a message at once and
 * returns; {@link #beforeHandOut} (called before the session hands the application its next message) waits until
 * every ack except the most recent one has been confirmed. So while the application holds or processes message
 * N+1, only the ack of message N can still be in flight, and it is confirmed before message N+2 is handed out: a
 * failure (broker or connection lost) can redeliver at most the last consumed message besides the one being
 * processed, and both come back with {@code JMSRedelivered=true}.
 *
 * <p><b>DUPS_OK_ACKNOWLEDGE</b> ({@code batchSize > 1}): consumed messages are collected and acknowledged in one
 * request once {@code batchSize} are waiting or the oldest has waited {@code batchMillis} ms (a timer sends a
 * waiting batch even when the application stops receiving); a failure can redeliver up to one batch.
 *
 * <p>{@link #flushAndAwait} (session close, consumer close, {@code recover()}) sends what waits and blocks until
 * every ack sent so far is confirmed, so a message acknowledged before a clean close is never redelivered. A failed
 * ack is logged and handed to {@code failureReporter} (the connection's ExceptionListener); the broker then
 * redelivers the message (its receipt was not acknowledged). Thread-safe.
 */
final class SessionAcks {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAcks.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Function<List<ReceivedMessage>, CompletableFuture<Void>> sender;
    private final Consumer<Throwable> failureReporter;
    private final ScheduledExecutorService timer;
    private final int batchSize;
    private final long batchMillis;
    private final long awaitMillis;

    /** The ack sent before the most recent one (AUTO waits for it before a hand-out). */
    private CompletableFuture<Void> previous = DONE;
    /** The most recent ack sent; every ack sent before it completed or is {@link #previous}. */
    private CompletableFuture<Void> last = DONE;
    /** Every ack sent and not yet confirmed (for {@link #flushAndAwait}). */
    private final List<CompletableFuture<Void>> outstanding = new ArrayList<>();
    private List<ReceivedMessage> batch = new ArrayList<>();
    private long batchStartedAt;
    private ScheduledFuture<?> batchTimer;

    /**
     * @param sender          sends one ack request for the given messages; the future completes when confirmed
     * @param failureReporter told of every failed ack (after it was logged)
     * @param timer           runs the DUPS_OK batch timer (unused when {@code batchSize == 1})
     * @param batchSize       1 for AUTO_ACKNOWLEDGE, the DUPS_OK batch size otherwise
     * @param batchMillis     DUPS_OK: how long a consumed message waits for its batch at most
     * @param awaitMillis     how long a wait for a confirmation lasts at most before it is given up (logged)
     */
    SessionAcks(Function<List<ReceivedMessage>, CompletableFuture<Void>> sender, Consumer<Throwable> failureReporter,
                ScheduledExecutorService timer, int batchSize, long batchMillis, long awaitMillis) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        this.sender = sender;
        this.failureReporter = failureReporter;
        this.timer = timer;
        this.batchSize = batchSize;
        this.batchMillis = batchMillis;
        this.awaitMillis = awaitMillis;
    }

    /** The application is done with {@code m} (receive returned it, or onMessage returned): acknowledge it. */
    void consumed(ReceivedMessage m) {
        List<ReceivedMessage> send = null;
        synchronized (this) {
            batch.add(m);
            if (batch.size() == 1) {
                batchStartedAt = System.nanoTime();
            }
            if (batch.size() >= batchSize
                    || System.nanoTime() - batchStartedAt >= TimeUnit.MILLISECONDS.toNanos(batchMillis)) {
                send = takeBatch();
            } else if (batchTimer == null) {
                batchTimer = timer.schedule(this::flushQuietly, batchMillis, TimeUnit.MILLISECONDS);
            }
        }
        if (send != null) {
            send(send);
        }
    }

    private List<ReceivedMessage> takeBatch() {
        List<ReceivedMessage> send = batch;
        batch = new ArrayList<>(Math.min(batchSize, 64));
        if (batchTimer != null) {
            batchTimer.cancel(false);
            batchTimer = null;
        }
        return send;
    }

    private void flushQuietly() {
        List<ReceivedMessage> send;
        synchronized (this) {
            batchTimer = null;
            if (batch.isEmpty()) {
                return;
            }
            send = takeBatch();
        }
        send(send);
    }

    private void send(List<ReceivedMessage> msgs) {
        CompletableFuture<Void> sent;
        try {
            sent = sender.apply(msgs);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> f = sent;
        synchronized (this) {
            previous = last;
            last = f;
            outstanding.add(f);
        }
        int n = msgs.size();
        f.whenComplete((v, ex) -> {
            synchronized (this) {
                outstanding.remove(f);
            }
            if (ex != null) {
                Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex;
                LOG.warn("acknowledging {} consumed message(s) failed; the broker redelivers them: {}", n,
                        cause.getMessage());
                failureReporter.accept(cause);
            }
        });
    }

    /** AUTO: waits until every ack but the most recent one is confirmed (before a message is handed out). */
    void beforeHandOut() {
        CompletableFuture<Void> p;
        synchronized (this) {
            p = previous;
        }
        await(p);
    }

    /** Sends any waiting batch and waits until every ack sent so far is confirmed (or failed). */
    void flushAndAwait() {
        List<ReceivedMessage> send = null;
        synchronized (this) {
            if (!batch.isEmpty()) {
                send = takeBatch();
            }
        }
        if (send != null) {
            send(send);
        }
        List<CompletableFuture<Void>> wait;
        synchronized (this) {
            wait = new ArrayList<>(outstanding);
        }
        for (CompletableFuture<Void> f : wait) {
            await(f);
        }
    }

    /** Number of acks sent and not yet confirmed (tests). */
    synchronized int inFlight() {
        return outstanding.size();
    }

    private void await(CompletableFuture<Void> f) {
        if (f.isDone()) {
            return;
        }
        try {
            f.get(awaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("interrupted while waiting for an acknowledgement", e);
        } catch (ExecutionException e) {
            LOG.debug("an awaited acknowledgement failed (reported already)", e);
        } catch (TimeoutException e) {
            LOG.warn("an acknowledgement was not confirmed within {} ms; continuing without it", awaitMillis);
        }
    }
}
