package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.jms.client.internal.OutageLog;
import org.rocketjms.jms.client.route.RouteManager;
import org.rocketjms.jms.client.route.TopicRoute;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.jms.client.internal.ClientExecutors;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.InlineInvokeCallback;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.ChangeInvisibleTimeRequestHeader;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.remoting.protocol.broker.HeartbeatData;
import org.rocketjms.remoting.protocol.broker.TopicConfigHeader;
import org.rocketjms.remoting.protocol.broker.UnregisterClientRequestHeader;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.rocketjms.remoting.protocol.route.QueueData;
import org.rocketjms.remoting.protocol.route.TopicPerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client core of one JMS connection: one network client, the route cache, heartbeats to every broker, and
 * the producers and consumers created from it.
 *
 * <p>Guarantees: {@link #start()} runs once; {@link #close()} is idempotent, closes every producer and consumer
 * of the instance (consumers release their prefetched messages), tells every broker the client left
 * (UNREGISTER_CLIENT, so its in-flight messages are redelivered at once) and stops all threads. Routes are
 * refreshed every {@link ClientConfig#getPollNameServerIntervalMillis()} and at once after failures. When no
 * broker can be reached for {@link ClientConfig#getConnectionLossThreshold()} consecutive heartbeat rounds (a
 * closed broker connection triggers a round at once), the {@link ClientListener} hears
 * {@code onConnectionLost}; the instance keeps probing every {@link ClientConfig#getReconnectIntervalMillis()}
 * and reports {@code onConnectionRestored} when a broker answers again. Thread-safe.
 *
 * <p>Threads: an instance owns none. Its network client uses the JVM-wide shared Netty event loops, its timers the
 * shared scheduler thread, and its blocking background work (heartbeats, route refresh, retries) the shared elastic
 * worker pool of {@link ClientExecutors}, at most one heartbeat round and one route refresh of an instance at a
 * time. Consumers poll asynchronously (a pending long poll holds no thread).
 */
public final class ClientInstance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientInstance.class);
    private static final int MAX_HANDLES_PER_REQUEST = 4096;

    private final ClientConfig config;
    private final NettyRemotingClient remoting;
    private final RouteManager routes;
    private final OutageLog outages = new OutageLog(LOG);
    private final ClientExecutors executors;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refreshRunning = new AtomicBoolean();
    private final AtomicBoolean monitorRunning = new AtomicBoolean();
    private final AtomicBoolean heartbeatPending = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Map<String, AtomicInteger> producerGroups = new ConcurrentHashMap<>();
    private final List<ProducerCore> producers = new CopyOnWriteArrayList<>();
    private final List<PopConsumerCore> popConsumers = new CopyOnWriteArrayList<>();
    private final List<PullConsumerCore> pullConsumers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean probeRequested = new AtomicBoolean();
    private volatile ClientListener listener;
    private volatile boolean connectionLost;
    private volatile Throwable lastFailure;
    private volatile int failedRounds;
    private volatile long lastRoundAt;

    private final NettyClientConfig transportConfig;

    /** Creates an instance (not started) for {@code config}, which is validated. */
    public ClientInstance(ClientConfig config) {
        config.validate();
        this.config = config;
        NettyClientConfig ncc = new NettyClientConfig();
        ncc.setConnectTimeoutMillis((int) Math.min(3000, config.getRequestTimeoutMillis()));
        ncc.setIdleSeconds(0);
        this.transportConfig = ncc;
        this.remoting = new NettyRemotingClient(ncc, new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                channelClosed(channel.remoteAddress());
            }
        });
        this.routes = new RouteManager(remoting, config.getNamesrvAddresses(), config.getRequestTimeoutMillis());
        this.executors = ClientExecutors.acquire();
        this.scheduler = executors.scheduler();
        this.workers = executors.workers();
    }

    /** Sets the listener of connection loss and recovery (may be set before or after start; null = none). */
    public void setListener(ClientListener listener) {
        this.listener = listener;
    }

    /**
     * Starts networking, route refresh and heartbeats. The name servers need not be reachable yet.
     *
     * @throws ClientException if the network client cannot start
     * @throws IllegalStateException if called twice or after close
     */
    public void start() throws ClientException {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("a ClientInstance can be started once");
        }
        try {
            remoting.start();
        } catch (RemotingException e) {
            throw new ClientException(ClientException.BROKER_UNREACHABLE, "cannot start the network client: " + e, e);
        }
        long poll = config.getPollNameServerIntervalMillis();
        timers.add(scheduler.scheduleWithFixedDelay(() -> runExclusive(refreshRunning, this::refreshRoutesQuietly),
                poll, poll, TimeUnit.MILLISECONDS));
        long tick = Math.min(config.getReconnectIntervalMillis(), config.getHeartbeatBrokerIntervalMillis());
        timers.add(scheduler.scheduleWithFixedDelay(this::monitorTrigger, tick, tick, TimeUnit.MILLISECONDS));
        LOG.debug("client {} started with name servers {}", config.getClientId(), config.getNamesrvAddresses());
    }

    /** The configuration. */
    public ClientConfig config() {
        return config;
    }

    /** The client id. */
    public String clientId() {
        return config.getClientId();
    }

    /** The route cache. */
    public RouteManager routes() {
        return routes;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** True while the instance considers its brokers unreachable (between lost and restored). */
    public boolean isConnectionLost() {
        return connectionLost;
    }

    /** Creates a producer of {@code producerGroup} (a group name is informational; any string). */
    public ProducerCore createProducer(String producerGroup) {
        return createProducer(producerGroup, new QueueAffinity());
    }

    /**
     * Creates a producer that writes each topic to the same queue as the other producers of {@code affinity} (a JMS
     * session's producers, so that the session's messages to a destination keep their order).
     */
    public ProducerCore createProducer(String producerGroup, QueueAffinity affinity) {
        ensureOpen();
        ProducerCore p = new ProducerCore(this, producerGroup, affinity);
        producers.add(p);
        producerGroups.computeIfAbsent(producerGroup, g -> new AtomicInteger()).incrementAndGet();
        return p;
    }

    /** Creates a pop consumer for {@code subscription}; call {@link PopConsumerCore#start()} to begin fetching. */
    public PopConsumerCore createPopConsumer(Subscription subscription) {
        ensureOpen();
        PopConsumerCore c = new PopConsumerCore(this, subscription);
        popConsumers.add(c);
        return c;
    }

    /** Creates an offset-based pull consumer of {@code group}. */
    public PullConsumerCore createPullConsumer(String group) {
        ensureOpen();
        PullConsumerCore c = new PullConsumerCore(this, group);
        pullConsumers.add(c);
        return c;
    }

    /**
     * The route of {@code topic}, fetched on first use; null if the name servers do not know it.
     *
     * @throws ClientException if no name server answered and nothing is cached
     */
    public TopicRoute topicRoute(String topic) throws ClientException {
        try {
            return routes.get(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while looking up topic " + topic, e);
        }
    }

    /** The master address of {@code brokerName}, or null if unknown. */
    public String brokerAddress(String brokerName) {
        return routes.brokerAddr(brokerName);
    }

    /**
     * Creates (or updates) {@code topic} with {@code queueNums} read and write queues on every master broker the
     * name servers know, and waits (up to the request timeout) until the name servers route it that way. An
     * administrative helper: normal sends auto-create topics.
     *
     * @throws ClientException if no broker is known or a broker refused
     */
    public void createTopic(String topic, int queueNums) throws ClientException {
        createTopic(topic, queueNums, java.util.Map.of());
    }

    /**
     * Like {@link #createTopic(String, int)}, with extension fields on every UPDATE_AND_CREATE_TOPIC request (e.g.
     * {@code BrokerExtFields.TEMPORARY} and {@code BrokerExtFields.CLIENT_ID} for a temporary topic bound to this
     * client's connection).
     */
    public void createTopic(String topic, int queueNums, java.util.Map<String, String> extFields)
            throws ClientException {
        ensureOpen();
        try {
            ClusterInfo ci = routes.fetchClusterInfo();
            List<String> done = new ArrayList<>();
            for (BrokerData b : ci.brokerAddrTable().values()) {
                if (b.masterAddr() == null) {
                    continue;
                }
                RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.UPDATE_AND_CREATE_TOPIC,
                        new TopicConfigHeader(topic, queueNums, queueNums, TopicPerm.READ_WRITE));
                for (java.util.Map.Entry<String, String> e : extFields.entrySet()) {
                    req.addExtField(e.getKey(), e.getValue());
                }
                RemotingCommand resp = invoke(b.masterAddr(), req, config.getRequestTimeoutMillis());
                if (resp.getCode() != ResponseCode.SUCCESS) {
                    throw new ClientException(resp.getCode(), resp.getRemark());
                }
                done.add(b.brokerName());
            }
            if (done.isEmpty()) {
                throw new ClientException(ClientException.NO_ROUTE, "no broker is registered with the name servers");
            }
            awaitRoute(topic, done, queueNums);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while creating topic " + topic, e);
        }
    }

    /** Waits (up to the request timeout) until the name servers route {@code topic} as just configured. */
    private void awaitRoute(String topic, List<String> brokers, int queueNums)
            throws ClientException, InterruptedException {
        long deadline = System.currentTimeMillis() + config.getRequestTimeoutMillis();
        while (true) {
            TopicRoute r = routes.refresh(topic);
            boolean complete = r != null;
            for (int i = 0; complete && i < brokers.size(); i++) {
                QueueData q = r.data().queueData(brokers.get(i));
                complete = q != null && q.writeQueueNums() == queueNums && q.readQueueNums() == queueNums;
            }
            if (complete) {
                return;
            }
            if (System.currentTimeMillis() >= deadline) {
                LOG.info("topic {} was created, but the name servers do not route it to {} yet", topic, brokers);
                return;
            }
            Thread.sleep(50);
        }
    }

    // ---- used by producers and consumers ----

    /**
     * Acknowledges popped messages of any consumer of this client; returns once every broker confirmed them
     * durably. The JMS session uses this to acknowledge what all its consumers delivered.
     *
     * @throws ClientException with the broker's RECEIPT_HANDLE_INVALID if some receipts were stale (acked or
     *                         redelivered meanwhile; the valid ones are acked), or a network failure
     */
    public void ack(Collection<ReceivedMessage> msgs) throws ClientException {
        handleReceipts(msgs, -1);
    }

    /**
     * Acknowledges popped messages without waiting: one ACK request per broker, group and topic (several receipt
     * handles each) is sent now, and the returned future completes once every broker confirmed its part durably, or
     * exceptionally with a {@link ClientException} (RECEIPT_HANDLE_INVALID for stale receipts, BROKER_UNREACHABLE
     * for a network failure or timeout). The future's dependants run on the remoting client's callback executor.
     * With {@code lazyFlush} each broker may confirm with a force of its commit log that runs anyway instead of forcing
     * the ACK records itself (at most its {@code lazyFlushMaxDelayMillis} later): for a session that does not wait for
     * the confirmation before going on. The confirmation still means durable.
     */
    public CompletableFuture<Void> ackAsync(Collection<ReceivedMessage> msgs, boolean lazyFlush) {
        if (msgs.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<List<String>, List<ReceivedMessage>> byBrokerGroupTopic = groupByBrokerGroupTopic(msgs);
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (Map.Entry<List<String>, List<ReceivedMessage>> batch : byBrokerGroupTopic.entrySet()) {
            List<String> k = batch.getKey();
            List<ReceivedMessage> all = batch.getValue();
            for (int from = 0; from < all.size(); from += MAX_HANDLES_PER_REQUEST) {
                parts.add(sendAckAsync(k.get(0), k.get(1), k.get(2),
                        all.subList(from, Math.min(all.size(), from + MAX_HANDLES_PER_REQUEST)), lazyFlush));
            }
        }
        return parts.size() == 1 ? parts.get(0)
                : CompletableFuture.allOf(parts.toArray(new CompletableFuture[0]));
    }

    private CompletableFuture<Void> sendAckAsync(String brokerName, String group, String topic,
                                                 List<ReceivedMessage> msgs, boolean lazyFlush) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String addr = brokerAddress(brokerName);
        if (addr == null) {
            addr = msgs.get(0).getBrokerAddr();
        }
        RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.ACK_MESSAGE,
                new AckMessageRequestHeader(group, topic, lazyFlush));
        req.setBody(ReceiptHandleListCodec.encode(receiptHandles(msgs)));
        String target = addr;
        int n = msgs.size();
        try {
            remoting.invokeAsync(addr, req, config.getRequestTimeoutMillis(), (InlineInvokeCallback) f -> {
                if (!f.isSuccess()) {
                    probeRequested.set(true);
                    done.completeExceptionally(new ClientException(ClientException.BROKER_UNREACHABLE, "ack of " + n
                            + " message(s) sent to broker " + target + " failed: " + f.getCause(), f.getCause()));
                } else if (f.getResponse().getCode() != ResponseCode.SUCCESS) {
                    done.completeExceptionally(new ClientException(f.getResponse().getCode(), "ack of " + n
                            + " message(s) on broker " + brokerName + " failed: " + f.getResponse().getRemark()));
                } else {
                    done.complete(null);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(new ClientException(ClientException.INTERRUPTED,
                    "interrupted while sending an ack", e));
        } catch (RemotingException e) {
            probeRequested.set(true);
            done.completeExceptionally(new ClientException(ClientException.BROKER_UNREACHABLE, "ack of " + n
                    + " message(s) to broker " + addr + " could not be sent: " + e.getMessage(), e));
        }
        return done;
    }

    private static List<String> receiptHandles(List<ReceivedMessage> msgs) {
        List<String> handles = new ArrayList<>(msgs.size());
        for (ReceivedMessage m : msgs) {
            handles.add(m.getReceiptHandle());
        }
        return handles;
    }

    private static Map<List<String>, List<ReceivedMessage>> groupByBrokerGroupTopic(Collection<ReceivedMessage> msgs) {
        Map<List<String>, List<ReceivedMessage>> byBrokerGroupTopic = new LinkedHashMap<>();
        for (ReceivedMessage m : msgs) {
            if (m.getReceiptHandle() == null || m.getGroup() == null) {
                throw new IllegalArgumentException("message " + m + " was not popped; it has no receipt handle");
            }
            byBrokerGroupTopic.computeIfAbsent(List.of(m.getBrokerName(), m.getGroup(), m.getTopic(),
                    m.isReleasedUnseen() ? "unseen" : ""), k -> new ArrayList<>()).add(m);
        }
        return byBrokerGroupTopic;
    }

    /**
     * Makes popped messages visible again after {@code millis} (0 = at once: a negative acknowledgement that
     * redelivers them with a higher delivery count), or extends how long they stay invisible.
     */
    public void changeInvisibleTime(Collection<ReceivedMessage> msgs, long millis) throws ClientException {
        if (millis < 0) {
            throw new IllegalArgumentException("invisible time must not be negative");
        }
        handleReceipts(msgs, millis);
    }

    /** Acks ({@code invisibleMillis < 0}) or changes the visibility of popped messages, grouped per broker and topic. */
    void handleReceipts(Collection<ReceivedMessage> msgs, long invisibleMillis) throws ClientException {
        if (msgs.isEmpty()) {
            return;
        }
        Map<List<String>, List<ReceivedMessage>> byBrokerGroupTopic = groupByBrokerGroupTopic(msgs);
        ClientException first = null;
        for (Map.Entry<List<String>, List<ReceivedMessage>> batch : byBrokerGroupTopic.entrySet()) {
            List<String> k = batch.getKey();
            List<ReceivedMessage> all = batch.getValue();
            try {
                for (int from = 0; from < all.size(); from += MAX_HANDLES_PER_REQUEST) {
                    sendHandles(k.get(0), k.get(1), k.get(2),
                            all.subList(from, Math.min(all.size(), from + MAX_HANDLES_PER_REQUEST)), invisibleMillis,
                            !k.get(3).isEmpty());
                }
            } catch (ClientException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void sendHandles(String brokerName, String group, String topic, List<ReceivedMessage> msgs,
                             long invisibleMillis, boolean unseen) throws ClientException {
        String addr = brokerAddress(brokerName);
        if (addr == null) {
            addr = msgs.get(0).getBrokerAddr();
        }
        List<String> handles = receiptHandles(msgs);
        RemotingCommand req = invisibleMillis < 0
                ? RemotingCommand.createRequest(BrokerRequestCode.ACK_MESSAGE, new AckMessageRequestHeader(group, topic))
                : RemotingCommand.createRequest(BrokerRequestCode.CHANGE_INVISIBLE_TIME,
                        new ChangeInvisibleTimeRequestHeader(group, topic, invisibleMillis,
                                invisibleMillis == 0 && unseen));
        req.setBody(ReceiptHandleListCodec.encode(handles));
        RemotingCommand resp;
        try {
            resp = invoke(addr, req, config.getRequestTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while acknowledging", e);
        }
        if (resp.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(resp.getCode(), (invisibleMillis < 0 ? "ack" : "visibility change") + " of "
                    + msgs.size() + " message(s) on broker " + brokerName + " failed: " + resp.getRemark());
        }
    }

    /** Sends a request, translating network failures into a ClientException. */
    RemotingCommand invoke(String addr, RemotingCommand request, long timeoutMillis)
            throws ClientException, InterruptedException {
        try {
            return remoting.invokeSync(addr, request, timeoutMillis);
        } catch (RemotingException e) {
            probeRequested.set(true);
            throw new ClientException(ClientException.BROKER_UNREACHABLE, "request to broker " + addr + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** A producer's caller-thread connections, or null when the configuration keeps sends on the shared one. */
    CallerThreadSends newCallerThreadSends() {
        return config.isSyncSendsOnCallerThread()
                ? new CallerThreadSends(transportConfig.getConnectTimeoutMillis(), transportConfig.getMaxFrameLength(),
                        config.getUserName(), config.getPassword(), scheduler)
                : null;
    }

    NettyRemotingClient remoting() {
        return remoting;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * The instance's pool of worker threads, for work of the JMS layer that may block (for example running
     * CompletionListeners). Shared JVM-wide: it outlives this instance.
     */
    public java.util.concurrent.Executor workerPool() {
        return workers;
    }

    /**
     * The instance's timer thread, for short tasks of the JMS layer (for example sending a waiting batch of
     * acknowledgements); a task must not block. Shared JVM-wide: it outlives this instance.
     */
    public ScheduledExecutorService timer() {
        return scheduler;
    }

    /** The shared thread that writes coalesced sends (see {@link ClientExecutors#sender()}). */
    java.util.concurrent.Executor sender() {
        return executors.sender();
    }

    /**
     * The JVM-wide worker pool this client runs its blocking background work on; the JMS layer runs a session's
     * listener deliveries there (one task per session at a time).
     */
    public ExecutorService workers() {
        return workers;
    }

    /** Runs {@code task} on the worker pool after {@code delayMillis}, unless the client closed meanwhile. */
    void runLater(Runnable task, long delayMillis) {
        if (closed.get()) {
            return;
        }
        try {
            scheduler.schedule(() -> execute(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("not scheduling background work: the client threads are shut down", e);
        }
    }

    /** Runs {@code task} on the worker pool now, unless the client closed. */
    public void execute(Runnable task) {
        if (closed.get()) {
            return;
        }
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("not running background work: the client threads are shut down", e);
        }
    }

    /** Runs {@code task} on the worker pool unless a run guarded by {@code running} is still under way. */
    private void runExclusive(AtomicBoolean running, Runnable task) {
        if (closed.get() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } finally {
                    running.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            running.set(false);
            LOG.debug("not running background work: the client threads are shut down", e);
        }
    }

    /** A request failed at the network level: check the brokers' health at the next monitor tick. */
    void requestProbe() {
        probeRequested.set(true);
    }

    OutageLog outages() {
        return outages;
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the client " + config.getClientId() + " is closed");
        }
    }

    /**
     * A consumer registered or changed its subscription: tell the brokers soon. Changes that arrive while a heartbeat
     * for an earlier change waits to run are carried by that one (ten consumers started at once send one heartbeat,
     * not ten).
     */
    void subscriptionsChanged() {
        if (started.get() && !closed.get() && heartbeatPending.compareAndSet(false, true)) {
            try {
                workers.execute(() -> {
                    heartbeatPending.set(false);
                    try {
                        heartbeatRound();
                    } catch (RuntimeException e) {
                        LOG.warn("heartbeat after a subscription change failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                heartbeatPending.set(false);
                LOG.debug("no heartbeat after a subscription change: the client is closing", e);
            }
        }
    }

    void removed(PopConsumerCore c) {
        if (popConsumers.remove(c)) {
            subscriptionsChanged();
        }
    }

    void removed(PullConsumerCore c) {
        pullConsumers.remove(c);
    }

    void removed(ProducerCore p) {
        if (producers.remove(p)) {
            AtomicInteger n = producerGroups.get(p.group());
            if (n != null && n.decrementAndGet() <= 0) {
                producerGroups.remove(p.group(), n);
            }
        }
    }

    // ---- background work ----

    private void refreshRoutesQuietly() {
        try {
            List<String> changed = routes.refreshAll();
            for (String topic : changed) {
                for (PopConsumerCore c : popConsumers) {
                    c.routeChanged(topic);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("route refresh interrupted", e);
        } catch (RuntimeException e) {
            LOG.warn("route refresh failed", e);
        }
    }

    private void channelClosed(String addr) {
        if (closed.get()) {
            return;
        }
        if (routes.knownBrokers().containsValue(addr)) {
            LOG.debug("connection to broker {} closed", addr);
            probeRequested.set(true);
            for (PopConsumerCore c : popConsumers) {
                c.brokerDisconnected(addr);
            }
        }
    }

    /** On the scheduler thread: decides cheaply whether a heartbeat round is due and hands it to a worker. */
    private void monitorTrigger() {
        if (closed.get() || monitorRunning.get()) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean due = now - lastRoundAt >= config.getHeartbeatBrokerIntervalMillis();
        if (due || failedRounds > 0 || connectionLost || probeRequested.getAndSet(false)) {
            runExclusive(monitorRunning, this::monitorTick);
        }
    }

    private void monitorTick() {
        if (closed.get()) {
            return;
        }
        try {
            boolean ok = heartbeatRound();
            updateHealth(ok);
        } catch (RuntimeException e) {
            LOG.warn("connection monitor failed", e);
        }
    }

    private void updateHealth(boolean ok) {
        ClientListener l = listener;
        if (ok) {
            boolean hadFailed = failedRounds > 0;
            failedRounds = 0;
            if (connectionLost || hadFailed) {
                // consumers backing off after failed POPs try again now, also after an outage too short to count
                // as a lost connection (a broker restart of a second or two)
                for (PopConsumerCore c : popConsumers) {
                    c.wakeUp();
                }
            }
            if (connectionLost) {
                connectionLost = false;
                LOG.info("client {}: brokers reachable again", config.getClientId());
                if (l != null) {
                    notify(() -> l.onConnectionRestored());
                }
            }
        } else {
            failedRounds++;
            if (!connectionLost && failedRounds >= config.getConnectionLossThreshold()) {
                connectionLost = true;
                Throwable cause = lastFailure;
                LOG.warn("client {}: connection lost after {} failed attempts: {}", config.getClientId(), failedRounds,
                        String.valueOf(cause));
                if (l != null) {
                    notify(() -> l.onConnectionLost(cause));
                }
            }
        }
    }

    private static void notify(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("client listener threw", e);
        }
    }

    /**
     * Sends a heartbeat to every known broker.
     *
     * @return true if at least one broker answered (or, with no broker known, a name server answered)
     */
    synchronized boolean heartbeatRound() {
        if (closed.get()) {
            return false;
        }
        lastRoundAt = System.currentTimeMillis();
        Map<String, String> brokers = routes.knownBrokers();
        if (brokers.isEmpty()) {
            try {
                routes.fetchClusterInfo();
                brokers = routes.knownBrokers();
                if (brokers.isEmpty()) {
                    return true;
                }
            } catch (ClientException e) {
                lastFailure = e;
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("interrupted; giving up", e);
                return false;
            }
        }
        byte[] body = heartbeatData().encode();
        int ok = 0;
        for (Map.Entry<String, String> b : brokers.entrySet()) {
            String addr = b.getValue();
            RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.HEARTBEAT);
            req.setBody(body);
            try {
                RemotingCommand resp = remoting.invokeSync(addr, req, config.getRequestTimeoutMillis());
                if (resp.getCode() == ResponseCode.SUCCESS) {
                    ok++;
                    outages.success(addr, "heartbeat to broker " + b.getKey() + " at " + addr);
                } else {
                    LOG.warn("broker {} refused the heartbeat: {} {}", addr, resp.getCode(), resp.getRemark());
                }
            } catch (RemotingException e) {
                if (closed.get()) {
                    LOG.debug("heartbeat to broker {} ended by close", addr, e);
                    return false;
                }
                lastFailure = e;
                outages.failure(addr, "heartbeat to broker " + b.getKey() + " at " + addr, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("interrupted; giving up", e);
                return false;
            }
        }
        return ok > 0;
    }

    private HeartbeatData heartbeatData() {
        List<HeartbeatData.ConsumerData> consumers = new ArrayList<>();
        for (PopConsumerCore c : popConsumers) {
            Subscription s = c.subscription();
            consumers.add(new HeartbeatData.ConsumerData(s.group(), s.topic(), s.expression() == null ? "*"
                    : s.expression(), s.expressionType()));
        }
        return new HeartbeatData(config.getClientId(), new ArrayList<>(producerGroups.keySet()), consumers);
    }

    /**
     * Closes every producer and consumer, unregisters from every broker and stops all threads. Idempotent;
     * never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (PopConsumerCore c : new ArrayList<>(popConsumers)) {
            c.close();
        }
        for (PullConsumerCore c : new ArrayList<>(pullConsumers)) {
            c.close();
        }
        for (ProducerCore p : new ArrayList<>(producers)) {
            p.close();
        }
        for (ScheduledFuture<?> t : timers) {
            t.cancel(false);
        }
        if (started.get()) {
            for (String addr : routes.knownBrokers().values()) {
                try {
                    RemotingCommand resp = remoting.invokeSync(addr, RemotingCommand.createRequest(
                            BrokerRequestCode.UNREGISTER_CLIENT, new UnregisterClientRequestHeader(config.getClientId())),
                            Math.min(1000, config.getRequestTimeoutMillis()));
                    if (resp.getCode() != ResponseCode.SUCCESS) {
                        LOG.debug("broker {} answered UNREGISTER_CLIENT with {}", addr, resp.getCode());
                    }
                } catch (RemotingException e) {
                    LOG.debug("could not unregister from broker {}", addr, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.debug("interrupted; giving up", e);
                    break;
                }
            }
            remoting.shutdown();
        }
        if (released.compareAndSet(false, true)) {
            executors.release();
        }
        LOG.debug("client {} closed", config.getClientId());
    }
}
