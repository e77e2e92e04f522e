package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerExtFields;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.TopicConfigHeader;
import org.rocketjms.remoting.protocol.broker.TopicRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/** Delivery delay, expiry, priority bands, temporary topics and dead letters. */
class DeliveryFeaturesTest extends JmsFeatureTestBase {

    @Test
    void delayedMessageIsDeliveredAtItsTimeNotBefore() throws Exception {
        startBroker();
        TestClient c = client("c1");
        long due = System.currentTimeMillis() + 1500;
        send(c, "d", 0, "later", "#JMSDeliveryTime", "J" + due);
        send(c, "d", 0, "now");
        List<WireMessage> first = popN(c, "g", "d", 1, 5_000);
        assertEquals(List.of("now"), bodies(first));
        List<WireMessage> later = c.pop("g", "d", 1, 30_000, 1300, null);
        assertTrue(later.isEmpty() || System.currentTimeMillis() >= due, "delivered before its time");
        if (later.isEmpty()) {
            later = popN(c, "g", "d", 1, 3_000);
        }
        long at = System.currentTimeMillis();
        assertEquals(List.of("later"), bodies(later));
        assertTrue(at >= due, "delivered " + (due - at) + " ms early");
        assertTrue(at <= due + 200, "delivered " + (at - due) + " ms late");
        assertEquals("J" + due, later.get(0).properties().get("#JMSDeliveryTime"));
    }

    @Test
    void delayedMessagesSurviveARestartAndAreDeliveredOnce() throws Exception {
        startBroker("timerCheckpointIntervalMillis", "50");
        TestClient c = client("c1");
        long now = System.currentTimeMillis();
        send(c, "d", 0, "soon", "#JMSDeliveryTime", "J" + (now + 200));
        send(c, "d", 0, "after-restart", "#JMSDeliveryTime", "J" + (now + 2500));
        List<WireMessage> soon = popN(c, "g", "d", 1, 5_000);
        assertEquals(List.of("soon"), bodies(soon));
        assertEquals(0, c.ack("g", "d", receipts(soon)).getCode());
        Thread.sleep(150);
        restartBroker("timerCheckpointIntervalMillis", "50");
        TestClient c2 = client("c2");
        List<WireMessage> later = popN(c2, "g", "d", 2, 6_000);
        assertEquals(List.of("after-restart"), bodies(later));
        assertTrue(System.currentTimeMillis() >= now + 2500);
        assertEquals(0, c2.ack("g", "d", receipts(later)).getCode());
        assertTrue(c2.pop("g", "d", 10, 30_000, 300, null).isEmpty(), "nothing delivered twice");
        restartBroker();
        assertTrue(client("c3").pop("g", "d", 10, 30_000, 500, null).isEmpty(), "nothing delivered again");
    }

    @Test
    void expiredMessagesAreNeverDelivered() throws Exception {
        startBroker();
        TestClient c = client("c1");
        long now = System.currentTimeMillis();
        send(c, "e", 0, "expired", "#JMSExpiration", "J" + (now - 1));
        send(c, "e", 0, "short", "#JMSExpiration", "J" + (now + 200));
        send(c, "e", 0, "forever", "#JMSExpiration", "J0");
        send(c, "e", 0, "live", "#JMSExpiration", "J" + (now + 60_000));
        c.awaitMaxOffset("e", 0, 4);
        Thread.sleep(300);
        List<WireMessage> got = popN(c, "g", "e", 2, 5_000);
        assertEquals(List.of("forever", "live"), bodies(got));
        assertEquals(0, c.ack("g", "e", receipts(got)).getCode());
        assertTrue(c.pop("g", "e", 10, 30_000, 200, null).isEmpty());
        assertEquals(4, broker.brokerController().getAckStateManager().consumeOffset("g", "e", 0),
                "expired messages count as acked");
        RemotingCommand pull = c.pull("pg1", "e", 0, 0, 32, 0, null, null);
        assertEquals(List.of("forever", "live"), bodies(MessageListCodec.decode(pull.getBody())));
    }

