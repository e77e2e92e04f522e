package org.rocketjms.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.rocketjms.store.config.FlushDiskType;

/**
 * A name server and a broker in this JVM, for tests and applications. Build with {@link #builder()}, then
 * {@link #start()}; {@link #close()} shuts both down cleanly. Several instances may run one after another (or side
 * by side with distinct data directories and ports) in one JVM.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0).build().start()) {
 *     String url = broker.url(); // rocketjms://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final Path dataDir;
    private final int namesrvPort;
    private final int brokerPort;
    private final Map<String, String> settings;
    private final NameServerSupport namesrv;
    private BrokerController broker;
    private boolean started;
    private boolean closed;

    private EmbeddedBroker(Builder b) {
        this.dataDir = b.dataDir;
        this.namesrvPort = b.namesrvPort;
        this.brokerPort = b.brokerPort;
        this.settings = new LinkedHashMap<>(b.settings);
        this.namesrv = new NameServerSupport(namesrvPort);
    }

    /** A builder with defaults: data under {@code ./data}, name server port 9876, broker port 10911. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the name server, then the broker (registered with it).
     *
     * @return this
     * @throws IllegalStateException if either cannot start; whatever started is stopped again
     */
    public synchronized EmbeddedBroker start() {
        if (started || closed) {
            throw new IllegalStateException("an EmbeddedBroker can be started once");
        }
        BrokerConfig cfg = new BrokerConfig();
        cfg.getStoreConfig().setStorePathRootDir(dataDir.resolve("store").toAbsolutePath().toString());
        cfg.setListenPort(brokerPort);
        java.util.List<String> unknown = cfg.apply(settings);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown configuration keys: " + unknown);
        }
        try {
            namesrv.start();
            if (namesrv.address() != null && cfg.getNamesrvAddr() == null) {
                cfg.setNamesrvAddr(namesrv.address());
            }
            broker = new BrokerController(cfg);
            broker.start();
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.shutdown();
            }
            namesrv.shutdown();
            closed = true;
            throw e;
        }
        started = true;
        return this;
    }

    /** {@code rocketjms://127.0.0.1:<name server port>}. */
    public String url() {
        return "rocketjms://127.0.0.1:" + namesrv.port();
    }

    /** {@code 127.0.0.1:<broker port>}. */
    public String brokerAddress() {
        return "127.0.0.1:" + broker.listenPort();
    }

    /** The name server's bound port (or the configured one if it is not running in this build). */
    public int namesrvPort() {
        return namesrv.port();
    }

    /** The broker's bound port. */
    public int brokerPort() {
        return broker.listenPort();
    }

    /** The running broker. */
    public BrokerController brokerController() {
        return broker;
    }

    /** Stops the broker, then the name server. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (broker != null) {
            broker.shutdown();
        }
        namesrv.shutdown();
    }

    /** Configures an {@link EmbeddedBroker}. */
    public static final class Builder {
        private Path dataDir = Path.of("data");
        private int namesrvPort = 9876;
        private int brokerPort = 10911;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /** Root of all data (the store goes to {@code <dir>/store}). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Name server port; 0 = ephemeral. */
        public Builder namesrvPort(int port) {
            this.namesrvPort = port;
            return this;
        }

        /** Broker port; 0 = ephemeral. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** SYNC_FLUSH (default) or ASYNC_FLUSH. */
        public Builder flushDiskType(FlushDiskType type) {
            settings.put("flushDiskType", type.name());
            return this;
        }

        /** Any broker or store configuration key. */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** The (not yet started) broker. */
        public EmbeddedBroker build() {
            return new EmbeddedBroker(this);
        }
    }
}
