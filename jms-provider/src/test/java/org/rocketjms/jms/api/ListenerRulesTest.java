package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/** What listeners may and may not call, and connection-loss notification. */
class ListenerRulesTest extends JmsTestBase {

    @Test
    void connectionStopAndCloseAndSessionCloseAreRefusedInsideAListener() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("rules");
        List<String> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                c.stop();
                outcomes.add("stop allowed");
            } catch (jakarta.jms.IllegalStateException e) {
                outcomes.add("stop refused");
            } catch (JMSException e) {
                outcomes.add("stop: " + e);
            }
            try {
                c.close();
                outcomes.add("close allowed");
            } catch (jakarta.jms.IllegalStateException e) {
                outcomes.add("close refused");
            } catch (JMSException e) {
                outcomes.add("close: " + e);
            }
            try {
                s.close();
                outcomes.add("session close allowed");
            } catch (jakarta.jms.IllegalStateException e) {
                outcomes.add("session close refused");
            } catch (JMSException e) {
                outcomes.add("session close: " + e);
            }
            done.countDown();
        });
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ps.createProducer(q).send(ps.createTextMessage("x"));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("stop refused", "close refused", "session close refused"), outcomes);
        s.createMessage(); // the session stays open
    }

    @Test
    void connectionStopIsAllowedInsideACompletionListener() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue("completion-stop"));
        AtomicReference<Object> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        p.send(s.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    c.stop();
                    seen.set("stopped");
                } catch (JMSException e) {
                    seen.set(e);
                }
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                seen.set(exception);
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals("stopped", seen.get());
    }

    @Test
    void sessionCloseIsRefusedInsideACompletionListener() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue("completion-rules"));
        AtomicReference<Exception> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        p.send(s.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    s.close();
                } catch (JMSException e) {
                    seen.set(e);
                }
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                seen.set(exception);
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertTrue(seen.get() instanceof jakarta.jms.IllegalStateException, String.valueOf(seen.get()));
    }

    @Test
    void recoverInsideAListenerRedeliversInOrder() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("listener-recover");
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(q);
        for (int i = 0; i < 3; i++) {
            p.send(ps.createTextMessage("m" + i));
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                String text = ((TextMessage) m).getText();
                seen.add(text + (m.getJMSRedelivered() ? "*" : ""));
                if (seen.size() == 2) {
                    s.recover();
                } else if (seen.size() == 5) {
                    m.acknowledge();
                    done.countDown();
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("m0", "m1", "m0*", "m1*", "m2"), seen.subList(0, 5));
    }

    @Test
    void exceptionListenerHearsOfConnectionLoss() throws Exception {
        Connection c = connection();
        AtomicReference<JMSException> lost = new AtomicReference<>();
        CountDownLatch heard = new CountDownLatch(1);
        c.setExceptionListener(e -> {
            lost.set(e);
            heard.countDown();
        });
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createProducer(s.createQueue("loss")).send(s.createTextMessage("x"));
        broker.close();
        broker = null;
        assertTrue(heard.await(30, TimeUnit.SECONDS));
        assertNotNull(lost.get().getMessage());
    }
}
