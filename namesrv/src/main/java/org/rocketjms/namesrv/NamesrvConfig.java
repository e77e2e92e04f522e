package org.rocketjms.namesrv;

import java.util.List;
import java.util.Properties;

/**
 * Settings of a name server. Plain mutable bean read once when the {@link NamesrvController} is
 * created; changing it afterwards has no effect.
 *
 * <p>Every setting has a property name (the constants below, equal to the bean property names) that
 * {@link #apply(Properties)} understands, so the same keys work in a properties file, as
 * {@code -Dkey=value} on the command line and in code. Times are in milliseconds.
 */
public final class NamesrvConfig {

    /** Property: TCP port to listen on; 0 picks a free port. Default {@value #DEFAULT_LISTEN_PORT}. */
    public static final String LISTEN_PORT = "listenPort";
    /** Property: address to bind. Default {@code 0.0.0.0} (all interfaces). */
    public static final String BIND_ADDRESS = "bindAddress";
    /** Property: milliseconds between two scans for brokers that stopped heartbeating. Default 5000. */
    public static final String SCAN_NOT_ACTIVE_BROKER_INTERVAL = "scanNotActiveBrokerInterval";
    /** Property: milliseconds without a registration after which a broker is dropped. Default 120000. */
    public static final String BROKER_CHANNEL_EXPIRED_TIME = "brokerChannelExpiredTime";
    /** Property: threads that handle broker registrations. Default 4. */
    public static final String DEFAULT_THREAD_POOL_NUMS = "defaultThreadPoolNums";
    /** Property: queued broker requests beyond which the server answers SYSTEM_BUSY. Default 10000. */
    public static final String DEFAULT_THREAD_POOL_QUEUE_CAPACITY = "defaultThreadPoolQueueCapacity";
    /** Property: threads that answer route and cluster queries. Default 4. */
    public static final String CLIENT_REQUEST_THREAD_POOL_NUMS = "clientRequestThreadPoolNums";
    /** Property: queued queries beyond which the server answers SYSTEM_BUSY. Default 50000. */
    public static final String CLIENT_REQUEST_THREAD_POOL_QUEUE_CAPACITY = "clientRequestThreadPoolQueueCapacity";
    /** Property: Netty I/O threads. Default 4. */
    public static final String SERVER_WORKER_THREADS = "serverWorkerThreads";
    /** Property: seconds without traffic after which a connection is closed; 0 disables. Default 120. */
    public static final String SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS = "serverChannelMaxIdleTimeSeconds";

    /** The port a name server listens on unless told otherwise. */
    public static final int DEFAULT_LISTEN_PORT = 9876;

    private static final List<String> KEYS = List.of(LISTEN_PORT, BIND_ADDRESS, SCAN_NOT_ACTIVE_BROKER_INTERVAL,
            BROKER_CHANNEL_EXPIRED_TIME, DEFAULT_THREAD_POOL_NUMS, DEFAULT_THREAD_POOL_QUEUE_CAPACITY,
            CLIENT_REQUEST_THREAD_POOL_NUMS, CLIENT_REQUEST_THREAD_POOL_QUEUE_CAPACITY, SERVER_WORKER_THREADS,
            SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS);

    private int listenPort = DEFAULT_LISTEN_PORT;
    private String bindAddress = "0.0.0.0";
    private long scanNotActiveBrokerInterval = 5_000;
    private long brokerChannelExpiredTime = 120_000;
    private int defaultThreadPoolNums = 4;
    private int defaultThreadPoolQueueCapacity = 10_000;
    private int clientRequestThreadPoolNums = 4;
    private int clientRequestThreadPoolQueueCapacity = 50_000;
    private int serverWorkerThreads = 4;
    private int serverChannelMaxIdleTimeSeconds = 120;

    /** Returns every property name {@link #apply(Properties)} understands. */
    public static List<String> knownKeys() {
        return KEYS;
    }

