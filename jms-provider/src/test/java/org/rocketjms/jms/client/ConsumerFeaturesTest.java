package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;

/** Nack, selectors, stop/start, push delivery and offset-based pulls. */
class ConsumerFeaturesTest {

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();
    ClientInstance ci;
    ProducerCore producer;

    @BeforeEach
    void setUp() throws Exception {
        EmbeddedBroker broker = fx.broker(dir, "flushDiskType", "ASYNC_FLUSH");
        ci = fx.client(broker.url(), "features");
        producer = ci.createProducer("pg");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void nackRedeliversWithHigherCountAndStaleAckIsReported() throws Exception {
        ci.createTopic("Tnack", 1);
        producer.send(BrokerFixture.text("Tnack", "again"));
        PopConsumerCore c = ci.createPopConsumer(Subscription.all("gnack", "Tnack"));
        c.start();
        ReceivedMessage first = c.receive(5_000);
        assertNotNull(first);
        assertEquals(1, first.getDeliveryCount());
        c.nack(first, 0);
        ReceivedMessage second = c.receive(5_000);
        assertNotNull(second);
        assertEquals(first.getMsgId(), second.getMsgId());
        assertEquals(2, second.getDeliveryCount());
        assertTrue(second.isRedelivered());
        ClientException stale = assertThrows(ClientException.class, () -> c.ack(first));
        assertEquals(BrokerResponseCode.RECEIPT_HANDLE_INVALID, stale.getCode());
        c.ack(second);

        producer.send(BrokerFixture.text("Tnack", "later"));
        ReceivedMessage m = c.receive(5_000);
        long t0 = System.nanoTime();
        c.nack(m, 1_000);
        ReceivedMessage again = c.receive(5_000);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertNotNull(again);
        assertTrue(ms >= 900, "a delayed nack must not redeliver early (" + ms + " ms)");
        c.ack(again);
    }

    @Test
    void selectorIsEvaluatedByTheBroker() throws Exception {
        ci.createTopic("Tsel", 2);
        for (int i = 0; i < 20; i++) {
            producer.send(BrokerFixture.text("Tsel", "s" + i).putTypedProperty("n", i)
                    .putTypedProperty("color", i % 2 == 0 ? "red" : "blue"));
        }
        PopConsumerCore c = ci.createPopConsumer(Subscription.selector("gsel", "Tsel", "color = 'red' AND n >= 10"));
        c.start();
        Set<String> got = new HashSet<>();
        ReceivedMessage m;
        while ((m = c.receive(1_000)) != null) {
            got.add(BrokerFixture.text(m));
            assertEquals(Integer.valueOf(Integer.parseInt(BrokerFixture.text(m).substring(1))), m.getTypedProperty("n"));
            c.ack(m);
        }
        assertEquals(Set.of("s10", "s12", "s14", "s16", "s18"), got);

        PopConsumerCore bad = ci.createPopConsumer(Subscription.selector("gbad", "Tsel", "color = = 'x'"));
        bad.start();
        ClientException e = assertThrows(ClientException.class, () -> bad.receive(5_000));
        assertEquals(BrokerResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getCode());
    }

    @Test
    void stopPausesDeliveryAndPushHandlerGetsEverything() throws Exception {
        ci.createTopic("Tpush", 2);
        PopConsumerCore c = ci.createPopConsumer(Subscription.all("gpush", "Tpush"));
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(20);
        c.setMessageHandler(m -> {
            got.add(BrokerFixture.text(m));
            c.ack(m);
            all.countDown();
        });
        c.start();
        for (int i = 0; i < 10; i++) {
            producer.send(BrokerFixture.text("Tpush", "p" + i));
        }
        long until = System.currentTimeMillis() + 5_000;
        while (got.size() < 10 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertEquals(10, got.size());
        c.stop();
        Thread.sleep(200);
        for (int i = 10; i < 20; i++) {
            producer.send(BrokerFixture.text("Tpush", "p" + i));
        }
        Thread.sleep(500);
        assertEquals(10, got.size(), "nothing is delivered while stopped");
        c.start();
        assertTrue(all.await(5, TimeUnit.SECONDS));
        assertEquals(20, new HashSet<>(got).size());
        c.close();
        assertNull(c.receiveNoWait());
    }

    @Test
    void pullReadsByOffsetAndCommitsOffsets() throws Exception {
        ci.createTopic("Tpull", 1);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 10; i++) {
            producer.send(BrokerFixture.text("Tpull", "q" + i));
        }
        PullConsumerCore pc = ci.createPullConsumer("gpull");
        List<MessageQueue> queues = pc.queues("Tpull");
        assertEquals(1, queues.size());
        MessageQueue mq = queues.get(0);
        long until = System.currentTimeMillis() + 5_000;
        while (pc.maxOffset(mq) < 10 && System.currentTimeMillis() < until) {
            Thread.sleep(10); // the broker builds its consume queue asynchronously
        }
        assertEquals(0, pc.minOffset(mq));
        assertEquals(10, pc.maxOffset(mq));
        assertEquals(0, pc.searchOffset(mq, before));

        PullResult r = pc.pull(mq, 3, 4, 0);
        assertEquals(PullStatus.FOUND, r.status());
        assertEquals(4, r.messages().size());
        assertEquals("q3", BrokerFixture.text(r.messages().get(0)));
        assertEquals(7, r.nextBeginOffset());
        assertEquals(0, r.messages().get(0).getDeliveryCount());

        pc.seek(mq, 8);
        r = pc.pullNext(mq, 32, 0);
        assertEquals(2, r.messages().size());
        assertEquals(10, pc.position(mq));

        long t0 = System.nanoTime();
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(300);
                producer.send(BrokerFixture.text("Tpull", "q10"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        r = pc.pullNext(mq, 32, 5_000);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        sender.join();
        assertEquals(PullStatus.FOUND, r.status(), "the long-polling pull is answered by the new message");
        assertEquals("q10", BrokerFixture.text(r.messages().get(0)));
        assertTrue(ms < 2_000, "took " + ms + " ms");

        r = pc.pull(mq, 11, 32, 200);
        assertEquals(PullStatus.NO_NEW_MSG, r.status());

        assertEquals(-1, pc.committedOffset(mq));
        pc.commitOffset(mq, 7);
        assertEquals(7, pc.committedOffset(mq));
    }

    @Test
    void byteLimitBoundsThePrefetchBuffer() throws Exception {
        ci.createTopic("Tbytes", 1);
        for (int i = 0; i < 50; i++) {
            producer.send(new OutgoingMessage("Tbytes", new byte[1024]));
        }
        PopConsumerCore c = ci.createPopConsumer(Subscription.all("gbytes", "Tbytes"));
        c.setPrefetch(1_000, 5 * 1024);
        c.start();
        Thread.sleep(800);
        long bytes = c.bufferedBytes();
        assertTrue(bytes >= 5 * 1024, "fetched up to the limit: " + bytes);
        assertTrue(bytes <= (5 + ci.config().getPopBatchSize()) * 1024L, "at most one batch beyond the limit: " + bytes);
        int n = 0;
        ReceivedMessage m;
        while ((m = c.receive(1_000)) != null) {
            c.ack(m);
            n++;
        }
        assertEquals(50, n);
    }

    @Test
    void prefetchedMessagePastItsInvisibleTimeIsNotDeliveredTwice() throws Exception {
        ci.createTopic("Tinv", 1);
        String id = producer.send(BrokerFixture.text("Tinv", "slow reader")).msgId();
        PopConsumerCore c = ci.createPopConsumer(Subscription.all("ginv", "Tinv"));
        c.setInvisibleTimeMillis(1_000);
        c.start();
        long until = System.currentTimeMillis() + 5_000;
        while (c.bufferedMessageCount() == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertEquals(1, c.bufferedMessageCount());
        Thread.sleep(1_200); // the broker may hand it to someone else now
        ReceivedMessage m = c.receive(5_000);
        assertNotNull(m);
        assertEquals(id, m.getMsgId());
        assertEquals(2, m.getDeliveryCount(), "the stale prefetched copy was dropped; this is the redelivery");
        c.ack(m);
        assertNull(c.receive(300));
    }
}
