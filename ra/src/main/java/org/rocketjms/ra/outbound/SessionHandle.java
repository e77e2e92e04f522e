package org.rocketjms.ra.outbound;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
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
import jakarta.jms.TransactionInProgressException;
import java.io.Serializable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.rocketjms.ra.RaLog;

/**
 * The session an application gets from a connection handle. It delegates to the managed connection's physical
 * session chosen when it was created (XA, local-transacted or auto-acknowledge) and tracks its producers, consumers,
 * browsers and temporary destinations so that closing the handle closes them, never the pooled physical session.
 * Inside a transaction {@code commit}/{@code rollback} throw {@link TransactionInProgressException};
 * {@code setMessageListener}, {@code getMessageListener} and {@code run} are refused as the specification requires
 * in the EE containers.
 */
final class SessionHandle implements QueueSession, TopicSession {
    private static final Logger LOG = RaLog.of(SessionHandle.class);

    private final ConnectionHandle connection;
    private final Session physical;
    private final boolean inTransaction;
    private final int ackMode;
    private final List<Object> resources = new ArrayList<>();
    private volatile boolean closed;

    SessionHandle(ConnectionHandle connection, Session physical, boolean inTransaction, int ackMode) {
        this.connection = connection;
        this.physical = physical;
        this.inTransaction = inTransaction;
        this.ackMode = ackMode;
    }

    private Session s() throws JMSException {
        if (closed) {
            throw new jakarta.jms.IllegalStateException("the session is closed");
        }
        connection.checkOpen();
        return physical;
    }

    private <T> T track(T resource) {
        synchronized (resources) {
            resources.add(resource);
        }
        return resource;
    }

    void forget(Object resource) {
        synchronized (resources) {
            resources.remove(resource);
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        return s().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        return s().createMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        return s().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        return s().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        return s().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        return s().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        return s().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        return s().createTextMessage(text);
    }

    // ------------------------------------------------------------------ transaction state

    @Override
    public boolean getTransacted() throws JMSException {
        s();
        return inTransaction;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        s();
        return inTransaction ? Session.SESSION_TRANSACTED : ackMode;
    }

    @Override
    public void commit() throws JMSException {
        s();
        if (inTransaction) {
            throw new TransactionInProgressException("commit is not allowed on a session enlisted in a container"
                    + " transaction: the transaction manager commits it");
        }
        throw new jakarta.jms.IllegalStateException("commit called on a session that is not transacted (outside a"
                + " JTA transaction a container session is never transacted)");
    }

    @Override
    public void rollback() throws JMSException {
        s();
        if (inTransaction) {
            throw new TransactionInProgressException("rollback is not allowed on a session enlisted in a container"
                    + " transaction: use setRollbackOnly");
        }
        throw new jakarta.jms.IllegalStateException("rollback called on a session that is not transacted (outside a"
                + " JTA transaction a container session is never transacted)");
    }

    @Override
    public void recover() throws JMSException {
        s();
        if (inTransaction) {
            throw new jakarta.jms.IllegalStateException("recover is not allowed on a transacted session");
        }
        physical.recover();
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        connection.sessionClosed(this);
        releaseResources();
    }

    /** Closes what the application left open on this session (the physical session stays pooled). */
    void releaseResources() {
        closed = true;
        List<Object> all;
        synchronized (resources) {
            all = new ArrayList<>(resources);
            resources.clear();
        }
        // consumers, producers and browsers first: a temporary destination with a consumer cannot be deleted
        all.sort((a, b) -> Boolean.compare(a instanceof Destination, b instanceof Destination));
        for (Object r : all) {
            try {
                if (r instanceof ConsumerHandle c) {
                    c.closePhysical();
                } else if (r instanceof MessageProducer p) {
                    p.close();
                } else if (r instanceof QueueBrowser b) {
                    b.close();
                } else if (r instanceof TemporaryQueue q) {
                    q.delete();
                } else if (r instanceof TemporaryTopic t) {
                    t.delete();
                }
            } catch (JMSException e) {
                LOG.log(Level.WARNING, "releasing " + r + " of a closed session handle failed: " + e);
            }
        }
    }

    // ------------------------------------------------------------------ forbidden in EE

    @Override
    public MessageListener getMessageListener() throws JMSException {
        throw new jakarta.jms.IllegalStateException("Session.getMessageListener must not be used in a Jakarta EE web"
                + " or EJB container");
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        throw new jakarta.jms.IllegalStateException("Session.setMessageListener must not be used in a Jakarta EE web"
                + " or EJB container: use a message-driven bean");
    }

    @Override
    public void run() {
        throw new jakarta.jms.IllegalStateRuntimeException("Session.run must not be used in a Jakarta EE web or EJB"
                + " container");
    }

    // ------------------------------------------------------------------ producers, consumers, browsers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return track(s().createProducer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return track(new ConsumerHandle(s().createConsumer(destination), this));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector) throws JMSException {
        return track(new ConsumerHandle(s().createConsumer(destination, selector), this));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector, boolean noLocal)
            throws JMSException {
        return track(new ConsumerHandle(s().createConsumer(destination, selector, noLocal), this));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name) throws JMSException {
        return track(new ConsumerHandle(s().createSharedConsumer(topic, name), this));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name, String selector) throws JMSException {
        return track(new ConsumerHandle(s().createSharedConsumer(topic, name, selector), this));
    }

    @Override
    public Queue createQueue(String name) throws JMSException {
        return s().createQueue(name);
    }

    @Override
    public Topic createTopic(String name) throws JMSException {
        return s().createTopic(name);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return track(new ConsumerHandle(s().createDurableSubscriber(topic, name), this));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        return track(new ConsumerHandle(s().createDurableSubscriber(topic, name, selector, noLocal), this));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return track(new ConsumerHandle(s().createDurableConsumer(topic, name), this));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        return track(new ConsumerHandle(s().createDurableConsumer(topic, name, selector, noLocal), this));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return track(new ConsumerHandle(s().createSharedDurableConsumer(topic, name), this));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String selector)
            throws JMSException {
        return track(new ConsumerHandle(s().createSharedDurableConsumer(topic, name, selector), this));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return track(s().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) throws JMSException {
        return track(s().createBrowser(queue, selector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        return track(s().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        return track(s().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        s().unsubscribe(name);
    }

    // ------------------------------------------------------------------ queue / topic domain

    private QueueSession qs() throws JMSException {
        if (s() instanceof QueueSession q) {
            return q;
        }
        throw new jakarta.jms.IllegalStateException("the physical session is not a QueueSession");
    }

    private TopicSession ts() throws JMSException {
        if (s() instanceof TopicSession t) {
            return t;
        }
        throw new jakarta.jms.IllegalStateException("the physical session is not a TopicSession");
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return track(new ConsumerHandle(qs().createReceiver(queue), this));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String selector) throws JMSException {
        return track(new ConsumerHandle(qs().createReceiver(queue, selector), this));
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return track(qs().createSender(queue));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return track(new ConsumerHandle(ts().createSubscriber(topic), this));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String selector, boolean noLocal) throws JMSException {
        return track(new ConsumerHandle(ts().createSubscriber(topic, selector, noLocal), this));
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return track(ts().createPublisher(topic));
    }
}
