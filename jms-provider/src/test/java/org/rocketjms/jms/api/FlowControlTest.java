package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import org.junit.jupiter.api.Test;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.broker.flow.ProducerFlowControl;
import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Producer flow control ({@code maxDestinationBacklog}): under BLOCK producers wait while a destination's consumers
 * are behind and nothing is lost or reordered, and a transacted producer waits at its commit; under FAIL a send to a
 * full destination is refused with ResourceAllocationException and not stored (in a transaction: the commit rolls
 * back); an answer is held at most {@code flowControlMaxHoldMillis}; a topic
 * without subscribers never fills; off by default.
 */
class FlowControlTest extends JmsTestBase {
    private static final int LIMIT = 20;
    /** The client's default asyncSendWindow: pipelined sends one producer has in flight at most. */
    private static final int WINDOW = 32;

    /** Replaces the base class's broker by one with the given keys (and a factory whose sends wait long enough). */
    private void restartWith(String... keys) {
        broker.close();
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(dir.resolve("fc")).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024));
        for (int i = 0; i < keys.length; i += 2) {
            b.set(keys[i], keys[i + 1]);
        }
        broker = b.build().start();
        factory = new RocketConnectionFactory(broker.url());
        factory.setSendTimeout(30_000);
    }

    /** Sends on another thread (a send expected to block). */
    private static CompletableFuture<Void> sendInBackground(MessageProducer p, Message m) {
        return CompletableFuture.runAsync(() -> {
            try {
                p.send(m);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Sends text messages {@code prefix}0 … {@code prefix}(n-1) through {@code p}, one after the other. */
    private static void sendTexts(Session s, MessageProducer p, String prefix, int n) throws JMSException {
        for (int i = 0; i < n; i++) {
            p.send(s.createTextMessage(prefix + i));
        }
    }

    private long backlog(String brokerTopic) {
        return broker.brokerController().destinationBacklog(brokerTopic);
    }

    private int held() {
        return broker.brokerController().getFlowControl().heldAnswers();
    }

    /** Sends answered so far: stored and not held (the broker's view; {@code sent} only bounds the wait). */
    private long answered(AtomicInteger sent) {
        return backlog("%Q%fc.block") - heldMessages();
    }

    /** Messages whose answers are held (pipelined sends share answers when they were coalesced). */
    private long heldMessages() {
        return broker.brokerController().getFlowControl().heldMessages();
    }

    @Test
    void blockedNonPersistentProducerWaitsForTheConsumerAndNothingIsLostOrReordered() throws Exception {
        restartWith("maxDestinationBacklog", String.valueOf(LIMIT), "flowControlMaxHoldMillis", "20000");
        int n = 400;
        Connection pc = started();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = ps.createQueue("fc.block");
        MessageProducer p = ps.createProducer(q);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    p.send(ps.createTextMessage("m" + i));
                    sent.incrementAndGet();
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        // no consumer: once the backlog is above the limit every answer is held, so the producer stops when its
        // whole window of 32 pipelined sends waits for an answer. Sends made while an answer is outstanding wait in
        // the client and leave together (coalesced), so the window's 32 messages are held at the broker or wait in
        // the client behind a held answer
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((heldMessages() < 1 || sent.get() < answered(sent) + WINDOW) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        int stoppedAt = sent.get();
        long held = heldMessages();
        long backlog = backlog("%Q%fc.block");
        assertTrue(held >= 1 && held <= WINDOW, "messages whose answers are held: " + held);
        // an answer is released while the backlog without its messages is below the limit; one answer covers at
        // most a window of messages
        assertTrue(backlog - held < LIMIT + WINDOW, "answered: backlog " + backlog + ", held " + held);
        assertEquals(backlog - held + WINDOW, stoppedAt, "the producer stops with its window of " + WINDOW
                + " unanswered (backlog " + backlog + ", held " + held + ")");
        Thread.sleep(500);
        assertEquals(stoppedAt, sent.get(), "the producer went on while the destination was full");
        assertEquals(held, heldMessages());
        assertFalse(producing.isDone());

        Connection cc = started();
        Session cs = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = cs.createConsumer(q);
        for (int i = 0; i < n; i++) {
            Message m = c.receive(10_000);
            assertNotNull(m, "message " + i + " did not arrive");
            assertEquals("m" + i, ((TextMessage) m).getText());
        }
        producing.get(10, TimeUnit.SECONDS);
        assertEquals(n, sent.get());
        assertEquals(null, c.receive(200));
    }

    @Test
    void synchronousPersistentSendReturnsOnlyOnceAConsumerAcknowledged() throws Exception {
        restartWith("maxDestinationBacklog", String.valueOf(LIMIT), "flowControlMaxHoldMillis", "20000");
        Connection pc = started();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = ps.createQueue("fc.sync");
        MessageProducer p = ps.createProducer(q);
        sendTexts(ps, p, "m", LIMIT); // within the limit: answered at once
        assertEquals(0, held());
        CompletableFuture<Void> blocked = sendInBackground(p, ps.createTextMessage("m" + LIMIT));
        assertThrows(TimeoutException.class, () -> blocked.get(700, TimeUnit.MILLISECONDS),
                "the send above the limit returned without a consumer");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backlog("%Q%fc.sync") < LIMIT + 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(LIMIT + 1, backlog("%Q%fc.sync"), "the held send's message is stored");
        assertEquals(1, held());
        assertFalse(blocked.isDone());

        Connection cc = started();
        Session cs = cc.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = cs.createConsumer(q);
        Message m = c.receive(5_000);
        assertEquals("m0", ((TextMessage) m).getText());
        assertFalse(blocked.isDone(), "received but not acknowledged must not make room");
        m.acknowledge();
        blocked.get(5, TimeUnit.SECONDS);
        for (int i = 1; i <= LIMIT; i++) {
            assertEquals("m" + i, ((TextMessage) c.receive(5_000)).getText());
        }
    }

    @Test
    void failPolicyRefusesWithResourceAllocationExceptionAndStoresNothing() throws Exception {
        restartWith("maxDestinationBacklog", "5", "destinationFullPolicy", "fail");
        assertEquals(ProducerFlowControl.Policy.FAIL, broker.brokerController().getBrokerConfig()
                .getDestinationFullPolicy());
        Connection pc = started();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = ps.createQueue("fc.fail");
        MessageProducer p = ps.createProducer(q);
        sendTexts(ps, p, "m", 5);
        ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                () -> p.send(ps.createTextMessage("refused")));
        assertTrue(e.getMessage().contains("maxDestinationBacklog is 5"), e.getMessage());
        assertTrue(e.getMessage().contains("fc.fail"), e.getMessage());

        Connection cc = started();
        Session cs = cc.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = cs.createConsumer(q);
        Message first = c.receive(5_000);
        assertEquals("m0", ((TextMessage) first).getText());
        first.acknowledge();
        p.send(ps.createTextMessage("m5")); // room again
        List<String> rest = new ArrayList<>();
        for (Message m = c.receive(2_000); m != null; m = c.receive(500)) {
            rest.add(((TextMessage) m).getText());
        }
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), rest, "the refused message must not have been stored");
    }

    @Test
    void anAnswerIsHeldAtMostTheMaximumHoldSoAStalledQueueSlowsProducersWithoutFailingThem() throws Exception {
        restartWith("maxDestinationBacklog", "2", "flowControlMaxHoldMillis", "200");
        Connection pc = started();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = ps.createQueue("fc.hold");
        MessageProducer p = ps.createProducer(q);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            p.send(ps.createTextMessage("m" + i));
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        for (int i = 2; i < 8; i++) {
            assertTrue(millis.get(i) >= 150, "send " + i + " above the limit took only " + millis.get(i) + " ms: "
                    + millis);
        }
        assertEquals(8, backlog("%Q%fc.hold"));
        MessageConsumer c = started().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        for (int i = 0; i < 8; i++) {
            assertEquals("m" + i, ((TextMessage) c.receive(5_000)).getText());
        }
    }

    @Test
    void producerAndListenerOnOneConnectionDoNotDeadlock() throws Exception {
        restartWith("maxDestinationBacklog", String.valueOf(LIMIT), "flowControlMaxHoldMillis", "20000");
        int n = 1_000;
        Connection conn = started();
        Session ls = conn.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = ls.createQueue("fc.shared");
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(n);
        ls.createConsumer(q).setMessageListener(m -> {
            try {
                got.add(((TextMessage) m).getText());
            } catch (JMSException e) {
                got.add("error " + e);
            }
            all.countDown();
        });
        Session ps = conn.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(q);
        for (int i = 0; i < n; i++) {
            p.setDeliveryMode(i % 2 == 0 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
            p.send(ps.createTextMessage("m" + i));
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "received " + got.size() + " of " + n);
        for (int i = 0; i < n; i++) {
            assertEquals("m" + i, got.get(i));
        }
    }

    @Test
    void aTopicWithoutSubscribersNeverFillsButASlowDurableSubscriptionDoes() throws Exception {
        restartWith("maxDestinationBacklog", String.valueOf(LIMIT), "flowControlMaxHoldMillis", "20000");
        Connection pc = started();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = ps.createTopic("fc.topic");
        MessageProducer p = ps.createProducer(t);
        sendTexts(ps, p, "nobody", 3 * LIMIT); // nobody keeps these: never held
        assertEquals(0, backlog("%T%fc.topic"));
        assertEquals(0, held());

        Connection sc = factory.createConnection();
        track(sc);
        sc.setClientID("fc-sub");
        sc.start();
        Session ss = sc.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer sub = ss.createDurableSubscriber(t, "slow");
        sendTexts(ps, p, "s", LIMIT);
        CompletableFuture<Void> blocked = sendInBackground(p, ps.createTextMessage("s" + LIMIT));
        assertThrows(TimeoutException.class, () -> blocked.get(700, TimeUnit.MILLISECONDS),
                "a send above the durable subscription's limit returned");
        Message m = sub.receive(5_000);
        assertEquals("s0", ((TextMessage) m).getText());
        m.acknowledge();
        blocked.get(5, TimeUnit.SECONDS);
    }

    /** Waits up to 10 s until {@code n} answers are held. */
    private void awaitHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, held(), "answers held");
    }

    /** Commits on another thread (a commit expected to block). */
    private static CompletableFuture<Void> commitInBackground(Session tx) {
        return CompletableFuture.runAsync(() -> {
            try {
                tx.commit();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void consume(Session s, Queue q, int n) throws JMSException {
        MessageConsumer c = s.createConsumer(q);
        for (int i = 0; i < n; i++) {
            assertNotNull(c.receive(5_000), "message " + i + " of " + q);
        }
        c.close();
    }

    @Test
    void aCommitIsHeldUntilEveryDestinationItPublishedToHasRoom() throws Exception {
        restartWith("maxDestinationBacklog", String.valueOf(LIMIT), "flowControlMaxHoldMillis", "20000");
        Connection pc = started();
        Session plain = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue a = plain.createQueue("fc.tx.a");
        Queue b = plain.createQueue("fc.tx.b");
        MessageProducer pb = plain.createProducer(b);
        sendTexts(plain, pb, "b", LIMIT); // b at its limit
        Session tx = pc.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer ta = tx.createProducer(a);
        MessageProducer tb = tx.createProducer(b);
        sendTexts(tx, ta, "ta", LIMIT + 5); // the halves are never held, whatever the backlog
        tb.send(tx.createTextMessage("tb"));
        assertEquals(0, held());
        assertEquals(0, backlog("%Q%fc.tx.a"), "nothing is published before the commit");

        CompletableFuture<Void> commit = commitInBackground(tx);
        awaitHeld(1);
        assertFalse(commit.isDone(), "the commit returned although it filled fc.tx.a above the limit");
        assertEquals(LIMIT + 5, backlog("%Q%fc.tx.a"), "the committed messages are published while the answer waits");
        assertEquals(LIMIT + 1, backlog("%Q%fc.tx.b"));

        Connection cc = started();
        Session cs = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consume(cs, a, 10); // room on a: the answer goes on to b's gate, where b is still above the limit
        Thread.sleep(300); // (the client gives a commit 5 s: the test keeps the whole hold well below that)
        assertEquals(1, held());
        assertFalse(commit.isDone(), "the commit returned although fc.tx.b is above the limit");
        consume(cs, b, 5);
        commit.get(10, TimeUnit.SECONDS);
        assertEquals(0, held());
    }

    @Test
    void aTransactionThatConsumesFromAFullQueueAndProducesToItCommitsAtOnce() throws Exception {
        restartWith("maxDestinationBacklog", String.valueOf(LIMIT), "flowControlMaxHoldMillis", "20000");
        Connection pc = started();
        Session plain = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = plain.createQueue("fc.tx.loop");
        MessageProducer p = plain.createProducer(q);
        sendTexts(plain, p, "m", LIMIT);
        Session tx = pc.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer c = tx.createConsumer(q);
        MessageProducer tp = tx.createProducer(q);
        for (int i = 0; i < 3; i++) {
            assertNotNull(c.receive(5_000));
            tp.send(tx.createTextMessage("again" + i));
            long t0 = System.nanoTime();
            tx.commit(); // its acks are applied with its sends: the backlog stays at the limit
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 5_000, "commit " + i + " was held for " + ms + " ms");
        }
        assertEquals(LIMIT, backlog("%Q%fc.tx.loop"));
        assertEquals(0, held());
    }

    @Test
    void failPolicyRollsBackATransactionThatSendsToAFullDestination() throws Exception {
        restartWith("maxDestinationBacklog", "5", "destinationFullPolicy", "fail");
        Connection pc = started();
        Session plain = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue full = plain.createQueue("fc.tx.full");
        Queue other = plain.createQueue("fc.tx.other");
        MessageProducer p = plain.createProducer(full);
        sendTexts(plain, p, "m", 4);
        Session tx = pc.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer tf = tx.createProducer(full);
        tf.send(tx.createTextMessage("t1")); // a producer's first send goes alone (it picks the queue): room for it
        tx.createProducer(other).send(tx.createTextMessage("o1"));
        p.send(plain.createTextMessage("m4")); // fc.tx.full at its limit
        tf.send(tx.createTextMessage("refused")); // pipelined: the refusal shows at commit
        jakarta.jms.TransactionRolledBackException e = assertThrows(
                jakarta.jms.TransactionRolledBackException.class, tx::commit);
        assertTrue(e.getMessage().contains("maxDestinationBacklog is 5"), e.getMessage());
        assertEquals(5, backlog("%Q%fc.tx.full"));
        assertEquals(0, backlog("%Q%fc.tx.other"), "a rolled back transaction published something");

        tx.createProducer(other).send(tx.createTextMessage("o2"));
        tx.commit(); // a destination with room still takes transactions
        MessageConsumer c = started().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(other);
        assertEquals("o2", ((TextMessage) c.receive(5_000)).getText());
        assertEquals(null, c.receive(300));
    }

    @Test
    void offByDefault() throws Exception {
        Connection pc = started();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = ps.createQueue("fc.off");
        MessageProducer p = ps.createProducer(q);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        sendTexts(ps, p, "m", 500);
        assertFalse(broker.brokerController().getFlowControl().enabled());
        assertEquals(0, held());
        // every send answered although nobody consumes; the JMS queue keeps them all for its first consumer
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backlog("%Q%fc.off") < 500 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(500, backlog("%Q%fc.off"));
    }
}
