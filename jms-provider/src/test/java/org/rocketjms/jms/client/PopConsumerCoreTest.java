package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pop consumption against an embedded broker: exactly-once, order per queue, sharing, long polling, prefetch. */
class PopConsumerCoreTest {

    private static final Logger LOG = LoggerFactory.getLogger(PopConsumerCoreTest.class);

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private EmbeddedBroker asyncFlushBroker() {
        return fx.broker(dir, "flushDiskType", "ASYNC_FLUSH");
    }

    /** Sends {@code n} messages with {@code producers} producers in parallel; returns the sent ids. */
    private static Set<String> sendParallel(ClientInstance ci, String topic, int n, int producers) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                ProducerCore producer = ci.createProducer("pg");
                int from = p * (n / producers);
                int to = p == producers - 1 ? n : from + n / producers;
                fs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        ids.add(producer.send(BrokerFixture.text(topic, "m" + i)).msgId());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    @Test
    void tenThousandMessagesExactlyOnceInQueueOrder() throws Exception {
        EmbeddedBroker broker = asyncFlushBroker();
        ClientInstance ci = fx.client(broker.url(), "c1");
        String topic = "T10k";
        ci.createTopic(topic, 4);
        long t0 = System.nanoTime();
        Set<String> sent = sendParallel(ci, topic, 10_000, 4);
        long sendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(10_000, sent.size());

        PopConsumerCore consumer = ci.createPopConsumer(Subscription.all("g10k", topic));
        consumer.start();
        Set<String> received = new HashSet<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        List<ReceivedMessage> toAck = new ArrayList<>();
        t0 = System.nanoTime();
        while (received.size() < 10_000) {
            ReceivedMessage m = consumer.receive(10_000);
            assertNotNull(m, "timed out after " + received.size() + " messages");
            assertTrue(received.add(m.getMsgId()), "duplicate " + m);
            assertEquals(1, m.getDeliveryCount());
            Long prev = lastOffset.put(m.getQueueId(), m.getQueueOffset());
            if (prev != null) {
                assertEquals(prev + 1, m.getQueueOffset(), "out of order in queue " + m.getQueueId());
            }
            toAck.add(m);
            if (toAck.size() == 100) {
                consumer.ack(toAck);
                toAck.clear();
            }
        }
        consumer.ack(toAck);
        long recvMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(sent, received);
        assertEquals(4, lastOffset.size(), "messages should be spread over the 4 queues: " + lastOffset);
        LOG.info("10k test: sent in {} ms, received+acked in {} ms, last offsets {}", sendMs, recvMs, lastOffset);

        // anything left unacked would be released by UNREGISTER_CLIENT when the client closes
        consumer.close();
        ci.close();
        ClientInstance other = fx.client(broker.url(), "c2");
        PopConsumerCore again = other.createPopConsumer(Subscription.all("g10k", topic));
        again.start();
        assertNull(again.receive(1_500), "every message was acked; nothing may come back");
    }

