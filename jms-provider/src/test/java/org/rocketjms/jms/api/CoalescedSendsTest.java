package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.rocketjms.broker.EmbeddedBroker;

/**
 * Pipelined sends made while earlier ones are unanswered share requests (see SendCoalescer): through the JMS API
 * every message still succeeds or fails on its own, and a session's messages arrive in the order it sent them, also
 * when synchronous and pipelined sends alternate.
 */
class CoalescedSendsTest extends JmsTestBase {

    private static final int MAX_MESSAGE_SIZE = 16 * 1024;

    @Override
    EmbeddedBroker startBroker(int namesrvPort, int brokerPort) {
        return EmbeddedBroker.builder().dataDir(dir).namesrvPort(namesrvPort).brokerPort(brokerPort)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024))
                .set("maxMessageSize", String.valueOf(MAX_MESSAGE_SIZE)).build().start();
    }

    @Test
    void aMessageAboveTheLimitAmongStreamedSendsFailsAloneAndTheOthersArriveInOrder() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("coalesced-refusal");
        MessageProducer p = s.createProducer(q);
        int total = 400;
        int big = 200;
        Map<Integer, String> outcome = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        for (int i = 0; i < total; i++) {
            BytesMessage m = s.createBytesMessage();
            // above maxMessageSize but small enough to be coalesced with its neighbours
            m.writeBytes(new byte[i == big ? MAX_MESSAGE_SIZE + 4096 : 1024]);
            m.setIntProperty("seq", i);
            p.send(m, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    record(message, "ok");
                }

                @Override
                public void onException(Message message, Exception exception) {
                    record(message, "failed: " + exception.getMessage());
                }

                private void record(Message message, String what) {
                    try {
                        outcome.put(message.getIntProperty("seq"), what);
                    } catch (Exception e) {
                        outcome.put(-1, e.toString());
                    } finally {
                        done.countDown();
                    }
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(total, outcome.size(), outcome.toString());
        for (int i = 0; i < total; i++) {
            if (i == big) {
                assertTrue(outcome.get(i).startsWith("failed") && outcome.get(i).contains("maxMessageSize"),
                        outcome.get(i));
            } else {
                assertEquals("ok", outcome.get(i), "message " + i);
            }
        }
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < total; i++) {
            if (i == big) {
                continue;
            }
            Message m = consumer.receive(10_000);
            assertNotNull(m, "message " + i);
            assertEquals(i, m.getIntProperty("seq"));
        }
        assertNull(consumer.receive(300), "the refused message must not be stored");
    }

    @Test
    void synchronousSendsNeverOvertakePipelinedOnesOfTheSession() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("coalesced-order");
        MessageProducer nonPersistent = s.createProducer(q);
        nonPersistent.setDeliveryMode(DeliveryMode.NON_PERSISTENT); // pipelined, not waiting for the broker
        MessageProducer persistent = s.createProducer(q); // synchronous
        int total = 2_000;
        for (int i = 0; i < total; i++) {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(new byte[256]);
            m.setIntProperty("seq", i);
            (i % 10 == 9 ? persistent : nonPersistent).send(m);
        }
        MessageConsumer consumer = s.createConsumer(q);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Message m = consumer.receive(10_000);
            assertNotNull(m, "message " + i + " of " + total);
            got.add(m.getIntProperty("seq"));
        }
        for (int i = 0; i < total; i++) {
            assertEquals(i, got.get(i), "the session's messages in send order");
        }
    }
}