    @Test
    void highPriorityMessagesAreDeliveredFirst() throws Exception {
        startBroker();
        TestClient c = client("c1");
        for (int i = 0; i < 20; i++) {
            send(c, "p", 0, "low" + i, "#JMSPriority", "I" + (i % 5));
        }
        for (int i = 0; i < 5; i++) {
            send(c, "p", 0, "high" + i, "#JMSPriority", "I" + (5 + i));
        }
        c.awaitMaxOffset("p", 0, 20);
        c.awaitMaxOffset("%HI%p", 0, 5);
        RemotingCommand pulled = c.pull("browser", "%HI%p", 0, 0, 32, 0, null, null);
        assertEquals(0, pulled.getCode(), pulled.getRemark());
        assertEquals(5, MessageListCodec.decode(pulled.getBody()).size(), "the band can be pulled (browsers)");
        List<WireMessage> first = c.pop("g", "p", 5, 30_000, 1000, null);
        assertEquals(List.of("high0", "high1", "high2", "high3", "high4"), bodies(first));
        assertTrue(first.stream().allMatch(m -> m.topic().equals("p")), "shown under the topic's name");
        List<WireMessage> rest = popN(c, "g", "p", 20, 5_000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("low" + i);
        }
        assertEquals(expected, bodies(rest));
        assertEquals(0, c.ack("g", "p", receipts(first)).getCode());
        assertEquals(0, c.ack("g", "p", receipts(rest)).getCode());
        assertTrue(c.pop("g", "p", 30, 30_000, 200, null).isEmpty());
    }

