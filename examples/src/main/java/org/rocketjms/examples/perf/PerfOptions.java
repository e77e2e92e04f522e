package org.rocketjms.examples.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line of {@code rocketjms perf}, parsed and checked. Every error names the option and the value that
 * was wrong; {@link #usage()} is the help text.
 */
public final class PerfOptions {

    /** How the tool obtains its ConnectionFactory: a RocketJMS URL, or a JNDI environment file. */
    public enum Source { URL, JNDI }

    /** The kind of destination spec given with {@code --destination}. */
    public enum DestinationKind { QUEUE, TOPIC, JNDI }

    /** Name of the long property carrying the send time (epoch microseconds) for end-to-end latency. */
    public static final String TIMESTAMP_PROPERTY = "rjPerfSentMicros";

    private Source source;
    private String url;
    private Path jndiFile;
    private String connectionFactoryName = "ConnectionFactory";
    private DestinationKind destinationKind = DestinationKind.QUEUE;
    private String destinationName = "perf";
    private int producers = 1;
    private int consumers = 1;
    private int messageSize = 1024;
    private boolean persistent = true;
    private int txBatch;
    private long rate;
    private int warmupSeconds = 5;
    private int durationSeconds = 10;
    private long count;
    private int idleTimeoutSeconds = 30;
    private String user;
    private String password;
    private Path jsonFile;

    private PerfOptions() {
    }

    /** The help text. */
    public static String usage() {
        return String.join(System.lineSeparator(),
                "usage: rocketjms perf (--url URL | --jndi FILE [--cf-name NAME]) [options]",
                "  --url URL             RocketJMS name server, e.g. rocketjms://127.0.0.1:9876",
                "  --jndi FILE           jndi.properties of any JMS provider (its client jars on ROCKETJMS_PERF_CP)",
                "  --cf-name NAME        JNDI name of the ConnectionFactory (default ConnectionFactory)",
                "  --destination D       queue://NAME, topic://NAME or jndi:NAME (default queue://perf)",
                "  --producers N         producers, each with its own connection and session (default 1)",
                "  --consumers N         consumers, each with its own connection and session (default 1)",
                "  --size BYTES          BytesMessage body size (default 1024)",
                "  --non-persistent      send NON_PERSISTENT (default PERSISTENT)",
                "  --tx-batch N          transacted sessions committing every N messages (default 0: AUTO_ACKNOWLEDGE)",
                "  --rate MSG_PER_S      fixed total send rate shared by the producers (default 0: as fast as possible)",
                "  --warmup SECONDS      warm-up, not measured (default 5)",
                "  --duration SECONDS    measured time (default 10)",
                "  --count N             instead of a time window: send N messages in total (producers) and/or",
                "                        receive N (consumers); the whole run is measured",
                "  --idle-timeout SECONDS  in --count mode, give up after this long without progress (default 30)",
                "  --user NAME --password SECRET   credentials for createConnection",
                "  --json FILE           also write the summary as JSON");
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming the offending option and value
     */
    public static PerfOptions parse(String... args) {
        PerfOptions o = new PerfOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> o.url = value(args, ++i, a);
                case "--jndi" -> o.jndiFile = Path.of(value(args, ++i, a));
                case "--cf-name" -> o.connectionFactoryName = value(args, ++i, a);
                case "--destination" -> o.destination(value(args, ++i, a));
                case "--producers" -> o.producers = intValue(args, ++i, a, 0);
                case "--consumers" -> o.consumers = intValue(args, ++i, a, 0);
                case "--size" -> o.messageSize = intValue(args, ++i, a, 0);
                case "--non-persistent" -> o.persistent = false;
                case "--persistent" -> o.persistent = true;
                case "--tx-batch" -> o.txBatch = intValue(args, ++i, a, 0);
                case "--rate" -> o.rate = longValue(args, ++i, a, 0);
                case "--warmup" -> o.warmupSeconds = intValue(args, ++i, a, 0);
                case "--duration" -> o.durationSeconds = intValue(args, ++i, a, 1);
                case "--count" -> o.count = longValue(args, ++i, a, 1);
                case "--idle-timeout" -> o.idleTimeoutSeconds = intValue(args, ++i, a, 1);
                case "--user" -> o.user = value(args, ++i, a);
                case "--password" -> o.password = value(args, ++i, a);
                case "--json" -> o.jsonFile = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if ((o.url == null) == (o.jndiFile == null)) {
            throw new IllegalArgumentException("give exactly one of --url and --jndi");
        }
        if (o.url != null) {
            if (!o.url.startsWith("rocketjms://")) {
                throw new IllegalArgumentException("--url '" + o.url
                        + "' is not a rocketjms:// URL; measure other providers with --jndi FILE");
            }
            o.source = Source.URL;
            if (o.destinationKind == DestinationKind.JNDI) {
                throw new IllegalArgumentException("--destination jndi:" + o.destinationName + " needs --jndi FILE");
            }
        } else {
            o.source = Source.JNDI;
            if (!Files.isRegularFile(o.jndiFile)) {
                throw new IllegalArgumentException("--jndi file '" + o.jndiFile + "' does not exist");
            }
        }
        if (o.producers == 0 && o.consumers == 0) {
            throw new IllegalArgumentException("--producers and --consumers are both 0: nothing to measure");
        }
        if (o.rate > 0 && o.producers == 0) {
            throw new IllegalArgumentException("--rate " + o.rate + " needs at least one producer");
        }
        if (o.user == null && o.password != null) {
            throw new IllegalArgumentException("--password given without --user");
        }
        return o;
    }

    private void destination(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("queue://")) {
            destinationKind = DestinationKind.QUEUE;
            destinationName = spec.substring("queue://".length());
        } else if (lower.startsWith("topic://")) {
            destinationKind = DestinationKind.TOPIC;
            destinationName = spec.substring("topic://".length());
        } else if (lower.startsWith("jndi:")) {
            destinationKind = DestinationKind.JNDI;
            destinationName = spec.substring("jndi:".length());
        } else {
            throw new IllegalArgumentException("--destination '" + spec
                    + "' must start with queue://, topic:// or jndi:");
        }
        if (destinationName.isEmpty()) {
            throw new IllegalArgumentException("--destination '" + spec + "' has no name");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static long longValue(String[] args, int i, String option, long min) {
        String v = value(args, i, option);
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " needs a whole number, not '" + v + "'", e);
        }
        if (n < min) {
            throw new IllegalArgumentException("option " + option + " must be at least " + min + ", not " + n);
        }
        return n;
    }

    private static int intValue(String[] args, int i, String option, int min) {
        long n = longValue(args, i, option, min);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("option " + option + " is too large: " + n);
        }
        return (int) n;
    }

    public Source source() { return source; }
    public String url() { return url; }
    public Path jndiFile() { return jndiFile; }
    public String connectionFactoryName() { return connectionFactoryName; }
    public DestinationKind destinationKind() { return destinationKind; }
    public String destinationName() { return destinationName; }
    public int producers() { return producers; }
    public int consumers() { return consumers; }
    public int messageSize() { return messageSize; }
    public boolean persistent() { return persistent; }
    public int txBatch() { return txBatch; }
    public long rate() { return rate; }
    public int warmupSeconds() { return warmupSeconds; }
    public int durationSeconds() { return durationSeconds; }
    /** Messages to send/receive in total, or 0 for a timed run. */
    public long count() { return count; }
    public int idleTimeoutSeconds() { return idleTimeoutSeconds; }
    public String user() { return user; }
    public String password() { return password; }
    public Path jsonFile() { return jsonFile; }

    /** The destination as the user wrote it. */
    public String destinationSpec() {
        return switch (destinationKind) {
            case QUEUE -> "queue://" + destinationName;
            case TOPIC -> "topic://" + destinationName;
            case JNDI -> "jndi:" + destinationName;
        };
    }
}
