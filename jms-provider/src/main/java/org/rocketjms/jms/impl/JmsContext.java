package org.rocketjms.jms.impl;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

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
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

/**
 * The simplified API's context: a connection (shared by contexts made with {@link #createContext(int)}, closed
 * with the last of them) and one session, created on first use so that {@link #setClientID} works right after
 * creation. Consumers start the connection when {@link #getAutoStart()} is true. Every failure is the
 * {@code *RuntimeException} twin of what the classic API throws.
 */
public class JmsContext implements JMSContext {
    private final JmsConnection connection;
    private final int mode;
    private final AtomicInteger references;
    private final Object lock = new Object();
    private JmsSession session;
    private JmsMessageProducer producer;
    private volatile boolean autoStart = true;
    private volatile boolean closed;

    JmsContext(JmsConnection connection, int mode, AtomicInteger references) {
        this.connection = connection;
        this.mode = mode;
        this.references = references;
    }

    /** A context owning {@code connection}. */
    public static JmsContext create(JmsConnection connection, int mode) {
        return new JmsContext(connection, mode, new AtomicInteger(1));
    }

    /** Throws JMSRuntimeException unless {@code mode} is one of the four session modes. */
    public static void checkSessionMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE
                && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("session mode " + mode + " is not one of AUTO_ACKNOWLEDGE,"
                    + " CLIENT_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE or SESSION_TRANSACTED");
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("the JMSContext is closed");
        }
    }

    JmsSession session() {
        ensureOpen();
        synchronized (lock) {
            if (session == null) {
                try {
                    session = newSession();
                } catch (JMSException e) {
                    throw JmsExceptions.runtime(e);
                }
            }
            return session;
        }
    }

    /** Creates the context's session on first use ({@link JmsXAContext} makes an XA session). */
    JmsSession newSession() throws JMSException {
        return connection.createJmsSession(mode == SESSION_TRANSACTED, mode);
    }

    /** The context's connection. */
    JmsConnection connection() {
        return connection;
    }

    JmsMessageProducer producer() {
        JmsSession s = session();
        synchronized (lock) {
            if (producer == null) {
                try {
                    producer = s.createJmsProducer(null);
                } catch (JMSException e) {
                    throw JmsExceptions.runtime(e);
                }
            }
            return producer;
        }
    }

    /** Runs a classic-API call, turning its JMSException into the runtime twin. */
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

    @Override
    public JMSContext createContext(int sessionMode) {
        ensureOpen();
        checkSessionMode(sessionMode);
        references.incrementAndGet();
        return new JmsContext(connection, sessionMode, references);
    }

    @Override
    public JMSProducer createProducer() {
        session(); // a closed context or a failing session shows here, not at the first send
        return new SimpleProducer(this, (d, m, mode, prio, ttl, delay, noId, noTimestamp, listener) -> {
            JmsMessageProducer p = producer();
            p.setDisableMessageID(noId);
            p.setDisableMessageTimestamp(noTimestamp);
            p.doSend(JmsSession.rocket(d), m, mode, prio, ttl, delay, listener);
        }, null);
    }

    @Override
    public String getClientID() {
        ensureOpen();
        return call(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        ensureOpen();
        call(() -> {
            connection.setClientID(clientID);
            return null;
        });
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
        call(() -> {
            connection.setExceptionListener(listener);
            return null;
        });
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
        call(() -> {
            connection.stop();
            return null;
        });
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
        JmsSession s;
        synchronized (lock) {
            s = session;
        }
        if (s != null && (JmsConnection.IN_LISTENER.get() == s || JmsConnection.IN_COMPLETION.get() == s)) {
            throw new IllegalStateRuntimeException("JMSContext.close() must not be called from a MessageListener or"
                    + " CompletionListener of the same context");
        }
        if (JmsConnection.IN_LISTENER.get() != null && JmsConnection.IN_LISTENER.get().connection() == connection) {
            throw new IllegalStateRuntimeException("JMSContext.close() must not be called from a MessageListener of"
                    + " the same connection");
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        call(() -> {
            if (s != null) {
                s.close();
            }
            if (references.decrementAndGet() == 0) {
                connection.close();
            }
            return null;
        });
    }

    @Override
    public BytesMessage createBytesMessage() {
        return call(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return call(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return call(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return call(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return call(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return call(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return call(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return call(() -> session().createTextMessage(text));
    }

    @Override
    public boolean getTransacted() {
        return call(() -> session().getTransacted());
    }

    @Override
    public int getSessionMode() {
        ensureOpen();
        return mode;
    }

    @Override
    public void commit() {
        call(() -> {
            session().commit();
            return null;
        });
    }

    @Override
    public void rollback() {
        call(() -> {
            session().rollback();
            return null;
        });
    }

    @Override
    public void recover() {
        call(() -> {
            session().recover();
            return null;
        });
    }

    private JMSConsumer consumer(Call<jakarta.jms.MessageConsumer> c) {
        JmsMessageConsumer mc = (JmsMessageConsumer) call(c);
        if (autoStart) {
            start();
        }
        return new SimpleConsumer(mc);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(() -> session().createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(() -> session().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public Queue createQueue(String queueName) {
        return call(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return call(() -> session().createTopic(topicName));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(() -> session().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(() -> session().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(() -> session().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return call(() -> session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return call(() -> session().createBrowser(queue, messageSelector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return call(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return call(() -> session().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        call(() -> {
            session().unsubscribe(name);
            return null;
        });
    }

    @Override
    public void acknowledge() {
        call(() -> {
            session().acknowledgeFromContext();
            return null;
        });
    }
}
