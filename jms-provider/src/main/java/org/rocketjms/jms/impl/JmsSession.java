package org.rocketjms.jms.impl;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.rocketjms.filter.selector.Selector;
import org.rocketjms.filter.selector.SelectorParseException;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.PopConsumerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.destination.RocketDestination;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTopic;
import org.rocketjms.jms.message.DefaultDestinationCodec;
import org.rocketjms.jms.message.MessageAcknowledger;
import org.rocketjms.jms.message.RocketBytesMessage;
import org.rocketjms.jms.message.RocketMapMessage;
import org.rocketjms.jms.message.RocketMessage;
import org.rocketjms.jms.message.RocketObjectMessage;
import org.rocketjms.jms.message.RocketStreamMessage;
import org.rocketjms.jms.message.RocketTextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS session: a single-threaded context for producing and consuming with one acknowledgement mode.
 *
 * <p>Delivery: the listeners of a session run one at a time (a session lock serialises the consumers' dispatch
 * threads) and never while the connection is stopped. AUTO/DUPS_OK acknowledge each message once {@code receive}
 * returns it or {@code onMessage} returned (an exception from {@code onMessage} redelivers it); CLIENT
 * acknowledges everything the session consumed at {@code Message.acknowledge()}; a transacted session hands
 * sends and consumed messages to its {@link SessionTransaction}. {@link #recover()}, rollback and close make
 * unacknowledged messages available again together with the consumers' prefetched ones, so delivery restarts at
 * the oldest unacknowledged message with {@code JMSRedelivered} set. Expired messages and, for noLocal
 * subscribers, the connection's own messages are acknowledged and never delivered.
 */
public class JmsSession implements QueueSession, TopicSession {
    private static final Logger LOG = LoggerFactory.getLogger(JmsSession.class);
    /** Engine property carrying the id of the sending connection (noLocal). */
    static final String ORIGIN_KEY = "#rjmsOrigin";
    static final int DEFAULT_QUEUE_NUMS = 4;

    private final JmsConnection connection;
    private final int mode;
    private final SessionTransaction transaction;
    private final List<JmsMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<JmsMessageProducer> producers = new CopyOnWriteArrayList<>();
    /** The queue each destination is written to, shared by the session's producers (JMS per-session order). */
    private final org.rocketjms.jms.client.QueueAffinity queueAffinity = new org.rocketjms.jms.client.QueueAffinity();
    private final List<JmsQueueBrowser> browsers = new CopyOnWriteArrayList<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final Condition resumed = deliveryLock.newCondition();
    private final List<ReceivedMessage> unacked = new ArrayList<>();
    private final MessageAcknowledger acknowledger;
    /** Runs the CompletionListener calls of this session's producers one at a time. */
    private final org.rocketjms.jms.client.internal.SerialExecutor completions;
    /** AUTO/DUPS_OK: acknowledgements sent without waiting; null in the other modes. */
    private final SessionAcks acks;
    private volatile boolean closed;
    private volatile MessageListener sessionListener;
    /** The message a listener of this session is running for, or null. */
    private volatile ReceivedMessage inDelivery;
    private final Domain domain;
    private final SessionDelivery delivery;

    /**
     * Which messaging domain a session was created for: a session from {@code createQueueSession} is a
     * {@link QueueSession} only and refuses the topic-only methods, one from {@code createTopicSession} refuses the
     * queue-only ones (JMS 2.0 javadoc of QueueSession and TopicSession); {@code createSession} gives both.
     */
    enum Domain {
        BOTH, QUEUE, TOPIC
    }

    JmsSession(JmsConnection connection, int mode) {
        this(connection, mode, Domain.BOTH);
    }

    JmsSession(JmsConnection connection, int mode, Domain domain) {
        this.connection = connection;
        this.mode = mode;
        this.domain = domain;
        this.transaction = mode == SESSION_TRANSACTED ? new BrokerSessionTransaction(connection.client()) : null;
        this.completions = new org.rocketjms.jms.client.internal.SerialExecutor(connection.client().workerPool());
        this.acks = mode == AUTO_ACKNOWLEDGE || mode == DUPS_OK_ACKNOWLEDGE
                ? new SessionAcks(connection.client()::ackAsync, connection::ackFailed, connection.client().timer(),
                        mode == AUTO_ACKNOWLEDGE ? 1 : connection.dupsOkBatchSize(), connection.dupsOkBatchMillis(),
                        2 * connection.client().config().getRequestTimeoutMillis() + 1_000, connection.autoAckWindow())
                : null;
        this.delivery = new SessionDelivery(this, connection.client().workers());
        this.acknowledger = mode == CLIENT_ACKNOWLEDGE ? m -> acknowledgeAll() : m -> {
            if (closed) {
                throw JmsExceptions.closed("session");
            }
        };
    }

    /** The queue affinity of the session's producers. */
    org.rocketjms.jms.client.QueueAffinity queueAffinity() {
        return queueAffinity;
    }

    JmsConnection connection() {
        return connection;
    }

    /** Where the CompletionListeners of this session run: one at a time, never on the application's thread. */
    java.util.concurrent.Executor completions() {
        return completions;
    }

    /** Runs this session's MessageListeners (one delivery at a time, on the client's shared worker pool). */
    SessionDelivery delivery() {
        return delivery;
    }

    /** The session's consumers (a live, thread-safe view). */
    List<JmsMessageConsumer> consumerList() {
        return consumers;
    }

    int mode() {
        return mode;
    }

    /**
     * The transaction that sends and consumed messages belong to right now: the local one of a transacted session,
     * for an XA session the branch it is associated with, else null.
     */
    SessionTransaction transaction() {
        return transaction != null ? transaction : globalTransaction();
    }

    /** The XA branch this session works in now, or null (overridden by {@link JmsXASession}). */
    SessionTransaction globalTransaction() {
        return null;
    }

    /**
     * Called while closing, after the consumers closed, before unacknowledged messages are released (overridden by
     * {@link JmsXASession}: work done in a branch stays with the branch).
     */
    void closingGlobalTransaction() {
    }

    void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw JmsExceptions.closed("session");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Refuses a topic-only method on a QueueSession. */
    private void topicDomain(String method) throws IllegalStateException {
        if (domain == Domain.QUEUE) {
            throw new IllegalStateException("QueueSession." + method + " is not allowed: it is a topic-only method"
                    + " and this session was created by createQueueSession");
        }
    }

    /** Refuses a queue-only method on a TopicSession. */
    private void queueDomain(String method) throws IllegalStateException {
        if (domain == Domain.TOPIC) {
            throw new IllegalStateException("TopicSession." + method + " is not allowed: it is a queue-only method"
                    + " and this session was created by createTopicSession");
        }
    }

    // ------------------------------------------------------------------ message factories

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        ensureOpen();
        return new RocketBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        ensureOpen();
        return new RocketMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        ensureOpen();
        return new RocketMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        ensureOpen();
        return new RocketObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        ensureOpen();
        RocketObjectMessage m = new RocketObjectMessage();
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        ensureOpen();
        return new RocketStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        ensureOpen();
        return new RocketTextMessage(null);
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        ensureOpen();
        return new RocketTextMessage(text);
    }

    // ------------------------------------------------------------------ transactions and acknowledgement

    @Override
    public boolean getTransacted() throws JMSException {
        ensureOpen();
        return transaction != null;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        ensureOpen();
        return mode;
    }

    private void checkNotInCompletionListener(String op) throws IllegalStateException {
        JmsSession s = JmsConnection.IN_COMPLETION.get();
        if (s == this) {
            throw new IllegalStateException(op + " must not be called from a CompletionListener of the same session");
        }
    }

    @Override
    public void commit() throws JMSException {
        ensureOpen();
        if (transaction == null) {
            throw new IllegalStateException("commit() is only allowed on a transacted session");
        }
        checkNotInCompletionListener("Session.commit()");
        transaction.commit();
    }

    @Override
    public void rollback() throws JMSException {
        ensureOpen();
        if (transaction == null) {
            throw new IllegalStateException("rollback() is only allowed on a transacted session");
        }
        checkNotInCompletionListener("Session.rollback()");
        transaction.rollback(drainConsumers());
    }

    @Override
    public void recover() throws JMSException {
        ensureOpen();
        if (transaction() != null) {
            throw new IllegalStateException("recover() is not allowed on a transacted session or an XA session in a"
                    + " global transaction; use rollback()");
        }
        if (acks != null) {
            acks.flushAndAwait(); // what was consumed before recover() stays acknowledged
        }
        List<ReceivedMessage> release;
        synchronized (unacked) {
            release = new ArrayList<>(unacked);
            unacked.clear();
        }
        release.addAll(drainConsumers());
        release(release);
    }

    /**
     * Before a message is handed to the application: in AUTO_ACKNOWLEDGE, waits while more than the connection's
     * {@code autoAckWindow} consumed messages are unconfirmed, which bounds what a failure can redeliver.
     */
    void beforeHandOut() {
        if (acks != null && mode == AUTO_ACKNOWLEDGE) {
            acks.beforeHandOut();
        }
    }

    /** Sends waiting acknowledgements and waits for every one sent so far (consumer close). */
    void awaitAcks() {
        if (acks != null) {
            acks.flushAndAwait();
        }
    }

    private List<ReceivedMessage> drainConsumers() {
        List<ReceivedMessage> out = new ArrayList<>();
        for (JmsMessageConsumer c : consumers) {
            out.addAll(c.core().drainBuffer());
        }
        return out;
    }

    private void release(List<ReceivedMessage> msgs) {
        if (msgs.isEmpty()) {
            return;
        }
        try {
            connection.client().changeInvisibleTime(msgs, 0);
        } catch (ClientException e) {
            LOG.warn("releasing {} message(s) failed; the broker redelivers them after their invisible time: {}",
                    msgs.size(), e.getMessage());
        }
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every message the session consumed so far. */
    void acknowledgeAll() throws JMSException {
        ensureOpen();
        List<ReceivedMessage> ack;
        synchronized (unacked) {
            ack = new ArrayList<>(unacked);
            unacked.clear();
        }
        if (ack.isEmpty()) {
            return;
        }
        try {
            connection.client().ack(ack);
        } catch (ClientException e) {
            throw JmsExceptions.of("acknowledging " + ack.size() + " message(s)", e);
        }
    }

    /** Simplified API: acknowledges in CLIENT mode, nothing otherwise. */
    void acknowledgeFromContext() throws JMSException {
        ensureOpen();
        if (mode == CLIENT_ACKNOWLEDGE) {
            acknowledgeAll();
        }
    }

    // ------------------------------------------------------------------ delivery (called by consumers)

    /**
     * Turns a popped message into the JMS message to deliver, or returns null after acknowledging it when it expired
     * or is the connection's own message on a noLocal subscriber.
     */
    RocketMessage prepare(JmsMessageConsumer consumer, ReceivedMessage m) throws JMSException {
        if (consumer.isNoLocal() && connection.connectionId().equals(m.getProperty(ORIGIN_KEY))) {
            ackQuietly(m, "own message on a noLocal subscriber");
            return null;
        }
        RocketMessage msg;
        try {
            msg = connection.codec().decode(m.getBody(), m.getProperties(), Math.max(1, m.getDeliveryCount()));
        } catch (JMSException e) {
            LOG.error("message {} cannot be decoded, acknowledging it so it is not redelivered forever: {}", m,
                    e.getMessage());
            ackQuietly(m, "undecodable message");
            return null;
        }
        long exp = msg.getJMSExpiration();
        if (exp != 0 && exp <= System.currentTimeMillis()) {
            ackQuietly(m, "expired message");
            return null;
        }
        msg.setAcknowledger(acknowledger);
        return msg;
    }

    private void ackQuietly(ReceivedMessage m, String why) {
        try {
            connection.client().ack(List.of(m));
        } catch (ClientException e) {
            LOG.debug("acknowledging {} ({}) failed: {}", m, why, e.getMessage());
        }
    }

    /** Records a message handed to the application, before it is handed over. */
    void delivering(ReceivedMessage m) {
        SessionTransaction tx = transaction();
        if (tx != null) {
            tx.delivered(m);
        } else {
            synchronized (unacked) {
                unacked.add(m);
            }
        }
    }

    /**
     * After {@code receive} returned or {@code onMessage} finished: AUTO/DUPS_OK acknowledge the message, without
     * waiting for the broker (see {@link SessionAcks}).
     */
    void delivered(ReceivedMessage m) {
        if (mode != AUTO_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE) {
            return;
        }
        boolean mine;
        synchronized (unacked) {
            mine = unacked.remove(m);
        }
        if (!mine) {
            return; // recovered meanwhile
        }
        acks.consumed(m);
    }

    /** A message that must be redelivered (listener failure in AUTO/DUPS_OK, wrong body type in receiveBody). */
    void redeliver(ReceivedMessage m) {
        if (mode != AUTO_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE) {
            return;
        }
        boolean mine;
        synchronized (unacked) {
            mine = unacked.remove(m);
        }
        if (mine) {
            release(List.of(m));
        }
    }

    /** Runs one listener delivery serially with the session's other deliveries; called on a dispatch thread. */
    void dispatch(JmsMessageConsumer consumer, ReceivedMessage m) {
        deliveryLock.lock();
        try {
            while (!connection.isStarted() && !closed && !consumer.isClosed()) {
                resumed.awaitUninterruptibly();
            }
            MessageListener listener = consumer.listener();
            if (closed || consumer.isClosed() || listener == null) {
                release(List.of(m));
                return;
            }
            RocketMessage msg;
            try {
                msg = prepare(consumer, m);
            } catch (JMSException e) {
                LOG.error("cannot deliver {}: {}", m, e.getMessage());
                return;
            }
            if (msg == null) {
                return;
            }
            beforeHandOut();
            delivering(m);
            JmsConnection.IN_LISTENER.set(this);
            inDelivery = m;
            try {
                listener.onMessage(msg);
                inDelivery = null;
                delivered(m);
            } catch (RuntimeException e) {
                LOG.warn("MessageListener of {} threw; the message is redelivered", consumer, e);
                redeliver(m);
            } finally {
                inDelivery = null;
                JmsConnection.IN_LISTENER.remove();
            }
            consumer.afterDelivery();
        } finally {
            deliveryLock.unlock();
        }
    }

    /**
     * Moves the message whose listener is running on this thread into {@code tx} (an XA branch started inside
     * {@code onMessage}, as a resource adapter's beforeDelivery does), so it is acknowledged with the branch rather
     * than after {@code onMessage} returns.
     */
    void adoptInDelivery(SessionTransaction tx) {
        ReceivedMessage m = inDelivery;
        if (m == null || !inOwnListener()) {
            return;
        }
        boolean mine;
        synchronized (unacked) {
            mine = unacked.remove(m);
        }
        if (mine) {
            tx.delivered(m);
        }
    }

    /** True while the current thread runs a listener of this session. */
    boolean inOwnListener() {
        return JmsConnection.IN_LISTENER.get() == this;
    }

    void connectionStarted() {
        for (JmsMessageConsumer c : consumers) {
            c.core().start();
        }
        deliveryLock.lock();
        try {
            resumed.signalAll();
        } finally {
            deliveryLock.unlock();
        }
    }

    /** Pauses the consumers and waits until no listener of this session runs (unless called from one). */
    void connectionStopped() {
        for (JmsMessageConsumer c : consumers) {
            c.core().stop();
        }
        if (!deliveryLock.isHeldByCurrentThread()) {
            deliveryLock.lock();
            deliveryLock.unlock();
        }
    }

    /** Wakes dispatch threads waiting for a start (consumer closing). */
    void wakeDispatchers() {
        deliveryLock.lock();
        try {
            resumed.signalAll();
        } finally {
            deliveryLock.unlock();
        }
    }

    /** True if any consumer of this session has a listener. */
    boolean hasListener() {
        for (JmsMessageConsumer c : consumers) {
            if (c.listener() != null) {
                return true;
            }
        }
        return false;
    }

    boolean hasConsumerOn(RocketDestination d) {
        for (JmsMessageConsumer c : consumers) {
            if (d.equals(c.destination())) {
                return true;
            }
        }
        return false;
    }

    boolean hasConsumerOfGroup(String group) {
        for (JmsMessageConsumer c : consumers) {
            if (group.equals(c.core().subscription().group())) {
                return true;
            }
        }
        return false;
    }

    void removed(JmsMessageConsumer c) {
        consumers.remove(c);
    }

    void removed(JmsMessageProducer p) {
        producers.remove(p);
    }

    void removed(JmsQueueBrowser b) {
        browsers.remove(b);
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        checkNotInCompletionListener("Session.close()");
        if (inOwnListener()) {
            // Jakarta Messaging lets a provider either refuse this or close after onMessage; refusing is what the
            // JMS 2.0 javadoc required and avoids closing a session under a running listener
            throw new IllegalStateException("Session.close() must not be called from a MessageListener of the same"
                    + " session");
        }
        for (JmsMessageProducer p : producers) {
            p.awaitPendingSends();
        }
        deliveryLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            resumed.signalAll();
        } finally {
            deliveryLock.unlock();
        }
        List<ReceivedMessage> release = new ArrayList<>();
        for (JmsMessageConsumer c : consumers) {
            release.addAll(c.closeFromSession());
        }
        if (acks != null) {
            acks.flushAndAwait(); // a message consumed before close is never redelivered after a clean close
        }
        for (JmsMessageProducer p : producers) {
            p.closeFromSession();
        }
        for (JmsQueueBrowser b : browsers) {
            b.close();
        }
        if (transaction != null) {
            try {
                transaction.rollback(release);
            } catch (JMSException e) {
                LOG.warn("rolling back the open transaction of a closing session failed: {}", e.getMessage());
            } finally {
                transaction.close();
            }
        } else {
            closingGlobalTransaction();
            synchronized (unacked) {
                release.addAll(unacked);
                unacked.clear();
            }
            release(release);
        }
        connection.removed(this);
    }

    // ------------------------------------------------------------------ destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        ensureOpen();
        queueDomain("createQueue");
        DestinationNames.validate(queueName, true);
        return new RocketQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        ensureOpen();
        topicDomain("createTopic");
        DestinationNames.validate(topicName, false);
        return new RocketTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        ensureOpen();
        queueDomain("createTemporaryQueue");
        return connection.createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        ensureOpen();
        topicDomain("createTemporaryTopic");
        return connection.createTemporaryTopic();
    }

    static RocketDestination rocket(Destination d) throws JMSException {
        if (d == null) {
            throw new InvalidDestinationException("the destination must not be null");
        }
        return DefaultDestinationCodec.toRocket(d);
    }

    // ------------------------------------------------------------------ producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return createJmsProducer(destination);
    }

    JmsMessageProducer createJmsProducer(Destination destination) throws JMSException {
        ensureOpen();
        RocketDestination d = destination == null ? null : rocket(destination);
        if (d != null) {
            DestinationNames.brokerTopic(d);
        }
        JmsMessageProducer p = new JmsMessageProducer(this, d);
        producers.add(p);
        return p;
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return createJmsProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return createJmsProducer(topic);
    }

    // ------------------------------------------------------------------ consumers

    static String checkSelector(String selector) throws InvalidSelectorException {
        if (selector == null || selector.isBlank()) {
            return null;
        }
        try {
            Selector.parse(selector);
        } catch (SelectorParseException e) {
            throw JmsExceptions.link(new InvalidSelectorException("invalid message selector '" + selector + "': "
                    + e.getMessage()), e);
        }
        return selector;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        ensureOpen();
        RocketDestination d = rocket(destination);
        String sel = checkSelector(messageSelector);
        String topic = DestinationNames.brokerTopic(d);
        connection.checkConsumable(d);
        if (d.isQueue()) {
            return newConsumer(d, DestinationNames.queueGroup(topic), topic, sel, false, false, false, false);
        }
        return newConsumer(d, DestinationNames.nonDurableGroup(), topic, sel, noLocal, true, true, false);
    }

    private JmsMessageConsumer newConsumer(RocketDestination d, String group, String topic, String selector,
                                           boolean noLocal, boolean fromEnd, boolean ephemeral, boolean durable)
            throws JMSException {
        org.rocketjms.jms.client.Subscription sub = selector == null
                ? new org.rocketjms.jms.client.Subscription(group, topic, "*", "TAG", fromEnd)
                : new org.rocketjms.jms.client.Subscription(group, topic, selector, "SQL92", fromEnd);
        try {
            if (fromEnd) {
                connection.admin().initSubscription(sub, DEFAULT_QUEUE_NUMS);
            } else {
                connection.admin().ensureTopic(topic, DEFAULT_QUEUE_NUMS);
            }
        } catch (ClientException e) {
            throw JmsExceptions.of("creating a consumer on " + d, e);
        }
        PopConsumerCore core = connection.client().createPopConsumer(sub);
        if (DestinationNames.isSharedGroup(group)) {
            // consumers of a shared subscription compete: an idle one must not hold messages another waits for
            core.setFetchOnDemand(true);
        }
        JmsMessageConsumer c = new JmsMessageConsumer(this, d, core, selector, noLocal, ephemeral);
        consumers.add(c);
        if (connection.isStarted()) {
            core.start();
        }
        return c;
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    private RocketDestination topicOnly(Topic topic) throws JMSException {
        RocketDestination d = rocket(topic);
        if (d.isQueue()) {
            throw new InvalidDestinationException(d + " is not a topic");
        }
        connection.checkConsumable(d);
        return d;
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        ensureOpen();
        topicDomain("createSharedConsumer");
        RocketDestination d = topicOnly(topic);
        checkName(sharedSubscriptionName);
        String sel = checkSelector(messageSelector);
        String group = DestinationNames.sharedGroup(connection.getClientID(), sharedSubscriptionName);
        String brokerTopic = DestinationNames.brokerTopic(d);
        long fingerprint = DestinationNames.subscriptionFingerprint(brokerTopic, sel, false);
        try {
            long old = connection.admin().queryOffset(group, DestinationNames.SUBSCRIPTION_META_TOPIC, 0);
            if (old >= 0 && old != fingerprint) {
                if (connection.isGroupActive(group)) {
                    throw new JMSException("shared subscription '" + sharedSubscriptionName + "' has active"
                            + " consumers with another topic or selector");
                }
                // no consumer left: the old shared non-durable subscription no longer exists, start a new one
                LOG.debug("shared subscription {} changed its topic or selector; replacing it", group);
                connection.admin().deleteSubscriptionGroup(group, null);
            }
            JmsMessageConsumer c = newConsumer(d, group, brokerTopic, sel, false, true, false, false);
            if (old != fingerprint) {
                connection.admin().commitOffset(group, DestinationNames.SUBSCRIPTION_META_TOPIC, 0, fingerprint);
            }
            return c;
        } catch (ClientException e) {
            throw JmsExceptions.of("creating shared subscription '" + sharedSubscriptionName + "'", e);
        }
    }

    /**
     * Refuses a durable subscription name that the other kind (shared vs unshared) already uses for this client ID:
     * JMS forbids a shared and an unshared durable subscription with the same name and client identifier.
     */
    private void checkDurableKind(String clientId, String name, boolean shared) throws JMSException {
        String other = DestinationNames.durableGroup(clientId, name, !shared);
        boolean exists;
        try {
            exists = connection.isGroupActive(other)
                    || connection.admin().queryOffset(other, DestinationNames.SUBSCRIPTION_META_TOPIC, 0) >= 0;
        } catch (ClientException e) {
            throw JmsExceptions.of("looking up durable subscription '" + name + "'", e);
        }
        if (exists) {
            throw new JMSException("an " + (shared ? "unshared" : "shared") + " durable subscription named '" + name
                    + "' already exists" + (clientId == null ? "" : " for client ID '" + clientId + "'")
                    + "; a " + (shared ? "shared" : "unshared") + " one cannot use the same name");
        }
    }

    private static void checkName(String name) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new JMSException("a subscription name must not be null or empty");
        }
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        ensureOpen();
        topicDomain("createDurableSubscriber/createDurableConsumer");
        RocketDestination d = topicOnly(topic);
        checkName(name);
        String sel = checkSelector(messageSelector);
        String clientId = connection.getClientID();
        if (clientId == null) {
            throw new IllegalStateException("an unshared durable subscription needs a client ID; set one on the"
                    + " connection first");
        }
        String group = DestinationNames.durableGroup(clientId, name, false);
        if (connection.isGroupActive(group)) {
            throw new IllegalStateException("durable subscription '" + name + "' already has an active consumer");
        }
        checkDurableKind(clientId, name, false);
        return durableConsumer(d, group, name, sel, noLocal);
    }

    /**
     * Creates a consumer of a durable subscription. The subscription's topic, selector and noLocal flag are recorded
     * with the broker (see {@link DestinationNames#subscriptionFingerprint}); when they changed, the old
     * subscription is deleted and a new one created, as JMS requires.
     */
    private JmsMessageConsumer durableConsumer(RocketDestination d, String group, String name, String sel,
                                               boolean noLocal) throws JMSException {
        String topic = DestinationNames.brokerTopic(d);
        long fingerprint = DestinationNames.subscriptionFingerprint(topic, sel, noLocal);
        try {
            long old = connection.admin().queryOffset(group, DestinationNames.SUBSCRIPTION_META_TOPIC, 0);
            if (old >= 0 && old != fingerprint) {
                if (connection.isGroupActive(group)) {
                    throw new JMSException("durable subscription '" + name + "' has active consumers with another"
                            + " topic, selector or noLocal setting");
                }
                LOG.info("durable subscription {} changed its topic, selector or noLocal; replacing it", group);
                connection.admin().deleteSubscriptionGroup(group, null);
            }
            JmsMessageConsumer c = newConsumer(d, group, topic, sel, noLocal, true, false, true);
            if (old != fingerprint) {
                connection.admin().commitOffset(group, DestinationNames.SUBSCRIPTION_META_TOPIC, 0, fingerprint);
            }
            return c;
        } catch (ClientException e) {
            throw JmsExceptions.of("creating durable subscription '" + name + "'", e);
        }
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return createDurableSubscriber(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        ensureOpen();
        topicDomain("createSharedDurableConsumer");
        RocketDestination d = topicOnly(topic);
        checkName(name);
        String sel = checkSelector(messageSelector);
        checkDurableKind(connection.getClientID(), name, true);
        return durableConsumer(d, DestinationNames.durableGroup(connection.getClientID(), name, true), name, sel,
                false);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        ensureOpen();
        topicDomain("unsubscribe");
        checkName(name);
        String clientId = connection.getClientID();
        String unshared = DestinationNames.durableGroup(clientId, name, false);
        String shared = DestinationNames.durableGroup(clientId, name, true);
        if (connection.isGroupActive(unshared) || connection.isGroupActive(shared)) {
            throw new IllegalStateException("durable subscription '" + name + "' has an active consumer; close it"
                    + " before unsubscribing");
        }
        try {
            boolean found = false;
            for (String group : new String[] {unshared, shared}) {
                if (connection.admin().queryOffset(group, DestinationNames.SUBSCRIPTION_META_TOPIC, 0) >= 0) {
                    connection.admin().deleteSubscriptionGroup(group, null);
                    found = true;
                }
            }
            if (!found) {
                throw new InvalidDestinationException("there is no durable subscription named '" + name + "'"
                        + (clientId == null ? "" : " for client ID '" + clientId + "'"));
            }
        } catch (ClientException e) {
            throw JmsExceptions.of("unsubscribing '" + name + "'", e);
        }
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        ensureOpen();
        queueDomain("createBrowser");
        RocketDestination d = rocket(queue);
        if (!d.isQueue()) {
            throw new InvalidDestinationException(d + " is not a queue");
        }
        String sel = checkSelector(messageSelector);
        JmsQueueBrowser b = new JmsQueueBrowser(this, (Queue) d, DestinationNames.brokerTopic(d), sel);
        browsers.add(b);
        return b;
    }

    // ------------------------------------------------------------------ session listener (ASF, unsupported)

    @Override
    public MessageListener getMessageListener() throws JMSException {
        ensureOpen();
        return sessionListener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        ensureOpen();
        throw new JMSException("session message listeners (application server facilities) are not supported");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run() (application server facilities) is not supported");
    }

    @Override
    public String toString() {
        return "JmsSession[" + connection + ", mode=" + mode + ']';
    }
}
