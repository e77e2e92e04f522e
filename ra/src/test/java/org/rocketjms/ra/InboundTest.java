package org.rocketjms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.ra.inbound.RocketActivationSpec;

/** MDB delivery through a test MessageEndpointFactory against an EmbeddedBroker. */
class InboundTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    RocketResourceAdapter ra;

    @AfterEach
    void stop() {
        if (ra != null) {
            ra.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start(String... brokerKeys) throws Exception {
        broker = BrokerSupport.start(dir, brokerKeys);
        ra = new RocketResourceAdapter();
        ra.setConnectionURL(broker.url());
        ra.start(null);
    }

    private RocketActivationSpec spec(String queue, int maxDeliveryAttempts) throws Exception {
        RocketActivationSpec s = new RocketActivationSpec();
        s.setResourceAdapter(ra);
        s.setDestination(queue);
        s.setMaxSession(2);
        s.setMaxDeliveryAttempts(maxDeliveryAttempts);
        s.setReceiveTimeout(300L);
        return s;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private void deliveredRedeliveredAndDeadLettered(boolean transacted) throws Exception {
        start();
        TestEndpointFactory f = new TestEndpointFactory(transacted);
        RocketActivationSpec s = spec("in.q", 3);
        ra.endpointActivation(f, s);
        BrokerSupport.send(broker.url(), "in.q", "ok");
        BrokerSupport.send(broker.url(), "in.q", "fail-once");
        BrokerSupport.send(broker.url(), "in.q", "fail-always");

        await("ok", () -> f.of("ok").size() == 1);
        assertFalse(f.of("ok").get(0).redelivered());
        assertEquals(1, f.of("ok").get(0).count());

        await("fail-once twice", () -> f.of("fail-once").size() == 2);
        TestEndpointFactory.Delivery second = f.of("fail-once").get(1);
        assertTrue(second.redelivered(), "the redelivery carries JMSRedelivered=true");
        assertEquals(2, second.count(), "and JMSXDeliveryCount=2");

        TextMessage dead = (TextMessage) BrokerSupport.receive(broker.url(), "DLQ.in.q", 30_000);
        assertNotNull(dead, "fail-always ends in the dead-letter queue");
        assertEquals("fail-always", dead.getText());
        assertEquals(3, f.of("fail-always").size(), "delivered maxDeliveryAttempts=3 times, then dead-lettered");
        Thread.sleep(500);
        assertEquals(1, f.of("ok").size(), "a committed delivery is never repeated");
        assertEquals(2, f.of("fail-once").size());
        assertNull(BrokerSupport.receive(broker.url(), "in.q", 300), "nothing left in the queue");
        if (transacted) {
            assertTrue(f.xaCalls.contains("commit") && f.xaCalls.contains("rollback"), f.xaCalls.toString());
            assertFalse(f.xaCalls.stream().anyMatch(c -> c.startsWith("error")), f.xaCalls.toString());
        }
    }

    @Test
    void localDeliveryIsRedeliveredThenDeadLettered() throws Exception {
        deliveredRedeliveredAndDeadLettered(false);
    }

    @Test
    void xaDeliveryIsRedeliveredThenDeadLettered() throws Exception {
        deliveredRedeliveredAndDeadLettered(true);
    }

    @Test
    void withoutAnAdapterLimitTheBrokerDeadLetters() throws Exception {
        start("maxDeliveryAttempts", "3");
        TestEndpointFactory f = new TestEndpointFactory(false);
        ra.endpointActivation(f, spec("broker.q", 0));
        BrokerSupport.send(broker.url(), "broker.q", "fail-always");
        TextMessage dead = (TextMessage) BrokerSupport.receive(broker.url(), "DLQ.broker.q", 30_000);
        assertNotNull(dead);
        assertEquals("fail-always", dead.getText());
        assertEquals(3, f.of("fail-always").size(), "the broker's maxDeliveryAttempts");
    }

    @Test
    void redeliveryWaitsTheConfiguredDelay() throws Exception {
        start();
        TestEndpointFactory f = new TestEndpointFactory(false);
        RocketActivationSpec s = spec("delay.q", 0);
        s.setRedeliveryDelay(1500L);
        ra.endpointActivation(f, s);
        BrokerSupport.send(broker.url(), "delay.q", "fail-once");
        await("fail-once twice", () -> f.of("fail-once").size() == 2);
        List<TestEndpointFactory.Delivery> d = f.of("fail-once");
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(d.get(1).atNanos() - d.get(0).atNanos());
        assertTrue(gapMillis >= 1400, "redelivered after " + gapMillis + " ms");
    }

    @Test
    void deactivationStopsDeliveryAndReleasesEndpoints() throws Exception {
        start();
        TestEndpointFactory f = new TestEndpointFactory(false);
        RocketActivationSpec s = spec("stop.q", 0);
        ra.endpointActivation(f, s);
        BrokerSupport.send(broker.url(), "stop.q", "before");
        await("before", () -> f.of("before").size() == 1);
        long t0 = System.nanoTime();
        ra.endpointDeactivation(f, s);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(tookMillis < 3000, "deactivation took " + tookMillis + " ms");
        assertEquals(2, f.created.get());
        assertEquals(2, f.released.get(), "every endpoint released");
        assertEquals(0, ra.activeEndpoints());

        BrokerSupport.send(broker.url(), "stop.q", "after");
        Thread.sleep(1000);
        assertTrue(f.of("after").isEmpty(), "no delivery after deactivation");
        TextMessage left = (TextMessage) BrokerSupport.receive(broker.url(), "stop.q", 5000);
        assertEquals("after", left.getText(), "the message stays in the queue for the next consumer");
    }

    @Test
    void topicSubscriptionEndsWithTheActivation() throws Exception {
        start();
        TestEndpointFactory f = new TestEndpointFactory(true);
        RocketActivationSpec s = spec("news", 0);
        s.setDestinationType("jakarta.jms.Topic");
        ra.endpointActivation(f, s);
        await("connected", () -> f.created.get() == 1);
        Thread.sleep(500);
        try (jakarta.jms.Connection c = new org.rocketjms.jms.RocketConnectionFactory(broker.url())
                .createConnection()) {
            jakarta.jms.Session session = c.createSession();
            jakarta.jms.MessageProducer p = session.createProducer(session.createTopic("news"));
            p.send(session.createTextMessage("headline"));
            await("headline", () -> f.of("headline").size() == 1);
            ra.endpointDeactivation(f, s);
            p.send(session.createTextMessage("late"));
        }
        // a new non-durable activation starts at the end: the message published in between is not kept for it
        TestEndpointFactory g = new TestEndpointFactory(true);
        ra.endpointActivation(g, s);
        await("connected again", () -> g.created.get() == 1);
        Thread.sleep(1000);
        assertTrue(g.of("late").isEmpty(), "no subscription was left behind to keep 'late'");
        assertEquals(1, f.released.get(), "the first activation released its endpoint");
    }

    @Test
    void deliveryResumesAfterTheBrokerRestarts() throws Exception {
        start();
        int namesrvPort = broker.namesrvPort();
        int brokerPort = broker.brokerPort();
        TestEndpointFactory f = new TestEndpointFactory(false);
        RocketActivationSpec s = spec("restart.q", 0);
        s.setReconnectInitialDelay(200L);
        s.setReconnectMaxDelay(1000L);
        ra.endpointActivation(f, s);
        BrokerSupport.send(broker.url(), "restart.q", "before restart");
        await("before restart", () -> f.of("before restart").size() == 1);
        broker.close();
        Thread.sleep(3000);
        broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(namesrvPort).brokerPort(brokerPort)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024)).build().start();
        BrokerSupport.send(broker.url(), "restart.q", "after restart");
        await("after restart", () -> f.of("after restart").size() == 1);
        assertEquals(1, f.of("before restart").size(), "the committed message is not delivered again");
    }

    @Test
    void unreachableBrokerNeitherBlocksActivationNorShutdown() throws Exception {
        start();
        RocketActivationSpec s = spec("nowhere.q", 0);
        s.setConnectionURL("rocketjms://127.0.0.1:1");
        s.setReconnectInitialDelay(100L);
        TestEndpointFactory f = new TestEndpointFactory(false);
        long t0 = System.nanoTime();
        ra.endpointActivation(f, s);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000, "activation returns at once");
        Thread.sleep(1500);
        long t1 = System.nanoTime();
        ra.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        assertTrue(stopMillis < 3000, "stop took " + stopMillis + " ms");
        assertEquals(0, f.created.get(), "no endpoint without a connection");
        ra = null;
    }
}
