package org.rocketjms.examples;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;

/** Starts one embedded broker (ephemeral ports, temporary data directory) per test class. */
abstract class BrokerTestSupport {
    @TempDir
    static Path dataDir;

    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().dataDir(dataDir).namesrvPort(0).brokerPort(0).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    static String url() {
        return broker.url();
    }
}
