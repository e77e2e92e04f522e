package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A message popped by a client that is killed (SIGKILL) goes to another consumer after the consumer-lost timeout. */
class KilledClientTest {

    private static final Logger LOG = LoggerFactory.getLogger(KilledClientTest.class);

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();
    Process child;

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.destroyForcibly();
        }
        fx.close();
    }

    @Test
    void messageOfKilledClientIsRedelivered() throws Exception {
        EmbeddedBroker broker = fx.broker(dir, "consumerLostTimeoutMillis", "2000");
        ClientInstance ci = fx.client(broker.url(), "survivor");
        String topic = "Tkill";
        ci.createTopic(topic, 4);
        String sentId = ci.createProducer("pg").send(BrokerFixture.text(topic, "orphan")).msgId();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                PopAndHangMain.class.getName(), broker.url(), "gkill", topic));
        pb.redirectError(dir.resolve("child-stderr.txt").toFile());
        child = pb.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
            assertNotNull(line, "the child printed nothing");
            assertEquals("POPPED " + sentId + " 1", line);
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        long killedAt = System.nanoTime();
        LOG.info("child popped {} and was killed", sentId);

        PopConsumerCore consumer = ci.createPopConsumer(Subscription.all("gkill", topic));
        consumer.start();
        ReceivedMessage m = consumer.receive(15_000);
        assertNotNull(m, "the killed client's message was not redelivered");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        LOG.info("redelivered {} ms after the kill with delivery count {}", ms, m.getDeliveryCount());
        assertEquals(sentId, m.getMsgId());
        assertTrue(m.getDeliveryCount() >= 2);
        assertTrue(ms < 10_000, "took " + ms + " ms; the invisible time (60 s) must not be what released it");
        consumer.ack(m);
    }
}
