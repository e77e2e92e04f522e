package org.rocketjms.broker.client;

import java.util.concurrent.ConcurrentHashMap;

import org.rocketjms.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims of JMS client IDs: at most one live connection holds a given ID. A claim ends when released, when its
 * client unregisters, or when its connection closes; a claim whose connection is no longer active can be taken over.
 */
public final class ClientIdRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientIdRegistry.class);

    private record Owner(String clientId, RemotingChannel channel) {
    }

    private final ConcurrentHashMap<String, Owner> claims = new ConcurrentHashMap<>();

    /**
     * Claims {@code jmsClientId} for {@code clientId} on {@code channel}.
     *
     * @return null on success, else the client id of the current holder
     */
    public String claim(String jmsClientId, String clientId, RemotingChannel channel) {
        Owner mine = new Owner(clientId, channel);
        Owner result = claims.compute(jmsClientId, (k, cur) -> {
            if (cur == null || !cur.channel().isActive() || (cur.clientId().equals(clientId)
                    && cur.channel() == channel)) {
                return mine;
            }
            return cur;
        });
        if (result == mine) {
            return null;
        }
        LOG.info("JMS client ID {} requested by {} is held by {}", jmsClientId, clientId, result.clientId());
        return result.clientId();
    }

    /** Releases a claim if {@code clientId} holds it; returns whether it did. */
    public boolean release(String jmsClientId, String clientId) {
        Owner cur = claims.get(jmsClientId);
        return cur != null && cur.clientId().equals(clientId) && claims.remove(jmsClientId, cur);
    }

    /** Releases every claim of a client. */
    public void releaseClient(String clientId) {
        claims.values().removeIf(o -> o.clientId().equals(clientId));
    }

    /** Releases every claim made over a connection. */
    public void releaseChannel(RemotingChannel channel) {
        claims.values().removeIf(o -> o.channel() == channel);
    }
}
