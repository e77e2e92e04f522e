package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Producer behaviour against embedded brokers: broker refusals, auto-creation, batches, async, failover. */
class ProducerCoreTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerCoreTest.class);

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void oversizedMessageSurfacesTheBrokersRemarkWithoutRetry() throws Exception {
        EmbeddedBroker broker = fx.broker(dir, "maxMessageSize", "1024");
        ClientInstance ci = fx.client(broker.url(), "big");
        ProducerCore producer = ci.createProducer("pg");
        producer.send(BrokerFixture.text("Tbig", "small")); // auto-creates the topic
        long t0 = System.nanoTime();
        ClientException e = assertThrows(ClientException.class,
                () -> producer.send(new OutgoingMessage("Tbig", new byte[2000])));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("oversized send refused in {} ms: {}", ms, e.getMessage());
        assertEquals(BrokerResponseCode.MESSAGE_ILLEGAL, e.getCode());
        assertTrue(e.isBrokerError());
        assertTrue(e.getRemark().contains("exceeds maxMessageSize 1024"), e.getRemark());
        assertTrue(e.getRemark().contains("2000"), e.getRemark());
        assertTrue(ci.createProducer("pg").faultTolerance().isAvailable("broker-a"));
        assertTrue(producer.faultTolerance().isAvailable("broker-a"), "a refusal is not a broker fault");
    }

    @Test
    void firstSendAutoCreatesTheTopicAndKeepsOneQueuePerProducer() throws Exception {
        EmbeddedBroker broker = fx.broker(dir, "flushDiskType", "ASYNC_FLUSH");
        ClientInstance ci = fx.client(broker.url(), "auto");
        ProducerCore producer = ci.createProducer("pg");
        assertEquals(null, ci.topicRoute("Tauto"), "the name server does not know the topic yet");
        Set<MessageQueue> used = new HashSet<>();
        long lastOffset = -1;
        for (int i = 0; i < 50; i++) {
            SendResult r = producer.send(BrokerFixture.text("Tauto", "a" + i));
            used.add(r.queue());
            assertEquals(lastOffset + 1, r.queueOffset(), "one queue, consecutive offsets");
            lastOffset = r.queueOffset();
            Thread.sleep(i < 5 ? 300 : 0); // let the route appear while sending
        }
        assertEquals(1, used.size(), "a producer keeps its queue: " + used);
        assertNotNull(ci.topicRoute("Tauto"));
        assertFalse(ci.topicRoute("Tauto").isProvisional());

        PopConsumerCore c = ci.createPopConsumer(Subscription.all("gauto", "Tauto"));
        c.start();
        for (int i = 0; i < 50; i++) {
            ReceivedMessage m = c.receive(5_000);
            assertNotNull(m);
            assertEquals("a" + i, BrokerFixture.text(m), "per-producer order");
            c.ack(m);
        }
    }

    @Test
    void batchAsyncAndOnewaySends() throws Exception {
        EmbeddedBroker broker = fx.broker(dir, "flushDiskType", "ASYNC_FLUSH");
        ClientInstance ci = fx.client(broker.url(), "batch");
        ci.createTopic("Tbatch", 2);
        ProducerCore producer = ci.createProducer("pg");
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(BrokerFixture.text("Tbatch", "b" + i).setTags(i % 2 == 0 ? "even" : "odd"));
        }
        SendResult r = producer.sendBatch(batch);
        assertEquals(10, r.msgIds().size());

        CountDownLatch done = new CountDownLatch(20);
        List<String> asyncIds = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            producer.sendAsync(BrokerFixture.text("Tbatch", "x" + i), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    asyncIds.add(result.msgId());
                    done.countDown();
                }

                @Override
                public void onException(Throwable cause) {
                    LOG.error("async send failed", cause);
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        producer.sendOneway(BrokerFixture.text("Tbatch", "oneway"));

        PopConsumerCore evens = ci.createPopConsumer(new Subscription("gtags", "Tbatch", "even", "TAG", false));
        evens.start();
        Set<String> got = new HashSet<>();
        ReceivedMessage m;
        while ((m = evens.receive(1_000)) != null) {
            got.add(BrokerFixture.text(m));
            evens.ack(m);
        }
        assertEquals(Set.of("b0", "b2", "b4", "b6", "b8"), got);

        PopConsumerCore all = ci.createPopConsumer(Subscription.all("gall", "Tbatch"));
        all.start();
        List<String> bodies = new ArrayList<>();
        while ((m = all.receive(1_000)) != null) {
            bodies.add(BrokerFixture.text(m));
            all.ack(m);
        }
        assertEquals(31, bodies.size(), bodies.toString());
        List<String> xs = bodies.stream().filter(b -> b.startsWith("x")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("x" + i);
        }
        assertEquals(expected, xs, "async sends of one producer keep their order");
    }

    @Test
    void failsOverToTheOtherBrokerAndTimesOutWhenAllAreDown() throws Exception {
        EmbeddedBroker a = fx.broker(dir.resolve("a"), "flushDiskType", "ASYNC_FLUSH");
        String namesrv = "127.0.0.1:" + a.namesrvPort();
        EmbeddedBroker b = fx.broker(dir.resolve("b"), "brokerName", "broker-b", "namesrvAddr", namesrv,
                "flushDiskType", "ASYNC_FLUSH");
        ClientInstance ci = fx.client(a.url(), "failover", c -> c.setSendMsgTimeoutMillis(2_000));
        long until = System.currentTimeMillis() + 10_000;
        while (ci.routes().fetchClusterInfo().brokerAddrTable().size() < 2) {
            assertTrue(System.currentTimeMillis() < until, "broker-b did not register");
            Thread.sleep(100);
        }
        ci.createTopic("Tfo", 2);
        assertEquals(4, ci.topicRoute("Tfo").writeQueues().size());

        // find a producer whose queue is on broker-b
        ProducerCore onB = null;
        for (int i = 0; i < 8 && onB == null; i++) {
            ProducerCore p = ci.createProducer("pg");
            if (p.send(BrokerFixture.text("Tfo", "probe")).queue().brokerName().equals("broker-b")) {
                onB = p;
            }
        }
        assertNotNull(onB, "round-robin should put some producer on broker-b");

        b.close();
        long t0 = System.nanoTime();
        SendResult r = onB.send(BrokerFixture.text("Tfo", "after b died"));
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("broker-a", r.queue().brokerName());
        assertFalse(onB.faultTolerance().isAvailable("broker-b"), "broker-b is penalised");
        t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertEquals("broker-a", onB.send(BrokerFixture.text("Tfo", "more " + i)).queue().brokerName());
        }
        long tenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("failover send took {} ms; 10 further sends avoiding broker-b took {} ms", failoverMs, tenMs);

        a.close();
        t0 = System.nanoTime();
        ProducerCore finalProducer = onB;
        ClientException e = assertThrows(ClientException.class,
                () -> finalProducer.send(BrokerFixture.text("Tfo", "nobody home")));
        long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("with every broker down the send failed after {} ms: {}", downMs, e.getMessage());
        assertFalse(e.isBrokerError());
        assertTrue(downMs < 3_000, "took " + downMs + " ms");
    }
}
