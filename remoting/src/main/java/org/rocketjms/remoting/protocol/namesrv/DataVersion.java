package org.rocketjms.remoting.protocol.namesrv;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.route.BodyReader;
import org.rocketjms.remoting.protocol.route.BodyWriter;

/**
 * Version stamp of a broker's topic table: the time it was last changed and a counter bumped on every
 * change. A broker sends it with each registration; the name server compares it with the one it holds
 * for that broker address and skips re-reading an unchanged topic table.
 *
 * <p>Immutable value object; two versions are equal when both timestamp and counter are equal.
 */
public final class DataVersion {

    /** Encoded size in bytes: two longs. */
    static final int ENCODED_BYTES = 16;

    private final long timestamp;
    private final long counter;

    /** Creates a version stamp. */
    public DataVersion(long timestamp, long counter) {
        this.timestamp = timestamp;
        this.counter = counter;
    }

    /** Returns a first version stamped with the current time and counter 0. */
    public static DataVersion initial() {
        return new DataVersion(System.currentTimeMillis(), 0);
    }

    /** Returns the version after this one: current time, counter plus one. */
    public DataVersion next() {
        return new DataVersion(System.currentTimeMillis(), counter + 1);
    }

    /** Milliseconds since the epoch when the table last changed. */
    public long timestamp() {
        return timestamp;
    }

    /** Number of changes counted by the broker. */
    public long counter() {
        return counter;
    }

    /** Appends this version to {@code w}. */
    public void writeTo(BodyWriter w) {
        w.writeLong(timestamp).writeLong(counter);
    }

    /** Reads a version written by {@link #writeTo(BodyWriter)}. */
    public static DataVersion readFrom(BodyReader r) throws RemotingCommandException {
        return new DataVersion(r.readLong("dataVersion.timestamp"), r.readLong("dataVersion.counter"));
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DataVersion d && timestamp == d.timestamp && counter == d.counter;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Long.hashCode(counter);
    }

    @Override
    public String toString() {
        return "DataVersion[" + timestamp + '#' + counter + ']';
    }
}
