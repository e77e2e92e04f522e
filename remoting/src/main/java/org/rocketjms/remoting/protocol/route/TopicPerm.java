package org.rocketjms.remoting.protocol.route;

/**
 * Permission bits of a topic on one broker, as carried in {@link QueueData#perm()} and in the topic
 * configurations a broker registers. A producer may send only to a writeable topic queue, a consumer
 * may read only from a readable one. The values travel on the wire and never change.
 */
public final class TopicPerm {

    /** The topic accepts messages on this broker. */
    public static final int WRITE = 1 << 1;

    /** The topic's messages can be consumed from this broker. */
    public static final int READ = 1 << 2;

    /** Both {@link #READ} and {@link #WRITE}: the usual permission. */
    public static final int READ_WRITE = READ | WRITE;

    private TopicPerm() {
    }

    /** Returns true if {@code perm} has the {@link #READ} bit. */
    public static boolean isReadable(int perm) {
        return (perm & READ) != 0;
    }

    /** Returns true if {@code perm} has the {@link #WRITE} bit. */
    public static boolean isWriteable(int perm) {
        return (perm & WRITE) != 0;
    }

    /** Renders {@code perm} as {@code "RW"}, {@code "R-"}, {@code "-W"} or {@code "--"} for logs. */
    public static String toString(int perm) {
        return (isReadable(perm) ? "R" : "-") + (isWriteable(perm) ? "W" : "-");
    }
}
