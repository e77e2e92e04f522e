package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/rocketjms standalone} as a separate process (after {@code package}, in the integration-test
 * phase), waits for its started line, sends a message through it, stops it with SIGTERM and checks the clean exit.
 */
class LauncherIT {
    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A started {@code bin/rocketjms standalone} child, its output so far, its ports and data directory. */
    private record Launched(Process process, StringBuilder out, String startedLine, int namesrvPort, int brokerPort,
                            Path data) {
        String output() {
            synchronized (out) {
                return out.toString();
            }
        }

        String log() throws java.io.IOException {
            return Files.readString(data.resolve("logs/rocketjms.log"), StandardCharsets.UTF_8);
        }
    }

    /** Starts {@code bin/rocketjms standalone} with {@code javaOpts} as JAVA_OPTS and waits for its started line. */
    private Launched launch(String javaOpts) throws Exception {
        Path home = Path.of("").toAbsolutePath().getParent();
        Path script = home.resolve("bin/rocketjms");
        assumeTrue(Files.isExecutable(script), "bin/rocketjms missing");
        assumeTrue(Files.isDirectory(home.resolve("broker/target/lib")), "launcher jars not built");
        int np = freePort();
        int bp = freePort();
        Path data = dir.resolve("data");
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "standalone", "--data", data.toString(),
                "--namesrv-port", String.valueOf(np), "--broker-port", String.valueOf(bp),
                "-DmappedFileSizeCommitLog=67108864")
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        CompletableFuture<String> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    if (line.contains("started")) {
                        started.complete(line);
                    }
                }
            } catch (java.io.IOException e) {
                started.completeExceptionally(e);
            }
            started.complete(null);
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String line = started.get(60, TimeUnit.SECONDS);
            assertTrue(line != null, "no started line; output:\n" + out);
            return new Launched(p, out, line, np, bp, data);
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    @Test
    void standaloneStartsPrintsTheUrlAndStopsCleanlyOnSigterm() throws Exception {
        Launched l = launch("-Xmx256m");
        Process p = l.process();
        try {
            assertTrue(l.startedLine().contains("rocketjms://127.0.0.1:" + l.namesrvPort()), l.startedLine());
            try (TestClient c = new TestClient("127.0.0.1:" + l.brokerPort(), "it")) {
                assertEquals(0, c.send("it-topic", 0, "hello").getCode());
            }
            assertTrue(new File(l.data().toFile(), "store/abort").exists(), "a running broker has an abort file");
            // the launcher's default: the heap is pre-touched at start
            assertTrue(l.log().contains("heap pre-touched at start: true"), l.log());
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not stop on SIGTERM");
        assertEquals(143, p.exitValue(), () -> "exit status; output:\n" + l.output());
        assertFalse(new File(l.data().toFile(), "store/abort").exists(), "abort file left after a clean shutdown");
        assertTrue(Files.isDirectory(l.data().resolve("logs")), "log directory under the data dir");
    }

    @Test
    void javaOptsComeAfterTheLaunchersFlagsSoTheyCanTurnThePreTouchOff() throws Exception {
        Launched l = launch("-Xmx256m -XX:-AlwaysPreTouch");
        try {
            assertTrue(l.log().contains("heap pre-touched at start: false"), l.log());
        } finally {
            l.process().destroy();
            assertTrue(l.process().waitFor(30, TimeUnit.SECONDS), "did not stop on SIGTERM");
        }
    }
}
