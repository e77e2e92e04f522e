package org.rocketjms.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTopic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Header fields, acknowledge hook, text message modes and message IDs. */
class MessageHeadersTest {

    @Test
    void defaults() {
        RocketMessage m = new RocketMessage();
        assertNull(m.getJMSMessageID());
        assertEquals(0, m.getJMSTimestamp());
        assertNull(m.getJMSCorrelationID());
        assertNull(m.getJMSCorrelationIDAsBytes());
        assertNull(m.getJMSReplyTo());
        assertNull(m.getJMSDestination());
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertFalse(m.getJMSRedelivered());
        assertNull(m.getJMSType());
        assertEquals(0, m.getJMSExpiration());
        assertEquals(0, m.getJMSDeliveryTime());
        assertEquals(Message.DEFAULT_PRIORITY, m.getJMSPriority());
        assertEquals(MessageKind.MESSAGE, m.kind());
    }

    @Test
    void settersAndGetters() {
        RocketMessage m = new RocketMessage();
        m.setJMSMessageID("anything, the provider sets ID: values");
        m.setJMSTimestamp(11);
        m.setJMSReplyTo(new RocketQueue("r"));
        m.setJMSDestination(new RocketTopic("t"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(true);
        m.setJMSType("type");
        m.setJMSExpiration(12);
        m.setJMSDeliveryTime(13);
        m.setJMSPriority(7);
        assertEquals("anything, the provider sets ID: values", m.getJMSMessageID());
        assertEquals(11, m.getJMSTimestamp());
        assertEquals(new RocketQueue("r"), m.getJMSReplyTo());
        assertEquals(new RocketTopic("t"), m.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertTrue(m.getJMSRedelivered());
        assertEquals("type", m.getJMSType());
        assertEquals(12, m.getJMSExpiration());
        assertEquals(13, m.getJMSDeliveryTime());
        assertEquals(7, m.getJMSPriority());
    }

    @Test
    void correlationIdAsStringAndBytes() {
        RocketMessage m = new RocketMessage();
        m.setJMSCorrelationID("corr-\u00e9");
        assertEquals("corr-\u00e9", m.getJMSCorrelationID());
        assertArrayEquals("corr-\u00e9".getBytes(StandardCharsets.UTF_8), m.getJMSCorrelationIDAsBytes());
        assertFalse(m.isJMSCorrelationIDBytes());
        byte[] raw = {0, -1, 127, -128, 65};
        m.setJMSCorrelationIDAsBytes(raw);
        assertArrayEquals(raw, m.getJMSCorrelationIDAsBytes());
        assertTrue(m.isJMSCorrelationIDBytes());
        assertEquals(5, m.getJMSCorrelationID().length());
        m.setJMSCorrelationIDAsBytes(null);
        assertNull(m.getJMSCorrelationID());
        assertNull(m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void acknowledgeCallsTheHookOrDoesNothing() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.acknowledge();
        List<Message> acked = new ArrayList<>();
        m.setAcknowledger(acked::add);
        m.acknowledge();
        assertEquals(1, acked.size());
        assertSame(m, acked.get(0));
    }

    @Test
    void textMessageModes() throws JMSException {
        RocketTextMessage m = new RocketTextMessage();
        assertNull(m.getText());
        m.setText("a");
        m.setIntProperty("p", 1);
        m.onDelivery(1);
        assertEquals("a", m.getText());
        assertThrows(MessageNotWriteableException.class, () -> m.setText("b"));
        m.clearBody();
        assertNull(m.getText());
        assertEquals(1, m.getIntProperty("p"), "clearBody keeps properties");
        assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("q", 1),
                "clearBody does not make properties writable");
        m.setText("b");
        m.clearProperties();
        assertEquals("b", m.getText(), "clearProperties keeps the body");
    }

    @Test
    void clearBodyKeepsHeaders() throws JMSException {
        RocketTextMessage m = new RocketTextMessage("x");
        m.setJMSType("t");
        m.setJMSCorrelationID("c");
        m.clearBody();
        m.clearProperties();
        assertEquals("t", m.getJMSType());
        assertEquals("c", m.getJMSCorrelationID());
    }

    @Test
    void generatedMessageIdsStartWithId() {
        String a = RocketMessages.newMessageId();
        String b = RocketMessages.newMessageId();
        assertTrue(a.startsWith("ID:"));
        assertFalse(a.equals(b));
    }

    @Test
    void messageIdsAreUniqueAcrossThreadsAndShareOneRandomPrefix() throws Exception {
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    ids.add(RocketMessages.newMessageId());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(80_000, ids.size());
        java.util.Set<String> prefixes = new java.util.HashSet<>();
        for (String id : ids) {
            assertTrue(id.matches("ID:[0-9a-f]{24}-[0-9a-f]+"), id);
            prefixes.add(id.substring(0, id.indexOf('-') + 1));
        }
        assertEquals(1, prefixes.size(), "one random prefix per JVM: " + prefixes);
    }
}
