package org.rocketjms.jms.impl;

import java.util.concurrent.atomic.AtomicInteger;

import javax.transaction.xa.XAResource;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAJMSContext;

/**
 * The simplified API's XA context: a {@link JmsContext} whose session is an {@link JmsXASession}. Its sends and
 * receives belong to the branch its {@link #getXAResource() XAResource} is associated with; {@link #getTransacted()}
 * is true, {@link #getSessionMode()} is SESSION_TRANSACTED and {@code commit()}/{@code rollback()} throw
 * {@code TransactionInProgressRuntimeException}.
 */
public final class JmsXAContext extends JmsContext implements XAJMSContext {

    /** A context owning {@code connection}. */
    public JmsXAContext(JmsXAConnection connection) {
        super(connection, Session.SESSION_TRANSACTED, new AtomicInteger(1));
    }

    @Override
    JmsSession newSession() throws JMSException {
        return connection().createXaSession(JmsSession.Domain.BOTH);
    }

    @Override
    public JMSContext getContext() {
        ensureOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return ((JmsXASession) session()).getXAResource();
    }
}
