package org.rocketjms.remoting.protocol.namesrv;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.route.BodyReader;
import org.rocketjms.remoting.protocol.route.BodyWriter;

/**
 * Body of {@link NamesrvRequestCode#REGISTER_BROKER}: the broker's whole topic table and its
 * {@link DataVersion}. Every registration carries the complete table; a topic missing from it is no
 * longer served by that broker.
 *
 * <p>Immutable, with value equality; topics are keyed and sorted by name, one entry per name.
 *
 * <p>Binary form: format version byte ({@value #FORMAT_VERSION}), the data version (two longs), a topic
 * count and the {@link TopicConfigData} entries.
 */
public final class RegisterBrokerBody {

    /** Version byte that starts the encoded form. */
    public static final int FORMAT_VERSION = 1;

    private final DataVersion dataVersion;
    private final SortedMap<String, TopicConfigData> topicConfigs;

    /**
     * Creates a body; the collection is copied.
     *
     * @throws IllegalArgumentException if the version is null or a topic name occurs twice
     */
    public RegisterBrokerBody(DataVersion dataVersion, Collection<TopicConfigData> topicConfigs) {
        if (dataVersion == null) {
            throw new IllegalArgumentException("dataVersion must not be null");
        }
        TreeMap<String, TopicConfigData> map = new TreeMap<>();
        for (TopicConfigData t : topicConfigs) {
            if (map.put(t.topicName(), t) != null) {
                throw new IllegalArgumentException("duplicate topic " + t.topicName());
            }
        }
        this.dataVersion = dataVersion;
        this.topicConfigs = Collections.unmodifiableSortedMap(map);
    }

    /** Version of the broker's topic table. */
    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Unmodifiable map topic name → configuration, sorted by name. */
    public SortedMap<String, TopicConfigData> topicConfigs() {
        return topicConfigs;
    }

    /** Encodes this body. */
    public byte[] encode() {
        BodyWriter w = new BodyWriter(32 + 40 * topicConfigs.size());
        w.writeByte(FORMAT_VERSION);
        dataVersion.writeTo(w);
        w.writeCount(topicConfigs.size());
        for (TopicConfigData t : topicConfigs.values()) {
            t.writeTo(w);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a body produced by {@link #encode()}.
     *
     * @throws RemotingCommandException if the body is missing, truncated, has trailing bytes, an unknown
     *         format version, invalid values or a duplicate topic
     */
    public static RegisterBrokerBody decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "RegisterBrokerBody");
        int version = r.readByte("formatVersion");
        if (version != FORMAT_VERSION) {
            throw r.fail("unsupported format version " + version);
        }
        DataVersion dataVersion = DataVersion.readFrom(r);
        int n = r.readCount("topicConfigs", TopicConfigData.MIN_ENCODED_BYTES);
        TreeMap<String, TopicConfigData> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            TopicConfigData t = TopicConfigData.readFrom(r);
            if (map.put(t.topicName(), t) != null) {
                throw r.fail("duplicate topic '" + t.topicName() + "'");
            }
        }
        r.expectEnd();
        return new RegisterBrokerBody(dataVersion, map.values());
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof RegisterBrokerBody b
                && dataVersion.equals(b.dataVersion)
                && topicConfigs.equals(b.topicConfigs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataVersion, topicConfigs);
    }

    @Override
    public String toString() {
        return "RegisterBrokerBody[" + dataVersion + ", topics=" + topicConfigs.values() + ']';
    }
}
