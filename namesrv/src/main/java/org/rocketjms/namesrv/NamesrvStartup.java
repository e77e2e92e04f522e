package org.rocketjms.namesrv;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.rocketjms.remoting.exception.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point of a stand-alone name server.
 *
 * <pre>
 * NamesrvStartup [--port N] [--bind ADDRESS] [-c FILE] [-Dkey=value ...] [--help]
 * </pre>
 *
 * <p>Settings are the {@link NamesrvConfig} property names; later sources win: the properties file
 * given with {@code -c}, then JVM system properties with those names, then {@code -Dkey=value}
 * arguments, then {@code --port}/{@code --bind}. Once the server accepts connections one line
 * containing {@code started} and the listen address is printed to standard output. SIGTERM (or
 * Ctrl-C) shuts it down cleanly through a shutdown hook. Exit status: 2 for bad arguments, 1 if the
 * server cannot start.
 */
public final class NamesrvStartup {

    private static final Logger LOG = LoggerFactory.getLogger(NamesrvStartup.class);

    static final String USAGE = "usage: NamesrvStartup [--port N] [--bind ADDRESS] [-c FILE] [-Dkey=value ...]"
            + " [--help]\n  keys: " + String.join(", ", NamesrvConfig.knownKeys());

    private NamesrvStartup() {
    }

    /** Starts a name server and keeps it running until the JVM is asked to stop. */
    public static void main(String[] args) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(USAGE);
            return;
        }
        NamesrvConfig config;
        try {
            config = parseArgs(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        NamesrvController controller = new NamesrvController(config);
        try {
            controller.start();
        } catch (RemotingException e) {
            LOG.error("Name server failed to start", e);
            System.err.println("error: name server failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PrintStream out = System.out;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.shutdown();
            out.println("RocketJMS name server stopped");
            out.flush();
            stopped.countDown();
        }, "rocketjms-namesrv-shutdown"));
        out.println("RocketJMS name server started, listening on " + controller.listenAddress());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            LOG.info("Main thread interrupted; the name server keeps running until the JVM stops");
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds the configuration from the command line and the JVM's system properties.
     *
     * @throws IllegalArgumentException for an unknown argument or key, a missing or invalid value, or an
     *         unreadable properties file
     */
    static NamesrvConfig parseArgs(String[] args, Properties systemProperties) {
        Properties fileProps = new Properties();
        Properties argProps = new Properties();
        String port = null;
        String bind = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--port".equals(a) || "-p".equals(a)) {
                port = valueAfter(args, ++i, a);
            } else if ("--bind".equals(a)) {
                bind = valueAfter(args, ++i, a);
            } else if ("-c".equals(a) || "--config".equals(a)) {
                loadFile(Path.of(valueAfter(args, ++i, a)), fileProps);
            } else if (a.startsWith("-D") && a.indexOf('=') > 2) {
                int eq = a.indexOf('=');
                argProps.setProperty(a.substring(2, eq), a.substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        Properties merged = new Properties();
        putKnown(fileProps, merged, true, "file");
        putKnown(systemProperties, merged, false, "system property");
        putKnown(argProps, merged, true, "argument");
        if (port != null) {
            merged.setProperty(NamesrvConfig.LISTEN_PORT, port);
        }
        if (bind != null) {
            merged.setProperty(NamesrvConfig.BIND_ADDRESS, bind);
        }
        return new NamesrvConfig().apply(merged);
    }

    private static String valueAfter(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static void loadFile(Path file, Properties into) {
        try (InputStream in = Files.newInputStream(file)) {
            into.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read properties file " + file + ": " + e, e);
        }
    }

    private static void putKnown(Properties from, Properties into, boolean rejectUnknown, String source) {
        for (String key : from.stringPropertyNames()) {
            if (NamesrvConfig.knownKeys().contains(key)) {
                into.setProperty(key, from.getProperty(key));
            } else if (rejectUnknown) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (" + source + ")");
            }
        }
    }
}
