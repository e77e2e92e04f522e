package org.rocketjms.jms.client.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rocketjms.jms.client.MessageQueue;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.QueueData;
import org.rocketjms.remoting.protocol.route.TopicPerm;
import org.rocketjms.remoting.protocol.route.TopicRouteData;

/**
 * A topic's route as the client uses it: the name server's {@link TopicRouteData} plus the derived lists of
 * writable and readable {@link MessageQueue}s (ordered by broker name, then queue id) and the master address of
 * each broker. Immutable.
 *
 * <p>A <em>provisional</em> route is built by the client itself when the name server does not know the topic yet
 * (it will be auto-created by the first send); it is replaced by the real one as soon as the name server has it.
 */
public final class TopicRoute {

    private final String topic;
    private final TopicRouteData data;
    private final List<MessageQueue> writeQueues;
    private final List<MessageQueue> readQueues;
    private final Map<String, String> masterAddrs;
    private final boolean provisional;
    private final long createdAt = System.currentTimeMillis();

    /**
     * @param topic       the topic
     * @param data        the route data
     * @param provisional true if built by the client for a topic the name server does not know yet
     */
    public TopicRoute(String topic, TopicRouteData data, boolean provisional) {
        this.topic = topic;
        this.data = data;
        this.provisional = provisional;
        Map<String, String> masters = new TreeMap<>();
        for (BrokerData b : data.brokerDatas()) {
            if (b.masterAddr() != null) {
                masters.put(b.brokerName(), b.masterAddr());
            }
        }
        List<MessageQueue> w = new ArrayList<>();
        List<MessageQueue> r = new ArrayList<>();
        for (QueueData q : data.queueDatas()) {
            if (!masters.containsKey(q.brokerName())) {
                continue;
            }
            if (TopicPerm.isWriteable(q.perm())) {
                for (int i = 0; i < q.writeQueueNums(); i++) {
                    w.add(new MessageQueue(q.brokerName(), topic, i));
                }
            }
            if (TopicPerm.isReadable(q.perm())) {
                for (int i = 0; i < q.readQueueNums(); i++) {
                    r.add(new MessageQueue(q.brokerName(), topic, i));
                }
            }
        }
        this.masterAddrs = Collections.unmodifiableMap(masters);
        this.writeQueues = Collections.unmodifiableList(w);
        this.readQueues = Collections.unmodifiableList(r);
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The name server's route data. */
    public TopicRouteData data() {
        return data;
    }

    /** Queues producers may write, ordered by broker name then queue id. */
    public List<MessageQueue> writeQueues() {
        return writeQueues;
    }

    /** Queues consumers may read, ordered by broker name then queue id. */
    public List<MessageQueue> readQueues() {
        return readQueues;
    }

    /** Names of the brokers with readable queues of this topic. */
    public List<String> readableBrokers() {
        List<String> out = new ArrayList<>();
        for (MessageQueue q : readQueues) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(q.brokerName())) {
                out.add(q.brokerName());
            }
        }
        return out;
    }

    /** Master address of {@code brokerName}, or null. */
    public String masterAddr(String brokerName) {
        return masterAddrs.get(brokerName);
    }

    /** Broker name → master address. */
    public Map<String, String> masterAddrs() {
        return masterAddrs;
    }

    /** True if built by the client while the name server did not know the topic. */
    public boolean isProvisional() {
        return provisional;
    }

    /** When this route object was built (ms). */
    public long createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "TopicRoute[" + topic + (provisional ? " (provisional)" : "") + ", write=" + writeQueues.size()
                + ", read=" + readQueues.size() + ", brokers=" + masterAddrs + ']';
    }
}
