package org.rocketjms.ra;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.jms.RocketConnectionFactory;

/** Starts an EmbeddedBroker on ephemeral loopback ports and reads queues with a plain client. */
final class BrokerSupport {
    private BrokerSupport() {
    }

    static EmbeddedBroker start(Path dir, String... keyValues) {
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1]);
        }
        return b.build().start();
    }

    /** The next message of queue {@code name}, or null after {@code timeoutMillis}. */
    static Message receive(String url, String name, long timeoutMillis) throws JMSException {
        try (Connection c = new RocketConnectionFactory(url).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            return consumer.receive(timeoutMillis);
        }
    }

    static void send(String url, String queue, String text) throws JMSException {
        try (Connection c = new RocketConnectionFactory(url).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }
}
