package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/**
 * NON_PERSISTENT sends outside a transaction do not wait for the broker by default (blockOnNonPersistentSend=false):
 * they arrive complete and in order, mixed with PERSISTENT sends of the same producer, and a producer closed right
 * after sending has sent everything; with blockOnNonPersistentSend=true they behave as before.
 */
class NonPersistentSendTest extends JmsTestBase {

    @Test
    void nonBlockingNonPersistentSendsArriveInOrderAndCloseWaitsForThem() throws Exception {
        assertFalse(factory.isBlockOnNonPersistentSend(), "the default does not block");
        sendMixedAndCheck("np-order");
    }

    @Test
    void blockingModeStillWorks() throws Exception {
        factory.setBlockOnNonPersistentSend(true);
        sendMixedAndCheck("np-blocking");
    }

    private void sendMixedAndCheck(String queueName) throws Exception {
        int n = 2_000;
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(queueName);
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < n; i++) {
                // every 100th message is PERSISTENT: it must not overtake the NON_PERSISTENT ones sent before it
                p.setDeliveryMode(i % 100 == 99 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
                p.send(s.createTextMessage(Integer.toString(i)));
            }
            p.close(); // waits for the sends still in flight
        }
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queueName));
            for (int i = 0; i < n; i++) {
                TextMessage m = (TextMessage) consumer.receive(10_000);
                assertNotNull(m, "message " + i + " of " + n + " missing");
                assertEquals(Integer.toString(i), m.getText(), "per-producer order");
                assertEquals(i % 100 == 99 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT,
                        m.getJMSDeliveryMode());
            }
            assertNull(consumer.receive(200), "nothing beyond what was sent");
        }
    }
}
