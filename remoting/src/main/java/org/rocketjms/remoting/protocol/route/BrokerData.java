package org.rocketjms.remoting.protocol.route;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * One broker as routes know it: its cluster, its name and the addresses of its members by broker id
 * (id {@value #MASTER_ID} is the master, higher ids are slaves). Part of {@link TopicRouteData} and
 * {@link ClusterInfo}.
 *
 * <p>Immutable value object with value equality; the address map is sorted by broker id, ids are never
 * negative and addresses never null.
 */
public final class BrokerData implements Comparable<BrokerData> {

    /** Broker id of the master of a broker name. */
    public static final long MASTER_ID = 0L;

    /** Smallest encoded size: two empty strings and a count. */
    static final int MIN_ENCODED_BYTES = 12;
    private static final int MIN_ADDR_ENTRY_BYTES = 12;

    private final String cluster;
    private final String brokerName;
    private final SortedMap<Long, String> brokerAddrs;

    /**
     * Creates broker data; the address map is copied.
     *
     * @throws IllegalArgumentException if a name is null, an id is negative or an address is null
     */
    public BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        if (cluster == null || brokerName == null) {
            throw new IllegalArgumentException("cluster and brokerName must not be null");
        }
        TreeMap<Long, String> copy = new TreeMap<>();
        for (Map.Entry<Long, String> e : brokerAddrs.entrySet()) {
            if (e.getKey() == null || e.getKey() < 0 || e.getValue() == null) {
                throw new IllegalArgumentException("invalid broker address entry " + e + " of broker " + brokerName);
            }
            copy.put(e.getKey(), e.getValue());
        }
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.brokerAddrs = Collections.unmodifiableSortedMap(copy);
    }

    /** Name of the cluster the broker belongs to. */
    public String cluster() {
        return cluster;
    }

    /** Name of the broker (shared by a master and its slaves). */
    public String brokerName() {
        return brokerName;
    }

    /** Unmodifiable map broker id → {@code host:port}, sorted by id. */
    public SortedMap<Long, String> brokerAddrs() {
        return brokerAddrs;
    }

    /** Returns the master's address, or null if no master is registered. */
    public String masterAddr() {
        return brokerAddrs.get(MASTER_ID);
    }

    /** Appends this broker data to {@code w}. */
    public void writeTo(BodyWriter w) {
        w.writeString(cluster).writeString(brokerName).writeCount(brokerAddrs.size());
        for (Map.Entry<Long, String> e : brokerAddrs.entrySet()) {
            w.writeLong(e.getKey()).writeString(e.getValue());
        }
    }

    /** Reads broker data written by {@link #writeTo(BodyWriter)}; rejects negative or duplicate ids. */
    public static BrokerData readFrom(BodyReader r) throws RemotingCommandException {
        String cluster = r.readString("brokerData.cluster");
        String name = r.readString("brokerData.brokerName");
        int n = r.readCount("brokerData.brokerAddrs", MIN_ADDR_ENTRY_BYTES);
        TreeMap<Long, String> addrs = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long id = r.readLong("brokerData.brokerId");
            String addr = r.readString("brokerData.brokerAddr");
            if (id < 0) {
                throw r.fail("negative broker id " + id + " in broker '" + name + "'");
            }
            if (addrs.put(id, addr) != null) {
                throw r.fail("duplicate broker id " + id + " in broker '" + name + "'");
            }
        }
        return new BrokerData(cluster, name, addrs);
    }

    @Override
    public int compareTo(BrokerData o) {
        return brokerName.compareTo(o.brokerName);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof BrokerData b
                && cluster.equals(b.cluster)
                && brokerName.equals(b.brokerName)
                && brokerAddrs.equals(b.brokerAddrs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, brokerName, brokerAddrs);
    }

    @Override
    public String toString() {
        return "BrokerData[" + cluster + '/' + brokerName + ", addrs=" + brokerAddrs + ']';
    }
}
