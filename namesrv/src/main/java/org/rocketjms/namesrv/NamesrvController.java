package org.rocketjms.namesrv;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.namesrv.processor.GetAllTopicListProcessor;
import org.rocketjms.namesrv.processor.GetClusterInfoProcessor;
import org.rocketjms.namesrv.processor.GetRouteInfoProcessor;
import org.rocketjms.namesrv.processor.RegisterBrokerProcessor;
import org.rocketjms.namesrv.processor.UnregisterBrokerProcessor;
import org.rocketjms.namesrv.routeinfo.RouteInfoManager;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.netty.NettyRemotingServer;
import org.rocketjms.remoting.netty.NettyServerConfig;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete name server: a {@link NettyRemotingServer} whose processors serve the
 * {@link NamesrvRequestCode} requests from a {@link RouteInfoManager}, a scanner that drops brokers
 * that stopped registering, and a connection listener that drops a broker as soon as the connection it
 * registered over closes, fails or goes idle.
 *
 * <p>Life cycle: {@link #start()} once, {@link #shutdown()} any number of times (idempotent, also
 * safe if start failed or never happened). A controller is not restartable; create a new one. Several
 * controllers may run in one JVM on different ports. Broker registrations and client queries run on
 * two separate bounded executors, so a flood of route queries cannot starve heartbeats; when an
 * executor's queue is full the request is answered {@code SYSTEM_BUSY}.
 */
public final class NamesrvController {

    private static final Logger LOG = LoggerFactory.getLogger(NamesrvController.class);
    private static final long EXECUTOR_STOP_WAIT_MILLIS = 3000;

    private final NamesrvConfig config;
    private final RouteInfoManager routeInfoManager;
    private final NettyRemotingServer server;
    private final Object lifecycleLock = new Object();
    private ExecutorService brokerRequestExecutor;
    private ExecutorService clientRequestExecutor;
    private ScheduledExecutorService scanner;
    private boolean started;
    private boolean stopped;

    /**
     * Creates a name server listening where {@code config} says. The config is validated and must not
     * be changed afterwards.
     *
     * @throws IllegalArgumentException if the config is invalid
     */
    public NamesrvController(NamesrvConfig config) {
        this(config, serverConfigFrom(config));
    }

    /**
     * Creates a name server with explicit transport settings (e.g. TLS). The bind address, port, I/O
     * threads and idle time are taken from {@code serverConfig}, not from {@code config}.
     *
     * @throws IllegalArgumentException if either config is invalid
     */
    public NamesrvController(NamesrvConfig config, NettyServerConfig serverConfig) {
        config.validate();
        this.config = config;
        this.routeInfoManager = new RouteInfoManager(config.getBrokerChannelExpiredTime());
        this.server = new NettyRemotingServer(serverConfig, new BrokerChannelListener());
    }

    private static NettyServerConfig serverConfigFrom(NamesrvConfig config) {
        config.validate();
        NettyServerConfig sc = new NettyServerConfig();
        sc.setBindAddress(config.getBindAddress());
        sc.setListenPort(config.getListenPort());
        sc.setWorkerThreads(config.getServerWorkerThreads());
        sc.setIdleSeconds(config.getServerChannelMaxIdleTimeSeconds());
        return sc;
    }

