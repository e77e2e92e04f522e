package org.rocketjms.remoting.protocol.route;

import java.util.Objects;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * How one broker serves one topic: the number of read and write queues and the permission bits
 * ({@link TopicPerm}). Part of a {@link TopicRouteData}.
 *
 * <p>Immutable value object with value equality; queue counts are never negative.
 */
public final class QueueData implements Comparable<QueueData> {

    /** Smallest encoded size: empty name (4) plus three ints. */
    static final int MIN_ENCODED_BYTES = 16;

    private final String brokerName;
    private final int readQueueNums;
    private final int writeQueueNums;
    private final int perm;

    /**
     * Creates queue data.
     *
     * @throws IllegalArgumentException if {@code brokerName} is null or a queue count is negative
     */
    public QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm) {
        if (brokerName == null) {
            throw new IllegalArgumentException("brokerName must not be null");
        }
        if (readQueueNums < 0 || writeQueueNums < 0) {
            throw new IllegalArgumentException("queue counts must not be negative: read=" + readQueueNums
                    + ", write=" + writeQueueNums);
        }
        this.brokerName = brokerName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
    }

    /** Name of the broker (master/slave set) serving the queues. */
    public String brokerName() {
        return brokerName;
    }

    /** Number of queues consumers read from (queue ids 0 .. n-1). */
    public int readQueueNums() {
        return readQueueNums;
    }

    /** Number of queues producers write to (queue ids 0 .. n-1). */
    public int writeQueueNums() {
        return writeQueueNums;
    }

    /** Permission bits, see {@link TopicPerm}. */
    public int perm() {
        return perm;
    }

    /** Appends this queue data to {@code w}. */
    public void writeTo(BodyWriter w) {
        w.writeString(brokerName).writeInt(readQueueNums).writeInt(writeQueueNums).writeInt(perm);
    }

    /** Reads queue data written by {@link #writeTo(BodyWriter)}. */
    public static QueueData readFrom(BodyReader r) throws RemotingCommandException {
        String name = r.readString("queueData.brokerName");
        int read = r.readInt("queueData.readQueueNums");
        int write = r.readInt("queueData.writeQueueNums");
        int perm = r.readInt("queueData.perm");
        if (read < 0 || write < 0) {
            throw r.fail("negative queue count for broker '" + name + "': read=" + read + ", write=" + write);
        }
        return new QueueData(name, read, write, perm);
    }

    @Override
    public int compareTo(QueueData o) {
        return brokerName.compareTo(o.brokerName);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof QueueData q
                && readQueueNums == q.readQueueNums
                && writeQueueNums == q.writeQueueNums
                && perm == q.perm
                && brokerName.equals(q.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerName, readQueueNums, writeQueueNums, perm);
    }

    @Override
    public String toString() {
        return "QueueData[" + brokerName + ", read=" + readQueueNums + ", write=" + writeQueueNums + ", perm="
                + TopicPerm.toString(perm) + ']';
    }
}
