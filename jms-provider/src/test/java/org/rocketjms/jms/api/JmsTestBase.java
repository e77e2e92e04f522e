package org.rocketjms.jms.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.jms.RocketConnectionFactory;

/** Starts an embedded broker per test and closes every connection the test opened. */
abstract class JmsTestBase {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    RocketConnectionFactory factory;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = startBroker(0, 0);
        factory = new RocketConnectionFactory(broker.url());
    }

    EmbeddedBroker startBroker(int namesrvPort, int brokerPort) {
        return EmbeddedBroker.builder().dataDir(dir).namesrvPort(namesrvPort).brokerPort(brokerPort)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024)).build().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // a test may have closed it already or the broker may be gone; nothing to clean up then
                org.slf4j.LoggerFactory.getLogger(getClass()).debug("cleanup", e);
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    Connection connection() throws JMSException {
        Connection c = factory.createConnection();
        closeables.add(c);
        return c;
    }

    Connection started() throws JMSException {
        Connection c = connection();
        c.start();
        return c;
    }

    <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