    /**
     * Starts listening and scanning. Returns once the server accepts connections.
     *
     * @throws RemotingException if the port cannot be bound (everything started is stopped again)
     * @throws IllegalStateException if called twice or after {@link #shutdown()}
     */
    public void start() throws RemotingException {
        synchronized (lifecycleLock) {
            if (started || stopped) {
                throw new IllegalStateException("a name server controller can be started only once");
            }
            started = true;
            brokerRequestExecutor = boundedExecutor("rocketjms-namesrv-broker", config.getDefaultThreadPoolNums(),
                    config.getDefaultThreadPoolQueueCapacity());
            clientRequestExecutor = boundedExecutor("rocketjms-namesrv-client",
                    config.getClientRequestThreadPoolNums(), config.getClientRequestThreadPoolQueueCapacity());
            server.registerProcessor(NamesrvRequestCode.REGISTER_BROKER,
                    new RegisterBrokerProcessor(routeInfoManager), brokerRequestExecutor);
            server.registerProcessor(NamesrvRequestCode.UNREGISTER_BROKER,
                    new UnregisterBrokerProcessor(routeInfoManager), brokerRequestExecutor);
            server.registerProcessor(NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC,
                    new GetRouteInfoProcessor(routeInfoManager), clientRequestExecutor);
            server.registerProcessor(NamesrvRequestCode.GET_BROKER_CLUSTER_INFO,
                    new GetClusterInfoProcessor(routeInfoManager), clientRequestExecutor);
            server.registerProcessor(NamesrvRequestCode.GET_ALL_TOPIC_LIST,
                    new GetAllTopicListProcessor(routeInfoManager), clientRequestExecutor);
            try {
                server.start();
            } catch (RemotingException | RuntimeException e) {
                stopLocked();
                throw e;
            }
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threadFactory("rocketjms-namesrv-scan"));
            s.setRemoveOnCancelPolicy(true);
            scanner = s;
            long interval = config.getScanNotActiveBrokerInterval();
            scanner.scheduleWithFixedDelay(this::scanSafely, interval, interval, TimeUnit.MILLISECONDS);
            LOG.info("Name server started on port {} ({})", server.localPort(), config);
        }
    }

    /**
     * Stops scanning, closes every connection and the listening socket, and stops the executors.
     * Idempotent.
     */
    public void shutdown() {
        synchronized (lifecycleLock) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (started) {
                stopLocked();
                LOG.info("Name server on port {} shut down", server.localPort());
            }
        }
    }

    private void stopLocked() {
        stopped = true;
        if (scanner != null) {
            scanner.shutdownNow();
        }
        server.shutdown();
        stopExecutor(brokerRequestExecutor);
        stopExecutor(clientRequestExecutor);
    }

    /** Returns the port actually listened on (useful with port 0), or -1 before start. */
    public int port() {
        return server.localPort();
    }

    /** Returns {@code bindAddress:port} as listened on, e.g. {@code 0.0.0.0:9876}; the port is -1 before start. */
    public String listenAddress() {
        String host = config.getBindAddress();
        return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port();
    }

    /** Returns true between a successful {@link #start()} and {@link #shutdown()}. */
    public boolean isRunning() {
        synchronized (lifecycleLock) {
            return started && !stopped;
        }
    }

    /** Returns the registry this name server serves from. */
    public RouteInfoManager routeInfoManager() {
        return routeInfoManager;
    }

    /** Returns the configuration this controller was created with. */
    public NamesrvConfig config() {
        return config;
    }

    private void scanSafely() {
        try {
            int removed = routeInfoManager.scanNotActiveBroker();
            if (removed > 0) {
                LOG.info("Expiry scan removed {} broker address(es); {} remain", removed,
                        routeInfoManager.liveBrokerCount());
            }
        } catch (RuntimeException e) {
            LOG.error("Scan for expired brokers failed; it runs again in {} ms",
                    config.getScanNotActiveBrokerInterval(), e);
        }
    }

    private static ExecutorService boundedExecutor(String name, int threads, int queueCapacity) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity), threadFactory(name), new ThreadPoolExecutor.AbortPolicy());
    }

    private static ThreadFactory threadFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + '-' + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void stopExecutor(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(EXECUTOR_STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Name server executor did not finish within {} ms; interrupting it", EXECUTOR_STOP_WAIT_MILLIS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Drops a broker as soon as the connection it registered over is gone. */
    private final class BrokerChannelListener implements ChannelEventListener {
        @Override
        public void onClose(RemotingChannel channel) {
            routeInfoManager.onChannelDestroy(channel);
        }

        @Override
        public void onIdle(RemotingChannel channel) {
            routeInfoManager.onChannelDestroy(channel);
        }

        @Override
        public void onException(RemotingChannel channel, Throwable cause) {
            routeInfoManager.onChannelDestroy(channel);
        }
    }
}
