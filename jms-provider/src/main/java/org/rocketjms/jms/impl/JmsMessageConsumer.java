package org.rocketjms.jms.impl;

import java.util.List;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.PopConsumerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.destination.RocketDestination;
import org.rocketjms.jms.message.RocketMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS message consumer over one {@link PopConsumerCore}. Synchronous receives take from the core's prefetch
 * buffer; with a {@link MessageListener} the session's {@link SessionDelivery} task (on the client's shared worker
 * pool, no thread of the consumer's own) hands messages to the session, which runs the listeners of a session one
 * at a time. {@link #close()} is idempotent, waits for a running listener (unless called from it,
 * then it takes effect when {@code onMessage} returns), releases prefetched messages and removes the group of a
 * non-durable topic subscriber.
 */
public final class JmsMessageConsumer implements QueueReceiver, TopicSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(JmsMessageConsumer.class);

    private final JmsSession session;
    private final RocketDestination destination;
    private final PopConsumerCore core;
    private final String selector;
    private final boolean noLocal;
    private final boolean ephemeral;
    private volatile MessageListener listener;
    private final java.util.concurrent.atomic.AtomicBoolean listenerFailed =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean closeAfterDelivery;

    JmsMessageConsumer(JmsSession session, RocketDestination destination, PopConsumerCore core, String selector,
                       boolean noLocal, boolean ephemeral) {
        this.session = session;
        this.destination = destination;
        this.core = core;
        this.selector = selector;
        this.noLocal = noLocal;
        this.ephemeral = ephemeral;
    }

    PopConsumerCore core() {
        return core;
    }

    RocketDestination destination() {
        return destination;
    }

    boolean isNoLocal() {
        return noLocal;
    }

    boolean isClosed() {
        return closed;
    }

    MessageListener listener() {
        return listener;
    }

    JmsSession session() {
        return session;
    }

    private void ensureOpen() throws IllegalStateException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("message consumer");
        }
    }

    @Override
    public String getMessageSelector() throws JMSException {
        ensureOpen();
        return selector;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        ensureOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener l) throws JMSException {
        ensureOpen();
        this.listener = l;
        SessionDelivery delivery = session.delivery();
        core.setArrivalListener(l == null ? null : delivery::schedule);
        if (l != null) {
            delivery.schedule();
        }
    }

    /** Fetching failed for good: stop announcing arrivals; true the first time (the caller logs it once). */
    boolean stopListening() {
        if (!listenerFailed.compareAndSet(false, true)) {
            return false;
        }
        core.setArrivalListener(null);
        return true;
    }

    /** Called by the session after each listener delivery (on the dispatch thread). */
    void afterDelivery() {
        if (closeAfterDelivery) {
            closeAfterDelivery = false;
            closeQuietly();
        }
    }

    private void checkReceive() throws JMSException {
        ensureOpen();
        if (listener != null) {
            throw new IllegalStateException("this consumer has a MessageListener; synchronous receive is not allowed");
        }
        if (session.hasListener()) {
            throw new IllegalStateException("the session delivers to MessageListeners; synchronous receive is not"
                    + " allowed in the same session");
        }
    }

    @Override
    public Message receive() throws JMSException {
        return receive(0);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        checkReceive();
        return take(timeout <= 0 ? Long.MAX_VALUE : timeout, false, null);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        checkReceive();
        return take(0, true, null);
    }

    /**
     * Receives the body of the next message as {@code type} (simplified API). A body of another type throws
     * {@link MessageFormatException}; in AUTO/DUPS_OK the message is then redelivered, otherwise it counts as
     * delivered.
     */
    <T> T receiveBody(Class<T> type, long timeout, boolean noWait) throws JMSException {
        checkReceive();
        Message m = take(noWait ? 0 : (timeout <= 0 ? Long.MAX_VALUE : timeout), noWait, type);
        return m == null ? null : m.getBody(type);
    }

    private Message take(long timeoutMillis, boolean noWait, Class<?> bodyType) throws JMSException {
        long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
        while (true) {
            ReceivedMessage m;
            try {
                if (noWait) {
                    m = core.receiveNoWait();
                } else {
                    long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.currentTimeMillis();
                    if (deadline != Long.MAX_VALUE && left <= 0) {
                        return null;
                    }
                    m = core.receive(left);
                }
            } catch (ClientException e) {
                if (e.getCode() == ClientException.INTERRUPTED) {
                    LOG.debug("receive on {} interrupted", destination, e);
                    Thread.currentThread().interrupt();
                    return null;
                }
                throw JmsExceptions.of("receiving from " + destination, e);
            }
            if (m == null) {
                session.beforeHandOut(); // a receive that returns nothing still bounds what is in doubt
                return null;
            }
            if (closed) {
                m.markReleasedUnseen();
                nackQuietly(m);
                return null;
            }
            RocketMessage msg = session.prepare(this, m);
            if (msg == null) {
                continue;
            }
            session.beforeHandOut();
            session.delivering(m);
            if (bodyType != null && !msg.isBodyAssignableTo(bodyType)) {
                session.redeliver(m);
                throw new MessageFormatException("the body of the received " + msg.getClass().getSimpleName()
                        + " cannot be returned as " + bodyType.getName());
            }
            session.delivered(m);
            return msg;
        }
    }

    private void nackQuietly(ReceivedMessage m) {
        try {
            core.nack(List.of(m), 0);
        } catch (ClientException e) {
            LOG.debug("releasing {} failed", m, e);
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (session.inOwnListener()) {
            closeAfterDelivery = true;
            return;
        }
        closeQuietly();
    }

    private void closeQuietly() {
        List<ReceivedMessage> buffered = closeFromSession();
        session.awaitAcks();
        for (ReceivedMessage m : buffered) {
            nackQuietly(m);
        }
        session.removed(this);
    }

    /**
     * Closes the consumer and returns its prefetched messages for the caller to release (the session releases them
     * together with its unacknowledged ones).
     */
    List<ReceivedMessage> closeFromSession() {
        if (closed) {
            return List.of();
        }
        closed = true;
        listener = null;
        core.setArrivalListener(null);
        List<ReceivedMessage> buffered = core.drainBuffer();
        core.close();
        // takes the session's delivery lock: returns once a listener delivery of this session in progress ended
        session.wakeDispatchers();
        if (ephemeral) {
            try {
                session.connection().admin().deleteSubscriptionGroup(core.subscription().group(), null);
            } catch (ClientException e) {
                LOG.warn("removing subscription {} failed: {}", core.subscription().group(), e.getMessage());
            }
            return List.of();
        }
        return buffered;
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

    @Override
    public boolean getNoLocal() throws JMSException {
        ensureOpen();
        return noLocal;
    }

    @Override
    public String toString() {
        return "JmsMessageConsumer[" + destination + ", group=" + core.subscription().group() + ']';
    }
}
