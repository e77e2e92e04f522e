package org.rocketjms.namesrv.routeinfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.namesrv.DataVersion;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerBody;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerResponseHeader;
import org.rocketjms.remoting.protocol.namesrv.TopicConfigData;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.rocketjms.remoting.protocol.route.QueueData;
import org.rocketjms.remoting.protocol.route.TopicList;
import org.rocketjms.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name server's in-memory registry: which brokers are alive, which cluster each belongs to, and
 * which topics each serves with how many queues. Registrations write it; route queries read it.
 *
 * <p>Tables: topic → (broker name → {@link QueueData}); broker name → cluster and (broker id →
 * address); cluster → broker names; broker address → liveness (last registration time, topic table
 * {@link DataVersion}, connection).
 *
 * <p>Rules:
 * <ul>
 *   <li>A registration is also the broker's heartbeat. The topic table of a registration replaces the
 *       one that broker name had: topics it lists are added or updated, topics it no longer lists lose
 *       that broker (and vanish once no broker serves them). Only masters (broker id
 *       {@value BrokerData#MASTER_ID}) define topics; slaves only add their address. A table whose
 *       {@link DataVersion} equals the one last applied for the same address is skipped.</li>
 *   <li>A broker address leaves the registry when it unregisters, when its connection closes
 *       ({@link #onChannelDestroy(RemotingChannel)}) or when it has not registered for the expiry time
 *       ({@link #scanNotActiveBroker()}). When the last address of a broker name leaves, the broker
 *       name, its cluster membership and its queues in every topic go too; while a slave remains,
 *       the topics stay readable through it.</li>
 * </ul>
 *
 * <p>Thread-safe: one read-write lock guards all tables, so every query sees a consistent state and
 * returns immutable snapshots. Times come from a monotonic millisecond clock, so wall-clock jumps do
 * not expire brokers.
 */
public final class RouteInfoManager {

    private static final Logger LOG = LoggerFactory.getLogger(RouteInfoManager.class);

    private final long brokerChannelExpiredTime;
    private final LongSupplier clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topicQueueTable = new HashMap<>();
    private final Map<String, BrokerEntry> brokerAddrTable = new HashMap<>();
    private final Map<String, Set<String>> clusterAddrTable = new HashMap<>();
    private final Map<String, LiveEntry> brokerLiveTable = new HashMap<>();

    /**
     * Creates an empty registry using the JVM's monotonic clock.
     *
     * @param brokerChannelExpiredTime milliseconds without a registration after which a broker expires
     */
    public RouteInfoManager(long brokerChannelExpiredTime) {
        this(brokerChannelExpiredTime, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    /**
     * Creates an empty registry with an explicit clock (for tests).
     *
     * @param brokerChannelExpiredTime milliseconds without a registration after which a broker expires
     * @param clock monotonic milliseconds
     */
    public RouteInfoManager(long brokerChannelExpiredTime, LongSupplier clock) {
        if (brokerChannelExpiredTime < 1) {
            throw new IllegalArgumentException("brokerChannelExpiredTime must be positive, was "
                    + brokerChannelExpiredTime);
        }
        this.brokerChannelExpiredTime = brokerChannelExpiredTime;
        this.clock = clock;
    }

    /**
     * Registers a broker or refreshes its registration (heartbeat).
     *
     * @param clusterName cluster of the broker
     * @param brokerAddr address clients connect to
     * @param brokerName name shared by a master and its slaves
     * @param brokerId 0 for the master
     * @param haServerAddr replication endpoint, or null
     * @param body the broker's topic table, or null to leave the topics as they are
     * @param channel the connection the registration came on, or null (then only expiry and
     *        unregistration remove the broker)
     * @return where this broker name's master is (addresses null if no master is registered)
     */
    public RegisterBrokerResponseHeader registerBroker(String clusterName, String brokerAddr, String brokerName,
                                                       long brokerId, String haServerAddr, RegisterBrokerBody body,
                                                       RemotingChannel channel) {
        lock.writeLock().lock();
        try {
            long now = clock.getAsLong();
            LiveEntry previous = brokerLiveTable.get(brokerAddr);
            boolean sameIdentity = previous != null && previous.brokerName.equals(brokerName)
                    && previous.brokerId == brokerId && previous.clusterName.equals(clusterName);
            if (previous != null && !sameIdentity) {
                LOG.info("Address {} was {}/{}#{} and now registers as {}/{}#{}", brokerAddr, previous.clusterName,
                        previous.brokerName, previous.brokerId, clusterName, brokerName, brokerId);
                brokerLiveTable.remove(brokerAddr);
                detachAddress(brokerAddr, previous.brokerName, previous.brokerId);
            }

            BrokerEntry broker = brokerAddrTable.get(brokerName);
            if (broker == null) {
                broker = new BrokerEntry(clusterName);
                brokerAddrTable.put(brokerName, broker);
            } else if (!broker.cluster.equals(clusterName)) {
                LOG.info("Broker {} moves from cluster {} to {}", brokerName, broker.cluster, clusterName);
                removeFromCluster(broker.cluster, brokerName);
                broker.cluster = clusterName;
            }
            clusterAddrTable.computeIfAbsent(clusterName, c -> new HashSet<>()).add(brokerName);
            String replaced = broker.addrs.put(brokerId, brokerAddr);
            if (replaced != null && !replaced.equals(brokerAddr)) {
                LOG.info("Broker {}#{} moved from {} to {}", brokerName, brokerId, replaced, brokerAddr);
                brokerLiveTable.remove(replaced);
            }

            DataVersion version = body != null ? body.dataVersion()
                    : sameIdentity ? previous.dataVersion : null;
            brokerLiveTable.put(brokerAddr, new LiveEntry(clusterName, brokerName, brokerId, haServerAddr, version,
                    now, channel));

            if (brokerId == BrokerData.MASTER_ID && body != null) {
                boolean unchanged = sameIdentity && body.dataVersion().equals(previous.dataVersion);
                if (!unchanged) {
                    applyTopicTable(brokerName, body);
                }
            }
            if (previous == null || !sameIdentity) {
                LOG.info("Registered broker {}/{}#{} at {} with {} topics", clusterName, brokerName, brokerId,
                        brokerAddr, body == null ? "no" : body.topicConfigs().size());
            } else {
                LOG.debug("Heartbeat from broker {}/{}#{} at {}", clusterName, brokerName, brokerId, brokerAddr);
            }

            String masterAddr = broker.addrs.get(BrokerData.MASTER_ID);
            LiveEntry master = masterAddr == null ? null : brokerLiveTable.get(masterAddr);
            return new RegisterBrokerResponseHeader(masterAddr, master == null ? null : master.haServerAddr);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes one broker address, as on a clean broker shutdown.
     *
     * @return true if the address was registered as that broker
     */
    public boolean unregisterBroker(String clusterName, String brokerAddr, String brokerName, long brokerId) {
        lock.writeLock().lock();
        try {
            LiveEntry live = brokerLiveTable.get(brokerAddr);
            if (live != null && live.brokerName.equals(brokerName) && live.brokerId == brokerId) {
                brokerLiveTable.remove(brokerAddr);
            }
            boolean removed = detachAddress(brokerAddr, brokerName, brokerId);
            if (removed) {
                LOG.info("Unregistered broker {}/{}#{} at {}", clusterName, brokerName, brokerId, brokerAddr);
            } else {
                LOG.info("Unregister of unknown broker {}/{}#{} at {} ignored", clusterName, brokerName, brokerId,
                        brokerAddr);
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Returns the current route of {@code topic}, or null if no registered broker serves it.
     * Broker names listed in the queue data always have their broker data in the same route.
     */
    public TopicRouteData pickupTopicRouteData(String topic) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            List<QueueData> queueDatas = new ArrayList<>(queues.size());
            List<BrokerData> brokerDatas = new ArrayList<>(queues.size());
            for (QueueData q : queues.values()) {
                BrokerEntry broker = brokerAddrTable.get(q.brokerName());
                if (broker == null) {
                    LOG.warn("Topic {} lists broker {} that is not registered; left out of the route", topic,
                            q.brokerName());
                    continue;
                }
                queueDatas.add(q);
                brokerDatas.add(broker.toBrokerData(q.brokerName()));
            }
            return queueDatas.isEmpty() ? null : new TopicRouteData(queueDatas, brokerDatas);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns every registered broker and cluster. */
    public ClusterInfo getClusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokers = new TreeMap<>();
            for (Map.Entry<String, BrokerEntry> e : brokerAddrTable.entrySet()) {
                brokers.put(e.getKey(), e.getValue().toBrokerData(e.getKey()));
            }
            return new ClusterInfo(brokers, clusterAddrTable);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns every topic served by at least one registered broker. */
    public TopicList getAllTopicList() {
        lock.readLock().lock();
        try {
            return new TopicList(topicQueueTable.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns a snapshot of the liveness record of {@code brokerAddr}, or null if it is not registered. */
    public BrokerLiveInfo brokerLiveInfo(String brokerAddr) {
        lock.readLock().lock();
        try {
            LiveEntry e = brokerLiveTable.get(brokerAddr);
            return e == null ? null : e.snapshot(brokerAddr);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns the number of registered broker addresses. */
    public int liveBrokerCount() {
        lock.readLock().lock();
        try {
            return brokerLiveTable.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Removes every broker address whose last registration is older than the expiry time, with its
     * routes, and closes its connection.
     *
     * @return the number of addresses removed
     */
    public int scanNotActiveBroker() {
        List<RemotingChannel> toClose = new ArrayList<>();
        int removed = 0;
        lock.writeLock().lock();
        try {
            long now = clock.getAsLong();
            Iterator<Map.Entry<String, LiveEntry>> it = brokerLiveTable.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, LiveEntry> e = it.next();
                LiveEntry live = e.getValue();
                long silentFor = now - live.lastUpdateMillis;
                if (silentFor > brokerChannelExpiredTime) {
                    it.remove();
                    detachAddress(e.getKey(), live.brokerName, live.brokerId);
                    removed++;
                    LOG.warn("Broker {}/{}#{} at {} expired: no registration for {} ms (limit {} ms)",
                            live.clusterName, live.brokerName, live.brokerId, e.getKey(), silentFor,
                            brokerChannelExpiredTime);
                    if (live.channel != null) {
                        toClose.add(live.channel);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (RemotingChannel ch : toClose) {
            ch.close();
        }
        return removed;
    }

    /**
     * Removes the broker address that registered over {@code channel}, if any, because that
     * connection closed or failed. Connections of clients, and connections a broker no longer
     * registers over, are ignored.
     *
     * @return true if a broker address was removed
     */
    public boolean onChannelDestroy(RemotingChannel channel) {
        if (channel == null) {
            return false;
        }
        lock.writeLock().lock();
        try {
            Iterator<Map.Entry<String, LiveEntry>> it = brokerLiveTable.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, LiveEntry> e = it.next();
                LiveEntry live = e.getValue();
                if (live.channel == channel) {
                    it.remove();
                    detachAddress(e.getKey(), live.brokerName, live.brokerId);
                    LOG.info("Broker {}/{}#{} at {} removed: its connection {} closed", live.clusterName,
                            live.brokerName, live.brokerId, e.getKey(), channel.remoteAddress());
                    return true;
                }
            }
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ under the write lock

    /** Makes {@code body} the topic table of {@code brokerName}. */
    private void applyTopicTable(String brokerName, RegisterBrokerBody body) {
        Map<String, TopicConfigData> topics = body.topicConfigs();
        int added = 0;
        int changed = 0;
        for (TopicConfigData t : topics.values()) {
            QueueData q = new QueueData(brokerName, t.readQueueNums(), t.writeQueueNums(), t.perm());
            QueueData old = topicQueueTable.computeIfAbsent(t.topicName(), k -> new HashMap<>()).put(brokerName, q);
            if (old == null) {
                added++;
            } else if (!old.equals(q)) {
                changed++;
            }
        }
        int removed = 0;
        Iterator<Map.Entry<String, Map<String, QueueData>>> it = topicQueueTable.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Map<String, QueueData>> e = it.next();
            if (!topics.containsKey(e.getKey()) && e.getValue().remove(brokerName) != null) {
                removed++;
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        if (added + changed + removed > 0) {
            LOG.info("Topic table of broker {} ({}): {} added, {} changed, {} removed", brokerName,
                    body.dataVersion(), added, changed, removed);
        }
    }

    /**
     * Removes {@code brokerAddr} as id {@code brokerId} of {@code brokerName}; when that was the broker
     * name's last address, removes the broker name with its cluster membership and queues.
     *
     * @return true if the address was registered there
     */
    private boolean detachAddress(String brokerAddr, String brokerName, long brokerId) {
        BrokerEntry broker = brokerAddrTable.get(brokerName);
        if (broker == null || !brokerAddr.equals(broker.addrs.get(brokerId))) {
            return false;
        }
        broker.addrs.remove(brokerId);
        if (broker.addrs.isEmpty()) {
            brokerAddrTable.remove(brokerName);
            removeFromCluster(broker.cluster, brokerName);
            removeTopicsOf(brokerName);
            LOG.info("Broker {} has no registered address left; removed with its routes", brokerName);
        }
        return true;
    }

    private void removeFromCluster(String cluster, String brokerName) {
        Set<String> names = clusterAddrTable.get(cluster);
        if (names != null) {
            names.remove(brokerName);
            if (names.isEmpty()) {
                clusterAddrTable.remove(cluster);
            }
        }
    }

    private void removeTopicsOf(String brokerName) {
        Iterator<Map.Entry<String, Map<String, QueueData>>> it = topicQueueTable.entrySet().iterator();
        while (it.hasNext()) {
            Map<String, QueueData> queues = it.next().getValue();
            if (queues.remove(brokerName) != null && queues.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Cluster and addresses of one broker name; mutated only under the write lock. */
    private static final class BrokerEntry {
        String cluster;
        final TreeMap<Long, String> addrs = new TreeMap<>();

        BrokerEntry(String cluster) {
            this.cluster = cluster;
        }

        BrokerData toBrokerData(String brokerName) {
            return new BrokerData(cluster, brokerName, addrs);
        }
    }

    /** Liveness of one broker address; replaced, never mutated, on each registration. */
    private static final class LiveEntry {
        final String clusterName;
        final String brokerName;
        final long brokerId;
        final String haServerAddr;
        final DataVersion dataVersion;
        final long lastUpdateMillis;
        final RemotingChannel channel;

        LiveEntry(String clusterName, String brokerName, long brokerId, String haServerAddr, DataVersion dataVersion,
                  long lastUpdateMillis, RemotingChannel channel) {
            this.clusterName = clusterName;
            this.brokerName = brokerName;
            this.brokerId = brokerId;
            this.haServerAddr = haServerAddr;
            this.dataVersion = dataVersion;
            this.lastUpdateMillis = lastUpdateMillis;
            this.channel = channel;
        }

        BrokerLiveInfo snapshot(String brokerAddr) {
            return new BrokerLiveInfo(brokerAddr, clusterName, brokerName, brokerId, haServerAddr, dataVersion,
                    lastUpdateMillis);
        }
    }
}
