package org.rocketjms.remoting.protocol.route;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * A set of topic names: the body of a successful {@code GET_ALL_TOPIC_LIST} response.
 *
 * <p>Immutable, with value equality; names are sorted and never null.
 *
 * <p>Binary form: format version byte ({@value #FORMAT_VERSION}), a count, then the names.
 */
public final class TopicList {

    /** Version byte that starts the encoded form. */
    public static final int FORMAT_VERSION = 1;

    private final SortedSet<String> topics;

    /**
     * Creates a topic list; the collection is copied.
     *
     * @throws IllegalArgumentException if a name is null
     */
    public TopicList(Collection<String> topics) {
        TreeSet<String> copy = new TreeSet<>();
        for (String t : topics) {
            if (t == null) {
                throw new IllegalArgumentException("topic names must not be null");
            }
            copy.add(t);
        }
        this.topics = Collections.unmodifiableSortedSet(copy);
    }

    /** Unmodifiable, sorted topic names. */
    public SortedSet<String> topics() {
        return topics;
    }

    /** Encodes this list as a command body. */
    public byte[] encode() {
        BodyWriter w = new BodyWriter(8 + 24 * topics.size());
        w.writeByte(FORMAT_VERSION);
        w.writeCount(topics.size());
        for (String t : topics) {
            w.writeString(t);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a body produced by {@link #encode()}.
     *
     * @throws RemotingCommandException if the body is missing, truncated, has trailing bytes, an unknown
     *         format version or a duplicate name
     */
    public static TopicList decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "TopicList");
        int version = r.readByte("formatVersion");
        if (version != FORMAT_VERSION) {
            throw r.fail("unsupported format version " + version);
        }
        int n = r.readCount("topics", 4);
        TreeSet<String> topics = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (!topics.add(r.readString("topic"))) {
                throw r.fail("duplicate topic name");
            }
        }
        r.expectEnd();
        return new TopicList(topics);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TopicList t && topics.equals(t.topics);
    }

    @Override
    public int hashCode() {
        return topics.hashCode();
    }

    @Override
    public String toString() {
        return "TopicList" + topics;
    }
}
