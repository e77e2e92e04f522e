package org.rocketjms.broker.topic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.rocketjms.broker.client.ConsumerManager;
import org.rocketjms.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary topics (JMS temporary destinations): each belongs to the connection that created it and, by client id,
 * to that client. When the client has had no open connection for {@code consumerLostTimeoutMillis}, {@link #check()}
 * deletes the topic with its groups. Only the owner may delete it explicitly. Topics marked temporary in
 * {@code topics.json} from an earlier run have no connection and are deleted after the same grace period unless
 * their client id connects again. Thread-safe.
 */
public final class TemporaryTopicManager {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryTopicManager.class);

    private static final class Owner {
        final String clientId;
        volatile RemotingChannel channel;
        volatile long lastAlive = System.currentTimeMillis();

        Owner(String clientId, RemotingChannel channel) {
            this.clientId = clientId;
            this.channel = channel;
        }
    }

    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    private final ConsumerManager consumers;
    private final long graceMillis;
    private final Consumer<String> deleter;

    /**
     * @param consumers   registry of live clients
     * @param graceMillis how long a vanished owner may take to come back
     * @param deleter     deletes a topic with its groups
     */
    public TemporaryTopicManager(ConsumerManager consumers, long graceMillis, Consumer<String> deleter) {
        this.consumers = consumers;
        this.graceMillis = graceMillis;
        this.deleter = deleter;
    }

    /** Binds a temporary topic to its creator (channel may be null for topics found at start). */
    public void bind(String topic, String clientId, RemotingChannel channel) {
        owners.put(topic, new Owner(clientId, channel));
    }

    /** Whether the topic is temporary. */
    public boolean isTemporary(String topic) {
        return owners.containsKey(topic);
    }

    /** Whether the caller (its channel or client id) owns the topic; true for non-temporary topics. */
    public boolean mayDelete(String topic, String clientId, RemotingChannel channel) {
        Owner o = owners.get(topic);
        return o == null || o.channel == channel || (o.clientId != null && o.clientId.equals(clientId));
    }

    /** Forgets a deleted topic. */
    public void forget(String topic) {
        owners.remove(topic);
    }

    /** Deletes temporary topics whose owner is gone longer than the grace period; run periodically. */
    public void check() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Owner> e : owners.entrySet()) {
            Owner o = e.getValue();
            if (present(o)) {
                o.lastAlive = now;
                continue;
            }
            if (now - o.lastAlive >= graceMillis && owners.remove(e.getKey(), o)) {
                LOG.info("deleting temporary topic {}: its connection (client {}) is gone", e.getKey(), o.clientId);
                try {
                    deleter.accept(e.getKey());
                } catch (RuntimeException ex) {
                    LOG.error("deleting temporary topic {} failed", e.getKey(), ex);
                }
            }
        }
    }

    private boolean present(Owner o) {
        RemotingChannel ch = o.channel;
        if (ch != null && ch.isActive()) {
            return true;
        }
        if (o.clientId != null) {
            ConsumerManager.ClientInfo c = consumers.clients().get(o.clientId);
            if (c != null && c.channel() != null && c.channel().isActive()) {
                o.channel = c.channel();
                return true;
            }
        }
        return false;
    }
}
