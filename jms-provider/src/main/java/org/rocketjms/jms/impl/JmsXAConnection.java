package org.rocketjms.jms.impl;

import jakarta.jms.JMSException;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * An XA connection: everything a {@link JmsConnection} does, plus {@link #createXASession()} (and its queue/topic
 * variants), whose sessions take part in global transactions through their XAResource.
 */
public final class JmsXAConnection extends JmsConnection implements XAQueueConnection, XATopicConnection {

    /** Opens the connection (authenticating when a user is set). */
    public JmsXAConnection(ConnectionSettings settings) throws JMSException {
        super(settings);
    }

    @Override
    public XASession createXASession() throws JMSException {
        return createXaSession(JmsSession.Domain.BOTH);
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return createXaSession(JmsSession.Domain.QUEUE);
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return createXaSession(JmsSession.Domain.TOPIC);
    }

    @Override
    public String toString() {
        return "JmsXAConnection[" + super.toString() + ']';
    }
}
