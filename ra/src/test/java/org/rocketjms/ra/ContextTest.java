package org.rocketjms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.ra.admin.RaQueue;
import org.rocketjms.ra.outbound.DefaultConnectionManager;
import org.rocketjms.ra.outbound.RocketManagedConnectionFactory;

/**
 * {@code createContext()} on the adapter's connection factory: pooled through the ConnectionManager, the Jakarta
 * Messaging rules for the EE containers, and enlistment in XA and local transactions (through a test transaction
 * manager that enlists the connection as a server does).
 */
class ContextTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    RocketResourceAdapter ra;
    RocketManagedConnectionFactory mcf;
    DefaultConnectionManager cm;
    TestTransactionManager tm;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerSupport.start(dir);
        ra = new RocketResourceAdapter();
        ra.setConnectionURL(broker.url());
        ra.start(null);
        mcf = new RocketManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        cm = new DefaultConnectionManager();
        tm = new TestTransactionManager();
    }

    @AfterEach
    void stop() throws Exception {
        cm.close();
        tm.close();
        ra.stop();
        broker.close();
    }

    private ConnectionFactory pooled() throws Exception {
        return (ConnectionFactory) mcf.createConnectionFactory(cm);
    }

    private ConnectionFactory transactional() throws Exception {
        return (ConnectionFactory) mcf.createConnectionFactory(tm);
    }

    @Test
    void contextSendsAndReceivesAndReturnsItsConnectionToThePool() throws Exception {
        ConnectionFactory cf = pooled();
        Queue q = new RaQueue("ctx.q");
        try (JMSContext ctx = cf.createContext()) {
            assertFalse(ctx.getTransacted(), "outside a transaction a container context is not transacted");
            assertEquals(JMSContext.AUTO_ACKNOWLEDGE, ctx.getSessionMode());
            assertEquals(1, cm.inUseCount());
            JMSProducer p = ctx.createProducer().setProperty("color", "red").setProperty("size", 3)
                    .setJMSType("probe").setJMSCorrelationID("corr-1").setPriority(7);
            assertEquals(Set.of("color", "size"), p.getPropertyNames());
            assertEquals("3", p.getStringProperty("size"), "the JMS conversion table applies");
            assertThrows(MessageFormatRuntimeException.class, () -> p.getBooleanProperty("size"), "int to boolean");
            assertThrows(NumberFormatException.class, () -> p.getIntProperty("color"), "as Integer.valueOf");
            assertThrows(UnsupportedOperationException.class, () -> p.getPropertyNames().add("x"));
            p.send(q, "hello");
        }
        assertEquals(0, cm.inUseCount(), "close returns the connection");
        assertEquals(1, cm.idleCount());
        TextMessage m = (TextMessage) BrokerSupport.receive(broker.url(), "ctx.q", 5000);
        assertNotNull(m, "the context's send was delivered");
        assertEquals("hello", m.getText());
        assertEquals("red", m.getStringProperty("color"));
        assertEquals(3, m.getIntProperty("size"));
        assertEquals("probe", m.getJMSType());
        assertEquals("corr-1", m.getJMSCorrelationID());
        assertEquals(7, m.getJMSPriority());

        // a second context reuses the pooled connection and can consume, with the receiveBody rules
        BrokerSupport.send(broker.url(), "ctx.q", "back");
        try (JMSContext ctx = cf.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE)) {
            assertEquals(0, cm.idleCount());
            assertEquals(JMSContext.DUPS_OK_ACKNOWLEDGE, ctx.getSessionMode());
            JMSConsumer consumer = ctx.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class, 5000),
                    "a text body is not a byte[]");
            assertEquals("back", consumer.receiveBody(String.class, 5000),
                    "the message whose body did not fit is received again");
            assertNull(consumer.receiveNoWait());
        }
        assertEquals(1, cm.idleCount());
    }

    @Test
    void containerRulesOfTheContext() throws Exception {
        ConnectionFactory cf = pooled();
        JMSRuntimeException client = assertThrows(JMSRuntimeException.class,
                () -> cf.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
        assertTrue(client.getMessage().contains("CLIENT_ACKNOWLEDGE"), client.getMessage());
        assertThrows(JMSRuntimeException.class, () -> cf.createContext(JMSContext.SESSION_TRANSACTED));
        JMSRuntimeException bad = assertThrows(JMSRuntimeException.class, () -> cf.createContext(99));
        assertTrue(bad.getMessage().contains("99"), bad.getMessage());
        assertEquals(0, cm.inUseCount(), "a refused context does not keep a connection");

        JMSContext ctx = cf.createContext("user", "pw");
        assertThrows(JMSRuntimeException.class, () -> ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE),
                "JMSContext.createContext is not allowed in the container");
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.setClientID("x"));
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.setExceptionListener(e -> { }));
        assertThrows(IllegalStateRuntimeException.class, ctx::stop);
        assertThrows(IllegalStateRuntimeException.class, ctx::commit, "not transacted");
        assertThrows(IllegalStateRuntimeException.class, ctx::rollback, "not transacted");
        ctx.acknowledge(); // no effect: the session is never CLIENT_ACKNOWLEDGE
        ctx.start();
        assertNull(ctx.getExceptionListener());
        JMSConsumer consumer = ctx.createConsumer(ctx.createQueue("rules.q"));
        assertThrows(IllegalStateRuntimeException.class, () -> consumer.setMessageListener(m -> { }));
        assertThrows(IllegalStateRuntimeException.class, consumer::getMessageListener);
        JMSProducer producer = ctx.createProducer();
        assertThrows(IllegalStateRuntimeException.class, () -> producer.setAsync(new jakarta.jms.CompletionListener() {
            @Override
            public void onCompletion(Message message) {
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        }));
        assertNull(producer.setAsync(null).getAsync());
        assertThrows(JMSRuntimeException.class, () -> producer.setDeliveryMode(3));
        assertThrows(JMSRuntimeException.class, () -> producer.setPriority(10));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.send(new RaQueue("rules.q"), (Message) null));
        assertEquals(1, cm.inUseCount());
        ctx.close();
        ctx.close();
        assertEquals(0, cm.inUseCount());
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.createTextMessage("x"), "closed");
        assertThrows(IllegalStateRuntimeException.class, ctx::acknowledge, "closed");
        assertThrows(IllegalStateRuntimeException.class, () -> consumer.receiveNoWait(), "closed with the context");
    }

    @Test
    void contextInAnXaTransactionCommitsAndRollsBackWithIt() throws Exception {
        // the default physical factories are the provider's RocketXAConnectionFactory: a real two-phase branch
        ConnectionFactory cf = transactional();
        Queue q = new RaQueue("ctx.xa.q");
        tm.begin(TestTransactionManager.Kind.XA);
        try (JMSContext ctx = cf.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            assertTrue(ctx.getTransacted(), "inside a transaction the session mode argument is ignored");
            assertEquals(JMSContext.SESSION_TRANSACTED, ctx.getSessionMode());
            assertThrows(TransactionInProgressRuntimeException.class, ctx::commit);
            assertThrows(TransactionInProgressRuntimeException.class, ctx::rollback);
            ctx.createProducer().send(q, "xa-committed");
        }
        assertNull(BrokerSupport.receive(broker.url(), "ctx.xa.q", 500), "invisible before the transaction commits");
        tm.commit();
        assertEquals("xa-committed", ((TextMessage) BrokerSupport.receive(broker.url(), "ctx.xa.q", 5000)).getText());

        tm.begin(TestTransactionManager.Kind.XA);
        try (JMSContext ctx = cf.createContext()) {
            ctx.createProducer().send(q, "xa-rolled-back");
        }
        tm.rollback();
        assertNull(BrokerSupport.receive(broker.url(), "ctx.xa.q", 1000), "a rolled back send is never delivered");

        // a receive inside the transaction is undone by its rollback
        BrokerSupport.send(broker.url(), "ctx.xa.q", "xa-received");
        tm.begin(TestTransactionManager.Kind.XA);
        try (JMSContext ctx = cf.createContext()) {
            assertEquals("xa-received", ctx.createConsumer(q).receiveBody(String.class, 5000));
        }
        tm.rollback();
        Message again = BrokerSupport.receive(broker.url(), "ctx.xa.q", 5000);
        assertNotNull(again, "the rolled back receive is delivered again");
        assertTrue(again.getJMSRedelivered());

        // after the transaction the pooled connection gives a non-transacted context again
        try (JMSContext ctx = cf.createContext()) {
            assertFalse(ctx.getTransacted());
        }
        assertEquals(List.of("xa-start", "handle-closed", "xa-end", "xa-commit", "cleanup",
                "xa-start", "handle-closed", "xa-end", "xa-rollback", "cleanup",
                "xa-start", "handle-closed", "xa-end", "xa-rollback", "cleanup",
                "handle-closed", "cleanup"), tm.calls);
    }

    @Test
    void contextInALocalTransactionCommitsAndRollsBackWithIt() throws Exception {
        ConnectionFactory cf = transactional();
        Queue q = new RaQueue("ctx.local.q");
        tm.begin(TestTransactionManager.Kind.LOCAL);
        try (JMSContext ctx = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
            assertTrue(ctx.getTransacted());
            assertThrows(TransactionInProgressRuntimeException.class, ctx::commit);
            ctx.createProducer().send(q, "local-committed");
        }
        assertNull(BrokerSupport.receive(broker.url(), "ctx.local.q", 500), "invisible before commit");
        tm.commit();
        assertEquals("local-committed",
                ((TextMessage) BrokerSupport.receive(broker.url(), "ctx.local.q", 5000)).getText());

        tm.begin(TestTransactionManager.Kind.LOCAL);
        try (JMSContext ctx = cf.createContext()) {
            ctx.createProducer().send(q, "local-rolled-back");
        }
        tm.rollback();
        assertNull(BrokerSupport.receive(broker.url(), "ctx.local.q", 1000), "a rolled back send is never delivered");
        assertEquals(List.of("local-begin", "handle-closed", "local-commit", "cleanup",
                "local-begin", "handle-closed", "local-rollback", "cleanup"), tm.calls);
    }
}
