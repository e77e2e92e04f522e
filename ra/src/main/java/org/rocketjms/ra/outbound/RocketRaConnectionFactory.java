package org.rocketjms.ra.outbound;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.Serializable;
import javax.naming.Reference;
import org.rocketjms.jms.impl.JmsExceptions;

/**
 * The connection factory applications look up ({@code jms/...}): every {@code createConnection} and
 * {@code createContext} asks the {@link ConnectionManager} (the container's pool, or {@link DefaultConnectionManager}
 * outside a container) for a handle on a pooled {@link RocketManagedConnection}.
 */
public class RocketRaConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final RocketManagedConnectionFactory mcf;
    private final ConnectionManager cm;
    private Reference reference;

    RocketRaConnectionFactory(RocketManagedConnectionFactory mcf, ConnectionManager cm) {
        this.mcf = mcf;
        this.cm = cm;
    }

    /** The managed connection factory behind this factory. */
    public RocketManagedConnectionFactory managedConnectionFactory() {
        return mcf;
    }

    private ConnectionHandle allocate(String user, String password) throws JMSException {
        try {
            Object o = cm.allocateConnection(mcf, new RocketConnectionRequestInfo(user, password));
            if (o instanceof ConnectionHandle h) {
                return h;
            }
            throw new JMSException("the connection manager returned " + o + " instead of a RocketJMS connection");
        } catch (ResourceException e) {
            JMSException j = new JMSException("cannot get a RocketJMS connection: " + e.getMessage());
            j.setLinkedException(e);
            j.initCause(e);
            throw j;
        }
    }

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    /**
     * A context on a pooled connection from the {@link ConnectionManager} (enlisted in the caller's JTA transaction
     * like {@code createConnection()}), with its one session made now; see {@link ContextHandle} for the container
     * rules it follows.
     */
    private JMSContext context(String user, String password, int sessionMode) {
        ContextHandle.checkSessionMode(sessionMode);
        ConnectionHandle connection;
        try {
            connection = allocate(user, password);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
        return ContextHandle.open(connection, sessionMode);
    }

    @Override
    public JMSContext createContext() {
        return context(null, null, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(userName, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(null, null, sessionMode);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
