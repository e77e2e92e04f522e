package org.rocketjms.ra.outbound;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import org.rocketjms.jms.impl.JmsExceptions;
import org.rocketjms.jms.impl.SimpleProducer;

/**
 * The {@link JMSContext} an application gets from the resource adapter's connection factory: one
 * {@link ConnectionHandle} from the {@code ConnectionManager} (so it is pooled and enlisted in the JTA transaction
 * like {@code createConnection()}) and its one {@link SessionHandle}, made when the context is created. It follows the
 * Jakarta Messaging rules for the EE web and EJB containers: inside a transaction the session mode is ignored, the
 * context is transacted and {@code commit}/{@code rollback} throw {@code TransactionInProgressRuntimeException};
 * outside one the session is non-transacted ({@code AUTO_ACKNOWLEDGE} or {@code DUPS_OK_ACKNOWLEDGE}).
 * {@code createContext}, {@code setClientID}, {@code setExceptionListener}, {@code stop},
 * {@code JMSConsumer.setMessageListener} and {@code JMSProducer.setAsync} are refused; {@code acknowledge} has no
 * effect (the session is never {@code CLIENT_ACKNOWLEDGE}). {@code close} closes what the context opened and returns
 * the connection to the pool.
 */
final class ContextHandle implements JMSContext {
    private final ConnectionHandle connection;
    private final SessionHandle session;
    private final Object lock = new Object();
    private MessageProducer producer;
    private volatile boolean autoStart = true;
    private volatile boolean closed;

    private ContextHandle(ConnectionHandle connection, SessionHandle session) {
        this.connection = connection;
        this.session = session;
    }

    /**
     * A context over {@code connection}, whose session is made now with {@code sessionMode}; the connection is closed
     * (returned to the pool) when that fails.
     */
    static ContextHandle open(ConnectionHandle connection, int sessionMode) {
        try {
            if (!connection.managedConnection().inTransaction() && sessionMode != AUTO_ACKNOWLEDGE
                    && sessionMode != DUPS_OK_ACKNOWLEDGE) {
                throw new JMSRuntimeException("session mode " + modeName(sessionMode) + " cannot be used in a"
                        + " Jakarta EE web or EJB container outside a JTA transaction: use AUTO_ACKNOWLEDGE or"
                        + " DUPS_OK_ACKNOWLEDGE (inside a transaction the mode is ignored)");
            }
            return new ContextHandle(connection, (SessionHandle) connection.createSession(sessionMode));
        } catch (JMSException | RuntimeException e) {
            try {
                connection.close();
            } catch (JMSException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof JMSException j ? JmsExceptions.runtime(j) : (RuntimeException) e;
        }
    }

    /** Throws JMSRuntimeException unless {@code mode} is one of the four session modes. */
    static void checkSessionMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE
                && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("session mode " + mode + " is not one of AUTO_ACKNOWLEDGE ("
                    + AUTO_ACKNOWLEDGE + "), CLIENT_ACKNOWLEDGE (" + CLIENT_ACKNOWLEDGE + "), DUPS_OK_ACKNOWLEDGE ("
                    + DUPS_OK_ACKNOWLEDGE + ") or SESSION_TRANSACTED (" + SESSION_TRANSACTED + ")");
        }
    }

    private static String modeName(int mode) {
        return mode == SESSION_TRANSACTED ? "SESSION_TRANSACTED" : mode == CLIENT_ACKNOWLEDGE ? "CLIENT_ACKNOWLEDGE"
                : String.valueOf(mode);
    }

    /** A classic-API call whose JMSException becomes its runtime twin. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws JMSException;
    }

    static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("the JMSContext is closed");
        }
    }

    private SessionHandle s() {
        ensureOpen();
        return session;
    }

    /** The context's anonymous producer, shared by every JMSProducer it made (closed with the session). */
    MessageProducer producer() {
        SessionHandle s = s();
        synchronized (lock) {
            if (producer == null) {
                producer = call(() -> s.createProducer(null));
            }
            return producer;
        }
    }

    private static IllegalStateRuntimeException forbidden(String method) {
        return new IllegalStateRuntimeException("JMSContext." + method + " must not be used in a Jakarta EE web or"
                + " EJB container");
    }

    // ------------------------------------------------------------------ connection-level

    @Override
    public JMSContext createContext(int sessionMode) {
        ensureOpen();
        throw new JMSRuntimeException("JMSContext.createContext must not be used in a Jakarta EE web or EJB"
                + " container (it would make a second session on the connection): use the connection factory's"
                + " createContext");
    }

    @Override
    public JMSProducer createProducer() {
        ensureOpen();
        return new SimpleProducer(this, (d, m, mode, prio, ttl, delay, noId, noTimestamp, listener) -> {
            MessageProducer p = producer();
            synchronized (p) {
                p.setDisableMessageID(noId);
                p.setDisableMessageTimestamp(noTimestamp);
                p.setDeliveryDelay(delay);
                p.send(d, m, mode, prio, ttl);
            }
        }, "JMSProducer.setAsync must not be used in a Jakarta EE web or EJB container: asynchronous send is not"
                + " allowed there");
    }

    @Override
    public String getClientID() {
        ensureOpen();
        return call(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        ensureOpen();
        throw forbidden("setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() {
        ensureOpen();
        return call(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        ensureOpen();
        return call(connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        ensureOpen();
        throw forbidden("setExceptionListener");
    }

    @Override
    public void start() {
        ensureOpen();
        call(() -> {
            connection.start();
            return null;
        });
    }

    @Override
    public void stop() {
        ensureOpen();
        throw forbidden("stop");
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        ensureOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        ensureOpen();
        return autoStart;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        call(() -> {
            try {
                session.close();
            } finally {
                connection.close();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() {
        return call(() -> s().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return call(() -> s().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return call(() -> s().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return call(() -> s().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return call(() -> s().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return call(() -> s().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return call(() -> s().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return call(() -> s().createTextMessage(text));
    }

    // ------------------------------------------------------------------ transaction state

    @Override
    public boolean getTransacted() {
        return call(() -> s().getTransacted());
    }

    @Override
    public int getSessionMode() {
        return call(() -> s().getAcknowledgeMode());
    }

    @Override
    public void commit() {
        call(() -> {
            s().commit();
            return null;
        });
    }

    @Override
    public void rollback() {
        call(() -> {
            s().rollback();
            return null;
        });
    }

    @Override
    public void recover() {
        call(() -> {
            s().recover();
            return null;
        });
    }

    @Override
    public void acknowledge() {
        ensureOpen();
        // the session is transacted, AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE, never CLIENT_ACKNOWLEDGE: no effect
    }

    // ------------------------------------------------------------------ consumers

    private JMSConsumer consumer(Call<MessageConsumer> c) {
        MessageConsumer made = call(c);
        if (autoStart) {
            start();
        }
        return new ContextConsumer((ConsumerHandle) made);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> s().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(() -> s().createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(() -> s().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> s().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(() -> s().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> s().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(() -> s().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(() -> s().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(() -> s().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    // ------------------------------------------------------------------ destinations, browsers

    @Override
    public Queue createQueue(String queueName) {
        return call(() -> s().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return call(() -> s().createTopic(topicName));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return call(() -> s().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return call(() -> s().createBrowser(queue, messageSelector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return call(() -> s().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return call(() -> s().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        call(() -> {
            s().unsubscribe(name);
            return null;
        });
    }
}
