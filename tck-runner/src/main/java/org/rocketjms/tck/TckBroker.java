package org.rocketjms.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.rocketjms.broker.EmbeddedBroker;

/**
 * The one {@link EmbeddedBroker} a TCK run talks to: started on first use, shared by every test of the JVM, closed
 * (and its data deleted) when the JVM exits. Because its data directory is fresh, every destination starts empty.
 *
 * <p>The broker listens on ephemeral ports and authenticates: the users file holds {@value #USER}={@value #PASSWORD}
 * (the TCK's {@code user}/{@code password}), anonymous connections are allowed, anything else is refused.
 *
 * <p>System properties read at start: {@code tck.dataDir} (parent of the data directory; default the temp
 * directory) and {@code tck.broker.<key>} (any broker or store configuration key, e.g.
 * {@code -Dtck.broker.flushDiskType=ASYNC_FLUSH}).
 */
public final class TckBroker {
    /** The user the TCK authenticates as. */
    public static final String USER = "j2ee";
    /** That user's password. */
    public static final String PASSWORD = "j2ee";
    /** Prefix of system properties passed through to the broker configuration. */
    public static final String BROKER_PROPERTY_PREFIX = "tck.broker.";

    private static EmbeddedBroker broker;
    private static Path dataDir;

    private TckBroker() {
    }

    /** The running broker's connection URL ({@code rocketjms://127.0.0.1:<port>}), starting it if needed. */
    public static synchronized String url() {
        return broker().url();
    }

    /** The running broker, started on first call. */
    public static synchronized EmbeddedBroker broker() {
        if (broker == null) {
            broker = start();
            Runtime.getRuntime().addShutdownHook(new Thread(TckBroker::stop, "rocketjms-tck-broker-stop"));
        }
        return broker;
    }

    /** Stops the broker and deletes its data; a later {@link #broker()} starts a fresh one. */
    public static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            deleteTree(dataDir);
            dataDir = null;
        }
    }

    private static EmbeddedBroker start() {
        try {
            String parent = System.getProperty("tck.dataDir");
            Path base = parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(parent);
            Files.createDirectories(base);
            dataDir = Files.createTempDirectory(base, "rocketjms-tck-");
            Path users = dataDir.resolve("users.properties");
            Files.writeString(users, USER + "=" + PASSWORD + "\n", StandardCharsets.UTF_8);
            EmbeddedBroker.Builder b = EmbeddedBroker.builder()
                    .dataDir(dataDir)
                    .namesrvPort(0)
                    .brokerPort(0)
                    .set("aclEnable", "true")
                    .set("aclUsersFile", users.toString())
                    .set("aclAllowAnonymous", "true");
            for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.startsWith(BROKER_PROPERTY_PREFIX)) {
                    b.set(key.substring(BROKER_PROPERTY_PREFIX.length()), String.valueOf(e.getValue()));
                }
            }
            return b.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the TCK broker's data directory", e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file must not fail the run
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
