package org.rocketjms.jms;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;
import org.rocketjms.jms.impl.JmsExceptions;
import org.rocketjms.jms.impl.JmsXAConnection;
import org.rocketjms.jms.impl.JmsXAContext;

/**
 * The XA connection factory: {@code new RocketXAConnectionFactory("rocketjms://host:9876")}, configured exactly like
 * {@link RocketConnectionFactory} (URL, user, password, clientID, prefetch, …) and usable as one (its
 * {@code createConnection}/{@code createContext} give ordinary connections and contexts). Its XA connections make
 * XA sessions ({@code createXASession()}) whose {@code getXAResource()} a transaction manager enlists; the simplified
 * API's {@link #createXAContext()} gives an {@link XAJMSContext} with the same {@code getXAResource()}. Every
 * XAResource of one cluster (same name-server URL) is the same resource manager ({@code isSameRM}).
 */
public class RocketXAConnectionFactory extends RocketConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {
    private static final long serialVersionUID = 1L;

    /** A factory for {@link #DEFAULT_URL}. */
    public RocketXAConnectionFactory() {
    }

    /** A factory for the name servers of {@code url} ({@code rocketjms://host:port[;host:port...]}). */
    public RocketXAConnectionFactory(String url) {
        super(url);
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return new JmsXAConnection(settings(getUser(), getPassword()));
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return new JmsXAConnection(settings(userName, password));
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return new JmsXAConnection(settings(getUser(), getPassword()));
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return new JmsXAConnection(settings(userName, password));
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return new JmsXAConnection(settings(getUser(), getPassword()));
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return new JmsXAConnection(settings(userName, password));
    }

    @Override
    public XAJMSContext createXAContext() {
        return createXAContext(getUser(), getPassword());
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        try {
            return new JmsXAContext(new JmsXAConnection(settings(userName, password)));
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public String toString() {
        return "RocketXAConnectionFactory[" + getBrokerURL() + ']';
    }
}
