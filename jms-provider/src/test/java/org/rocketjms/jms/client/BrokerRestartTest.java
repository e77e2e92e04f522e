package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client survives a broker restart on the same data directory and ports. */
class BrokerRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartTest.class);

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Counts {@code lost} and {@code restored} down when the client reports losing and regaining its brokers. */
    private static void listen(ClientInstance ci, CountDownLatch lost, CountDownLatch restored) {
        ci.setListener(new ClientListener() {
            @Override
            public void onConnectionLost(Throwable cause) {
                LOG.info("listener: connection lost ({})", cause.toString());
                lost.countDown();
            }

            @Override
            public void onConnectionRestored() {
                LOG.info("listener: connection restored");
                restored.countDown();
            }
        });
    }

    @Test
    void restartKeepsUnconsumedDropsAckedAndRedeliversUnacked() throws Exception {
        EmbeddedBroker first = fx.broker(dir, 0, 0);
        int namesrvPort = first.namesrvPort();
        int brokerPort = first.brokerPort();
        CountDownLatch lost = new CountDownLatch(1);
        CountDownLatch restored = new CountDownLatch(1);
        ClientInstance ci = fx.client(first.url(), "restart-client", c -> c.setPrefetchMessages(8));
        listen(ci, lost, restored);
        String topic = "Trestart";
        ci.createTopic(topic, 4);
        ProducerCore producer = ci.createProducer("pg");
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            sent.add(producer.send(BrokerFixture.text(topic, "r" + i)).msgId());
        }
        PopConsumerCore consumer = ci.createPopConsumer(Subscription.all("grestart", topic));
        consumer.start();
        Set<String> acked = new HashSet<>();
        Set<String> unacked = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            ReceivedMessage m = consumer.receive(5_000);
            assertNotNull(m);
            if (i < 20) {
                consumer.ack(m);
                acked.add(m.getMsgId());
            } else {
                unacked.add(m.getMsgId());
            }
        }

        long down = System.nanoTime();
        first.close();
        assertTrue(lost.await(15, TimeUnit.SECONDS), "the listener should hear of the lost connection");
        LOG.info("connection loss reported {} ms after the broker stopped",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));
        long up = System.nanoTime();
        EmbeddedBroker second = fx.broker(dir, namesrvPort, brokerPort);
        assertEquals(brokerPort, second.brokerPort());
        assertTrue(restored.await(20, TimeUnit.SECONDS), "the listener should hear of the restored connection");
        LOG.info("connection restored {} ms after the broker restarted",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up));

        Map<String, Integer> after = new HashMap<>();
        List<ReceivedMessage> toAck = new ArrayList<>();
        while (after.size() < 80) {
            ReceivedMessage m = consumer.receive(15_000);
            assertNotNull(m, "only " + after.size() + " of 80 messages came back after the restart");
            assertFalse(acked.contains(m.getMsgId()), "an acked message was redelivered: " + m);
            assertNull(after.put(m.getMsgId(), m.getDeliveryCount()), "duplicate after restart: " + m);
            toAck.add(m);
        }
        consumer.ack(toAck);
        for (String id : unacked) {
            assertTrue(after.containsKey(id), "unacked message " + id + " did not come back");
            assertTrue(after.get(id) > 1, "unacked message " + id + " came back with delivery count " + after.get(id));
        }
        Set<String> all = new HashSet<>(acked);
        all.addAll(after.keySet());
        assertEquals(sent, all);
        assertNull(consumer.receive(1_000), "nothing else may arrive");

        // the same client instance still sends and receives
        String id = producer.send(BrokerFixture.text(topic, "after restart")).msgId();
        ReceivedMessage m = consumer.receive(5_000);
        assertNotNull(m);
        assertEquals(id, m.getMsgId());
        assertEquals(1, m.getDeliveryCount());
        consumer.ack(m);
        ci.close();
        ci.close(); // idempotent
        assertTrue(ci.isClosed());
    }

    /**
     * A consumer whose POPs failed while its broker was down backs off (100 ms doubling, at most 5 s); once the client
     * sees the broker again it must pop at once, not when its backoff would have retried. Here the broker is down for
     * 3.3 s, so the fetcher's next retry lies 6.3 s after the outage began, about two seconds after the broker is back.
     */
    @Test
    void aConsumerBackingOffPopsAgainAsSoonAsItsBrokerIsBack() throws Exception {
        EmbeddedBroker first = fx.broker(dir, 0, 0);
        int namesrvPort = first.namesrvPort();
        int brokerPort = first.brokerPort();
        CountDownLatch restored = new CountDownLatch(1);
        ClientInstance ci = fx.client(first.url(), "backoff-client", c -> c.setPrefetchMessages(8));
        listen(ci, new CountDownLatch(1), restored);
        String topic = "Tbackoff";
        ci.createTopic(topic, 4);
        ProducerCore producer = ci.createProducer("pg");
        PopConsumerCore consumer = ci.createPopConsumer(Subscription.all("gbackoff", topic));
        consumer.start();
        producer.send(BrokerFixture.text(topic, "before"));
        ReceivedMessage before = consumer.receive(5_000);
        assertNotNull(before);
        consumer.ack(before);

        first.close();
        Thread.sleep(3_300); // the consumer's POPs fail meanwhile: its backoff reaches 3.2 s
        long restart = System.nanoTime();
        fx.broker(dir, namesrvPort, brokerPort);
        assertTrue(restored.await(20, TimeUnit.SECONDS), "the client should see its broker again");
        long back = System.nanoTime();
        String id = producer.send(BrokerFixture.text(topic, "after")).msgId();
        ReceivedMessage m = consumer.receive(10_000);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        LOG.info("received {} ms after the client saw its broker again", tookMillis);
        assertNotNull(m, "nothing received after the restart");
        assertEquals(id, m.getMsgId());
        assertTrue(tookMillis < 1_200, "received " + tookMillis + " ms after the client saw its broker again (the"
                + " broker took " + TimeUnit.NANOSECONDS.toMillis(back - restart) + " ms to start and be seen)");
        consumer.ack(m);
    }
}
