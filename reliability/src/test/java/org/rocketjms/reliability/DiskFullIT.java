package org.rocketjms.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full disk, simulated through the threshold: the broker is restarted on the same data with
 * {@code diskSpaceWarningLevelRatio} below the disk's current usage (so it counts as full), then with it raised
 * again (space "returned"). While full, sends are refused with a {@code ResourceAllocationException} naming the
 * setting, and consumers still receive and acknowledge what is stored; afterwards every stored message that was not
 * acknowledged is there (and the acknowledged one is not), and sends work again.
 * ({@code diskMaxUsedSpaceRatio} is a different key: above it retention deletes early the commit-log files whose
 * messages are all consumed, never one holding a message still needed.)
 */
class DiskFullIT {
    private static final Logger LOG = LoggerFactory.getLogger(DiskFullIT.class);
    private static final String QUEUE = "disk.q";

    @TempDir
    Path dir;

    @Test
    void sendsAreRefusedNamingTheSettingAndServiceResumesWithDataIntact() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        File fs = data.toFile();
        // as the broker measures it (and df): used / (used + available)
        long used = fs.getTotalSpace() - fs.getFreeSpace();
        double usedPercent = 100.0 * used / (used + fs.getUsableSpace());
        assumeTrue(usedPercent > 11, "the disk must be more than 11% used to simulate a full one with the lowest "
                + "allowed diskSpaceWarningLevelRatio (10); it is " + usedPercent + "%");
        List<String> base = List.of("mappedFileSizeCommitLog=67108864");
        Set<String> stored = new HashSet<>();

        try (BrokerProcess b = BrokerProcess.start(data, "-Xmx128m", base)) {
            send(b.url(), "before", 50, stored);
            assertEquals(143, b.stop());
        }

        try (BrokerProcess full = BrokerProcess.start(data, "-Xmx128m",
                List.of("mappedFileSizeCommitLog=67108864", "diskSpaceWarningLevelRatio=10"))) {
            RocketConnectionFactory cf = new RocketConnectionFactory(full.url());
            try (Connection c = cf.createConnection()) {
                Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue(QUEUE));
                long t0 = System.nanoTime();
                JMSException e = assertThrows(JMSException.class, () -> p.send(s.createTextMessage("refused")));
                long millis = (System.nanoTime() - t0) / 1_000_000;
                LOG.info("send with the disk {}% used and diskSpaceWarningLevelRatio=10: {} ({} ms)",
                        Math.round(usedPercent), e.toString(), millis);
                assertInstanceOf(ResourceAllocationException.class, e);
                assertTrue(e.getMessage().contains("diskSpaceWarningLevelRatio"), e.getMessage());
                assertTrue(millis < 5_000, "refused at once, not retried until a timeout: " + millis + " ms");

                // what is stored stays readable while the disk is full
                c.start();
                MessageConsumer mc = s.createConsumer(s.createQueue(QUEUE));
                Message m = mc.receive(10_000);
                assertNotNull(m, "stored messages are readable while sends are refused");
                String text = ((TextMessage) m).getText();
                assertTrue(stored.contains(text));
                m.acknowledge(); // consumers go on acknowledging what is stored while the disk is full
                stored.remove(text);
            }
            assertTrue(Files.readString(full.logFile()).contains("diskSpaceWarningLevelRatio"),
                    "the broker log says why it refuses");
            assertEquals(143, full.stop());
        }

        try (BrokerProcess again = BrokerProcess.start(data, "-Xmx128m", base)) {
            send(again.url(), "after", 10, stored);
            RocketConnectionFactory cf = new RocketConnectionFactory(again.url());
            Set<String> received = new HashSet<>();
            try (Connection c = cf.createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer mc = s.createConsumer(s.createQueue(QUEUE));
                c.start();
                Message m;
                while (received.size() < stored.size() && (m = mc.receive(10_000)) != null) {
                    assertTrue(received.add(((TextMessage) m).getText()), "duplicate " + ((TextMessage) m).getText());
                }
                assertNull(mc.receive(500), "nothing else, in particular not the refused message");
            }
            assertEquals(stored, received, "every unacknowledged message stored before, during and after the full disk");
            assertEquals(143, again.stop());
        }
    }

    private static void send(String url, String tag, int n, Set<String> stored) throws JMSException {
        RocketConnectionFactory cf = new RocketConnectionFactory(url);
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(QUEUE));
            for (int i = 0; i < n; i++) {
                String body = tag + "-" + i;
                p.send(s.createTextMessage(body));
                stored.add(body);
            }
        }
    }
}
