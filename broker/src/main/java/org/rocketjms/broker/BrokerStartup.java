package org.rocketjms.broker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point behind {@code bin/rocketjms}.
 *
 * <pre>
 * rocketjms standalone [--data DIR] [--namesrv-port N] [--broker-port N] [-Dkey=value ...]
 * rocketjms namesrv    [name server options, see NamesrvStartup --help]
 * rocketjms broker     -c broker.conf [-Dkey=value ...]
 * </pre>
 *
 * <p>{@code standalone} runs a name server and a broker in this JVM (defaults 9876/10911, data under
 * {@code ./data}) and prints one line containing {@code started} and the connection URL once both accept
 * connections. SIGTERM or Ctrl-C shut down cleanly through a shutdown hook. Exit status: 2 for bad arguments, 1
 * if the server cannot start.
 */
public final class BrokerStartup {
    static final String USAGE = String.join("\n",
            "usage: rocketjms standalone [--data DIR] [--namesrv-port N] [--broker-port N] [-Dkey=value ...]",
            "       rocketjms namesrv [--port N] [--bind ADDRESS] [-c FILE] [-Dkey=value ...]",
            "       rocketjms broker -c broker.conf [-Dkey=value ...]");

    private BrokerStartup() {
    }

    /** Runs a subcommand; see the class comment. */
    public static void main(String[] args) {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0])) {
            System.out.println(USAGE);
            if (args.length == 0) {
                System.exit(2);
            }
            return;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "standalone" -> standalone(rest);
            case "broker" -> broker(rest);
            case "namesrv" -> org.rocketjms.namesrv.NamesrvStartup.main(rest);
            default -> fail("unknown subcommand '" + args[0] + "'");
        }
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static void standalone(String[] args) {
        Path data = Path.of("data");
        int namesrvPort = 9876;
        int brokerPort = 10911;
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--data")) {
                    data = Path.of(value(args, ++i, a));
                } else if (a.equals("--namesrv-port")) {
                    namesrvPort = Integer.parseInt(value(args, ++i, a));
                } else if (a.equals("--broker-port")) {
                    brokerPort = Integer.parseInt(value(args, ++i, a));
                } else if (a.startsWith("-D") && a.indexOf('=') > 2) {
                    settings.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        System.setProperty("rocketjms.log.dir", data.toAbsolutePath().resolve("logs").toString());
        logJvm();
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(data).namesrvPort(namesrvPort).brokerPort(brokerPort);
        settings.forEach(b::set);
        EmbeddedBroker broker = b.build();
        try {
            broker.start();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(BrokerStartup.class).error("standalone broker failed to start", e);
            System.err.println("error: standalone broker failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        runUntilStopped(broker::close, "RocketJMS standalone started: " + broker.url() + " (broker "
                + broker.brokerAddress() + ", data " + data.toAbsolutePath() + ")");
    }

    private static void broker(String[] args) {
        Properties props = new Properties();
        Path conf = null;
        List<String[]> overrides = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-c")) {
                    conf = Path.of(value(args, ++i, a));
                } else if (a.startsWith("-D") && a.indexOf('=') > 2) {
                    overrides.add(new String[] {a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1)});
                } else {
                    throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (conf == null) {
                throw new IllegalArgumentException("broker needs -c broker.conf");
            }
            try (InputStream in = Files.newInputStream(conf)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + conf + ": " + e.getMessage(), e);
            }
            for (String[] kv : overrides) {
                props.setProperty(kv[0], kv[1]);
            }
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        BrokerConfig cfg = new BrokerConfig();
        List<String> unknown;
        try {
            unknown = cfg.apply(props);
            cfg.validate();
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        System.setProperty("rocketjms.log.dir",
                Path.of(cfg.getStoreConfig().getStorePathRootDir()).toAbsolutePath().resolve("logs").toString());
        if (!unknown.isEmpty()) {
            LoggerFactory.getLogger(BrokerStartup.class).warn("ignoring unknown keys in {}: {}", conf, unknown);
        }
        logJvm();
        BrokerController controller = new BrokerController(cfg);
        try {
            controller.start();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(BrokerStartup.class).error("broker failed to start", e);
            System.err.println("error: broker failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        runUntilStopped(controller::shutdown, "RocketJMS broker " + cfg.getBrokerName() + " started on "
                + controller.brokerAddress());
    }

    /**
     * Logs the JVM, its heap and whether the heap was pre-touched at start ({@code bin/rocketjms} passes
     * {@code -XX:+AlwaysPreTouch} unless {@code JAVA_OPTS} turns it off), so an operator reading the log knows what the
     * broker ran with.
     */
    private static void logJvm() {
        Runtime rt = Runtime.getRuntime();
        LoggerFactory.getLogger(BrokerStartup.class).info("JVM {} {}, heap {} MiB at start, at most {} MiB, {} processors,"
                        + " heap pre-touched at start: {}", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), rt.totalMemory() >> 20, rt.maxMemory() >> 20,
                rt.availableProcessors(), vmOption("AlwaysPreTouch"));
    }

    /** The value of a HotSpot flag, or "unknown" on a JVM without it. */
    private static String vmOption(String name) {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs == null ? "unknown" : hs.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            LoggerFactory.getLogger(BrokerStartup.class).debug("this JVM has no option {}", name, e);
            return "unknown";
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void runUntilStopped(Runnable stop, String startedLine) {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                done.countDown();
            }
        }, "rocketjms-shutdown"));
        System.out.println(startedLine);
        System.out.flush();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