    /**
     * Sets every known property present in {@code props}; other keys are ignored (callers that want
     * typos reported check against {@link #knownKeys()}). The result is validated.
     *
     * @return this config
     * @throws IllegalArgumentException naming the key, if a value cannot be parsed or is out of range
     */
    public NamesrvConfig apply(Properties props) {
        for (String key : KEYS) {
            String raw = props.getProperty(key);
            if (raw == null) {
                continue;
            }
            String value = raw.trim();
            switch (key) {
                case LISTEN_PORT -> listenPort = parseInt(key, value);
                case BIND_ADDRESS -> bindAddress = value;
                case SCAN_NOT_ACTIVE_BROKER_INTERVAL -> scanNotActiveBrokerInterval = parseLong(key, value);
                case BROKER_CHANNEL_EXPIRED_TIME -> brokerChannelExpiredTime = parseLong(key, value);
                case DEFAULT_THREAD_POOL_NUMS -> defaultThreadPoolNums = parseInt(key, value);
                case DEFAULT_THREAD_POOL_QUEUE_CAPACITY -> defaultThreadPoolQueueCapacity = parseInt(key, value);
                case CLIENT_REQUEST_THREAD_POOL_NUMS -> clientRequestThreadPoolNums = parseInt(key, value);
                case CLIENT_REQUEST_THREAD_POOL_QUEUE_CAPACITY ->
                        clientRequestThreadPoolQueueCapacity = parseInt(key, value);
                case SERVER_WORKER_THREADS -> serverWorkerThreads = parseInt(key, value);
                case SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS -> serverChannelMaxIdleTimeSeconds = parseInt(key, value);
                default -> throw new IllegalStateException("unhandled key " + key);
            }
        }
        validate();
        return this;
    }

