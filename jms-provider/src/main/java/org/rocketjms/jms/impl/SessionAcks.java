package org.rocketjms.jms.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.rocketjms.jms.client.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE session, sent without making the application
 * wait for the broker's durable confirmation.
 *
 * <p><b>AUTO_ACKNOWLEDGE</b> ({@code batchSize == 1}): {@link #consumed} sends the ack of a message at once and
 * returns while fewer than two ack requests are in flight; otherwise the ack waits and goes, together with every
 * other waiting one, in one request as soon as one in flight is confirmed. So a consumer that is faster than the
 * broker's confirmations acknowledges in batches (one request for many messages) instead of queueing one request
 * per message. {@link #beforeHandOut} (called before the session hands the application its next message) waits
 * while more than {@code window} consumed messages are unconfirmed: a failure (broker or connection lost) can
 * redeliver at most {@code window} consumed messages besides the one being processed, all with
 * {@code JMSRedelivered=true}. With {@code window == 1}, at most one consumed message is in doubt when the next is
 * handed out (close to the JMS specification's "only the last consumed message", at one confirmation round trip per
 * message).
 *
 * <p><b>DUPS_OK_ACKNOWLEDGE</b> ({@code batchSize > 1}): consumed messages are collected and acknowledged in one
 * request once {@code batchSize} are waiting or the oldest has waited {@code batchMillis} ms (a timer sends a
 * waiting batch even when the application stops receiving); a failure can redeliver up to one batch.
 *
 * <p>Acks are sent with {@code lazyFlush}: the broker answers them with the next force of its commit log that runs
 * anyway (for a send) instead of forcing them itself, and at the latest after its {@code lazyFlushMaxDelayMillis}; the
 * answer still means durable. Nothing here waits for an answer except a hand-out beyond the window and
 * {@link #flushAndAwait}, whose own requests are sent without {@code lazyFlush} (their force covers the lazy ones
 * sent before them).
 *
 * <p>{@link #flushAndAwait} (session close, consumer close, {@code recover()}) sends what waits and blocks until
 * every ack sent so far is confirmed, so a message acknowledged before a clean close is never redelivered. A failed
 * ack is logged and handed to {@code failureReporter} (the connection's ExceptionListener); the broker then
 * redelivers the message (its receipt was not acknowledged). Thread-safe.
 */
final class SessionAcks {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAcks.class);

    /** Sends one ack request. */
    @FunctionalInterface
    interface Sender {
        /**
         * @param msgs      the messages to acknowledge
         * @param lazyFlush the broker may confirm with a force that runs anyway (see the class comment)
         * @return completes when the broker confirmed the ack durably
         */
        CompletableFuture<Void> send(List<ReceivedMessage> msgs, boolean lazyFlush);
    }

    private final Sender sender;
    private final Consumer<Throwable> failureReporter;
    private final ScheduledExecutorService timer;
    private final int batchSize;
    private final long batchMillis;
    private final long awaitMillis;
    /** AUTO: consumed messages that may be unconfirmed when the next one is handed out. */
    private final int window;
    /** AUTO: at most this many ack requests in flight; more acks wait and are sent together. */
    private static final int MAX_REQUESTS_IN_FLIGHT = 2;
    /** AUTO: ack requests sent and not yet answered. */
    private int requestsInFlight;
    /** AUTO: consumed messages whose ack is waiting or in flight. */
    private int unconfirmed;

    /** Every ack sent and not yet confirmed (for {@link #flushAndAwait}). */
    private final List<CompletableFuture<Void>> outstanding = new ArrayList<>();
    /**
     * Batches taken to be sent whose request is not in {@link #outstanding} yet (the send runs outside the lock, e.g.
     * from the confirmation callback of an earlier ack); {@link #flushAndAwait} waits for them too.
     */
    private int sending;
    private List<ReceivedMessage> batch = new ArrayList<>();
    /** Threads in {@link #flushAndAwait}: while one waits, acks are sent without lazyFlush. */
    private final AtomicInteger awaiting = new AtomicInteger();
    private long batchStartedAt;
    private ScheduledFuture<?> batchTimer;

    /**
     * @param sender          sends one ack request for the given messages; the future completes when confirmed
     * @param failureReporter told of every failed ack (after it was logged)
     * @param timer           runs the DUPS_OK batch timer (unused when {@code batchSize == 1})
     * @param batchSize       1 for AUTO_ACKNOWLEDGE, the DUPS_OK batch size otherwise
     * @param batchMillis     DUPS_OK: how long a consumed message waits for its batch at most
     * @param awaitMillis     how long a wait for a confirmation lasts at most before it is given up (logged)
     * @param window          AUTO: consumed messages that may be unconfirmed when the next is handed out (at least 1)
     */
    SessionAcks(Sender sender, Consumer<Throwable> failureReporter,
                ScheduledExecutorService timer, int batchSize, long batchMillis, long awaitMillis, int window) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the AUTO_ACKNOWLEDGE window must be at least 1, was " + window);
        }
        this.window = window;
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
        if (batchSize == 1) {
            synchronized (this) {
                batch.add(m);
                unconfirmed++;
                if (requestsInFlight < MAX_REQUESTS_IN_FLIGHT) {
                    send = takeBatch();
                    requestsInFlight++;
                }
            }
            if (send != null) {
                send(send);
            }
            return;
        }
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

    /** Lock held: takes the waiting batch for {@link #send}, counted in {@link #sending} until it is registered. */
    private List<ReceivedMessage> takeBatch() {
        sending++;
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

    /**
     * Sends a batch taken (and counted in {@link #sending}) under the lock; with lazyFlush unless a
     * {@link #flushAndAwait} runs.
     */
    private void send(List<ReceivedMessage> msgs) {
        CompletableFuture<Void> sent;
        try {
            sent = sender.send(msgs, awaiting.get() == 0);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> f = sent;
        synchronized (this) {
            outstanding.add(f);
            sending--;
            notifyAll();
        }
        int n = msgs.size();
        f.whenComplete((v, ex) -> {
            List<ReceivedMessage> next = null;
            synchronized (this) {
                outstanding.remove(f);
                if (batchSize == 1) {
                    requestsInFlight--;
                    unconfirmed -= n;
                    if (!batch.isEmpty() && requestsInFlight < MAX_REQUESTS_IN_FLIGHT) {
                        next = takeBatch();
                        requestsInFlight++;
                    }
                    notifyAll();
                }
            }
            if (next != null) {
                send(next);
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

    /** AUTO: waits while more than {@code window} consumed messages are unconfirmed (before a hand-out). */
    void beforeHandOut() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(awaitMillis);
        synchronized (this) {
            while (unconfirmed > window) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} acknowledgements were not confirmed within {} ms; continuing without them",
                            unconfirmed, awaitMillis);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.debug("interrupted while waiting for acknowledgements", e);
                    return;
                }
            }
        }
    }

    /**
     * Sends any waiting batch and waits until every ack sent so far is confirmed (or failed), including one another
     * thread is sending at this moment (a confirmation's callback sends the acks that waited for it); gives up after
     * {@code awaitMillis} (logged).
     */
    void flushAndAwait() {
        awaiting.incrementAndGet();
        try {
            flushAndAwaitAll();
        } finally {
            awaiting.decrementAndGet();
        }
    }

    private void flushAndAwaitAll() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(awaitMillis);
        while (true) {
            List<ReceivedMessage> send = null;
            synchronized (this) {
                if (!batch.isEmpty()) {
                    send = takeBatch();
                    if (batchSize == 1) {
                        requestsInFlight++;
                    }
                }
            }
            if (send != null) {
                send(send);
            }
            List<CompletableFuture<Void>> wait;
            synchronized (this) {
                while (sending > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("{} acknowledgement request(s) were still being sent after {} ms; closing without"
                                + " waiting for them", sending, awaitMillis);
                        return;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        LOG.debug("interrupted while waiting for acknowledgements being sent", e);
                        return;
                    }
                }
                if (batch.isEmpty() && outstanding.stream().allMatch(CompletableFuture::isDone)) {
                    return; // (a done future leaves the list in its callback, which may still be running)
                }
                wait = new ArrayList<>(outstanding);
            }
            for (CompletableFuture<Void> f : wait) {
                await(f);
            }
            if (System.nanoTime() - deadline >= 0) {
                return; // await logged what was not confirmed in time
            }
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
