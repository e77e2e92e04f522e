package org.rocketjms.examples.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Properties;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.rocketjms.jms.RocketConnectionFactory;

/**
 * {@code rocketjms perf}: measures throughput and latency of any Jakarta Messaging provider, reached through a
 * RocketJMS URL or a {@code jndi.properties} file. See {@link PerfOptions#usage()} and the README's "Perf tool"
 * section.
 */
public final class PerfTool {
    /** Exit code of a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a run that failed or was incomplete. */
    public static final int EXIT_FAILED = 1;

    private PerfTool() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        System.out.flush();
        // the providers' client threads need not be daemons; the run is over
        System.exit(code);
    }

    /**
     * Parses {@code args}, runs the scenario and prints progress and the summary to {@code out}.
     *
     * @return 0 on success, {@link #EXIT_USAGE} for a bad command line, {@link #EXIT_FAILED} when the run failed
     *         or (count mode) did not move every message
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            out.println(PerfOptions.usage());
            return 0;
        }
        PerfOptions options;
        try {
            options = PerfOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("rocketjms perf: " + e.getMessage());
            err.println(PerfOptions.usage());
            return EXIT_USAGE;
        }
        try {
            PerfResult result = run(options, out);
            out.println(result.summary());
            if (options.jsonFile() != null) {
                Files.writeString(options.jsonFile(), result.toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            return result.incomplete() ? EXIT_FAILED : 0;
        } catch (Exception e) {
            err.println("rocketjms perf: run failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILED;
        }
    }

    /** Obtains the factory and destination the options name and runs the scenario. */
    public static PerfResult run(PerfOptions options, PrintStream out) throws Exception {
        ConnectionFactory factory;
        Destination destination = null;
        if (options.source() == PerfOptions.Source.URL) {
            factory = new RocketConnectionFactory(options.url());
        } else {
            // the --jndi file is the whole environment: hide jndi.properties files on the classpath (such as the
            // examples' own), which InitialContext would otherwise merge in
            Thread current = Thread.currentThread();
            ClassLoader original = current.getContextClassLoader();
            current.setContextClassLoader(new HideJndiProperties(original));
            try {
                Context ctx = new InitialContext(jndiEnvironment(options));
                try {
                    factory = lookup(ctx, options.connectionFactoryName(), ConnectionFactory.class);
                    if (options.destinationKind() == PerfOptions.DestinationKind.JNDI) {
                        destination = lookup(ctx, options.destinationName(), Destination.class);
                    }
                } finally {
                    ctx.close();
                }
            } finally {
                current.setContextClassLoader(original);
            }
        }
        if (destination == null) {
            destination = createDestination(factory, options);
        }
        out.printf("perf: %s on %s, %d producer(s), %d consumer(s)%n", destination,
                options.source() == PerfOptions.Source.URL ? options.url() : options.jndiFile(), options.producers(),
                options.consumers());
        return new PerfRun(options, factory, destination, out).run();
    }

    /** Delegates everything to its parent except that it finds no {@code jndi.properties}. */
    private static final class HideJndiProperties extends ClassLoader {
        private static final String JNDI_PROPERTIES = "jndi.properties";

        HideJndiProperties(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            return JNDI_PROPERTIES.equals(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return JNDI_PROPERTIES.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    private static Hashtable<String, Object> jndiEnvironment(PerfOptions options) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(options.jndiFile(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (p.getProperty(Context.INITIAL_CONTEXT_FACTORY) == null) {
            throw new IllegalArgumentException("--jndi file " + options.jndiFile() + " does not set "
                    + Context.INITIAL_CONTEXT_FACTORY);
        }
        Hashtable<String, Object> env = new Hashtable<>();
        for (String k : p.stringPropertyNames()) {
            env.put(k, p.getProperty(k));
        }
        return env;
    }

    private static <T> T lookup(Context ctx, String name, Class<T> type) throws NamingException {
        Object o = ctx.lookup(name);
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("JNDI name '" + name + "' is bound to "
                    + (o == null ? "null" : o.getClass().getName()) + ", not a " + type.getSimpleName());
        }
        return type.cast(o);
    }

    private static Destination createDestination(ConnectionFactory factory, PerfOptions options) throws JMSException {
        try (Connection c = options.user() == null ? factory.createConnection()
                : factory.createConnection(options.user(), options.password())) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return options.destinationKind() == PerfOptions.DestinationKind.TOPIC
                    ? s.createTopic(options.destinationName()) : s.createQueue(options.destinationName());
        }
    }
}
