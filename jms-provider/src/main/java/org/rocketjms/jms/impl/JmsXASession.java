package org.rocketjms.jms.impl;

import javax.transaction.xa.XAResource;

import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XATopicSession;
import org.rocketjms.jms.client.XaCore;

/**
 * An XA session: while its {@link #getXAResource() XAResource} is associated with a branch, its sends and the
 * messages it consumes belong to that branch (committed or rolled back by the transaction manager); outside a branch
 * it behaves like a non-transacted AUTO_ACKNOWLEDGE session. As the JMS specification requires, {@link #getTransacted()}
 * is true and {@link #commit()}/{@link #rollback()} throw {@link TransactionInProgressException}.
 */
public final class JmsXASession extends JmsSession implements XAQueueSession, XATopicSession {
    private final JmsXAResource resource;

    JmsXASession(JmsConnection connection, Domain domain) {
        super(connection, Session.AUTO_ACKNOWLEDGE, domain);
        this.resource = new JmsXAResource(new BrokerXaTransport(new XaCore(connection.client())));
        this.resource.setStartListener(this::adoptInDelivery);
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    /** The resource as its own type (for tests and the resource adapter). */
    JmsXAResource xaResource() {
        return resource;
    }

    @Override
    public Session getSession() throws JMSException {
        ensureOpen();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        ensureOpen();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        ensureOpen();
        return this;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        ensureOpen();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        ensureOpen();
        return Session.SESSION_TRANSACTED;
    }

    @Override
    public void commit() throws JMSException {
        ensureOpen();
        throw new TransactionInProgressException("commit() is not allowed on an XASession: its work is committed by"
                + " the transaction manager through its XAResource");
    }

    @Override
    public void rollback() throws JMSException {
        ensureOpen();
        throw new TransactionInProgressException("rollback() is not allowed on an XASession: its work is rolled back"
                + " by the transaction manager through its XAResource");
    }

    @Override
    SessionTransaction globalTransaction() {
        return resource.current();
    }

    @Override
    void closingGlobalTransaction() {
        resource.sessionClosing();
    }

    @Override
    public String toString() {
        return "JmsXASession[" + connection() + ']';
    }
}
