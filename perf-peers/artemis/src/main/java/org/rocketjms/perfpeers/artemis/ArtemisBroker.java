package org.rocketjms.perfpeers.artemis;

import java.io.File;
import java.util.concurrent.CountDownLatch;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * Starts an embedded ActiveMQ Artemis broker for perf/compare.sh: persistent, NIO journal, one acceptor on loopback,
 * security and JMX off, queues auto-created. {@code --journal-buffer-timeout-ns N} sets the NIO journal's buffer
 * timeout (what {@code artemis create} derives from a disk sync test); without it the embedded default applies.
 * Prints one {@code started} line and runs until SIGTERM.
 *
 * <pre>java -cp perf-peers/artemis/target/classes:perf-peers/artemis/target/lib/* \
 *   org.rocketjms.perfpeers.artemis.ArtemisBroker --data DIR [--port 61617] [--journal-buffer-timeout-ns N]</pre>
 */
public final class ArtemisBroker {
    private ArtemisBroker() {
    }

    public static void main(String[] args) throws Exception {
        File data = null;
        int port = 61617;
        int bufferTimeoutNs = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = new File(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--journal-buffer-timeout-ns" -> bufferTimeoutNs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; usage: --data DIR [--port N] [--journal-buffer-timeout-ns N]");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        String url = "tcp://127.0.0.1:" + port;
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(new File(data, "journal").getPath())
                .setBindingsDirectory(new File(data, "bindings").getPath())
                .setPagingDirectory(new File(data, "paging").getPath())
                .setLargeMessagesDirectory(new File(data, "large-messages").getPath())
                .addAcceptorConfiguration("perf", url);
        if (bufferTimeoutNs >= 0) {
            config.setJournalBufferTimeout_NIO(bufferTimeoutNs);
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("ActiveMQ Artemis started: " + url + " (NIO journal in " + data
                + ", journal buffer timeout " + config.getJournalBufferTimeout_NIO() + " ns)");
        stopped.await();
    }
}
