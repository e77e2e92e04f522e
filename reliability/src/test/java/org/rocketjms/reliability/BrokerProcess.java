package org.rocketjms.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code bin/rocketjms standalone} child process of this checkout (built by {@code mvn -B -DskipTests package}),
 * on free loopback ports and a given data directory. {@code bin/rocketjms} execs the JVM, so {@link #kill()} (a
 * SIGKILL through {@link Process#destroyForcibly()}) kills the broker itself, not a wrapper shell.
 */
final class BrokerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
    private static final int KEPT_LINES = 200;

    private final Process process;
    private final int namesrvPort;
    private final int brokerPort;
    private final Path dataDir;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private BrokerProcess(Process process, int namesrvPort, int brokerPort, Path dataDir) {
        this.process = process;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
        this.dataDir = dataDir;
    }

    /** The root of this checkout (holds {@code bin/rocketjms}); fails with instructions if it is not built. */
    static Path home() {
        String prop = System.getProperty("rocketjms.home");
        Path home = (prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent()).toAbsolutePath()
                .normalize();
        Path script = home.resolve("bin/rocketjms");
        if (!Files.isExecutable(script) || !Files.isDirectory(home.resolve("broker/target/lib"))) {
            throw new IllegalStateException("the reliability tests run bin/rocketjms of " + home
                    + ", which needs the packaged broker: run `mvn -B -DskipTests package` first (or `mvn -B verify`)");
        }
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code bin/rocketjms standalone --data dataDir} with {@code settings} ({@code key=value}, passed as
     * {@code -Dkey=value}) and {@code javaOpts} as {@code JAVA_OPTS}, and waits for its started line.
     */
    static BrokerProcess start(Path dataDir, String javaOpts, List<String> settings) throws Exception {
        Path home = home();
        int np = freePort();
        int bp = freePort();
        while (bp == np) {
            bp = freePort();
        }
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/rocketjms").toString(), "standalone",
                "--data", dataDir.toString(), "--namesrv-port", String.valueOf(np), "--broker-port", String.valueOf(bp)));
        for (String s : settings) {
            cmd.add("-D" + s);
        }
        Files.createDirectories(dataDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", javaOpts);
        long t0 = System.nanoTime();
        BrokerProcess b = new BrokerProcess(pb.start(), np, bp, dataDir);
        CompletableFuture<String> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> b.pump(started), "broker-output-" + b.process.pid());
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = started.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            b.kill();
            throw new IllegalStateException("broker did not start within 90 s; output:\n" + b.output(), e);
        }
        if (line == null) {
            b.kill();
            throw new IllegalStateException("broker exited before starting; output:\n" + b.output());
        }
        LOG.info("broker pid {} started in {} ms on namesrv {} / broker {}", b.pid(),
                (System.nanoTime() - t0) / 1_000_000, np, bp);
        return b;
    }

    private void pump(CompletableFuture<String> started) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
                if (!started.isDone() && line.contains("RocketJMS standalone started")) {
                    started.complete(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("output of broker pid {} ended: {}", process.pid(), e.toString());
        }
        started.complete(null);
    }

    /** The last lines the broker printed (console: WARN and above, plus the started line). */
    String output() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    String url() {
        return "rocketjms://127.0.0.1:" + namesrvPort;
    }

    int namesrvPort() {
        return namesrvPort;
    }

    int brokerPort() {
        return brokerPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The broker's log file, {@code <data>/logs/rocketjms.log}. */
    Path logFile() {
        return dataDir.resolve("logs/rocketjms.log");
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker pid " + pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM (clean shutdown), then SIGKILL if it takes longer than 30 s; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            LOG.warn("broker pid {} did not stop on SIGTERM within 30 s; killing it", pid());
            kill();
        }
        return process.exitValue();
    }

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /**
     * Heap in use (bytes) in the broker JVM after a full collection, read with {@code jcmd <pid> GC.run} and
     * {@code GC.heap_info}; -1 if jcmd is not available.
     */
    long heapUsedAfterGc() throws Exception {
        if (jcmd(List.of("GC.run")) == null) {
            return -1;
        }
        String info = jcmd(List.of("GC.heap_info"));
        if (info == null) {
            return -1;
        }
        long used = 0;
        Matcher m = HEAP_USED.matcher(info);
        boolean any = false;
        while (m.find()) {
            // G1 prints one "garbage-first heap total ..K, used ..K" line; other collectors one line per generation
            used += Long.parseLong(m.group(1)) * 1024;
            any = true;
        }
        return any ? used : -1;
    }

    /** The first {@code lines} lines of the broker's class histogram (live objects), for diagnosing heap growth. */
    String histogram(int lines) throws Exception {
        String h = jcmd(List.of("GC.class_histogram"));
        if (h == null) {
            return "(no histogram)";
        }
        String[] all = h.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(all, Math.min(lines, all.length)));
    }

    private String jcmd(List<String> command) throws Exception {
        Path javaBin = ProcessHandle.current().info().command().map(Path::of).map(Path::getParent).orElse(null);
        String exe = javaBin != null && Files.isExecutable(javaBin.resolve("jcmd")) ? javaBin.resolve("jcmd").toString()
                : "jcmd";
        List<String> cmd = new ArrayList<>(List.of(exe, String.valueOf(pid())));
        cmd.addAll(command);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            LOG.warn("jcmd not available: {}", e.toString());
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            LOG.warn("jcmd {} failed: {}", command, out);
            return null;
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
