package org.rocketjms.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;

/** Sends one text to {@code jms/testQueue} through the resource adapter in a container (JTA) transaction. */
@Stateless
public class Sender {
    @Resource(lookup = "jms/rjCF")
    private ConnectionFactory factory;
    @Resource(lookup = "jms/testQueue")
    private Queue queue;
    @Resource
    private SessionContext context;

    /** Sends {@code text}; marks the transaction rollback-only afterwards when {@code rollback}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void send(String text, boolean rollback) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession();
            s.createProducer(queue).send(s.createTextMessage(text));
        }
        if (rollback) {
            context.setRollbackOnly();
        }
    }
}
