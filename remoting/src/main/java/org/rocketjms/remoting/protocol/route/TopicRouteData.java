package org.rocketjms.remoting.protocol.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * The route of one topic: which brokers serve it with how many queues ({@link QueueData}) and where
 * those brokers are ({@link BrokerData}). The body of a successful {@code GET_ROUTEINFO_BY_TOPIC}
 * response.
 *
 * <p>Immutable, with value equality. Both lists are kept sorted by broker name and hold at most one
 * entry per broker name, so two routes with the same content are {@code equals} whatever order the name
 * server built them in; clients compare the route they hold with a fresh one to see whether it changed.
 *
 * <p>Binary form: format version byte ({@value #FORMAT_VERSION}), queue data count and entries, broker
 * data count and entries (see {@link BodyWriter} for the primitives).
 */
public final class TopicRouteData {

    /** Version byte that starts the encoded form. */
    public static final int FORMAT_VERSION = 1;

    private final List<QueueData> queueDatas;
    private final List<BrokerData> brokerDatas;

    /**
     * Creates a route; the collections are copied and sorted.
     *
     * @throws IllegalArgumentException if a broker name occurs twice in either collection
     */
    public TopicRouteData(Collection<QueueData> queueDatas, Collection<BrokerData> brokerDatas) {
        List<QueueData> q = new ArrayList<>(queueDatas);
        Collections.sort(q);
        for (int i = 1; i < q.size(); i++) {
            if (q.get(i).brokerName().equals(q.get(i - 1).brokerName())) {
                throw new IllegalArgumentException("duplicate queue data for broker " + q.get(i).brokerName());
            }
        }
        List<BrokerData> b = new ArrayList<>(brokerDatas);
        Collections.sort(b);
        for (int i = 1; i < b.size(); i++) {
            if (b.get(i).brokerName().equals(b.get(i - 1).brokerName())) {
                throw new IllegalArgumentException("duplicate broker data for broker " + b.get(i).brokerName());
            }
        }
        this.queueDatas = Collections.unmodifiableList(q);
        this.brokerDatas = Collections.unmodifiableList(b);
    }

    /** Unmodifiable queue data, one per broker, sorted by broker name. */
    public List<QueueData> queueDatas() {
        return queueDatas;
    }

    /** Unmodifiable broker data, one per broker, sorted by broker name. */
    public List<BrokerData> brokerDatas() {
        return brokerDatas;
    }

    /** Returns the queue data of {@code brokerName}, or null. */
    public QueueData queueData(String brokerName) {
        for (QueueData q : queueDatas) {
            if (q.brokerName().equals(brokerName)) {
                return q;
            }
        }
        return null;
    }

    /** Returns the broker data of {@code brokerName}, or null. */
    public BrokerData brokerData(String brokerName) {
        for (BrokerData b : brokerDatas) {
            if (b.brokerName().equals(brokerName)) {
                return b;
            }
        }
        return null;
    }

    /** Encodes this route as a command body. */
    public byte[] encode() {
        BodyWriter w = new BodyWriter(64 + 48 * (queueDatas.size() + brokerDatas.size()));
        w.writeByte(FORMAT_VERSION);
        w.writeCount(queueDatas.size());
        for (QueueData q : queueDatas) {
            q.writeTo(w);
        }
        w.writeCount(brokerDatas.size());
        for (BrokerData b : brokerDatas) {
            b.writeTo(w);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a body produced by {@link #encode()}.
     *
     * @throws RemotingCommandException if the body is missing, truncated, has trailing bytes, an
     *         unknown format version, invalid values or duplicate broker names
     */
    public static TopicRouteData decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "TopicRouteData");
        int version = r.readByte("formatVersion");
        if (version != FORMAT_VERSION) {
            throw r.fail("unsupported format version " + version);
        }
        int nq = r.readCount("queueDatas", QueueData.MIN_ENCODED_BYTES);
        List<QueueData> q = new ArrayList<>(nq);
        for (int i = 0; i < nq; i++) {
            q.add(QueueData.readFrom(r));
        }
        int nb = r.readCount("brokerDatas", BrokerData.MIN_ENCODED_BYTES);
        List<BrokerData> b = new ArrayList<>(nb);
        for (int i = 0; i < nb; i++) {
            b.add(BrokerData.readFrom(r));
        }
        r.expectEnd();
        try {
            return new TopicRouteData(q, b);
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException("TopicRouteData: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TopicRouteData t
                && queueDatas.equals(t.queueDatas)
                && brokerDatas.equals(t.brokerDatas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queueDatas, brokerDatas);
    }

    @Override
    public String toString() {
        return "TopicRouteData[queueDatas=" + queueDatas + ", brokerDatas=" + brokerDatas + ']';
    }
}
