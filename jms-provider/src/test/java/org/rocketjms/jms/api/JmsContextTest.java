package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;

/** The simplified API (JMSContext, JMSProducer, JMSConsumer) against an embedded broker. */
class JmsContextTest extends JmsTestBase {

    @Test
    void sendAndReceiveBodies() throws Exception {
        JMSContext ctx = track(factory.createContext());
        Queue q = ctx.createQueue("ctx");
        JMSConsumer consumer = ctx.createConsumer(q);
        JMSProducer p = ctx.createProducer().setProperty("n", 7).setProperty("s", "12").setJMSType("t");
        assertEquals(12, p.getIntProperty("s"));
        assertEquals("7", p.getStringProperty("n"));
        p.send(q, "text");
        p.send(q, Map.of("k", "v"));
        p.send(q, new byte[] {1, 2});
        p.send(q, 5L);
        Message m = consumer.receive(5000);
        assertEquals("text", m.getBody(String.class));
        assertEquals(7, m.getIntProperty("n"));
        assertEquals("t", m.getJMSType());
        assertEquals("v", consumer.receiveBody(Map.class, 5000).get("k"));
        assertEquals(2, consumer.receiveBody(byte[].class, 5000).length);
        assertEquals(5L, consumer.receiveBody(Long.class, 5000));
        assertNull(consumer.receiveBodyNoWait(String.class));
    }

    @Test
    void wrongBodyTypeLeavesMessageForRedelivery() throws Exception {
        JMSContext ctx = track(factory.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        Queue q = ctx.createQueue("ctx-body");
        JMSConsumer consumer = ctx.createConsumer(q);
        ctx.createProducer().send(q, "not a number");
        assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Integer.class, 5000));
        assertEquals("not a number", consumer.receiveBody(String.class, 5000));
    }

    @Test
    void transactedContextAndSharedConnection() throws Exception {
        JMSContext ctx = track(factory.createContext(JMSContext.SESSION_TRANSACTED));
        JMSContext other = ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        Queue q = ctx.createQueue("ctx-tx");
        JMSConsumer consumer = other.createConsumer(q);
        ctx.createProducer().send(q, "x");
        assertNull(consumer.receive(300));
        ctx.commit();
        assertEquals("x", consumer.receiveBody(String.class, 5000));
        other.close();
        assertThrows(IllegalStateRuntimeException.class, () -> other.createQueue("q"));
        ctx.createProducer().send(q, "y");
        ctx.rollback();
        assertThrows(IllegalStateRuntimeException.class, ctx::recover);
    }

    @Test
    void runtimeExceptionTwins() throws Exception {
        JMSContext ctx = track(factory.createContext());
        assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createQueue(""));
        assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createProducer().send(null, "x"));
        assertThrows(InvalidSelectorRuntimeException.class, () -> ctx.createConsumer(ctx.createQueue("q"), "a ="));
        assertThrows(JMSRuntimeException.class, () -> ctx.createProducer().setPriority(11));
        assertThrows(IllegalStateRuntimeException.class, ctx::commit);
        JMSContext a = track(factory.createContext());
        a.setClientID("ctx-id");
        JMSContext b = track(factory.createContext());
        assertThrows(InvalidClientIDRuntimeException.class, () -> b.setClientID("ctx-id"));
        ctx.close();
        assertThrows(IllegalStateRuntimeException.class, ctx::createMessage);
        ctx.close();
        assertTrue(a.getAutoStart());
    }
}
