package org.rocketjms.ra.outbound;

import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;

/**
 * The connection an application gets from the resource adapter's connection factory: a handle on a pooled
 * {@link RocketManagedConnection}. It follows the Jakarta Messaging rules for the EE web and EJB containers: one
 * session at a time; inside a JTA (or container local) transaction the session arguments are ignored and the session
 * takes part in the transaction; outside one the session is non-transacted with {@code AUTO_ACKNOWLEDGE} (or
 * {@code DUPS_OK_ACKNOWLEDGE} when asked). {@code setClientID}, {@code setExceptionListener}, {@code stop} and the
 * connection consumers throw {@link jakarta.jms.IllegalStateException}. {@code close} returns the physical
 * connection to the pool.
 */
public final class ConnectionHandle implements QueueConnection, TopicConnection {
    private volatile RocketManagedConnection mc;
    private volatile SessionHandle session;
    private volatile boolean closed;

    ConnectionHandle(RocketManagedConnection mc) {
        this.mc = mc;
    }

    RocketManagedConnection managedConnection() {
        return mc;
    }

    void associate(RocketManagedConnection other) {
        this.mc = other;
    }

    void checkOpen() throws JMSException {
        if (closed) {
            throw new jakarta.jms.IllegalStateException("the connection is closed");
        }
        if (mc == null) {
            throw new jakarta.jms.IllegalStateException("the connection handle is no longer associated with a"
                    + " managed connection");
        }
    }

    /** The container cleaned the managed connection up: the handle becomes unusable. */
    void invalidate() {
        SessionHandle s = session;
        session = null;
        if (s != null) {
            s.releaseResources();
        }
        closed = true;
    }

    void sessionClosed(SessionHandle s) {
        if (session == s) {
            session = null;
        }
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(acknowledgeMode);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return newSession(sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return newSession(Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(acknowledgeMode);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(acknowledgeMode);
    }

    private synchronized SessionHandle newSession(int requestedMode) throws JMSException {
        checkOpen();
        if (session != null && !session.isClosed()) {
            throw new jakarta.jms.IllegalStateException("a connection in a Jakarta EE web or EJB container may have"
                    + " only one open session: close the first one");
        }
        RocketManagedConnection m = mc;
        boolean tx = m.inTransaction();
        int mode = requestedMode == Session.DUPS_OK_ACKNOWLEDGE ? Session.DUPS_OK_ACKNOWLEDGE : Session.AUTO_ACKNOWLEDGE;
        SessionHandle s = new SessionHandle(this, m.sessionForHandle(), tx, mode);
        session = s;
        return s;
    }

    // ------------------------------------------------------------------ allowed

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return mc.physical().getClientID();
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return mc.physical().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void start() throws JMSException {
        checkOpen();
        // the physical connection is started when it is created; a pooled connection is never stopped
    }

    @Override
    public void close() throws JMSException {
        RocketManagedConnection m;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            m = mc;
        }
        SessionHandle s = session;
        session = null;
        if (s != null) {
            s.releaseResources();
        }
        if (m != null) {
            m.handleClosed(this);
        }
    }

    // ------------------------------------------------------------------ forbidden in EE

    private static JMSException forbidden(String method) {
        return new jakarta.jms.IllegalStateException("Connection." + method + " must not be used in a Jakarta EE web"
                + " or EJB container");
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        checkOpen();
        throw forbidden("setClientID");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        throw forbidden("setExceptionListener");
    }

    @Override
    public void stop() throws JMSException {
        checkOpen();
        throw forbidden("stop");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String selector,
                                                       ServerSessionPool pool, int maxMessages) throws JMSException {
        throw forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String name, String selector,
                                                             ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw forbidden("createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String name, String selector,
                                                              ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw forbidden("createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String name, String selector,
                                                                    ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw forbidden("createSharedDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String selector, ServerSessionPool pool,
                                                       int maxMessages) throws JMSException {
        throw forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String selector, ServerSessionPool pool,
                                                       int maxMessages) throws JMSException {
        throw forbidden("createConnectionConsumer");
    }
}
