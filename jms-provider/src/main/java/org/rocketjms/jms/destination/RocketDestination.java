package org.rocketjms.jms.destination;

import jakarta.jms.Destination;

import java.io.Serializable;
import java.util.Objects;

/**
 * Common base of the RocketJMS destinations: an immutable name plus a kind. Two destinations are equal when they have
 * the same kind and name; {@link #toString()} gives the URI-like form ({@code queue://orders}) that travels on the
 * wire in {@code JMSDestination} and {@code JMSReplyTo}.
 */
public abstract class RocketDestination implements Destination, Serializable {
    private static final long serialVersionUID = 1L;

    /** Scheme of a queue's string form. */
    public static final String QUEUE_SCHEME = "queue";
    /** Scheme of a topic's string form. */
    public static final String TOPIC_SCHEME = "topic";
    /** Scheme of a temporary queue's string form. */
    public static final String TEMP_QUEUE_SCHEME = "temp-queue";
    /** Scheme of a temporary topic's string form. */
    public static final String TEMP_TOPIC_SCHEME = "temp-topic";
    /** Separator between scheme and name in the string form. */
    public static final String SEPARATOR = "://";

    private final String name;

    /**
     * @param name the destination name; never null or empty
     * @throws IllegalArgumentException when the name is null or empty
     */
    protected RocketDestination(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a destination name must not be null or empty");
        }
        this.name = name;
    }

    /** The destination's name (the broker topic it maps to). */
    public final String getName() {
        return name;
    }

    /** The scheme of the string form, one of the {@code *_SCHEME} constants. */
    public abstract String scheme();

    /** Whether this is a queue (temporary or not); otherwise it is a topic. */
    public abstract boolean isQueue();

    /** Whether this is a temporary destination. */
    public abstract boolean isTemporary();

    /** The string form {@code scheme://name}. */
    public final String toUri() {
        return scheme() + SEPARATOR + name;
    }

    /**
     * Parses a string form produced by {@link #toUri()}.
     *
     * @throws IllegalArgumentException when the text has no known scheme or an empty name
     */
    public static RocketDestination parse(String uri) {
        if (uri == null) {
            throw new IllegalArgumentException("a destination string must not be null");
        }
        int sep = uri.indexOf(SEPARATOR);
        if (sep <= 0) {
            throw new IllegalArgumentException("'" + uri + "' is not a destination string of the form scheme://name");
        }
        String scheme = uri.substring(0, sep);
        String name = uri.substring(sep + SEPARATOR.length());
        switch (scheme) {
            case QUEUE_SCHEME:
                return new RocketQueue(name);
            case TOPIC_SCHEME:
                return new RocketTopic(name);
            case TEMP_QUEUE_SCHEME:
                return new RocketTemporaryQueue(name);
            case TEMP_TOPIC_SCHEME:
                return new RocketTemporaryTopic(name);
            default:
                throw new IllegalArgumentException("'" + uri + "' has the unknown destination scheme '" + scheme
                        + "' (expected queue, topic, temp-queue or temp-topic)");
        }
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RocketDestination other)) {
            return false;
        }
        return scheme().equals(other.scheme()) && name.equals(other.name);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(scheme(), name);
    }

    @Override
    public final String toString() {
        return toUri();
    }
}
