package org.rocketjms.remoting.protocol.namesrv;

import java.util.Objects;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.route.BodyReader;
import org.rocketjms.remoting.protocol.route.BodyWriter;
import org.rocketjms.remoting.protocol.route.TopicPerm;

/**
 * The part of a broker's topic configuration the name server needs: the topic name, its read and
 * write queue counts and its permission bits ({@link TopicPerm}). Sent in a {@link RegisterBrokerBody}.
 *
 * <p>Immutable value object with value equality; the name is never null or empty and queue counts are
 * never negative.
 */
public final class TopicConfigData {

    /** Smallest encoded size: a one-byte name (5) and three ints. */
    static final int MIN_ENCODED_BYTES = 17;

    private final String topicName;
    private final int readQueueNums;
    private final int writeQueueNums;
    private final int perm;

    /**
     * Creates a topic configuration.
     *
     * @throws IllegalArgumentException if the name is null or empty or a queue count is negative
     */
    public TopicConfigData(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        if (topicName == null || topicName.isEmpty()) {
            throw new IllegalArgumentException("topicName must not be null or empty");
        }
        if (readQueueNums < 0 || writeQueueNums < 0) {
            throw new IllegalArgumentException("queue counts of topic " + topicName + " must not be negative: read="
                    + readQueueNums + ", write=" + writeQueueNums);
        }
        this.topicName = topicName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
    }

    /** The topic's name. */
    public String topicName() {
        return topicName;
    }

    /** Number of queues consumers read from. */
    public int readQueueNums() {
        return readQueueNums;
    }

    /** Number of queues producers write to. */
    public int writeQueueNums() {
        return writeQueueNums;
    }

    /** Permission bits, see {@link TopicPerm}. */
    public int perm() {
        return perm;
    }

    /** Appends this configuration to {@code w}. */
    public void writeTo(BodyWriter w) {
        w.writeString(topicName).writeInt(readQueueNums).writeInt(writeQueueNums).writeInt(perm);
    }

    /** Reads a configuration written by {@link #writeTo(BodyWriter)}. */
    public static TopicConfigData readFrom(BodyReader r) throws RemotingCommandException {
        String name = r.readString("topicConfig.topicName");
        int read = r.readInt("topicConfig.readQueueNums");
        int write = r.readInt("topicConfig.writeQueueNums");
        int perm = r.readInt("topicConfig.perm");
        if (name.isEmpty()) {
            throw r.fail("empty topic name");
        }
        if (read < 0 || write < 0) {
            throw r.fail("negative queue count for topic '" + name + "': read=" + read + ", write=" + write);
        }
        return new TopicConfigData(name, read, write, perm);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TopicConfigData t
                && readQueueNums == t.readQueueNums
                && writeQueueNums == t.writeQueueNums
                && perm == t.perm
                && topicName.equals(t.topicName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicName, readQueueNums, writeQueueNums, perm);
    }

    @Override
    public String toString() {
        return "TopicConfigData[" + topicName + ", read=" + readQueueNums + ", write=" + writeQueueNums + ", perm="
                + TopicPerm.toString(perm) + ']';
    }
}
