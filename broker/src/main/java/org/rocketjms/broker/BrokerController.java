package org.rocketjms.broker;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.rocketjms.broker.auth.AclAuthenticator;
import org.rocketjms.broker.client.ConsumerManager;
import org.rocketjms.broker.processor.AuthenticateProcessor;
import org.rocketjms.broker.processor.EndTransactionProcessor;
import org.rocketjms.broker.processor.XaTransactionProcessor;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.broker.timer.TimerMessageService;
import org.rocketjms.broker.topic.JmsNames;
import org.rocketjms.broker.topic.TemporaryTopicManager;
import org.rocketjms.broker.transaction.TransactionalMessageService;
import org.rocketjms.broker.flow.ProducerFlowControl;
import org.rocketjms.broker.longpolling.PullRequestHoldService;
import org.rocketjms.broker.offset.ConsumerOffsetManager;
import org.rocketjms.broker.out.NameServerRegistrar;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.broker.processor.AckMessageProcessor;
import org.rocketjms.broker.processor.AdminBrokerProcessor;
import org.rocketjms.broker.processor.ChangeInvisibleTimeProcessor;
import org.rocketjms.broker.processor.ClientManageProcessor;
import org.rocketjms.broker.processor.MalformedRequestGuard;
import org.rocketjms.broker.processor.PopMessageProcessor;
import org.rocketjms.broker.processor.PullMessageProcessor;
import org.rocketjms.broker.processor.Responses;
import org.rocketjms.broker.processor.SendMessageProcessor;
import org.rocketjms.broker.retention.ConsumedOffsetGuard;
import org.rocketjms.broker.subscription.SubscriptionGroupManager;
import org.rocketjms.broker.topic.TopicConfigManager;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.netty.NettyRemotingServer;
import org.rocketjms.remoting.netty.NettyServerConfig;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one broker together: the message store, the metadata managers, the ack state, long polling, the consumer
 * registry and the request processors on a Netty server. {@link #start()} loads everything (replaying the ack log)
 * before it accepts connections; {@link #shutdown()} stops accepting, drains the processors, persists the
 * metadata and shuts the store down cleanly (removing its abort file).
 */
public final class BrokerController {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerController.class);

    private final BrokerConfig config;
    private final MessageIdGenerator messageIdGenerator = new MessageIdGenerator();
    private final List<ExecutorService> executors = new ArrayList<>();
    private DefaultMessageStore store;
    private TopicConfigManager topicConfigManager;
    private ConsumerOffsetManager consumerOffsetManager;
    private SubscriptionGroupManager subscriptionGroupManager;
    private AckStateManager ackStateManager;
    private PullRequestHoldService pullRequestHoldService;
    private ConsumerManager consumerManager;
    private NettyRemotingServer remotingServer;
    private ScheduledExecutorService scheduler;
    private NameServerRegistrar registrar;
    private AclAuthenticator authenticator;
    private TransactionalMessageService transactionalMessageService;
    private TimerMessageService timerMessageService;
    private TemporaryTopicManager temporaryTopicManager;
    private ProducerFlowControl flowControl;
    private ConsumedOffsetGuard retentionGuard;
    private volatile InetSocketAddress storeHost;
    private volatile boolean started;
    private boolean stopped;

    /** @param config the settings (not changed afterwards) */
    public BrokerController(BrokerConfig config) {
        this.config = config;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(100_000), threads(name));
        executors.add(e);
        return e;
    }

    /**
     * Loads the store and metadata, replays the ack log and starts listening.
     *
     * @throws IllegalStateException if the data cannot be loaded or the port cannot be bound
     */
    public synchronized void start() {
        if (started || stopped) {
            throw new IllegalStateException("a BrokerController can be started once");
        }
        config.validate();
        authenticator = AclAuthenticator.fromConfig(config);
        File configDir = config.getStoreConfig().configDir();
        store = new DefaultMessageStore(config.getStoreConfig());
        // installed before the store starts: until activated it answers "unknown" and retention deletes nothing
        retentionGuard = new ConsumedOffsetGuard(store);
        store.setRetentionGuard(retentionGuard);
        if (!store.load()) {
            throw new IllegalStateException("the message store at " + config.getStoreConfig().getStorePathRootDir()
                    + " could not be loaded; see the log");
        }
        boolean ok = false;
        try {
            store.start();
            topicConfigManager = new TopicConfigManager(configDir);
            consumerOffsetManager = new ConsumerOffsetManager(configDir);
            subscriptionGroupManager = new SubscriptionGroupManager(configDir);
            if (!topicConfigManager.load() || !consumerOffsetManager.load() || !subscriptionGroupManager.load()) {
                throw new IllegalStateException("broker metadata under " + configDir + " is damaged; see the log");
            }
            topicConfigManager.createIfAbsent(AckStateManager.ACK_LOG_TOPIC, 1, true);
            for (String t : new String[] {TransactionalMessageService.HALF_TOPIC, TransactionalMessageService.OP_TOPIC,
                    DeliveryRouter.TIMER_TOPIC, TimerMessageService.DONE_TOPIC}) {
                topicConfigManager.createIfAbsent(t, 1, true);
            }
            // N deliveries = the first one plus N-1 redeliveries
            subscriptionGroupManager.setDefaultRetryMaxTimes(Math.max(0, config.getMaxDeliveryAttempts() - 1));

            ExecutorService sendExecutor = pool("SendMessageThread", config.getSendMessageThreadPoolNums());
            ExecutorService pullExecutor = pool("PullMessageThread", config.getPullMessageThreadPoolNums());
            ExecutorService ackExecutor = pool("AckMessageThread", config.getAdminThreadPoolNums());
            ExecutorService adminExecutor = pool("AdminBrokerThread", config.getAdminThreadPoolNums());
            pullRequestHoldService = new PullRequestHoldService(pullExecutor);
            ackStateManager = new AckStateManager(configDir, store, null,
                    (topic, queueId) -> pullRequestHoldService.notifyMessageArriving(DeliveryRouter.baseTopic(topic),
                            queueId));
            if (!ackStateManager.load()) {
                throw new IllegalStateException("the ack state under " + configDir + " is damaged; see the log");
            }
            ackStateManager.replay();
            ackStateManager.setDeadLetterTopicCreator(t -> topicConfigManager.createIfAbsent(t, 1, false));
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, threads("BrokerScheduler"));
            // at shutdown, delayed tasks not yet due are dropped (a departed consumer's release 30 s ahead would
            // otherwise hold the stop for the whole wait in shutdown()); the final persists cover their state
            s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            scheduler = s;
            consumerManager = new ConsumerManager(ackStateManager, scheduler, config.getConsumerLostTimeoutMillis());
            timerMessageService = new TimerMessageService(configDir, store);
            if (!timerMessageService.load()) {
                throw new IllegalStateException("the timer checkpoint under " + configDir + " is damaged; see the log");
            }
            store.setMessageArrivingListener((topic, queueId, max, tags) -> {
                if (DeliveryRouter.TIMER_TOPIC.equals(topic)) {
                    timerMessageService.wakeup();
                    return;
                }
                pullRequestHoldService.notifyMessageArriving(DeliveryRouter.baseTopic(topic), queueId);
                if (DeliveryRouter.isHighBand(topic)) {
                    pullRequestHoldService.notifyMessageArriving(topic, queueId); // pulls of the band itself
                }
            });
            pullRequestHoldService.start();
            transactionalMessageService = new TransactionalMessageService(store, ackStateManager, consumerManager,
                    config.getTransactionTimeoutMillis());
            transactionalMessageService.recover();
            timerMessageService.recover();
            timerMessageService.start();
            retentionGuard.activate(ackStateManager, consumerOffsetManager, consumerManager, timerMessageService,
                    transactionalMessageService);
            temporaryTopicManager = new TemporaryTopicManager(consumerManager, config.getConsumerLostTimeoutMillis(),
                    this::deleteTopicQuietly);
            for (org.rocketjms.broker.topic.TopicConfig tc : topicConfigManager.all().values()) {
                if (tc.isTemporary()) {
                    temporaryTopicManager.bind(tc.getTopicName(), tc.getOwnerClientId(), null);
                }
            }
            flowControl = new ProducerFlowControl(config.getMaxDestinationBacklog(), config.getDestinationFullPolicy(),
                    config.getFlowControlMaxHoldMillis(), this::destinationBacklog);
            ExecutorService txExecutor = pool("EndTransactionThread", 2);

            NettyServerConfig nsc = new NettyServerConfig();
            nsc.setBindAddress(config.getBindAddress());
            nsc.setListenPort(config.getListenPort());
            nsc.setMaxFrameLength(config.getServerMaxFrameLength());
            nsc.setIdleSeconds(config.getServerChannelMaxIdleTimeSeconds());
            remotingServer = new NettyRemotingServer(nsc, consumerManager);
            // one connection's sends are processed in the order they arrive, so a client can pipeline them and keep
            // per-producer order; the group commit runs once the connection's queue of sends ran empty. A send that is
            // answered only after its flush (a synchronous PERSISTENT send) runs on the I/O thread when none of the
            // connection's sends is queued, and the group commit after the socket read that brought it.
            SendMessageProcessor send = new SendMessageProcessor(this, false);
            Runnable flush = () -> getMessageStore().flushPending();
            Predicate<RemotingCommand> onIoThread =
                    config.isSendMessageOnIoThread() ? SendMessageProcessor::answersAfterFlush : null;
            for (int code : new int[] {BrokerRequestCode.SEND_MESSAGE, BrokerRequestCode.SEND_BATCH_MESSAGE}) {
                remotingServer.registerOrderedProcessor(code, new MalformedRequestGuard(send), sendExecutor, flush,
                        onIoThread);
            }
            register(BrokerRequestCode.PULL_MESSAGE, new PullMessageProcessor(this), pullExecutor);
            if (config.isConsumeOnIoThread()) {
                // a consumer's receive and acknowledge are short; the hand-offs to a pool and back (a wake-up of a
                // pool thread, then of the I/O thread for the answer) cost more than the work. The flush of what they
                // appended runs once per socket read, as for sends on the I/O thread.
                registerOnIoThread(BrokerRequestCode.POP_MESSAGE, new PopMessageProcessor(this, false), flush);
                registerOnIoThread(BrokerRequestCode.ACK_MESSAGE, new AckMessageProcessor(this, false), flush);
            } else {
                register(BrokerRequestCode.POP_MESSAGE, new PopMessageProcessor(this, true), pullExecutor);
                register(BrokerRequestCode.ACK_MESSAGE, new AckMessageProcessor(this, true), ackExecutor);
            }
            register(BrokerRequestCode.CHANGE_INVISIBLE_TIME,
                    new ChangeInvisibleTimeProcessor(this), ackExecutor);
            ClientManageProcessor client = new ClientManageProcessor(this);
            register(BrokerRequestCode.HEARTBEAT, client, adminExecutor);
            register(BrokerRequestCode.UNREGISTER_CLIENT, client, adminExecutor);
            register(BrokerRequestCode.CLAIM_CLIENT_ID, client, adminExecutor);
            register(BrokerRequestCode.RELEASE_CLIENT_ID, client, adminExecutor);
            register(BrokerRequestCode.AUTHENTICATE, new AuthenticateProcessor(this), adminExecutor);
            register(BrokerRequestCode.END_TRANSACTION, new EndTransactionProcessor(this), txExecutor);
            XaTransactionProcessor xa = new XaTransactionProcessor(this);
            for (int code = BrokerRequestCode.XA_START; code <= BrokerRequestCode.XA_FORGET; code++) {
                register(code, xa, txExecutor);
            }
            AdminBrokerProcessor admin = new AdminBrokerProcessor(this);
            for (int code : new int[] {BrokerRequestCode.QUERY_CONSUMER_OFFSET, BrokerRequestCode.UPDATE_CONSUMER_OFFSET,
                    BrokerRequestCode.GET_MIN_OFFSET, BrokerRequestCode.GET_MAX_OFFSET,
                    BrokerRequestCode.SEARCH_OFFSET_BY_TIMESTAMP, BrokerRequestCode.QUERY_MESSAGE,
                    BrokerRequestCode.VIEW_MESSAGE_BY_OFFSET, BrokerRequestCode.UPDATE_AND_CREATE_TOPIC,
                    BrokerRequestCode.GET_TOPIC_CONFIG, BrokerRequestCode.DELETE_TOPIC,
                    BrokerRequestCode.DELETE_SUBSCRIPTION_GROUP, BrokerRequestCode.UPDATE_AND_CREATE_SUBSCRIPTION_GROUP}) {
                register(code, admin, adminExecutor);
            }
            remotingServer.start();
            storeHost = Responses.parseAddress(config.getBrokerIP1() + ":" + remotingServer.localPort());
            transactionalMessageService.setStoreHost(storeHost);
            timerMessageService.setStoreHost(storeHost);

            registrar = new NameServerRegistrar(config);
            registrar.start();
            if (registrar.enabled()) {
                topicConfigManager.setChangeListener(() -> {
                    registrar.topicsChanged();
                    try {
                        scheduler.execute(this::registerWithNameServers);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        LOG.debug("not re-registering a topic change during shutdown", e);
                    }
                });
                registerWithNameServers();
                scheduler.scheduleWithFixedDelay(this::registerWithNameServers, config.getRegisterNameServerPeriod(),
                        config.getRegisterNameServerPeriod(), TimeUnit.MILLISECONDS);
            }

            scheduler.scheduleWithFixedDelay(this::persistOffsets, config.getFlushConsumerOffsetInterval(),
                    config.getFlushConsumerOffsetInterval(), TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::persistAckState, config.getAckSnapshotInterval(),
                    config.getAckSnapshotInterval(), TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::reviveExpired, 100, 100, TimeUnit.MILLISECONDS);
            if (flowControl.enabled()) {
                // releases what acks did not (expiry, deleted subscriptions) and answers held for the maximum time
                scheduler.scheduleWithFixedDelay(flowControl::sweep, 20, 20, TimeUnit.MILLISECONDS);
            }
            scheduler.scheduleWithFixedDelay(this::checkTransactions, config.getTransactionCheckIntervalMillis(),
                    config.getTransactionCheckIntervalMillis(), TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::checkTemporaryTopics, 200, 200, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::persistTimer, config.getTimerCheckpointIntervalMillis(),
                    config.getTimerCheckpointIntervalMillis(), TimeUnit.MILLISECONDS);
            started = true;
            ok = true;
            LOG.info("broker {} of cluster {} listening on {} with data under {}", config.getBrokerName(),
                    config.getBrokerClusterName(), brokerAddress(), config.getStoreConfig().getStorePathRootDir());
        } catch (RemotingException e) {
            throw new IllegalStateException("the broker cannot listen on port " + config.getListenPort() + ": "
                    + e.getMessage(), e);
        } finally {
            if (!ok) {
                stopped = true;
                stopAll(false);
            }
        }
    }

    private void register(int code, org.rocketjms.remoting.RequestProcessor p, ExecutorService executor) {
        remotingServer.registerProcessor(code, new MalformedRequestGuard(p), executor);
    }

    private void registerOnIoThread(int code, org.rocketjms.remoting.RequestProcessor p, Runnable afterRead) {
        remotingServer.registerIoThreadProcessor(code, new MalformedRequestGuard(p), afterRead);
    }

    private void registerWithNameServers() {
        try {
            registrar.registerAll(brokerAddress(), topicConfigManager.all().values());
        } catch (RuntimeException e) {
            LOG.error("registering with the name servers failed", e);
        }
    }

    private void persistOffsets() {
        try {
            consumerOffsetManager.persist();
            subscriptionGroupManager.persistIfDirty();
        } catch (RuntimeException e) {
            LOG.error("persisting consumer offsets failed", e);
        }
    }

    private void persistAckState() {
        try {
            ackStateManager.persist();
        } catch (RuntimeException e) {
            LOG.error("persisting the ack-state snapshot failed", e);
        }
    }

    private void reviveExpired() {
        try {
            ackStateManager.reviveExpired();
        } catch (RuntimeException e) {
            LOG.error("reviving expired in-flight messages failed", e);
        }
    }

    private void checkTransactions() {
        try {
            transactionalMessageService.check();
        } catch (RuntimeException e) {
            LOG.error("the transaction check failed", e);
        }
    }

    private void checkTemporaryTopics() {
        try {
            temporaryTopicManager.check();
        } catch (RuntimeException e) {
            LOG.error("the temporary topic check failed", e);
        }
    }

    private void persistTimer() {
        try {
            timerMessageService.persist();
        } catch (RuntimeException e) {
            LOG.error("persisting the timer checkpoint failed", e);
        }
    }

    /**
     * Deletes a topic with its high priority band, its consume queues, offsets and every subscription state on it.
     *
     * @return completes when the removal of the subscription states is durable
     */
    public java.util.concurrent.CompletableFuture<org.rocketjms.store.PutMessageResult> deleteTopic(String topic) {
        String high = DeliveryRouter.highBand(topic);
        topicConfigManager.remove(topic);
        temporaryTopicManager.forget(topic);
        store.deleteTopic(topic);
        store.deleteTopic(high);
        consumerOffsetManager.remove(null, topic);
        ackStateManager.delete(null, high);
        return ackStateManager.delete(null, topic);
    }

    private void deleteTopicQuietly(String topic) {
        deleteTopic(topic).whenComplete((r, ex) -> {
            if (ex != null || (r != null && !r.isOk())) {
                LOG.warn("recording the deletion of topic {} failed: {}", topic, ex != null ? ex : r.status());
            }
        });
    }

    /** Stops accepting, drains processors, persists metadata and shuts the store down. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        boolean wasStarted = started;
        started = false;
        stopAll(wasStarted);
        LOG.info("broker {} shut down", config.getBrokerName());
    }

    /** @param persist whether the metadata is valid and must be written (not after a failed start) */
    private void stopAll(boolean persist) {
        if (retentionGuard != null) {
            retentionGuard.deactivate();
        }
        if (registrar != null) {
            registrar.shutdown(brokerAddress());
        }
        if (flowControl != null) {
            flowControl.releaseAll(); // their messages are stored: say so before the connections close
        }
        if (remotingServer != null) {
            remotingServer.shutdown();
        }
        if (pullRequestHoldService != null) {
            pullRequestHoldService.shutdown();
        }
        if (scheduler != null) {
            // let a running persist finish (interrupting it mid-fsync only produces a ClosedByInterruptException);
            // the final persists below write everything anyway
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                scheduler.shutdownNow();
            }
        }
        if (timerMessageService != null) {
            timerMessageService.shutdown();
        }
        for (ExecutorService e : executors) {
            e.shutdown();
        }
        for (ExecutorService e : executors) {
            try {
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("a processor pool did not finish within 5 s");
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        if (persist) {
            persistOffsetsAndMeta();
        }
        if (store != null) {
            store.shutdown();
        }
    }

    private void persistOffsetsAndMeta() {
        try {
            consumerOffsetManager.persist();
            subscriptionGroupManager.persist();
            topicConfigManager.persist();
            ackStateManager.releaseReservations(); // no pop runs any more: every POP record is in the log
            ackStateManager.persist();
            timerMessageService.persist();
        } catch (RuntimeException e) {
            LOG.error("persisting broker metadata at shutdown failed", e);
        }
    }

    /** {@code brokerIP1:port} clients connect to. */
    public String brokerAddress() {
        return config.getBrokerIP1() + ":" + (remotingServer == null ? config.getListenPort() : remotingServer.localPort());
    }

    /** The bound port, or -1 before start. */
    public int listenPort() {
        return remotingServer == null ? -1 : remotingServer.localPort();
    }

    /** The settings. */
    public BrokerConfig getBrokerConfig() { return config; }
    /** The message store. */
    public MessageStore getMessageStore() { return store; }
    /** Topics. */
    public TopicConfigManager getTopicConfigManager() { return topicConfigManager; }
    /** Pull consumers' committed offsets. */
    public ConsumerOffsetManager getConsumerOffsetManager() { return consumerOffsetManager; }
    /** Consumer groups. */
    public SubscriptionGroupManager getSubscriptionGroupManager() { return subscriptionGroupManager; }
    /** Per-message ack state. */
    public AckStateManager getAckStateManager() { return ackStateManager; }
    /** Long polling. */
    public PullRequestHoldService getPullRequestHoldService() { return pullRequestHoldService; }

    /** Producer flow control (see {@code maxDestinationBacklog}). */
    public ProducerFlowControl getFlowControl() { return flowControl; }

    /**
     * Messages of a destination its slowest subscription has not acknowledged, both priority bands (0 for a topic
     * this broker does not know).
     */
    public long destinationBacklog(String destination) {
        org.rocketjms.broker.topic.TopicConfig tc = topicConfigManager.get(destination);
        if (tc == null) {
            return 0;
        }
        boolean pointToPoint = !JmsNames.isPubSub(destination);
        // a non-durable subscription counts only while a client has it (its state outlives a crashed client), the
        // rule retention uses too: a dead subscriber must not hold a topic's producers
        java.util.function.Predicate<String> counts = g -> true;
        if (!pointToPoint) {
            java.util.Set<String> online = consumerManager.onlineGroups();
            counts = g -> !JmsNames.isNonDurable(g) || online.contains(g);
        }
        return ackStateManager.backlog(destination, tc.getReadQueueNums(), pointToPoint, counts)
                + ackStateManager.backlog(DeliveryRouter.highBand(destination), tc.getReadQueueNums(), pointToPoint,
                counts);
    }
    /** Client registry. */
    public ConsumerManager getConsumerManager() { return consumerManager; }
    /** Message id source. */
    public MessageIdGenerator getMessageIdGenerator() { return messageIdGenerator; }
    /** This broker's address as stored in records, or null before start. */
    public InetSocketAddress getStoreHost() { return storeHost; }
    /** Credentials check of AUTHENTICATE. */
    public AclAuthenticator getAuthenticator() { return authenticator; }
    /** Local transactions (half messages). */
    public TransactionalMessageService getTransactionalMessageService() { return transactionalMessageService; }
    /** Delivery-delay timer. */
    public TimerMessageService getTimerMessageService() { return timerMessageService; }
    /** Temporary topics. */
    public TemporaryTopicManager getTemporaryTopicManager() { return temporaryTopicManager; }
    /** What tells the store's retention which part of the commit log is still needed. */
    public ConsumedOffsetGuard getRetentionGuard() { return retentionGuard; }
    /** Whether {@link #start()} completed and {@link #shutdown()} was not called. */
    public boolean isStarted() { return started; }
}