    /**
     * Checks that every value is in range.
     *
     * @throws IllegalArgumentException naming the first offending property
     */
    public void validate() {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException(LISTEN_PORT + " must be 0-65535, was " + listenPort);
        }
        if (bindAddress == null || bindAddress.isEmpty()) {
            throw new IllegalArgumentException(BIND_ADDRESS + " must not be empty");
        }
        requirePositive(SCAN_NOT_ACTIVE_BROKER_INTERVAL, scanNotActiveBrokerInterval);
        requirePositive(BROKER_CHANNEL_EXPIRED_TIME, brokerChannelExpiredTime);
        requirePositive(DEFAULT_THREAD_POOL_NUMS, defaultThreadPoolNums);
        requirePositive(DEFAULT_THREAD_POOL_QUEUE_CAPACITY, defaultThreadPoolQueueCapacity);
        requirePositive(CLIENT_REQUEST_THREAD_POOL_NUMS, clientRequestThreadPoolNums);
        requirePositive(CLIENT_REQUEST_THREAD_POOL_QUEUE_CAPACITY, clientRequestThreadPoolQueueCapacity);
        requirePositive(SERVER_WORKER_THREADS, serverWorkerThreads);
        if (serverChannelMaxIdleTimeSeconds < 0) {
            throw new IllegalArgumentException(SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS + " must not be negative, was "
                    + serverChannelMaxIdleTimeSeconds);
        }
    }

    private static void requirePositive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " is not an integer: '" + value + "'", e);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " is not an integer: '" + value + "'", e);
        }
    }

    /** TCP port to listen on; 0 picks a free one (see {@link NamesrvController#port()}). */
    public int getListenPort() {
        return listenPort;
    }

    /** Sets the TCP port (0 = ephemeral). */
    public NamesrvConfig setListenPort(int listenPort) {
        this.listenPort = listenPort;
        return this;
    }

    /** Address to bind. */
    public String getBindAddress() {
        return bindAddress;
    }

    /** Sets the address to bind, e.g. {@code 127.0.0.1}. */
    public NamesrvConfig setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** Milliseconds between two scans for expired brokers. */
    public long getScanNotActiveBrokerInterval() {
        return scanNotActiveBrokerInterval;
    }

    /** Sets the scan interval in milliseconds. */
    public NamesrvConfig setScanNotActiveBrokerInterval(long scanNotActiveBrokerInterval) {
        this.scanNotActiveBrokerInterval = scanNotActiveBrokerInterval;
        return this;
    }

    /** Milliseconds without a registration after which a broker and its routes are dropped. */
    public long getBrokerChannelExpiredTime() {
        return brokerChannelExpiredTime;
    }

    /** Sets the broker expiry in milliseconds. */
    public NamesrvConfig setBrokerChannelExpiredTime(long brokerChannelExpiredTime) {
        this.brokerChannelExpiredTime = brokerChannelExpiredTime;
        return this;
    }

    /** Threads handling broker registrations and unregistrations. */
    public int getDefaultThreadPoolNums() {
        return defaultThreadPoolNums;
    }

    /** Sets the number of registration threads. */
    public NamesrvConfig setDefaultThreadPoolNums(int defaultThreadPoolNums) {
        this.defaultThreadPoolNums = defaultThreadPoolNums;
        return this;
    }

    /** Capacity of the registration queue. */
    public int getDefaultThreadPoolQueueCapacity() {
        return defaultThreadPoolQueueCapacity;
    }

    /** Sets the capacity of the registration queue. */
    public NamesrvConfig setDefaultThreadPoolQueueCapacity(int defaultThreadPoolQueueCapacity) {
        this.defaultThreadPoolQueueCapacity = defaultThreadPoolQueueCapacity;
        return this;
    }

    /** Threads answering route, cluster and topic list queries. */
    public int getClientRequestThreadPoolNums() {
        return clientRequestThreadPoolNums;
    }

    /** Sets the number of query threads. */
    public NamesrvConfig setClientRequestThreadPoolNums(int clientRequestThreadPoolNums) {
        this.clientRequestThreadPoolNums = clientRequestThreadPoolNums;
        return this;
    }

    /** Capacity of the query queue. */
    public int getClientRequestThreadPoolQueueCapacity() {
        return clientRequestThreadPoolQueueCapacity;
    }

    /** Sets the capacity of the query queue. */
    public NamesrvConfig setClientRequestThreadPoolQueueCapacity(int clientRequestThreadPoolQueueCapacity) {
        this.clientRequestThreadPoolQueueCapacity = clientRequestThreadPoolQueueCapacity;
        return this;
    }

    /** Netty I/O threads. */
    public int getServerWorkerThreads() {
        return serverWorkerThreads;
    }

    /** Sets the number of Netty I/O threads. */
    public NamesrvConfig setServerWorkerThreads(int serverWorkerThreads) {
        this.serverWorkerThreads = serverWorkerThreads;
        return this;
    }

    /** Seconds without traffic after which a connection is closed (0 = never). */
    public int getServerChannelMaxIdleTimeSeconds() {
        return serverChannelMaxIdleTimeSeconds;
    }

    /** Sets the idle timeout in seconds (0 = never). */
    public NamesrvConfig setServerChannelMaxIdleTimeSeconds(int serverChannelMaxIdleTimeSeconds) {
        this.serverChannelMaxIdleTimeSeconds = serverChannelMaxIdleTimeSeconds;
        return this;
    }

    @Override
    public String toString() {
        return "NamesrvConfig[" + LISTEN_PORT + '=' + listenPort
                + ", " + BIND_ADDRESS + '=' + bindAddress
                + ", " + SCAN_NOT_ACTIVE_BROKER_INTERVAL + '=' + scanNotActiveBrokerInterval
                + ", " + BROKER_CHANNEL_EXPIRED_TIME + '=' + brokerChannelExpiredTime
                + ", " + DEFAULT_THREAD_POOL_NUMS + '=' + defaultThreadPoolNums
                + ", " + DEFAULT_THREAD_POOL_QUEUE_CAPACITY + '=' + defaultThreadPoolQueueCapacity
                + ", " + CLIENT_REQUEST_THREAD_POOL_NUMS + '=' + clientRequestThreadPoolNums
                + ", " + CLIENT_REQUEST_THREAD_POOL_QUEUE_CAPACITY + '=' + clientRequestThreadPoolQueueCapacity
                + ", " + SERVER_WORKER_THREADS + '=' + serverWorkerThreads
                + ", " + SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS + '=' + serverChannelMaxIdleTimeSeconds
                + ']';
    }
}
