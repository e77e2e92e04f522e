package org.rocketjms.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

/**
 * Sends one text to {@code jms/testQueue} with the simplified API ({@code createContext()} on the adapter's connection
 * factory) in a container (JTA) transaction; the context's send must commit or roll back with it.
 */
@Stateless
public class ContextSender {
    @Resource(lookup = "jms/rjCF")
    private ConnectionFactory factory;
    @Resource(lookup = "jms/testQueue")
    private Queue queue;
    @Resource
    private SessionContext context;

    /**
     * Sends {@code text} and returns what the context reported ({@code transacted=B}); marks the transaction
     * rollback-only afterwards when {@code rollback}.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String send(String text, boolean rollback) {
        boolean transacted;
        try (JMSContext ctx = factory.createContext()) {
            transacted = ctx.getTransacted();
            ctx.createProducer().send(queue, text);
        }
        if (rollback) {
            context.setRollbackOnly();
        }
        return "transacted=" + transacted;
    }
}
