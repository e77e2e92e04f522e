package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/** Point-to-point messaging through the public JMS API against an embedded broker. */
class QueueMessagingTest extends JmsTestBase {

    /**
     * Jakarta Messaging 6.2.9.1: messages a session sends to a destination are received in the order sent, also when
     * several producers of the session send them (a topic has several queues; each producer used to pick its own).
     */
    @Test
    void messagesOfSeveralProducersOfOneSessionArriveInTheOrderTheSessionSentThem() throws Exception {
        Connection c = started();
        for (int mode : new int[] {Session.AUTO_ACKNOWLEDGE, Session.SESSION_TRANSACTED}) {
            boolean tx = mode == Session.SESSION_TRANSACTED;
            Session s = c.createSession(tx, mode);
            Queue q = s.createQueue("order.producers." + (tx ? "tx" : "plain"));
            jakarta.jms.MessageProducer[] producers = new jakarta.jms.MessageProducer[4];
            for (int i = 0; i < producers.length; i++) {
                producers[i] = s.createProducer(q);
                producers[i].setDeliveryMode(i % 2 == 0 ? jakarta.jms.DeliveryMode.PERSISTENT
                        : jakarta.jms.DeliveryMode.NON_PERSISTENT);
            }
            java.util.List<String> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String text = "m" + i;
                producers[(i * 7 + i / 3) % producers.length].send(s.createTextMessage(text));
                sent.add(text);
            }
            if (tx) {
                s.commit();
            }
            Session r = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = r.createConsumer(q);
            java.util.List<String> got = new java.util.ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Message m = consumer.receive(5_000);
                assertNotNull(m, "message " + i + " of " + q);
                got.add(((TextMessage) m).getText());
            }
            assertEquals(sent, got, tx ? "transacted" : "plain");
            r.close();
            s.close();
        }
    }

    @Test
    void allFiveKindsKeepHeadersPropertiesAndBodies() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("kinds");
        Queue reply = s.createQueue("replies");
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);

        TextMessage t = s.createTextMessage("hello");
        t.setStringProperty("s", "v");
        t.setIntProperty("i", 42);
        t.setBooleanProperty("b", true);
        t.setDoubleProperty("d", 1.5);
        t.setJMSCorrelationID("corr-1");
        t.setJMSType("greeting");
        t.setJMSReplyTo(reply);
        p.send(t, DeliveryMode.NON_PERSISTENT, 7, 0);
        assertNotNull(t.getJMSMessageID());
        assertTrue(t.getJMSMessageID().startsWith("ID:"));
        assertEquals(q, t.getJMSDestination());
        assertEquals(7, t.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, t.getJMSDeliveryMode());
        assertTrue(t.getJMSTimestamp() > 0);

        BytesMessage bm = s.createBytesMessage();
        bm.writeBytes(new byte[] {1, 2, 3});
        bm.writeInt(9);
        p.send(bm);
        MapMessage mm = s.createMapMessage();
        mm.setString("k", "v");
        mm.setLong("n", 5L);
        p.send(mm);
        StreamMessage sm = s.createStreamMessage();
        sm.writeString("a");
        sm.writeShort((short) 3);
        p.send(sm);
        ObjectMessage om = s.createObjectMessage(new ArrayList<>(List.of("x", "y")));
        p.send(om);
        p.send(s.createMessage());

        TextMessage rt = (TextMessage) consumer.receive(5000);
        assertNotNull(rt);
        assertEquals("hello", rt.getText());
        assertEquals("v", rt.getStringProperty("s"));
        assertEquals(42, rt.getIntProperty("i"));
        assertTrue(rt.getBooleanProperty("b"));
        assertEquals(1.5, rt.getDoubleProperty("d"));
        assertEquals("corr-1", rt.getJMSCorrelationID());
        assertEquals("greeting", rt.getJMSType());
        assertEquals(reply, rt.getJMSReplyTo());
        assertEquals(q, rt.getJMSDestination());
        assertEquals(t.getJMSMessageID(), rt.getJMSMessageID());
        assertEquals(7, rt.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, rt.getJMSDeliveryMode());
        assertFalse(rt.getJMSRedelivered());
        assertEquals(1, rt.getIntProperty("JMSXDeliveryCount"));
        assertThrows(MessageNotWriteableException.class, () -> rt.setText("no"));
        assertThrows(MessageNotWriteableException.class, () -> rt.setStringProperty("x", "no"));

        BytesMessage rb = (BytesMessage) consumer.receive(5000);
        byte[] three = new byte[3];
        assertEquals(3, rb.readBytes(three));
        assertArrayEquals(new byte[] {1, 2, 3}, three);
        assertEquals(9, rb.readInt());
        MapMessage rm = (MapMessage) consumer.receive(5000);
        assertEquals("v", rm.getString("k"));
        assertEquals(5L, rm.getLong("n"));
        StreamMessage rs = (StreamMessage) consumer.receive(5000);
        assertEquals("a", rs.readString());
        assertEquals(3, rs.readShort());
        ObjectMessage ro = (ObjectMessage) consumer.receive(5000);
        assertEquals(List.of("x", "y"), ro.getObject());
        Message plain = consumer.receive(5000);
        assertNotNull(plain);
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void clientAcknowledgeAcksEverythingConsumedAndRecoverRedelivers() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("client-ack");
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 3; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("m0", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals("m1", ((TextMessage) consumer.receive(5000)).getText());
        s.recover();
        TextMessage again = (TextMessage) consumer.receive(5000);
        assertEquals("m0", again.getText());
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals("m1", ((TextMessage) consumer.receive(5000)).getText());
        TextMessage m2 = (TextMessage) consumer.receive(5000);
        assertEquals("m2", m2.getText());
        m2.acknowledge(); // acknowledges all three
        s.recover();
        assertNull(consumer.receive(500));
        s.close();
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertNull(s2.createConsumer(q).receive(500));
    }

    @Test
    void unacknowledgedMessagesAreRedeliveredAfterSessionClose() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("close-redeliver");
        s.createProducer(q).send(s.createTextMessage("x"));
        assertNotNull(s.createConsumer(q).receive(5000));
        s.close();
        Session s2 = c.createSession(Session.AUTO_ACKNOWLEDGE);
        Message m = s2.createConsumer(q).receive(5000);
        assertNotNull(m);
        assertTrue(m.getJMSRedelivered());
    }

    @Test
    void autoAndDupsOkAcknowledgeOnReceive() throws Exception {
        Connection c = started();
        for (int mode : new int[] {Session.AUTO_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE}) {
            Session s = c.createSession(false, mode);
            Queue q = s.createQueue("auto-" + mode);
            s.createProducer(q).send(s.createTextMessage("once"));
            MessageConsumer consumer = s.createConsumer(q);
            assertNotNull(consumer.receive(5000));
            s.recover();
            assertNull(consumer.receive(500));
            s.close();
        }
    }

    @Test
    void transactedCommitAndRollback() throws Exception {
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        assertTrue(tx.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, tx.getAcknowledgeMode());
        Queue q = tx.createQueue("tx");
        MessageProducer p = tx.createProducer(q);
        MessageConsumer consumer = tx.createConsumer(q);
        p.send(tx.createTextMessage("a"));
        p.send(tx.createTextMessage("b"));
        assertNull(consumer.receive(500), "uncommitted sends are invisible");
        tx.rollback();
        assertNull(consumer.receive(500), "rolled back sends are gone");
        p.send(tx.createTextMessage("c"));
        p.send(tx.createTextMessage("d"));
        tx.commit();
        assertEquals("c", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals("d", ((TextMessage) consumer.receive(5000)).getText());
        tx.rollback();
        TextMessage again = (TextMessage) consumer.receive(5000);
        assertEquals("c", again.getText());
        assertTrue(again.getJMSRedelivered());
        assertEquals("d", ((TextMessage) consumer.receive(5000)).getText());
        tx.commit();
        assertNull(consumer.receive(500));
        assertThrows(jakarta.jms.IllegalStateException.class, tx::recover);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.IllegalStateException.class, plain::commit);
        assertThrows(jakarta.jms.IllegalStateException.class, plain::rollback);
    }

    @Test
    void selectorsLeaveOtherMessagesForOtherConsumers() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("selected");
        MessageProducer p = s.createProducer(q);
        TextMessage red = s.createTextMessage("red");
        red.setStringProperty("color", "red");
        TextMessage blue = s.createTextMessage("blue");
        blue.setStringProperty("color", "blue");
        p.send(red);
        p.send(blue);
        MessageConsumer blues = s.createConsumer(q, "color = 'blue'");
        assertEquals("blue", ((TextMessage) blues.receive(5000)).getText());
        assertNull(blues.receive(300));
        blues.close();
        MessageConsumer all = s.createConsumer(q);
        assertEquals("red", ((TextMessage) all.receive(5000)).getText());
        InvalidSelectorException e = assertThrows(InvalidSelectorException.class,
                () -> s.createConsumer(q, "color = = 'x'"));
        assertTrue(e.getMessage().contains("color"));
    }

    @Test
    void expiredMessagesAreNeverDelivered() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("expiring");
        MessageProducer p = s.createProducer(q);
        TextMessage m = s.createTextMessage("short-lived");
        p.send(m, DeliveryMode.PERSISTENT, 4, 50);
        assertTrue(m.getJMSExpiration() > 0);
        p.send(s.createTextMessage("lasting"));
        Thread.sleep(200);
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("lasting", ((TextMessage) consumer.receive(5000)).getText());
        assertNull(consumer.receive(300));
    }

    @Test
    void listenersOfASessionRunSeriallyAndStopPausesDelivery() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q1 = s.createQueue("serial-1");
        Queue q2 = s.createQueue("serial-2");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(20);
        jakarta.jms.MessageListener l = msg -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
            all.countDown();
        };
        s.createConsumer(q1).setMessageListener(l);
        s.createConsumer(q2).setMessageListener(l);
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(null);
        for (int i = 0; i < 10; i++) {
            p.send(q1, ps.createTextMessage("a" + i));
            p.send(q2, ps.createTextMessage("b" + i));
        }
        assertFalse(all.await(500, TimeUnit.MILLISECONDS), "nothing is delivered before start");
        c.start();
        assertTrue(all.await(10, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        MessageConsumer sync = s.createConsumer(s.createQueue("other"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> sync.receive(10));
    }

    @Test
    void stoppedConnectionBlocksReceive() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("stopped");
        MessageConsumer consumer = s.createConsumer(q);
        s.createProducer(q).send(s.createTextMessage("x"));
        c.stop();
        assertNull(consumer.receive(700));
        c.start();
        assertNotNull(consumer.receive(5000));
    }

    @Test
    void listenerExceptionRedeliversInAutoMode() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("throwing");
        List<Boolean> redelivered = new CopyOnWriteArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                redelivered.add(m.getJMSRedelivered());
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
            twice.countDown();
            if (twice.getCount() == 1) {
                throw new RuntimeException("first attempt fails");
            }
        });
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ps.createProducer(q).send(ps.createTextMessage("x"));
        assertTrue(twice.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(false, true), redelivered);
    }

    @Test
    void asyncSendCompletesOnAnotherThreadInOrder() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("async");
        MessageProducer p = s.createProducer(q);
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        CountDownLatch latch = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            TextMessage m = s.createTextMessage("m" + i);
            p.send(m, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    callbackThread.set(Thread.currentThread());
                    try {
                        done.add(((TextMessage) message).getText());
                        assertThrows(jakarta.jms.IllegalStateException.class, p::close);
                    } catch (jakarta.jms.JMSException e) {
                        throw new IllegalStateException(e);
                    }
                    latch.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    latch.countDown();
                }
            });
            assertNotNull(m.getJMSMessageID());
        }
        assertTrue(latch.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), done);
        assertFalse(callbackThread.get() == Thread.currentThread());
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 5; i++) {
            assertEquals("m" + i, ((TextMessage) consumer.receive(5000)).getText());
        }
    }

    @Test
    void temporaryQueueRequestReply() throws Exception {
        Connection server = started();
        Session ss = server.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue service = ss.createQueue("service");
        MessageProducer replies = ss.createProducer(null);
        ss.createConsumer(service).setMessageListener(m -> {
            try {
                replies.send(m.getJMSReplyTo(), ss.createTextMessage("re:" + ((TextMessage) m).getText()));
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        Connection client = started();
        Session cs = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue tq = cs.createTemporaryQueue();
        MessageConsumer answers = cs.createConsumer(tq);
        TextMessage req = cs.createTextMessage("ping");
        req.setJMSReplyTo(tq);
        cs.createProducer(service).send(req);
        assertEquals("re:ping", ((TextMessage) answers.receive(10000)).getText());
        assertThrows(InvalidDestinationException.class, () -> ss.createConsumer(tq),
                "only the owning connection may consume");
        assertThrows(jakarta.jms.JMSException.class, tq::delete, "consumers still open");
        answers.close();
        tq.delete();
        assertThrows(InvalidDestinationException.class,
                () -> cs.createProducer(tq).send(cs.createTextMessage("late")));
    }

    @Test
    void browserShowsQueuedMessagesWithoutConsuming() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("browsed");
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 3; i++) {
            TextMessage m = s.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            p.send(m);
        }
        QueueBrowser b = s.createBrowser(q);
        List<String> seen = new ArrayList<>();
        for (Object o : Collections.list(b.getEnumeration())) {
            seen.add(((TextMessage) o).getText());
        }
        assertEquals(List.of("m0", "m1", "m2"), seen);
        assertEquals(1, Collections.list(s.createBrowser(q, "n = 1").getEnumeration()).size());
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("m0", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals(2, Collections.list(s.createBrowser(q).getEnumeration()).size());
        assertNotNull(consumer.receive(5000));
        assertNotNull(consumer.receive(5000));
        assertFalse(s.createBrowser(q).getEnumeration().hasMoreElements());
    }

    @Test
    void badInputAndClosedObjects() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> s.createQueue(null));
        assertThrows(InvalidDestinationException.class, () -> s.createQueue(""));
        assertThrows(InvalidDestinationException.class, () -> s.createTopic("bad name"));
        assertThrows(InvalidDestinationException.class, () -> s.createQueue("x".repeat(200)));
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(null));
        MessageProducer anon = s.createProducer(null);
        assertThrows(UnsupportedOperationException.class, () -> anon.send(s.createMessage()));
        assertThrows(InvalidDestinationException.class, () -> anon.send(null, s.createMessage()));
        MessageProducer p = s.createProducer(s.createQueue("q"));
        assertThrows(UnsupportedOperationException.class, () -> p.send(s.createQueue("other"), s.createMessage()));
        assertThrows(jakarta.jms.JMSException.class, () -> p.setPriority(10));
        assertThrows(jakarta.jms.JMSException.class, () -> p.setDeliveryMode(7));
        MessageConsumer consumer = s.createConsumer(s.createQueue("q"));
        consumer.close();
        consumer.close();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> consumer.receive(10));
        p.close();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> p.send(s.createMessage()));
        s.close();
        s.close();
        assertThrows(jakarta.jms.IllegalStateException.class, s::createMessage);
        c.close();
        c.close();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.createSession());
        assertThrows(jakarta.jms.IllegalStateException.class, c::start);
    }

    @Test
    void foreignMessagesAreSentAndTheirHeadersSet() throws Exception {
        java.util.Map<String, Object> state = new java.util.HashMap<>();
        TextMessage foreign = (TextMessage) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> {
                    String n = method.getName();
                    if (n.equals("getText")) {
                        return "from elsewhere";
                    }
                    if (n.equals("getPropertyNames")) {
                        return Collections.emptyEnumeration();
                    }
                    if (n.startsWith("set") && args != null && args.length == 1) {
                        state.put(n.substring(3), args[0]);
                        return null;
                    }
                    if (n.startsWith("get") && (args == null || args.length == 0)) {
                        Object v = state.get(n.substring(3));
                        Class<?> r = method.getReturnType();
                        if (v == null && r.isPrimitive()) {
                            return r == boolean.class ? Boolean.FALSE : r == long.class ? (Object) 0L : (Object) 0;
                        }
                        return v;
                    }
                    if (n.equals("toString")) {
                        return "ForeignText";
                    }
                    return null;
                });
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("foreign");
        s.createProducer(q).send(foreign);
        assertEquals(q, foreign.getJMSDestination());
        assertNotNull(foreign.getJMSMessageID());
        TextMessage got = (TextMessage) s.createConsumer(q).receive(5000);
        assertEquals("from elsewhere", got.getText());
        assertEquals(foreign.getJMSMessageID(), got.getJMSMessageID());
    }

    @Test
    void metaData() throws Exception {
        Connection c = connection();
        assertEquals("3.1", c.getMetaData().getJMSVersion());
        assertEquals("RocketJMS", c.getMetaData().getJMSProviderName());
        assertTrue(Collections.list(c.getMetaData().getJMSXPropertyNames()).contains("JMSXDeliveryCount"));
    }
}
