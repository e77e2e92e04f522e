package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.processor.PopMessageProcessor;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/** Per-message acknowledgement: pop, ack, redelivery, selectors, lost consumers, restarts. */
class PopAckTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    final List<TestClient> clients = new ArrayList<>();

    EmbeddedBroker startBroker(String... kv) {
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(64 * 1024 * 1024));
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1]);
        }
        broker = b.build().start();
        return broker;
    }

    TestClient client(String id) throws Exception {
        TestClient c = new TestClient(broker.brokerAddress(), id);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (broker != null) {
            broker.close();
        }
    }

    static String body(WireMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    static List<String> receipts(List<WireMessage> ms) {
        return ms.stream().map(WireMessage::receiptHandle).toList();
    }

    void sendN(TestClient c, String topic, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertEquals(0, c.send(topic, -1, "m" + i).getCode());
        }
    }

    @Test
    void twoConsumersSplitWithoutOverlapAndAckedNeverReturn() throws Exception {
        startBroker();
        TestClient p = client("p");
        sendN(p, "q1", 200);
        TestClient a = client("a");
        TestClient b = client("b");
        Set<String> all = Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> fs = new ArrayList<>();
        for (TestClient c : List.of(a, b)) {
            fs.add(pool.submit(() -> {
                int got = 0;
                while (all.size() < 200) {
                    List<WireMessage> ms = c.pop("G", "q1", 7, 30_000, 200, null);
                    for (WireMessage m : ms) {
                        assertTrue(all.add(body(m)), "delivered twice: " + body(m));
                        assertEquals(1, m.deliveryCount());
                        got++;
                    }
                    if (!ms.isEmpty()) {
                        assertEquals(0, c.ack("G", "q1", receipts(ms)).getCode());
                    }
                }
                return got;
            }));
        }
        int ga = fs.get(0).get(60, TimeUnit.SECONDS);
        int gb = fs.get(1).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(200, ga + gb);
        assertEquals(200, all.size());
        assertTrue(a.pop("G", "q1", 32, 30_000, 300, null).isEmpty());
        for (int q = 0; q < 4; q++) {
            assertEquals(50, broker.brokerController().getAckStateManager().consumeOffset("G", "q1", q));
        }
    }

    @Test
    void aMessageReleasedWhileAPopLooksWakesThatPopOnceItIsHeld() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q-race", 1);
        List<WireMessage> first = c.pop("G", "q-race", 1, 60_000, 2000, null);
        assertEquals(1, first.size());
        ReceiptHandle rh = ReceiptHandle.parse(first.get(0).receiptHandle());
        AtomicInteger released = new AtomicInteger();
        // the next pop finds nothing visible; just before it is held the message is released (a consumer's recover
        // on another connection): no append follows, so only the release itself can wake that pop
        PopMessageProcessor.beforeHoldForTest = () -> {
            if (released.getAndIncrement() == 0) {
                broker.brokerController().getAckStateManager().changeInvisibleTime("G", rh.topic(), List.of(rh), 0);
            }
        };
        try {
            long t0 = System.nanoTime();
            List<WireMessage> again = c.pop("G", "q-race", 1, 60_000, 4000, null);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(released.get() > 0, "the hook did not run: the pop never got to hold");
            assertEquals(1, again.size(), "the released message was not handed to the held pop");
            assertEquals(body(first.get(0)), body(again.get(0)));
            assertEquals(2, again.get(0).deliveryCount());
            assertTrue(millis < 2000, "the held pop waited " + millis + " ms for a message already visible");
        } finally {
            PopMessageProcessor.beforeHoldForTest = null;
        }
    }

    @Test
    void unackedComeBackAfterInvisibleTimeWithDeliveryCountTwo() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q2", 10);
        List<WireMessage> first = new ArrayList<>();
        while (first.size() < 10) {
            first.addAll(c.pop("G", "q2", 10, 800, 1000, null));
        }
        List<String> ackThese = new ArrayList<>();
        Set<String> acked = new HashSet<>();
        for (WireMessage m : first) {
            assertEquals(1, m.deliveryCount());
            if (Integer.parseInt(body(m).substring(1)) % 2 == 0) {
                ackThese.add(m.receiptHandle());
                acked.add(body(m));
            }
        }
        assertEquals(0, c.ack("G", "q2", ackThese).getCode());
        assertTrue(c.pop("G", "q2", 10, 800, 0, null).isEmpty(), "nothing visible before the invisible time");
        List<WireMessage> again = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (again.size() < 5 && System.currentTimeMillis() < deadline) {
            again.addAll(c.pop("G", "q2", 10, 30_000, 2000, null));
        }
        assertEquals(5, again.size());
        for (WireMessage m : again) {
            assertEquals(2, m.deliveryCount());
            assertTrue(!acked.contains(body(m)), "acked message redelivered: " + body(m));
        }
        // a receipt of the first delivery cannot ack the second one
        String stale = first.stream().filter(m -> body(m).equals(body(again.get(0)))).findFirst().orElseThrow()
                .receiptHandle();
        assertEquals(BrokerResponseCode.RECEIPT_HANDLE_INVALID, c.ack("G", "q2", List.of(stale)).getCode());
        // a nack makes a message visible at once
        assertEquals(0, c.changeInvisible("G", "q2", List.of(again.get(0).receiptHandle()), 0).getCode());
        List<WireMessage> third = c.pop("G", "q2", 10, 30_000, 2000, null);
        assertEquals(1, third.size());
        assertEquals(3, third.get(0).deliveryCount());
        assertEquals(body(again.get(0)), body(third.get(0)));
    }

    @Test
    void aPopHeldForAClientThatUnregisteredNeverSwallowsAMessage() throws Exception {
        startBroker();
        TestClient leaving = client("leaving");
        TestClient staying = client("staying");
        TestClient producer = client("producer");
        assertEquals(0, producer.send("held", 0, "warm-up").getCode()); // creates the topic
        List<WireMessage> first = staying.pop("H", "held", 1, 30_000, 2_000, null);
        assertEquals(1, first.size());
        assertEquals(0, staying.ack("H", "held", receipts(first)).getCode());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // the leaving client's pop is held by the broker, then the client unregisters (closes its consumer)
            Future<List<WireMessage>> held = pool.submit(() -> leaving.pop("H", "held", 1, 60_000, 5_000, null));
            Thread.sleep(300);
            assertEquals(0, leaving.unregister().getCode());
            assertEquals(0, producer.send("held", 0, "after-leave").getCode());
            assertTrue(held.get(10, TimeUnit.SECONDS).isEmpty(), "the departed client's held pop took the message");
            List<WireMessage> got = staying.pop("H", "held", 1, 30_000, 3_000, null);
            assertEquals(1, got.size(), "the message must go to the client that stayed, at once");
            assertEquals("after-leave", body(got.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void selectorLeavesNonMatchingMessagesForAnotherConsumerOfTheGroup() throws Exception {
        startBroker();
        TestClient p = client("p");
        for (int i = 0; i < 20; i++) {
            assertEquals(0, p.send("q3", 0, "m" + i, TestClient.props("color",
                    TypedPropertyCodec.encode(i % 2 == 0 ? "red" : "blue"))).getCode());
        }
        TestClient red = client("red");
        TestClient any = client("any");
        List<WireMessage> reds = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (reds.size() < 10 && System.currentTimeMillis() < deadline) {
            List<WireMessage> ms = red.pop("G", "q3", 32, 30_000, 500, "color = 'red'");
            ms.forEach(m -> assertEquals("Sred", m.properties().get("color")));
            reds.addAll(ms);
        }
        assertEquals(10, reds.size());
        assertEquals(0, red.ack("G", "q3", receipts(reds)).getCode());
        List<WireMessage> rest = new ArrayList<>();
        deadline = System.currentTimeMillis() + 10_000;
        while (rest.size() < 10 && System.currentTimeMillis() < deadline) {
            rest.addAll(any.pop("G", "q3", 32, 30_000, 500, null));
        }
        assertEquals(10, rest.size());
        rest.forEach(m -> {
            assertEquals("Sblue", m.properties().get("color"));
            assertEquals(1, m.deliveryCount());
        });
        assertEquals(0, any.ack("G", "q3", receipts(rest)).getCode());
        assertEquals(20, broker.brokerController().getAckStateManager().consumeOffset("G", "q3", 0));
    }

    @Test
    void heldPopIsWokenBySend() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q4", 1);
        List<WireMessage> first = c.pop("G", "q4", 32, 30_000, 1000, null);
        assertEquals(1, first.size());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<WireMessage>> held = pool.submit(() -> c.pop("G", "q4", 32, 30_000, 10_000, null));
            Thread.sleep(300);
            long sent = System.nanoTime();
            assertEquals(0, c.send("q4", 2, "late").getCode());
            List<WireMessage> got = held.get(5, TimeUnit.SECONDS);
            assertTrue((System.nanoTime() - sent) / 1_000_000 < 500);
            assertEquals("late", body(got.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lostConsumerReleasedAfterTimeoutAndUnregisterReleasesAtOnce() throws Exception {
        startBroker("consumerLostTimeoutMillis", "500");
        TestClient p = client("p");
        sendN(p, "q5", 4);
        TestClient a = new TestClient(broker.brokerAddress(), "lost-client");
        assertEquals(0, a.heartbeat("G", "q5").getCode());
        List<WireMessage> taken = new ArrayList<>();
        while (taken.size() < 4) {
            taken.addAll(a.pop("G", "q5", 32, 60_000, 1000, null));
        }
        a.close();
        TestClient b = client("b");
        long t0 = System.currentTimeMillis();
        List<WireMessage> back = new ArrayList<>();
        while (back.size() < 4 && System.currentTimeMillis() - t0 < 10_000) {
            back.addAll(b.pop("G", "q5", 32, 60_000, 3000, null));
        }
        assertEquals(4, back.size());
        back.forEach(m -> assertEquals(2, m.deliveryCount()));
        assertTrue(System.currentTimeMillis() - t0 >= 400, "released too early");
        assertTrue(b.pop("G", "q5", 32, 60_000, 0, null).isEmpty());
        assertEquals(0, b.unregister().getCode());
        List<WireMessage> third = new ArrayList<>();
        t0 = System.currentTimeMillis();
        while (third.size() < 4 && System.currentTimeMillis() - t0 < 5000) {
            third.addAll(p.pop("G", "q5", 32, 60_000, 1000, null));
        }
        assertEquals(4, third.size());
        third.forEach(m -> assertEquals(3, m.deliveryCount()));
    }

    @Test
    void subscriptionStartingAtTheEndSeesOnlyLaterMessages() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q7", 8);
        var r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.POP_MESSAGE,
                new org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader("SUB", "q7", -1, 1, 30_000, 0, null,
                        null, "c", true), null, 5000);
        assertEquals(BrokerResponseCode.PULL_NOT_FOUND, r.getCode());
        sendN(c, "q7", 8);
        List<WireMessage> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (got.size() < 8 && System.currentTimeMillis() < deadline) {
            got.addAll(c.pop("SUB", "q7", 32, 30_000, 500, null));
        }
        assertEquals(8, got.size());
        got.forEach(m -> assertTrue(m.queueOffset() >= 2, "old message delivered: " + m.queueOffset()));
    }

    @Test
    void deletingASubscriptionGroupOrTopicForgetsItsState() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q9", 4);
        List<WireMessage> got = new ArrayList<>();
        while (got.size() < 4) {
            got.addAll(c.pop("DUR", "q9", 32, 60_000, 1000, null));
        }
        var r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.DELETE_SUBSCRIPTION_GROUP,
                new org.rocketjms.remoting.protocol.broker.DeleteSubscriptionGroupRequestHeader("DUR", null), null, 5000);
        assertEquals(0, r.getCode(), r.getRemark());
        assertEquals(BrokerResponseCode.RECEIPT_HANDLE_INVALID, c.ack("DUR", "q9", receipts(got)).getCode());
        List<WireMessage> fresh = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (fresh.size() < 4 && System.currentTimeMillis() < deadline) {
            fresh.addAll(c.pop("DUR", "q9", 32, 60_000, 500, null));
        }
        assertEquals(4, fresh.size());
        fresh.forEach(m -> assertEquals(1, m.deliveryCount()));
        r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.DELETE_TOPIC,
                new org.rocketjms.remoting.protocol.broker.TopicRequestHeader("q9"), null, 5000);
        assertEquals(0, r.getCode(), r.getRemark());
        r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.GET_TOPIC_CONFIG,
                new org.rocketjms.remoting.protocol.broker.TopicRequestHeader("q9"), null, 5000);
        assertEquals(BrokerResponseCode.TOPIC_NOT_EXIST, r.getCode());
        assertEquals(-1, broker.brokerController().getAckStateManager().consumeOffset("DUR", "q9", 0));
    }

    @Test
    void messageRedeliveredTooOftenMovesToTheDeadLetterTopic() throws Exception {
        startBroker();
        TestClient c = client("c");
        var r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.UPDATE_AND_CREATE_SUBSCRIPTION_GROUP,
                new org.rocketjms.remoting.protocol.broker.SubscriptionGroupHeader("DG", 2, true), null, 5000);
        assertEquals(0, r.getCode(), r.getRemark());
        assertEquals(0, c.send("q10", 0, "poison").getCode());
        for (int delivery = 1; delivery <= 3; delivery++) {
            List<WireMessage> ms = c.pop("DG", "q10", 1, 60_000, 2000, null);
            assertEquals(1, ms.size(), "delivery " + delivery);
            assertEquals(delivery, ms.get(0).deliveryCount());
            assertEquals(0, c.changeInvisible("DG", "q10", receipts(ms), 0).getCode());
        }
        assertTrue(c.pop("DG", "q10", 1, 60_000, 300, null).isEmpty(), "a fourth delivery must not happen");
        assertEquals(1, broker.brokerController().getAckStateManager().consumeOffset("DG", "q10", 0));
        List<WireMessage> dead = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (dead.isEmpty() && System.currentTimeMillis() < deadline) {
            dead.addAll(c.pop("DLQ-READER", "%DLQ%DG", 1, 60_000, 500, null));
        }
        assertEquals(1, dead.size());
        assertEquals("poison", body(dead.get(0)));
        assertEquals("q10", dead.get(0).properties().get("RJMS_DLQ_ORIGIN_TOPIC"));
        assertEquals("3", dead.get(0).properties().get("RJMS_DLQ_DELIVERY_COUNT"));
        r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.UPDATE_AND_CREATE_SUBSCRIPTION_GROUP,
                new org.rocketjms.remoting.protocol.broker.SubscriptionGroupHeader("OFF", 2, false), null, 5000);
        assertEquals(0, r.getCode());
        r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.POP_MESSAGE,
                new org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader("OFF", "q10", -1, 1, 30_000, 0,
                        null, null, "c", false), null, 5000);
        assertEquals(BrokerResponseCode.INVALID_REQUEST, r.getCode());
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        startBroker();
        TestClient c = client("c");
        var r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.POP_MESSAGE,
                new org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader("G", "missing", -1, 1, 30_000, 0,
                        null, null, "c", false), null, 5000);
        assertEquals(BrokerResponseCode.TOPIC_NOT_EXIST, r.getCode());
        sendN(c, "q8", 1);
        r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.ACK_MESSAGE,
                new org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader("G", "q8"), new byte[] {0, 0, 0, 9},
                5000);
        assertEquals(BrokerResponseCode.INVALID_REQUEST, r.getCode());
        assertTrue(r.getRemark().contains("malformed"), r.getRemark());
        assertEquals(BrokerResponseCode.RECEIPT_HANDLE_INVALID, c.ack("G", "q8", List.of("0:0:1:0:q8")).getCode());
        r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.POP_MESSAGE,
                new org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader("G", "q8", -1, 1, 30_000, 0,
                        "a = ", "SQL92", "c", false), null, 5000);
        assertEquals(BrokerResponseCode.SUBSCRIPTION_PARSE_FAILED, r.getCode());
        r = c.pull("G", "q8", 9, 0, 1, 0, null, null);
        assertEquals(BrokerResponseCode.INVALID_REQUEST, r.getCode());
    }

    /**
     * Pops answer before their records are forced, under a durable reservation that a crash turns into "delivered
     * once"; a clean shutdown gives the reservations back, so after it a message nobody received is not flagged.
     */
    @Test
    void aCleanRestartDoesNotFlagMessagesNobodyReceivedAsRedelivered() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q-clean", 12);
        List<WireMessage> first = new ArrayList<>();
        while (first.size() < 4) {
            first.addAll(c.pop("G", "q-clean", 4 - first.size(), 60_000, 1000, null));
        }
        assertEquals(0, c.ack("G", "q-clean", receipts(first)).getCode());
        clients.forEach(TestClient::close);
        clients.clear();
        broker.close();

        startBroker();
        TestClient d = client("d");
        List<WireMessage> rest = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (rest.size() < 8 && System.currentTimeMillis() < deadline) {
            rest.addAll(d.pop("G", "q-clean", 32, 60_000, 500, null));
        }
        assertEquals(8, rest.size());
        for (WireMessage m : rest) {
            assertEquals(1, m.deliveryCount(), body(m) + " was never delivered before the restart");
        }
    }

    @Test
    void restartKeepsMessagesOffsetsAndAcks() throws Exception {
        startBroker();
        TestClient c = client("c");
        sendN(c, "q6", 10);
        List<WireMessage> got = new ArrayList<>();
        while (got.size() < 10) {
            got.addAll(c.pop("G", "q6", 32, 60_000, 1000, null));
        }
        List<String> ackThese = new ArrayList<>();
        Set<String> acked = new HashSet<>();
        for (WireMessage m : got) {
            if (Integer.parseInt(body(m).substring(1)) < 5) {
                ackThese.add(m.receiptHandle());
                acked.add(body(m));
            }
        }
        assertEquals(0, c.ack("G", "q6", ackThese).getCode());
        assertEquals(0, c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.UPDATE_CONSUMER_OFFSET,
                new org.rocketjms.remoting.protocol.broker.ConsumerOffsetRequestHeader("PG", "q6", 1, 2), null, 5000)
                .getCode());
        clients.forEach(TestClient::close);
        clients.clear();
        broker.close();
        assertTrue(!dir.resolve("store/abort").toFile().exists(), "clean shutdown removes the abort file");

        startBroker();
        TestClient d = client("d");
        List<WireMessage> again = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (again.size() < 5 && System.currentTimeMillis() < deadline) {
            again.addAll(d.pop("G", "q6", 32, 60_000, 500, null));
        }
        assertEquals(5, again.size());
        for (WireMessage m : again) {
            assertTrue(!acked.contains(body(m)), "acked message redelivered after restart: " + body(m));
            assertTrue(m.deliveryCount() > 1, "redelivery count " + m.deliveryCount());
        }
        assertTrue(d.pop("G", "q6", 32, 60_000, 300, null).isEmpty());
        var r = d.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.QUERY_CONSUMER_OFFSET,
                new org.rocketjms.remoting.protocol.broker.ConsumerOffsetRequestHeader("PG", "q6", 1, -1), null, 5000);
        assertEquals(2, org.rocketjms.remoting.protocol.broker.OffsetResponseHeader.decode(r.getExtFields()).offset());
        var pulled = d.pull("PG", "q6", 1, 0, 32, 0, null, null);
        assertEquals(0, pulled.getCode());
    }
}
