package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.client.RouteProbe;

/** Transacted sessions on the broker's half messages, through the public JMS API. */
class TransactionTest extends JmsTestBase {

    private void put(Connection c, String queue, String text) throws Exception {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        s.close();
    }

    private String take(Connection c, String queue, long timeout) throws Exception {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            TextMessage m = (TextMessage) s.createConsumer(s.createQueue(queue)).receive(timeout);
            return m == null ? null : m.getText();
        } finally {
            s.close();
        }
    }

    @Test
    void consumeAndProduceCommitPublishesAndAcksTogether() throws Exception {
        Connection other = started();
        put(other, "tx-in", "request");
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer in = tx.createConsumer(tx.createQueue("tx-in"));
        MessageProducer out = tx.createProducer(tx.createQueue("tx-out"));
        TextMessage request = (TextMessage) in.receive(5000);
        assertEquals("request", request.getText());
        out.send(tx.createTextMessage("reply"));
        assertNull(take(other, "tx-out", 500), "an uncommitted send is invisible");
        tx.commit();
        assertEquals("reply", take(other, "tx-out", 5000));
        in.close();
        assertNull(take(other, "tx-in", 1000), "the committed consumption is acknowledged");
    }

    @Test
    void consumeAndProduceRollbackDiscardsSendsAndRedelivers() throws Exception {
        Connection other = started();
        put(other, "txr-in", "request");
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer in = tx.createConsumer(tx.createQueue("txr-in"));
        MessageProducer out = tx.createProducer(tx.createQueue("txr-out"));
        Message first = in.receive(5000);
        assertFalse(first.getJMSRedelivered());
        assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
        out.send(tx.createTextMessage("reply"));
        tx.rollback();
        assertNull(take(other, "txr-out", 1000), "a rolled back send never becomes visible");
        TextMessage again = (TextMessage) in.receive(5000);
        assertNotNull(again, "the rolled back consumption is redelivered");
        assertEquals("request", again.getText());
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        tx.commit();
        in.close();
        assertNull(take(other, "txr-in", 500));
    }

    @Test
    void highPriorityConsumptionIsAckedAtCommit() throws Exception {
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue("tx-prio");
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("urgent"), jakarta.jms.DeliveryMode.PERSISTENT, 9, 0);
        p.send(tx.createTextMessage("normal"), jakarta.jms.DeliveryMode.PERSISTENT, 2, 0);
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(q);
        assertEquals("urgent", ((TextMessage) consumer.receive(5000)).getText());
        tx.rollback();
        // after a rollback a prefetch already under way may hand out the normal one first (priority is best effort)
        Message a = consumer.receive(5000);
        Message b = consumer.receive(5000);
        Message again = "urgent".equals(a.getBody(String.class)) ? a : b;
        Message normal = again == a ? b : a;
        assertEquals("urgent", again.getBody(String.class));
        assertTrue(again.getJMSRedelivered());
        assertEquals(9, again.getJMSPriority());
        assertEquals("normal", normal.getBody(String.class));
        tx.commit();
        consumer.close();
        assertNull(take(c, "tx-prio", 1000), "both bands were acknowledged by the commit");
    }

    @Test
    void openTransactionSurvivesABrokerRestart() throws Exception {
        int namesrvPort = broker.namesrvPort();
        int brokerPort = broker.brokerPort();
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer p = tx.createProducer(tx.createQueue("tx-restart"));
        p.send(tx.createTextMessage("before restart"));
        broker.close();
        broker = startBroker(namesrvPort, brokerPort);
        tx.commit(); // the restarted broker recovered the open transaction from its half messages
        assertEquals("before restart", take(c, "tx-restart", 5000));
    }

    @Test
    void closingTheConnectionWithoutCommitLeavesNothingVisible() throws Exception {
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer p = tx.createProducer(tx.createQueue("tx-closed"));
        for (int i = 0; i < 3; i++) {
            p.send(tx.createTextMessage("m" + i));
        }
        c.close();
        Connection other = started();
        assertNull(take(other, "tx-closed", 1500));
    }

    @Test
    void manySendsInFlightArePublishedInOrderAtCommit() throws Exception {
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue("tx-many");
        MessageProducer p = tx.createProducer(q);
        for (int i = 0; i < 500; i++) {
            p.send(tx.createTextMessage("m" + i)); // returns without waiting for the broker (pipelined)
        }
        tx.commit();
        Session reader = started().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = reader.createConsumer(q);
        for (int i = 0; i < 500; i++) {
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertNotNull(m, "message " + i);
            assertEquals("m" + i, m.getText(), "published in send order");
        }
        assertNull(consumer.receive(300));
    }

    @Test
    void aSendTheBrokerRefusesAfterReturningRollsTheCommitBack() throws Exception {
        Connection other = started();
        put(other, "txf-in", "request");
        // the refused send must be pipelined: it is only while the producer has a real route (CI once lost that race)
        put(other, "txf-out", "warm-up");
        assertEquals("warm-up", take(other, "txf-out", 5000));
        RouteProbe.awaitRouteOf(broker.url(), "txf-out");
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer in = tx.createConsumer(tx.createQueue("txf-in"));
        assertEquals("request", ((TextMessage) in.receive(5000)).getText());
        MessageProducer p = tx.createProducer(tx.createQueue("txf-out"));
        p.send(tx.createTextMessage("before")); // the first send to a topic goes alone and picks the queue
        BytesMessage big = tx.createBytesMessage();
        big.writeBytes(new byte[5 * 1024 * 1024]); // above the broker's maxMessageSize (4 MiB): refused
        p.send(big); // pipelined: returns before the broker's answer
        p.send(tx.createTextMessage("after"));
        TransactionRolledBackException e = assertThrows(TransactionRolledBackException.class, tx::commit);
        assertTrue(e.getMessage().contains("maxMessageSize"), e.getMessage());
        assertNull(take(other, "txf-out", 1000), "nothing of the rolled back transaction is visible");
        TextMessage again = (TextMessage) in.receive(5000);
        assertNotNull(again, "the consumption of the rolled back transaction is redelivered");
        assertTrue(again.getJMSRedelivered());
        p.send(tx.createTextMessage("next"));
        tx.commit(); // the session goes on with a new transaction
        assertEquals("next", take(other, "txf-out", 5000));
        assertNull(take(other, "txf-out", 500));
    }

    @Test
    void completionListenerRunsOnceTheHalfMessageIsStored() throws Exception {
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue("tx-async");
        CountDownLatch done = new CountDownLatch(10);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        CompletionListener listener = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    completed.add(((TextMessage) message).getText());
                } catch (jakarta.jms.JMSException e) {
                    failure.set(e);
                }
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                failure.set(exception);
                done.countDown();
            }
        };
        MessageProducer p = tx.createProducer(q);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            p.send(tx.createTextMessage("async" + i), listener);
            sent.add("async" + i);
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertNull(failure.get());
        assertEquals(sent, completed, "CompletionListeners run in send order");
        Session reader = started().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = reader.createConsumer(q);
        assertNull(consumer.receive(500), "invisible until commit");
        tx.commit();
        for (String text : sent) {
            assertEquals(text, ((TextMessage) consumer.receive(5000)).getText(), "published in send order");
        }
    }

    @Test
    void transactedContextCommitAndRollback() throws Exception {
        JMSContext ctx = track(factory.createContext(JMSContext.SESSION_TRANSACTED));
        Queue q = ctx.createQueue("tx-ctx");
        JMSConsumer consumer = ctx.createConsumer(q);
        ctx.createProducer().send(q, "one");
        ctx.rollback();
        assertNull(consumer.receive(500));
        ctx.createProducer().send(q, "two");
        ctx.commit();
        assertEquals("two", consumer.receiveBody(String.class, 5000));
        ctx.rollback();
        Message again = consumer.receive(5000);
        assertTrue(again.getJMSRedelivered());
        ctx.commit();
        assertNull(consumer.receive(500));
    }
}
