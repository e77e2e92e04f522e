package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/**
 * The backlog producer flow control limits: what a destination's slowest subscription has not acknowledged, where a
 * non-durable subscription counts only while a client has it (a crashed subscriber must not hold a topic's
 * producers) and a durable one counts with nobody connected.
 */
class FlowControlBacklogTest {
    @TempDir
    Path dir;

    @Test
    void anOfflineNonDurableSubscriptionDoesNotCountADurableOneDoes() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("maxDestinationBacklog", "1000").set("consumerLostTimeoutMillis", "300").build().start()) {
            String topic = "%T%news";
            BrokerController bc = broker.brokerController();
            TestClient producer = new TestClient(broker.brokerAddress(), "p");
            TestClient nonDurable = new TestClient(broker.brokerAddress(), "nd");
            TestClient durable = new TestClient(broker.brokerAddress(), "d");
            try {
                assertEquals(0, producer.send(topic, 0, "m0").getCode()); // creates the topic
                assertEquals(0, bc.destinationBacklog(topic), "a topic without subscriptions keeps nothing");
                nonDurable.heartbeat("%NG%sub", topic);
                durable.heartbeat("dursub", topic);
                List<WireMessage> first = nonDurable.pop("%NG%sub", topic, 1, 60_000, 0, null);
                assertEquals(1, first.size());
                assertEquals(1, durable.pop("dursub", topic, 1, 60_000, 0, null).size());
                for (int i = 1; i <= 3; i++) {
                    assertEquals(0, producer.send(topic, 0, "m" + i).getCode());
                }
                producer.awaitMaxOffset(topic, 0, 4);
                assertEquals(4, bc.destinationBacklog(topic), "both subscriptions have 4 unacknowledged");
                assertEquals(0, nonDurable.ack("%NG%sub", topic, List.of(first.get(0).receiptHandle())).getCode());
                assertEquals(4, bc.destinationBacklog(topic), "the slowest subscription counts");

                durable.close(); // a durable subscription keeps counting with nobody connected
                nonDurable.pop("%NG%sub", topic, 1, 60_000, 0, null); // one in flight
                nonDurable.close(); // "crashes": its state stays; after consumerLostTimeoutMillis it is forgotten
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!bc.getConsumerManager().clients().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(bc.getConsumerManager().clients().values().stream()
                        .noneMatch(c -> c.clientId().equals("nd")), "the closed client is still listed");
                assertEquals(4, bc.destinationBacklog(topic), "the durable subscription still counts");
                assertEquals(0, bc.getAckStateManager().inFlightCount("%NG%sub", topic, 0));
                // without the durable one, the offline non-durable subscription alone would hold 3 messages: it does
                // not count, so the backlog is the durable one's
                assertTrue(bc.getAckStateManager().delete("dursub", topic).get(10, TimeUnit.SECONDS).isOk());
                assertEquals(0, bc.destinationBacklog(topic), "an offline non-durable subscription must not count");
            } finally {
                producer.close();
                nonDurable.close();
                durable.close();
            }
        }
    }
}
