package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.rocketjms.broker.EmbeddedBroker;

/** Starts embedded brokers and client instances for tests and closes them all at the end. */
final class BrokerFixture implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Starts a name server and broker on ephemeral (or given) ports under {@code dir}. */
    EmbeddedBroker broker(Path dir, int namesrvPort, int brokerPort, String... settings) {
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(dir).namesrvPort(namesrvPort).brokerPort(brokerPort)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024));
        for (int i = 0; i < settings.length; i += 2) {
            b.set(settings[i], settings[i + 1]);
        }
        EmbeddedBroker broker = b.build().start();
        resources.add(broker);
        return broker;
    }

    /** Starts a name server and broker on ephemeral ports under {@code dir}. */
    EmbeddedBroker broker(Path dir, String... settings) {
        return broker(dir, 0, 0, settings);
    }

    /** A started client for {@code url} with test-friendly timings, adjusted by {@code tweak}. */
    ClientInstance client(String url, String clientId, Consumer<ClientConfig> tweak) throws ClientException {
        ClientConfig c = new ClientConfig(url);
        c.setClientId(clientId);
        c.setPollNameServerIntervalMillis(1_000);
        c.setHeartbeatBrokerIntervalMillis(2_000);
        c.setReconnectIntervalMillis(300);
        c.setLongPollSuspendMillis(5_000);
        c.setRequestTimeoutMillis(3_000);
        if (tweak != null) {
            tweak.accept(c);
        }
        ClientInstance ci = new ClientInstance(c);
        resources.add(ci);
        ci.start();
        return ci;
    }

    /** A started client with test-friendly timings. */
    ClientInstance client(String url, String clientId) throws ClientException {
        return client(url, clientId, null);
    }

    static OutgoingMessage text(String topic, String body) {
        return new OutgoingMessage(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ReceivedMessage m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    /** Closes clients first, then brokers, in reverse order of creation. */
    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    /**
     * Pops {@code n} messages of {@code topic} as group {@code group}, acknowledging each, and checks nothing more
     * arrives; returns their texts in arrival order.
     */
    static List<String> drain(ClientInstance ci, String group, String topic, int n) throws Exception {
        PopConsumerCore c = ci.createPopConsumer(Subscription.all(group, topic));
        c.start();
        List<String> got = new ArrayList<>();
        while (got.size() < n) {
            ReceivedMessage m = c.receive(10_000);
            assertNotNull(m, "only " + got.size() + " of " + n + " messages arrived: " + got);
            got.add(text(m));
            c.ack(m);
        }
        assertNull(c.receive(300), "more messages than sent");
        c.close();
        return got;
    }
}
