package org.rocketjms.jms.impl;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.SendCallback;
import org.rocketjms.jms.client.SendResult;
import org.rocketjms.jms.destination.RocketDestination;
import org.rocketjms.jms.message.RocketMessage;
import org.rocketjms.jms.message.RocketMessages;
import org.rocketjms.jms.message.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS message producer over one {@link ProducerCore} (per-producer stable queue, so per-producer order holds).
 * Sets every header of the sent message (and of the original one when a foreign message is converted) before the
 * send returns; PERSISTENT sends wait until the broker stored the message durably. Sends with a
 * {@link CompletionListener} complete on another thread, in send order. In a transacted session the send is stored
 * by the broker as an invisible half message before {@code send} returns (a CompletionListener is called once it is
 * stored) and published at commit. {@code setDeliveryDelay} travels as {@code JMSDeliveryTime} (send time plus the
 * delay), which the broker's timer honours.
 */
public final class JmsMessageProducer implements QueueSender, TopicPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(JmsMessageProducer.class);

    private final JmsSession session;
    private final RocketDestination destination;
    private final ProducerCore core;
    private final AtomicInteger pending = new AtomicInteger();
    /** Tail of the chain of CompletionListener calls of transacted sends (they run one after the other). */
    private java.util.concurrent.CompletableFuture<Void> completions =
            java.util.concurrent.CompletableFuture.completedFuture(null);
    /** Done once the CompletionListener of this producer's latest asynchronous send has run (guarded by pending). */
    private java.util.concurrent.CompletableFuture<Void> callbackTail =
            java.util.concurrent.CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageID;
    private boolean disableMessageTimestamp;

    JmsMessageProducer(JmsSession session, RocketDestination destination) {
        this.session = session;
        this.destination = destination;
        // one queue per destination for all the session's producers: the session's messages keep their order
        this.core = session.connection().client().createProducer("rocketjms-producer", session.queueAffinity());
    }

    private void ensureOpen() throws IllegalStateException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("message producer");
        }
    }

    // ------------------------------------------------------------------ settings

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        ensureOpen();
        disableMessageID = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        ensureOpen();
        return disableMessageID;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        ensureOpen();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        ensureOpen();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int mode) throws JMSException {
        ensureOpen();
        checkDeliveryMode(mode);
        deliveryMode = mode;
    }

    static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + mode + " is neither PERSISTENT (2) nor NON_PERSISTENT (1)");
        }
    }

    static void checkPriority(int p) throws JMSException {
        if (p < 0 || p > 9) {
            throw new JMSException("priority " + p + " is outside 0..9");
        }
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        ensureOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int p) throws JMSException {
        ensureOpen();
        checkPriority(p);
        priority = p;
    }

    @Override
    public int getPriority() throws JMSException {
        ensureOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long ttl) throws JMSException {
        ensureOpen();
        timeToLive = ttl;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        ensureOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long delay) throws JMSException {
        ensureOpen();
        deliveryDelay = delay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        ensureOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        ensureOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        ensureOpen();
        return destination instanceof Queue q ? q : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        ensureOpen();
        return destination instanceof Topic t ? t : null;
    }

    // ------------------------------------------------------------------ sends

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int mode, int prio, long ttl) throws JMSException {
        ensureOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination; use a send method that takes"
                    + " one");
        }
        doSend(destination, message, mode, prio, ttl, deliveryDelay, null);
    }

    @Override
    public void send(Destination dest, Message message) throws JMSException {
        send(dest, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination dest, Message message, int mode, int prio, long ttl) throws JMSException {
        ensureOpen();
        if (destination != null) {
            throw new UnsupportedOperationException("this producer was created for " + destination
                    + "; use a send method without a destination");
        }
        if (dest == null) {
            throw new InvalidDestinationException("the destination must not be null");
        }
        doSend(JmsSession.rocket(dest), message, mode, prio, ttl, deliveryDelay, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        ensureOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination; use a send method that takes"
                    + " one");
        }
        requireListener(listener);
        doSend(destination, message, mode, prio, ttl, deliveryDelay, listener);
    }

    @Override
    public void send(Destination dest, Message message, CompletionListener listener) throws JMSException {
        send(dest, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination dest, Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        ensureOpen();
        if (destination != null) {
            throw new UnsupportedOperationException("this producer was created for " + destination
                    + "; use a send method without a destination");
        }
        if (dest == null) {
            throw new InvalidDestinationException("the destination must not be null");
        }
        requireListener(listener);
        doSend(JmsSession.rocket(dest), message, mode, prio, ttl, deliveryDelay, listener);
    }

    private static void requireListener(CompletionListener l) {
        if (l == null) {
            throw new IllegalArgumentException("the CompletionListener must not be null");
        }
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int mode, int prio, long ttl) throws JMSException {
        send(message, mode, prio, ttl);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int mode, int prio, long ttl) throws JMSException {
        send(topic, message, mode, prio, ttl);
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int mode, int prio, long ttl) throws JMSException {
        send((Destination) queue, message, mode, prio, ttl);
    }

    /** The common send path (also used by the simplified API's JMSProducer). */
    void doSend(RocketDestination dest, Message message, int mode, int prio, long ttl, long delay,
                CompletionListener listener) throws JMSException {
        if (message == null) {
            throw new MessageFormatException("the message must not be null");
        }
        checkDeliveryMode(mode);
        checkPriority(prio);
        String topic = DestinationNames.brokerTopic(dest);
        session.connection().checkSendable(dest);
        RocketMessage rm = RocketMessages.fromForeign(message);
        long now = System.currentTimeMillis();
        String id = disableMessageID ? null : RocketMessages.newMessageId();
        long expiration = ttl > 0 ? now + ttl : 0;
        long deliveryTime = now + Math.max(0, delay);
        for (Message m : rm == message ? new Message[] {rm} : new Message[] {rm, message}) {
            m.setJMSDestination(dest);
            m.setJMSDeliveryMode(mode);
            m.setJMSPriority(prio);
            m.setJMSExpiration(expiration);
            m.setJMSDeliveryTime(deliveryTime);
            m.setJMSTimestamp(disableMessageTimestamp ? 0 : now);
            m.setJMSMessageID(id);
        }
        WireMessage wire = session.connection().codec().encode(rm);
        OutgoingMessage out = new OutgoingMessage(topic, wire.body());
        for (var e : wire.properties().entrySet()) {
            out.putProperty(e.getKey(), e.getValue());
        }
        if (!dest.isQueue()) {
            out.putProperty(JmsSession.ORIGIN_KEY, session.connection().connectionId()); // noLocal is for topics only
        }
        out.setBornTimestamp(now);
        out.setWaitStoreMsgOK(mode == DeliveryMode.PERSISTENT);
        SessionTransaction tx = session.transaction();
        if (tx != null) {
            // a half message: pipelined (commit waits for it); with a CompletionListener, called once it is stored
            if (listener == null) {
                tx.send(core, out);
                return;
            }
            JMSException failure = null;
            try {
                tx.sendAndWait(core, out);
            } catch (JMSException e) {
                failure = e;
            }
            completeLater(message, listener, failure);
            return;
        }
        if (listener == null) {
            if (mode == DeliveryMode.NON_PERSISTENT && !session.connection().blockOnNonPersistentSend()) {
                sendWithoutWaiting(dest, out);
                return;
            }
            try {
                core.send(out);
            } catch (ClientException e) {
                throw JmsExceptions.of("sending to " + dest, e);
            }
            return;
        }
        pending.incrementAndGet();
        java.util.concurrent.CompletableFuture<SendResult> sent;
        try {
            sent = core.sendPipelined(out); // several in flight; blocks only while the producer's window is full
        } catch (RuntimeException e) {
            sent = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        java.util.concurrent.CompletableFuture<SendResult> outcome = sent;
        inSendOrder(outcome, () -> {
            Throwable cause = outcome.isCompletedExceptionally() ? failureOf(outcome) : null;
            JMSException j = cause == null ? null : cause instanceof ClientException ce
                    ? JmsExceptions.of("sending to " + dest, ce)
                    : JmsExceptions.link(new JMSException("sending to " + dest + " failed: " + cause), cause);
            complete(message, listener, j);
        });
    }

    /**
     * A NON_PERSISTENT send that does not wait for the broker's answer (JMS lets such messages be lost; ActiveMQ and
     * Artemis send them this way by default): pipelined like a send with a CompletionListener, so the producer's
     * window bounds what is in flight and order is kept; close waits for them. A failure is logged and reported to
     * the ExceptionListener.
     */
    private void sendWithoutWaiting(RocketDestination dest, OutgoingMessage out) {
        pending.incrementAndGet();
        java.util.concurrent.CompletableFuture<SendResult> sent;
        try {
            sent = core.sendPipelined(out);
        } catch (RuntimeException e) {
            sent = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((r, ex) -> {
            try {
                if (ex != null) {
                    Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                            ? ex.getCause() : ex;
                    JMSException j = cause instanceof ClientException ce ? JmsExceptions.of("sending a"
                            + " NON_PERSISTENT message to " + dest + " (without waiting)", ce)
                            : JmsExceptions.link(new JMSException("sending a NON_PERSISTENT message to " + dest
                            + " (without waiting) failed: " + cause), cause);
                    LOG.warn("{}", j.getMessage());
                    session.connection().nonBlockingSendFailed(j);
                }
            } finally {
                synchronized (pending) {
                    pending.decrementAndGet();
                    pending.notifyAll();
                }
            }
        });
    }

    /**
     * Runs {@code callback} once {@code sent} is done and the callbacks of this producer's earlier sends have run,
     * on the session's completion executor (one callback of the session at a time).
     */
    private void inSendOrder(java.util.concurrent.CompletableFuture<?> sent, Runnable callback) {
        java.util.concurrent.CompletableFuture<Void> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> previous;
        synchronized (pending) {
            previous = callbackTail;
            callbackTail = mine;
        }
        java.util.concurrent.CompletableFuture.allOf(previous, sent).whenComplete((v, ex) ->
                session.completions().execute(() -> {
                    try {
                        callback.run();
                    } finally {
                        mine.complete(null);
                    }
                }));
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    /** Calls the listener on another thread, after the callbacks of earlier sends (send order). */
    private void completeLater(Message message, CompletionListener listener, JMSException failure) {
        pending.incrementAndGet();
        synchronized (pending) {
            completions = completions.handleAsync((done, earlierFailure) -> {
                complete(message, listener, failure);
                return null;
            });
        }
    }

    private void complete(Message message, CompletionListener listener, JMSException failure) {
        JmsConnection.IN_COMPLETION.set(session);
        try {
            if (failure == null) {
                listener.onCompletion(message);
            } else {
                listener.onException(message, failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("CompletionListener threw", e);
        } finally {
            JmsConnection.IN_COMPLETION.remove();
            synchronized (pending) {
                pending.decrementAndGet();
                pending.notifyAll();
            }
        }
    }

    /** Waits (bounded) until every send with a CompletionListener has completed. */
    void awaitPendingSends() {
        long deadline = System.currentTimeMillis() + 2 * session.connection().client().config()
                .getSendMsgTimeoutMillis() + 1000;
        synchronized (pending) {
            while (pending.get() > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    LOG.warn("{} asynchronous send(s) still incomplete at close", pending.get());
                    return;
                }
                try {
                    pending.wait(left);
                } catch (InterruptedException e) {
                    LOG.debug("interrupted while waiting for asynchronous sends to complete", e);
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        JmsSession s = JmsConnection.IN_COMPLETION.get();
        if (s == session) {
            throw new IllegalStateException("MessageProducer.close() must not be called from a CompletionListener"
                    + " of the same session");
        }
        awaitPendingSends();
        closeFromSession();
        session.removed(this);
    }

    void closeFromSession() {
        closed = true;
        core.close();
    }

    @Override
    public String toString() {
        return "JmsMessageProducer[" + destination + ']';
    }
}
