package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.jms.impl.ConnectionSettings;

/**
 * AUTO_ACKNOWLEDGE acks sent without waiting (at most the last consumed message in doubt), DUPS_OK batches, and
 * close waiting for acks in flight, observed through a broker restart on the same data directory.
 */
class AckPipelineTest extends JmsTestBase {

    private void send(String queue, int n) throws JMSException {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue(queue));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int i = 0; i < n; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        c.close();
    }

    /** Stops the broker and starts a new one on the same ports and data directory. */
    private void restartBroker() {
        int np = broker.namesrvPort();
        int bp = broker.brokerPort();
        broker.close();
        broker = startBroker(np, bp);
        factory = new RocketConnectionFactory(broker.url());
    }

    /** Everything a fresh consumer gets from {@code queue} until it stays empty for {@code quietMillis}. */
    private List<Message> drain(String queue, long quietMillis) throws JMSException {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        List<Message> out = new ArrayList<>();
        for (Message m = consumer.receive(quietMillis); m != null; m = consumer.receive(quietMillis)) {
            out.add(m);
        }
        c.close();
        return out;
    }

    /**
     * Sends {@code n} messages, lets an AUTO_ACKNOWLEDGE listener consume them all, closes the broker under the
     * consumer (its last acks may not have reached it), restarts it and returns what comes back.
     */
    private List<Message> listenThenLoseTheBroker(String queue, int n) throws Exception {
        send(queue, n);
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        CountDownLatch all = new CountDownLatch(n);
        consumer.setMessageListener(m -> all.countDown());
        c.start();
        assertTrue(all.await(30, TimeUnit.SECONDS), "the listener did not get all " + n + " messages");
        broker.close();
        c.close();
        restartBroker();
        return drain(queue, 3_000);
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    @Test
    void autoAckLeavesAtMostTheLastReceivedMessageInDoubtAfterTheBrokerGoes() throws Exception {
        send("pipe", 30);
        factory.setAutoAckWindow(1); // the specification's "only the last consumed message" (default window is 32)
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("pipe"));
        for (int i = 0; i < 30; i++) {
            Message m = consumer.receive(5_000);
            assertNotNull(m, "message " + i);
            assertEquals("m" + i, text(m));
        }
        assertNull(consumer.receiveNoWait()); // a receive bounds what is in doubt: every ack but the last is confirmed
        broker.close(); // the ack of m29 may or may not have reached the broker
        c.close();
        restartBroker();
        List<Message> back = drain("pipe", 3_000);
        assertTrue(back.size() <= 1, "more than the last consumed message came back: " + back.size());
        for (Message m : back) {
            assertEquals("m29", text(m), "only the last consumed message may come back");
            assertTrue(m.getJMSRedelivered(), "a message that comes back must say JMSRedelivered");
        }
    }

    @Test
    void listenerAutoAckLeavesAtMostTheLastTwoMessagesInDoubtAfterTheBrokerGoes() throws Exception {
        factory.setAutoAckWindow(1); // the one handed out waits for all but its predecessor's ack
        List<Message> back = listenThenLoseTheBroker("pipe-l", 20);
        assertTrue(back.size() <= 2, "more than the last two messages came back: " + back.size());
        for (Message m : back) {
            assertTrue(List.of("m18", "m19").contains(text(m)), "an early message came back: " + text(m));
            assertTrue(m.getJMSRedelivered(), "a message that comes back must say JMSRedelivered");
        }
    }

    @Test
    void theDefaultWindowBoundsWhatComesBackToTheLatestConsumedMessages() throws Exception {
        int n = 300;
        int window = ConnectionSettings.DEFAULT_AUTO_ACK_WINDOW;
        List<Message> back = listenThenLoseTheBroker("pipe-w", n);
        // the last one handed out plus at most `window` unconfirmed before it
        assertTrue(back.size() <= window + 1, "more than window + 1 messages came back: " + back.size());
        for (Message m : back) {
            int i = Integer.parseInt(text(m).substring(1));
            assertTrue(i >= n - window - 1, "a message older than the window came back: " + text(m));
            assertTrue(m.getJMSRedelivered(), "a message that comes back must say JMSRedelivered");
        }
    }

    @Test
    void cleanCloseWaitsForTheAcksInFlight() throws Exception {
        for (int round = 0; round < 3; round++) {
            String q = "close-" + round;
            send(q, 40);
            Connection c = started();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(q));
            for (int i = 0; i < 40; i++) {
                assertNotNull(consumer.receive(5_000), "message " + i);
            }
            c.close(); // the last ack is still in flight when close starts
            List<Message> back = drain(q, 1_500);
            assertEquals(List.of(), back, "a message acknowledged before a clean close came back");
        }
    }

    @Test
    void consumerCloseWaitsForTheAcksInFlight() throws Exception {
        send("cclose", 10);
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("cclose"));
        for (int i = 0; i < 10; i++) {
            assertNotNull(consumer.receive(5_000), "message " + i);
        }
        consumer.close();
        broker.close(); // nothing may be in flight any more
        c.close();
        restartBroker();
        List<Message> back = drain("cclose", 1_500);
        assertEquals(0, back.size(), "a message consumed before consumer.close() came back");
    }

    @Test
    void aFailedAckReachesTheExceptionListener() throws Exception {
        send("fail", 1);
        Connection c = connection();
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        c.setExceptionListener(heard::add);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("fail"));
        CountDownLatch returned = new CountDownLatch(1);
        consumer.setMessageListener(m -> {
            broker.close(); // the ack sent when onMessage returns cannot reach the broker
            returned.countDown();
        });
        c.start();
        assertTrue(returned.await(20, TimeUnit.SECONDS));
        long deadline = System.currentTimeMillis() + 15_000;
        while (heard.stream().noneMatch(e -> e.getMessage().contains("acknowledging"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(heard.stream().anyMatch(e -> e.getMessage().contains("acknowledging")),
                "the ExceptionListener did not hear of the failed ack: " + heard);
        JMSException e = heard.stream().filter(x -> x.getMessage().contains("acknowledging")).findFirst().get();
        assertNotNull(e.getLinkedException(), "the cause should be linked");
    }

    @Test
    void dupsOkAcknowledgesInBatchesSoAnUnsentBatchComesBack() throws Exception {
        send("dups", 10);
        factory.setDupsOkBatchSize(100);
        factory.setDupsOkBatchMillis(60_000);
        Connection c = started();
        Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("dups"));
        for (int i = 0; i < 10; i++) {
            assertNotNull(consumer.receive(5_000), "message " + i);
        }
        broker.close(); // the batch of 10 was never sent
        c.close();
        restartBroker();
        List<Message> back = drain("dups", 3_000);
        assertEquals(10, back.size(), "the consumed batch was acknowledged before it was full");
        for (Message m : back) {
            assertTrue(m.getJMSRedelivered());
        }
    }

    @Test
    void dupsOkSendsAFullBatchAndCloseSendsTheRest() throws Exception {
        send("dups2", 25);
        factory.setDupsOkBatchSize(10);
        factory.setDupsOkBatchMillis(60_000);
        Connection c = started();
        Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("dups2"));
        for (int i = 0; i < 25; i++) {
            assertNotNull(consumer.receive(5_000), "message " + i);
        }
        c.close(); // sends the 5 that wait and waits for them
        factory.setDupsOkBatchSize(0);
        assertEquals(List.of(), drain("dups2", 1_500));
    }

    @Test
    void factoryRefusesNegativeDupsOkSettings() {
        RocketConnectionFactory f = new RocketConnectionFactory();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.setDupsOkBatchSize(-1));
        assertTrue(e.getMessage().contains("dupsOkBatchSize"));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.setDupsOkBatchMillis(-5));
        assertTrue(e.getMessage().contains("dupsOkBatchMillis"));
    }
}
