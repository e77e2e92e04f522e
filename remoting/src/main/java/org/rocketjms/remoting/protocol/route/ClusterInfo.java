package org.rocketjms.remoting.protocol.route;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Every registered broker and the cluster each belongs to: the body of a successful
 * {@code GET_BROKER_CLUSTER_INFO} response, used by admin tools and by brokers looking for peers.
 *
 * <p>Immutable, with value equality; maps and sets are sorted by name. Each key of
 * {@link #brokerAddrTable()} equals the {@link BrokerData#brokerName()} of its value.
 *
 * <p>Binary form: format version byte ({@value #FORMAT_VERSION}); broker count and {@link BrokerData}
 * entries; cluster count and, per cluster, its name, a broker name count and the broker names.
 */
public final class ClusterInfo {

    /** Version byte that starts the encoded form. */
    public static final int FORMAT_VERSION = 1;

    private final SortedMap<String, BrokerData> brokerAddrTable;
    private final SortedMap<String, SortedSet<String>> clusterAddrTable;

    /**
     * Creates cluster information; everything is copied.
     *
     * @throws IllegalArgumentException if a broker table key differs from its broker's name, or a name is null
     */
    public ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, ? extends Set<String>> clusterAddrTable) {
        TreeMap<String, BrokerData> brokers = new TreeMap<>();
        for (Map.Entry<String, BrokerData> e : brokerAddrTable.entrySet()) {
            if (e.getValue() == null || !e.getValue().brokerName().equals(e.getKey())) {
                throw new IllegalArgumentException("broker table key '" + e.getKey() + "' does not match "
                        + e.getValue());
            }
            brokers.put(e.getKey(), e.getValue());
        }
        TreeMap<String, SortedSet<String>> clusters = new TreeMap<>();
        for (Map.Entry<String, ? extends Set<String>> e : clusterAddrTable.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("invalid cluster entry " + e);
            }
            TreeSet<String> names = new TreeSet<>();
            for (String name : e.getValue()) {
                if (name == null) {
                    throw new IllegalArgumentException("null broker name in cluster " + e.getKey());
                }
                names.add(name);
            }
            clusters.put(e.getKey(), Collections.unmodifiableSortedSet(names));
        }
        this.brokerAddrTable = Collections.unmodifiableSortedMap(brokers);
        this.clusterAddrTable = Collections.unmodifiableSortedMap(clusters);
    }

    /** Unmodifiable map broker name → broker data, sorted by name. */
    public SortedMap<String, BrokerData> brokerAddrTable() {
        return brokerAddrTable;
    }

    /** Unmodifiable map cluster name → names of its brokers, sorted by name. */
    public SortedMap<String, SortedSet<String>> clusterAddrTable() {
        return clusterAddrTable;
    }

    /** Encodes this cluster information as a command body. */
    public byte[] encode() {
        BodyWriter w = new BodyWriter(64 + 64 * brokerAddrTable.size());
        w.writeByte(FORMAT_VERSION);
        w.writeCount(brokerAddrTable.size());
        for (BrokerData b : brokerAddrTable.values()) {
            b.writeTo(w);
        }
        w.writeCount(clusterAddrTable.size());
        for (Map.Entry<String, SortedSet<String>> e : clusterAddrTable.entrySet()) {
            w.writeString(e.getKey()).writeCount(e.getValue().size());
            for (String brokerName : e.getValue()) {
                w.writeString(brokerName);
            }
        }
        return w.toByteArray();
    }

    /**
     * Decodes a body produced by {@link #encode()}.
     *
     * @throws RemotingCommandException if the body is missing, truncated, has trailing bytes, an unknown
     *         format version or duplicate names
     */
    public static ClusterInfo decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "ClusterInfo");
        int version = r.readByte("formatVersion");
        if (version != FORMAT_VERSION) {
            throw r.fail("unsupported format version " + version);
        }
        int nb = r.readCount("brokerAddrTable", BrokerData.MIN_ENCODED_BYTES);
        TreeMap<String, BrokerData> brokers = new TreeMap<>();
        for (int i = 0; i < nb; i++) {
            BrokerData b = BrokerData.readFrom(r);
            if (brokers.put(b.brokerName(), b) != null) {
                throw r.fail("duplicate broker name '" + b.brokerName() + "'");
            }
        }
        int nc = r.readCount("clusterAddrTable", 8);
        TreeMap<String, Set<String>> clusters = new TreeMap<>();
        for (int i = 0; i < nc; i++) {
            String cluster = r.readString("cluster");
            int n = r.readCount("cluster.brokerNames", 4);
            Set<String> names = new TreeSet<>();
            for (int j = 0; j < n; j++) {
                if (!names.add(r.readString("cluster.brokerName"))) {
                    throw r.fail("duplicate broker name in cluster '" + cluster + "'");
                }
            }
            if (clusters.put(cluster, names) != null) {
                throw r.fail("duplicate cluster name '" + cluster + "'");
            }
        }
        r.expectEnd();
        return new ClusterInfo(brokers, clusters);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ClusterInfo c
                && brokerAddrTable.equals(c.brokerAddrTable)
                && clusterAddrTable.equals(c.clusterAddrTable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerAddrTable, clusterAddrTable);
    }

    @Override
    public String toString() {
        return "ClusterInfo[brokers=" + brokerAddrTable.values() + ", clusters=" + clusterAddrTable + ']';
    }
}
