package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerExtFields;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ClientIdRequestHeader;
import org.rocketjms.remoting.protocol.broker.ConsumerOffsetRequestHeader;
import org.rocketjms.remoting.protocol.broker.OffsetResponseHeader;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.broker.DeleteSubscriptionGroupRequestHeader;
import org.rocketjms.remoting.protocol.broker.ExpressionType;
import org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.TopicRequestHeader;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administrative requests the JMS layer needs beyond producing and consuming: claiming a JMS client ID on every
 * broker, fixing where a new subscription starts before any message is consumed, deleting subscription groups
 * (unsubscribe, closed non-durable subscribers) and temporary topics. Every call goes to each master broker the
 * name servers know and returns once all of them answered; a refusal becomes a {@link ClientException} with the
 * broker's code and remark. Thread-safe.
 */
public final class SessionAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAdmin.class);
    /** A selector no message matches: the initialising pop hands nothing out. */
    private static final String MATCH_NOTHING = "FALSE";

    private final ClientInstance instance;

    /** @param instance the client whose brokers are addressed */
    public SessionAdmin(ClientInstance instance) {
        this.instance = instance;
    }

    /**
     * Claims {@code jmsClientId} on every broker for this client; if one refuses (CLIENT_ID_IN_USE) the claims
     * already made are given back and the refusal is thrown.
     */
    public void claimClientId(String jmsClientId) throws ClientException {
        List<String> claimed = new ArrayList<>();
        for (String addr : masters()) {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.CLAIM_CLIENT_ID,
                    new ClientIdRequestHeader(jmsClientId, instance.clientId())));
            if (resp.getCode() != ResponseCode.SUCCESS) {
                for (String done : claimed) {
                    releaseOn(done, jmsClientId);
                }
                throw new ClientException(resp.getCode(), resp.getRemark());
            }
            claimed.add(addr);
        }
    }

    /** Gives {@code jmsClientId} back on every broker; failures are logged only (the claim also ends with the connection). */
    public void releaseClientId(String jmsClientId) {
        try {
            for (String addr : masters()) {
                releaseOn(addr, jmsClientId);
            }
        } catch (ClientException e) {
            LOG.debug("could not release client ID {}; it ends with the connection", jmsClientId, e);
        }
    }

    private void releaseOn(String addr, String jmsClientId) {
        try {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.RELEASE_CLIENT_ID,
                    new ClientIdRequestHeader(jmsClientId, instance.clientId())));
            if (resp.getCode() != ResponseCode.SUCCESS) {
                LOG.debug("broker {} answered RELEASE_CLIENT_ID with {} {}", addr, resp.getCode(), resp.getRemark());
            }
        } catch (ClientException e) {
            LOG.debug("could not release client ID {} on {}", jmsClientId, addr, e);
        }
    }

    /**
     * Makes sure {@code topic} exists (creating it with {@code queueNums} queues when no route is known), then fixes
     * where {@code subscription} starts on every queue (its end when {@code initFromEnd}), durably, without handing
     * out a message. Afterwards every message sent is seen by the subscription.
     */
    public void initSubscription(Subscription subscription, int queueNums) throws ClientException {
        ensureTopic(subscription.topic(), queueNums);
        TopicRouteNames route = routeBrokers(subscription.topic());
        for (String addr : route.addrs) {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.POP_MESSAGE,
                    new PopMessageRequestHeader(subscription.group(), subscription.topic(), -1, 1, 1000, 0,
                            MATCH_NOTHING, ExpressionType.SQL92, instance.clientId(), subscription.initFromEnd())));
            if (resp.getCode() != ResponseCode.SUCCESS && resp.getCode() != BrokerResponseCode.PULL_NOT_FOUND) {
                throw new ClientException(resp.getCode(), "starting subscription " + subscription.group()
                        + " failed: " + resp.getRemark());
            }
        }
    }

    /** Creates {@code topic} with {@code queueNums} queues unless the name servers already route it. */
    public void ensureTopic(String topic, int queueNums) throws ClientException {
        if (instance.topicRoute(topic) == null) {
            instance.createTopic(topic, queueNums);
        }
    }

    /**
     * The offset {@code group} has on {@code topic}/{@code queueId} on the first broker that knows one: a committed
     * offset, else the lowest unacknowledged offset of a pop subscription; -1 if no broker has one.
     */
    public long queryOffset(String group, String topic, int queueId) throws ClientException {
        for (String addr : masters()) {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.QUERY_CONSUMER_OFFSET,
                    new ConsumerOffsetRequestHeader(group, topic, queueId, 0)));
            if (resp.getCode() == ResponseCode.SUCCESS) {
                try {
                    return resp.decodeHeader(OffsetResponseHeader::decode).offset();
                } catch (RemotingCommandException e) {
                    throw new ClientException(ClientException.BAD_RESPONSE, "malformed offset answer from " + addr, e);
                }
            }
            if (resp.getCode() != BrokerResponseCode.CONSUMER_OFFSET_NOT_FOUND) {
                throw new ClientException(resp.getCode(), resp.getRemark());
            }
        }
        return -1;
    }

    /** Stores {@code offset} for {@code group} on {@code topic}/{@code queueId} on every broker (durable). */
    public void commitOffset(String group, String topic, int queueId, long offset) throws ClientException {
        for (String addr : masters()) {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.UPDATE_CONSUMER_OFFSET,
                    new ConsumerOffsetRequestHeader(group, topic, queueId, offset)));
            if (resp.getCode() != ResponseCode.SUCCESS) {
                throw new ClientException(resp.getCode(), resp.getRemark());
            }
        }
    }

    /** Deletes a consumer group's state on {@code topic}, or everywhere when {@code topic} is null. */
    public void deleteSubscriptionGroup(String group, String topic) throws ClientException {
        for (String addr : masters()) {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.DELETE_SUBSCRIPTION_GROUP,
                    new DeleteSubscriptionGroupRequestHeader(group, topic)));
            if (resp.getCode() != ResponseCode.SUCCESS) {
                throw new ClientException(resp.getCode(), resp.getRemark());
            }
        }
    }

    /** Deletes {@code topic} on every broker (a broker that does not have it is skipped). */
    public void deleteTopic(String topic) throws ClientException {
        deleteTopic(topic, null);
    }

    /**
     * Deletes {@code topic} on every broker as the client {@code ownerClientId} (the owner of a temporary topic; null
     * for none); a broker that does not have it is skipped.
     */
    public void deleteTopic(String topic, String ownerClientId) throws ClientException {
        for (String addr : masters()) {
            RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.DELETE_TOPIC,
                    new TopicRequestHeader(topic));
            if (ownerClientId != null) {
                req.addExtField(BrokerExtFields.CLIENT_ID, ownerClientId);
            }
            RemotingCommand resp = call(addr, req);
            if (resp.getCode() != ResponseCode.SUCCESS && resp.getCode() != BrokerResponseCode.TOPIC_NOT_EXIST) {
                throw new ClientException(resp.getCode(), resp.getRemark());
            }
        }
    }

    /**
     * Whether {@code topic} exists on at least one of the brokers (asked directly, not through the name servers'
     * possibly stale routes).
     */
    public boolean topicExists(String topic) throws ClientException {
        for (String addr : masters()) {
            RemotingCommand resp = call(addr, RemotingCommand.createRequest(BrokerRequestCode.GET_TOPIC_CONFIG,
                    new TopicRequestHeader(topic)));
            if (resp.getCode() == ResponseCode.SUCCESS) {
                return true;
            }
            if (resp.getCode() != BrokerResponseCode.TOPIC_NOT_EXIST) {
                throw new ClientException(resp.getCode(), resp.getRemark());
            }
        }
        return false;
    }

    private List<String> masters() throws ClientException {
        List<String> out = new ArrayList<>();
        try {
            for (BrokerData b : instance.routes().fetchClusterInfo().brokerAddrTable().values()) {
                if (b.masterAddr() != null) {
                    out.add(b.masterAddr());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while listing brokers", e);
        }
        if (out.isEmpty()) {
            throw new ClientException(ClientException.NO_ROUTE, "no broker is registered with the name servers");
        }
        return out;
    }

    private TopicRouteNames routeBrokers(String topic) throws ClientException {
        org.rocketjms.jms.client.route.TopicRoute r = instance.topicRoute(topic);
        TopicRouteNames n = new TopicRouteNames();
        if (r == null) {
            n.addrs.addAll(masters());
            return n;
        }
        for (String b : r.readableBrokers()) {
            String addr = instance.brokerAddress(b);
            if (addr != null) {
                n.addrs.add(addr);
            }
        }
        return n;
    }

    private RemotingCommand call(String addr, RemotingCommand req) throws ClientException {
        try {
            return instance.invoke(addr, req, instance.config().getRequestTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while talking to " + addr, e);
        }
    }

    /** Broker addresses of a route. */
    private static final class TopicRouteNames {
        final List<String> addrs = new ArrayList<>();
    }
}
