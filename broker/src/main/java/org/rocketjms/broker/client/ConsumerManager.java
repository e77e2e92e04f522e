package org.rocketjms.broker.client;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.broker.HeartbeatData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry of connected clients, fed by heartbeats, pops and connection events. A client that unregisters gets
 * its in-flight messages released at once; one whose connection vanished gets them released after
 * {@code consumerLostTimeoutMillis} unless it comes back on a new connection first.
 */
public final class ConsumerManager implements ChannelEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerManager.class);
    private static final String CLIENT_IDS_ATTR = "rocketjms.clientIds";

    /**
     * What the broker knows about a client.
     *
     * @param clientId  its id
     * @param channel   its current connection
     * @param consumers its subscriptions from the last heartbeat
     * @param lastSeen  last heartbeat or pop (epoch ms)
     */
    public record ClientInfo(String clientId, RemotingChannel channel, List<HeartbeatData.ConsumerData> consumers,
                             long lastSeen) {
    }

    private final ConcurrentHashMap<String, ClientInfo> clients = new ConcurrentHashMap<>();
    private final ClientIdRegistry clientIds = new ClientIdRegistry();
    private final ConcurrentHashMap<String, ScheduledFuture<?>> lostTimers = new ConcurrentHashMap<>();
    private final AckStateManager ackState;
    private final ScheduledExecutorService scheduler;
    private final long lostTimeoutMillis;

    /**
     * @param ackState          whose in-flight messages are released
     * @param scheduler         runs the lost-client timers
     * @param lostTimeoutMillis grace period for a vanished connection
     */
    public ConsumerManager(AckStateManager ackState, ScheduledExecutorService scheduler, long lostTimeoutMillis) {
        this.ackState = ackState;
        this.scheduler = scheduler;
        this.lostTimeoutMillis = lostTimeoutMillis;
    }

    /** Records a heartbeat. */
    public void heartbeat(RemotingChannel channel, HeartbeatData hb) {
        bind(channel, hb.clientId(), hb.consumers());
    }

    /** Records that {@code clientId} popped over {@code channel} (it owns in-flight messages now). */
    public void touch(RemotingChannel channel, String clientId) {
        ClientInfo c = clients.get(clientId);
        if (c != null && c.channel() == channel) {
            return;
        }
        bind(channel, clientId, c == null ? List.of() : c.consumers());
    }

    /** Clients that unregistered (client id → when), so pops still in progress for them give their messages back. */
    private final Map<String, Long> departed = new ConcurrentHashMap<>();
    private static final long DEPARTED_MEMORY_MILLIS = 10 * 60_000L;

    /**
     * True if {@code clientId} unregistered and has not come back: a pop that was held or in progress for it when
     * it left must give its messages back instead of handing them to a client that will never ack them.
     */
    public boolean hasDeparted(String clientId) {
        return departed.containsKey(clientId);
    }

    /**
     * True while the connection of {@code clientId} is closed and the release of its in-flight messages is scheduled
     * (it happens {@code consumerLostTimeoutMillis} later unless the client comes back).
     */
    public boolean isReleaseScheduled(String clientId) {
        return lostTimers.containsKey(clientId);
    }

    private void bind(RemotingChannel channel, String clientId, List<HeartbeatData.ConsumerData> consumers) {
        departed.remove(clientId);
        clients.put(clientId, new ClientInfo(clientId, channel, consumers, System.currentTimeMillis()));
        ScheduledFuture<?> t = lostTimers.remove(clientId);
        if (t != null) {
            t.cancel(false);
            LOG.info("client {} came back on {}; its in-flight messages stay with it", clientId, channel.remoteAddress());
        }
        idsOf(channel).add(clientId);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> idsOf(RemotingChannel channel) {
        synchronized (channel) {
            Object o = channel.getAttribute(CLIENT_IDS_ATTR);
            if (o == null) {
                o = ConcurrentHashMap.newKeySet();
                channel.setAttribute(CLIENT_IDS_ATTR, o);
            }
            return (Set<String>) o;
        }
    }

    /** Claims of JMS client IDs (released with their client or connection). */
    public ClientIdRegistry clientIds() {
        return clientIds;
    }

    /** The client leaves: forget it, drop its JMS client ID claims and release its in-flight messages now. */
    public void unregister(String clientId) {
        long now = System.currentTimeMillis();
        departed.values().removeIf(t -> now - t > DEPARTED_MEMORY_MILLIS);
        departed.put(clientId, now);
        clients.remove(clientId);
        clientIds.releaseClient(clientId);
        ScheduledFuture<?> t = lostTimers.remove(clientId);
        if (t != null) {
            t.cancel(false);
        }
        ackState.releaseClient(clientId);
    }

    /** The groups some known client lists as its consumers (a snapshot). */
    public java.util.Set<String> onlineGroups() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (ClientInfo c : clients.values()) {
            for (HeartbeatData.ConsumerData d : c.consumers()) {
                out.add(d.group());
            }
        }
        return out;
    }

    /** Known clients (live view). */
    public Map<String, ClientInfo> clients() {
        return clients;
    }

    @Override
    public void onClose(RemotingChannel channel) {
        clientIds.releaseChannel(channel);
        Object o = channel.getAttribute(CLIENT_IDS_ATTR);
        if (!(o instanceof Set<?> ids)) {
            return;
        }
        for (Object id : ids) {
            String clientId = (String) id;
            ClientInfo c = clients.get(clientId);
            if (c == null || c.channel() != channel) {
                continue;
            }
            LOG.info("connection of client {} closed; releasing its in-flight messages in {} ms unless it returns",
                    clientId, lostTimeoutMillis);
            if (scheduler.isShutdown()) {
                return; // broker shutting down: in-flight state is persisted and released at the next start
            }
            ScheduledFuture<?> t;
            try {
                t = scheduler.schedule(() -> lost(clientId, channel), lostTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("broker stopping; not scheduling the release of client {}", clientId, e);
                return;
            }
            ScheduledFuture<?> old = lostTimers.put(clientId, t);
            if (old != null) {
                old.cancel(false);
            }
        }
    }

    private void lost(String clientId, RemotingChannel channel) {
        ClientInfo c = clients.get(clientId);
        if (c != null && c.channel() != channel) {
            return;
        }
        lostTimers.remove(clientId);
        clients.remove(clientId);
        ackState.releaseClient(clientId);
    }
}
