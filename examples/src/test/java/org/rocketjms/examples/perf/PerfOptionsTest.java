package org.rocketjms.examples.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfOptionsTest {

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> PerfOptions.parse(args)).getMessage();
    }

    @Test
    void defaultsAndEveryOption(@TempDir Path dir) throws Exception {
        PerfOptions d = PerfOptions.parse("--url", "rocketjms://127.0.0.1:9876");
        assertEquals(PerfOptions.Source.URL, d.source());
        assertEquals("queue://perf", d.destinationSpec());
        assertEquals(1, d.producers());
        assertEquals(1, d.consumers());
        assertEquals(1024, d.messageSize());
        assertTrue(d.persistent());
        assertEquals(0, d.txBatch());
        assertEquals(0, d.rate());
        assertEquals(5, d.warmupSeconds());
        assertEquals(10, d.durationSeconds());
        assertEquals(0, d.count());

        Path jndi = Files.writeString(dir.resolve("jndi.properties"), "java.naming.factory.initial=x\n");
        PerfOptions o = PerfOptions.parse("--jndi", jndi.toString(), "--cf-name", "cf", "--destination", "jndi:perfQ",
                "--producers", "4", "--consumers", "0", "--size", "100", "--non-persistent", "--tx-batch", "10",
                "--rate", "1_000", "--warmup", "0", "--duration", "3", "--count", "500", "--idle-timeout", "7",
                "--user", "u", "--password", "p", "--json", dir.resolve("r.json").toString());
        assertEquals(PerfOptions.Source.JNDI, o.source());
        assertEquals("cf", o.connectionFactoryName());
        assertEquals(PerfOptions.DestinationKind.JNDI, o.destinationKind());
        assertEquals("perfQ", o.destinationName());
        assertEquals(4, o.producers());
        assertEquals(0, o.consumers());
        assertEquals(100, o.messageSize());
        assertFalse(o.persistent());
        assertEquals(10, o.txBatch());
        assertEquals(1000, o.rate());
        assertEquals(0, o.warmupSeconds());
        assertEquals(3, o.durationSeconds());
        assertEquals(500, o.count());
        assertEquals(7, o.idleTimeoutSeconds());
        assertEquals("u", o.user());
        assertEquals("p", o.password());
        assertEquals(dir.resolve("r.json"), o.jsonFile());
        assertEquals("topic://t", PerfOptions.parse("--url", "rocketjms://h:1", "--destination", "topic://t")
                .destinationSpec());
    }

    @Test
    void errorsNameWhatWasWrong(@TempDir Path dir) {
        String url = "rocketjms://127.0.0.1:9876";
        assertEquals("give exactly one of --url and --jndi", error());
        assertEquals("give exactly one of --url and --jndi", error("--url", url, "--jndi", "x"));
        assertEquals("unknown option '--producer'", error("--url", url, "--producer", "2"));
        assertEquals("option --size needs a value", error("--url", url, "--size"));
        assertEquals("option --size needs a value", error("--url", url, "--size", "--non-persistent"));
        assertEquals("option --producers needs a whole number, not 'four'", error("--url", url, "--producers", "four"));
        assertEquals("option --rate must be at least 0, not -5", error("--url", url, "--rate", "-5"));
        assertEquals("option --duration must be at least 1, not 0", error("--url", url, "--duration", "0"));
        assertEquals("option --size is too large: 99999999999", error("--url", url, "--size", "99999999999"));
        assertEquals("--destination 'orders' must start with queue://, topic:// or jndi:",
                error("--url", url, "--destination", "orders"));
        assertEquals("--destination 'queue://' has no name", error("--url", url, "--destination", "queue://"));
        assertEquals("--destination jndi:q needs --jndi FILE", error("--url", url, "--destination", "jndi:q"));
        assertEquals("--url 'tcp://h:61616' is not a rocketjms:// URL; measure other providers with --jndi FILE",
                error("--url", "tcp://h:61616"));
        assertTrue(error("--jndi", dir.resolve("missing.properties").toString()).endsWith("does not exist"));
        assertEquals("--producers and --consumers are both 0: nothing to measure",
                error("--url", url, "--producers", "0", "--consumers", "0"));
        assertEquals("--rate 100 needs at least one producer", error("--url", url, "--producers", "0", "--rate", "100"));
        assertEquals("--password given without --user", error("--url", url, "--password", "p"));
    }

    @Test
    void badCommandLineExitsWithUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PerfTool.execute(new String[] {"--url", "rocketjms://h:1", "--size", "big"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(PerfTool.EXIT_USAGE, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("rocketjms perf: option --size needs a whole number, not 'big'"), e);
        assertTrue(e.contains("usage: rocketjms perf"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