    /**
     * A pop looks at the high band, then at the normal band: a high-priority message and a normal one sent after it,
     * both stored between those two looks, must not arrive normal one first (it would overtake a message sent before
     * it with a higher priority).
     */
    @Test
    void aNormalMessageStoredWhileAPopLooksDoesNotOvertakeAnEarlierHighPriorityOne() throws Exception {
        startBroker();
        TestClient c = client("c1");
        TestClient producer = client("p1");
        send(producer, "race", 0, "before");
        List<WireMessage> before = popN(c, "g", "race", 1, 5_000);
        assertEquals(0, c.ack("g", "race", receipts(before)).getCode());
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        org.rocketjms.broker.processor.PopMessageProcessor.betweenBandsForTest = () -> {
            if (runs.getAndIncrement() == 0) {
                try {
                    send(producer, "race", 0, "high", "#JMSPriority", "I7");
                    send(producer, "race", 0, "normal");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try {
            List<WireMessage> got = popN(c, "g", "race", 2, 5_000);
            assertTrue(runs.get() > 0, "the hook did not run");
            assertEquals(List.of("high", "normal"), bodies(got));
        } finally {
            org.rocketjms.broker.processor.PopMessageProcessor.betweenBandsForTest = null;
        }
    }

    /**
     * The other side of the test above: when no high-priority message arrived while a pop looked, a normal message
     * stored meanwhile goes out with that same look instead of waiting for the next one (a pop is not held back by
     * what arrives while it runs, which costs throughput when a pop visits many queues).
     */
    @Test
    void aNormalMessageStoredWhileAPopLooksGoesOutWithThatLookWhenNoHighPriorityOneArrived() throws Exception {
        startBroker();
        TestClient c = client("c1");
        TestClient producer = client("p1");
        send(producer, "calm", 0, "high-before", "#JMSPriority", "I7");
        send(producer, "calm", 0, "before");
        c.awaitMaxOffset("%HI%calm", 0, 1);
        c.awaitMaxOffset("calm", 0, 1);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        org.rocketjms.broker.processor.PopMessageProcessor.betweenBandsForTest = () -> {
            if (looks.getAndIncrement() == 0) {
                try {
                    send(producer, "calm", 0, "during");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try {
            List<WireMessage> got = c.pop("g", "calm", 10, 30_000, 3_000, null);
            assertEquals(List.of("high-before", "before", "during"), bodies(got));
            assertEquals(1, looks.get(), "the message stored during the look waited for another look");
        } finally {
            org.rocketjms.broker.processor.PopMessageProcessor.betweenBandsForTest = null;
        }
    }

    @Test
    void highPriorityNackAndReleaseWork() throws Exception {
        startBroker();
        TestClient c = client("c1");
        send(c, "p2", 0, "h", "#JMSPriority", "I9");
        List<WireMessage> m = popN(c, "g", "p2", 1, 5_000);
        assertEquals(0, c.changeInvisible("g", "p2", receipts(m), 0).getCode());
        List<WireMessage> again = popN(c, "g", "p2", 1, 5_000);
        assertEquals(2, again.get(0).deliveryCount());
    }

    @Test
    void temporaryTopicVanishesWithItsConnectionAndOnlyItsOwnerMayDeleteIt() throws Exception {
        startBroker("consumerLostTimeoutMillis", "300");
        TestClient owner = client("owner");
        TestClient other = client("other");
        RemotingCommand created = call(owner, BrokerRequestCode.UPDATE_AND_CREATE_TOPIC,
                new TopicConfigHeader("tmp1", 1, 1, 6), Map.of(BrokerExtFields.TEMPORARY, "true",
                        BrokerExtFields.CLIENT_ID, "owner"), null);
        assertEquals(0, created.getCode(), created.getRemark());
        send(owner, "tmp1", 0, "x");
        RemotingCommand denied = call(other, BrokerRequestCode.DELETE_TOPIC, new TopicRequestHeader("tmp1"),
                Map.of(BrokerExtFields.CLIENT_ID, "other"), null);
        assertEquals(BrokerResponseCode.NO_PERMISSION, denied.getCode());
        Thread.sleep(500);
        assertTrue(broker.brokerController().getTopicConfigManager().get("tmp1") != null, "owner still connected");
        owner.close();
        clients.remove(owner);
        awaitTrue(() -> broker.brokerController().getTopicConfigManager().get("tmp1") == null, 5_000);
        assertNull(broker.brokerController().getTopicConfigManager().get("tmp1"));
    }

    @Test
    void messageMovesToTheDeadLetterTopicAfterMaxDeliveries() throws Exception {
        startBroker("maxDeliveryAttempts", "2");
        TestClient c = client("c1");
        send(c, "dl", 0, "poison");
        for (int i = 1; i <= 2; i++) {
            List<WireMessage> m = popN(c, "g", "dl", 1, 5_000);
            assertEquals(i, m.get(0).deliveryCount());
            assertEquals(0, c.changeInvisible("g", "dl", receipts(m), 0).getCode());
        }
        assertTrue(c.pop("g", "dl", 1, 30_000, 300, null).isEmpty(), "not delivered a third time");
        List<WireMessage> dead = popN(c, "dlq-reader", AckStateManager.DLQ_TOPIC_PREFIX + "g", 1, 5_000);
        assertEquals(List.of("poison"), bodies(dead));
        assertEquals("2", dead.get(0).properties().get(AckStateManager.DLQ_DELIVERY_COUNT));
    }

    @Test
    void ownerMayDeleteItsTemporaryTopic() throws Exception {
        startBroker();
        TestClient owner = client("owner");
        assertEquals(0, call(owner, BrokerRequestCode.UPDATE_AND_CREATE_TOPIC, new TopicConfigHeader("tmp2", 1, 1, 6),
                Map.of(BrokerExtFields.TEMPORARY, "true", BrokerExtFields.CLIENT_ID, "owner"), null).getCode());
        assertTrue(broker.brokerController().getTopicConfigManager().get("tmp2").isTemporary());
        assertEquals(0, call(owner, BrokerRequestCode.DELETE_TOPIC, new TopicRequestHeader("tmp2"),
                Map.of(BrokerExtFields.CLIENT_ID, "owner"), null).getCode());
        assertNull(broker.brokerController().getTopicConfigManager().get("tmp2"));
        assertTrue(!broker.brokerController().getTemporaryTopicManager().isTemporary("tmp2"));
    }
}
