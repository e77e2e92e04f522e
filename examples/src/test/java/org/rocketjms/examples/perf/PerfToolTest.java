package org.rocketjms.examples.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;

/** Short real runs of the perf tool against an embedded broker, checking the counts it reports. */
class PerfToolTest {
    @TempDir
    static Path dataDir;

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().dataDir(dataDir).namesrvPort(0).brokerPort(0).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static final class Captured {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;

        Captured run(String... args) {
            code = PerfTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return this;
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void countModeMovesEveryMessageAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        Captured c = new Captured().run("--url", broker.url(), "--destination", "queue://perf.count", "--producers",
                "2", "--consumers", "2", "--size", "256", "--count", "300", "--json", json.toString());
        assertEquals(0, c.code, c.out() + c.err.toString(StandardCharsets.UTF_8));
        String j = Files.readString(json);
        assertTrue(j.contains("\"sent\":300,"), j);
        assertTrue(j.contains("\"received\":300,"), j);
        assertTrue(j.contains("\"backlogAtEnd\":0,"), j);
        assertTrue(j.contains("\"incomplete\":false"), j);
        assertTrue(j.contains("\"sendLatencyMicros\":{\"count\":300,"), j);
        assertTrue(j.contains("\"endToEndLatencyMicros\":{\"count\":300,"), j);
        assertTrue(c.out().contains("perf summary: queue://perf.count, 2 producer(s), 2 consumer(s), 256 B"), c.out());
        assertTrue(c.out().contains("end-to-end   p50 "), c.out());
    }

    @Test
    void timedRunHoldsTheFixedRateInTransactedBatches() throws Exception {
        PerfOptions o = PerfOptions.parse("--url", broker.url(), "--destination", "queue://perf.rate", "--rate", "200",
                "--tx-batch", "10", "--non-persistent", "--warmup", "1", "--duration", "2");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PerfResult r = PerfTool.run(o, new PrintStream(progress, true, StandardCharsets.UTF_8));
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("[   1s] sent ") && lines.contains("(warm-up)") && lines.contains("[   3s] sent "),
                lines);
        assertEquals(0, r.sent() % 10, "transacted producers count whole committed batches: " + r.sent());
        assertTrue(r.sendRate() > 50 && r.sendRate() < 260, "rate " + r.sendRate());
        assertTrue(r.received() > 0, "received " + r.received());
        // sends are timed one by one but counted at commit: the two differ by less than a batch at each window edge
        assertTrue(Math.abs(r.sent() - r.sendLatency().getTotalCount()) <= 20,
                r.sent() + " sent, " + r.sendLatency().getTotalCount() + " send samples");
        assertFalse(r.incomplete());
    }

    @Test
    void jndiTopicFansOutToEverySubscriber(@TempDir Path dir) throws Exception {
        Path jndi = Files.writeString(dir.resolve("jndi.properties"), String.join("\n",
                "java.naming.factory.initial=org.rocketjms.jms.jndi.RocketInitialContextFactory",
                "java.naming.provider.url=" + broker.url(),
                "topic.perfTopic=perf.topic", ""));
        PerfOptions o = PerfOptions.parse("--jndi", jndi.toString(), "--destination", "jndi:perfTopic",
                "--consumers", "2", "--count", "100");
        PerfResult r = PerfTool.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(r.topic());
        assertEquals(100, r.sent());
        assertEquals(200, r.received());
        assertFalse(r.incomplete());
    }

    @Test
    void backlogThenDrainInTwoRuns() {
        String q = "queue://perf.backlog";
        Captured fill = new Captured().run("--url", broker.url(), "--destination", q, "--consumers", "0",
                "--count", "250");
        assertEquals(0, fill.code, fill.out());
        assertTrue(fill.out().contains("backlog    0 -> 250"), fill.out());
        Captured drain = new Captured().run("--url", broker.url(), "--destination", q, "--producers", "0",
                "--consumers", "2", "--count", "250");
        assertEquals(0, drain.code, drain.out());
        assertTrue(drain.out().contains("(250 messages in"), drain.out());
    }
}