    @Test
    void twoConsumersInOneGroupSplitTheMessages() throws Exception {
        EmbeddedBroker broker = asyncFlushBroker();
        ClientInstance pc = fx.client(broker.url(), "producer");
        String topic = "Tsplit";
        pc.createTopic(topic, 4);
        List<PopConsumerCore> consumers = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            ClientInstance ci = fx.client(broker.url(), id, c -> c.setPrefetchMessages(16));
            PopConsumerCore c = ci.createPopConsumer(Subscription.all("gsplit", topic));
            c.start();
            consumers.add(c);
        }
        Set<String> sent = sendParallel(pc, topic, 2_000, 4);
        List<Set<String>> got = List.of(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        AtomicLong total = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            PopConsumerCore c = consumers.get(i);
            Set<String> mine = got.get(i);
            fs.add(pool.submit(() -> {
                while (true) {
                    ReceivedMessage m = c.receive(1_500);
                    if (m == null) {
                        if (total.get() >= 2_000) {
                            return null;
                        }
                        continue;
                    }
                    if (!mine.add(m.getMsgId())) {
                        duplicates.add(m.getMsgId());
                    }
                    total.incrementAndGet();
                    c.ack(m);
                    Thread.sleep(1); // let the other consumer have a share
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        LOG.info("split test: consumer a got {}, consumer b got {}", got.get(0).size(), got.get(1).size());
        assertTrue(duplicates.isEmpty(), "duplicates: " + duplicates);
        assertFalse(got.get(0).isEmpty());
        assertFalse(got.get(1).isEmpty());
        Set<String> overlap = new HashSet<>(got.get(0));
        overlap.retainAll(got.get(1));
        assertTrue(overlap.isEmpty(), "both consumers got " + overlap);
        Set<String> union = new HashSet<>(got.get(0));
        union.addAll(got.get(1));
        assertEquals(sent, union);
        assertEquals(2_000, total.get());
    }

    @Test
    void longPollingDeliversPromptly() throws Exception {
        EmbeddedBroker broker = asyncFlushBroker();
        ClientInstance ci = fx.client(broker.url(), "lp");
        String topic = "Tlp";
        ci.createTopic(topic, 4);
        PopConsumerCore consumer = ci.createPopConsumer(Subscription.all("glp", topic));
        consumer.start();
        assertNull(consumer.receive(700), "the topic is empty");
        ProducerCore producer = ci.createProducer("pg");
        long worst = 0;
        List<Long> latencies = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            Thread.sleep(300); // the fetcher is parked in a long poll at the broker now
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong receivedAt = new AtomicLong();
            Thread receiver = new Thread(() -> {
                try {
                    ReceivedMessage m = consumer.receive(10_000);
                    if (m != null) {
                        receivedAt.set(System.nanoTime());
                        consumer.ack(m);
                    }
                } catch (ClientException e) {
                    LOG.error("receive failed", e);
                }
                done.countDown();
            });
            receiver.start();
            long sentAt = System.nanoTime();
            producer.send(BrokerFixture.text(topic, "late " + round));
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertTrue(receivedAt.get() > 0, "nothing received in round " + round);
            long ms = TimeUnit.NANOSECONDS.toMillis(receivedAt.get() - sentAt);
            latencies.add(ms);
            worst = Math.max(worst, ms);
        }
        LOG.info("long polling: send-to-receive latencies {} ms", latencies);
        assertTrue(worst < 500, "a long-polled message took " + worst + " ms to arrive: " + latencies);
    }

    @Test
    void prefetchLimitsWhatOneConsumerHolds() throws Exception {
        EmbeddedBroker broker = asyncFlushBroker();
        ClientInstance pc = fx.client(broker.url(), "producer");
        String topic = "Tpf";
        pc.createTopic(topic, 4);
        Set<String> sent = sendParallel(pc, topic, 200, 4);

        ClientInstance lazyClient = fx.client(broker.url(), "lazy");
        PopConsumerCore lazy = lazyClient.createPopConsumer(Subscription.all("gpf", topic));
        lazy.setPrefetch(10, 1 << 20);
        lazy.start();
        long until = System.currentTimeMillis() + 1_500;
        int maxHeld = 0;
        while (System.currentTimeMillis() < until) {
            maxHeld = Math.max(maxHeld, lazy.bufferedMessageCount());
            Thread.sleep(20);
        }
        int held = lazy.bufferedMessageCount();
        LOG.info("prefetch test: consumer with prefetch 10 holds {} (max seen {})", held, maxHeld);
        assertTrue(held > 0, "the lazy consumer should have prefetched something");
        assertTrue(maxHeld <= 10 + lazyClient.config().getPopBatchSize(), "held " + maxHeld);

        ClientInstance busyClient = fx.client(broker.url(), "busy");
        PopConsumerCore busy = busyClient.createPopConsumer(Subscription.all("gpf", topic));
        busy.start();
        Set<String> got = new HashSet<>();
        ReceivedMessage m;
        while ((m = busy.receive(1_500)) != null) {
            assertTrue(got.add(m.getMsgId()));
            busy.ack(m);
        }
        assertEquals(200 - held, got.size(), "the second consumer gets all but what the first holds");
        long t0 = System.nanoTime();
        lazy.close(); // releases its prefetched messages at once
        while (got.size() < 200 && (m = busy.receive(5_000)) != null) {
            assertTrue(got.add(m.getMsgId()));
            assertEquals(1, m.getDeliveryCount(), "prefetched messages released unseen are not counted as delivered");
            busy.ack(m);
        }
        LOG.info("prefetch test: released messages reached the other consumer within {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertEquals(sent, got);
    }

    @Test
    void onDemandConsumerFetchesBatchesWhileItKeepsUpAndReleasesWhatItLeaves() throws Exception {
        EmbeddedBroker broker = asyncFlushBroker();
        ClientInstance pc = fx.client(broker.url(), "producer");
        String topic = "Tod";
        pc.createTopic(topic, 1);
        ProducerCore producer = pc.createProducer("pg");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(producer.send(BrokerFixture.text(topic, "m" + i)).msgId());
        }

        ClientInstance fastClient = fx.client(broker.url(), "fast");
        PopConsumerCore fast = fastClient.createPopConsumer(Subscription.all("god", topic));
        fast.setFetchOnDemand(true);
        fast.start();
        List<String> got = new ArrayList<>();
        int maxBuffered = 0;
        for (int i = 0; i < 40; i++) {
            ReceivedMessage m = fast.receive(5_000);
            assertNotNull(m, "message " + i);
            got.add(m.getMsgId());
            fast.ack(m);
            maxBuffered = Math.max(maxBuffered, fast.bufferedMessageCount());
        }
        int batch = fastClient.config().getPopBatchSize();
        assertTrue(maxBuffered > 0, "a consumer that keeps up is given batches, not one message per POP");
        assertTrue(maxBuffered < batch, "never more than one batch: " + maxBuffered);
        int held = fast.bufferedMessageCount();
        LOG.info("on-demand test: fast consumer held up to {}, now {}", maxBuffered, held);

        // the fast consumer goes idle: what it holds goes back to the broker, unseen, within the idle-release time
        long releaseBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fast.bufferedMessageCount() > 0 && System.nanoTime() < releaseBy) {
            Thread.sleep(5);
        }
        assertEquals(0, fast.bufferedMessageCount(), "an idle on-demand consumer released what it held");

        ClientInstance otherClient = fx.client(broker.url(), "other");
        PopConsumerCore other = otherClient.createPopConsumer(Subscription.all("god", topic));
        other.setFetchOnDemand(true);
        other.start();
        for (int i = 40; i < 100; i++) {
            ReceivedMessage m = other.receive(5_000);
            assertNotNull(m, "message " + i);
            assertEquals(1, m.getDeliveryCount(), "released unseen, so not counted as a delivery: " + m.getMsgId());
            got.add(m.getMsgId());
            other.ack(m);
        }
        assertEquals(sent, got, "every message once, in queue order");
        assertNull(other.receive(200));
    }
}
