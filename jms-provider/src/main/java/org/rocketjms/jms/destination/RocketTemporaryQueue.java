package org.rocketjms.jms.destination;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

import java.util.Objects;

/**
 * A temporary queue owned by one connection. Equality is by name only; the delete hook is not part of the identity
 * and is not serialized.
 */
public class RocketTemporaryQueue extends RocketQueue implements TemporaryQueue {
    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationDeleter deleter;

    /**
     * A temporary queue whose {@link #delete()} does nothing (for example one decoded from {@code JMSReplyTo}).
     *
     * @throws IllegalArgumentException when the name is null or empty
     */
    public RocketTemporaryQueue(String name) {
        this(name, TemporaryDestinationDeleter.NO_OP);
    }

    /**
     * @param name    the generated queue name
     * @param deleter called by {@link #delete()}
     * @throws IllegalArgumentException when the name is null or empty
     */
    public RocketTemporaryQueue(String name, TemporaryDestinationDeleter deleter) {
        super(name);
        this.deleter = Objects.requireNonNull(deleter, "deleter");
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDestinationDeleter hook = deleter == null ? TemporaryDestinationDeleter.NO_OP : deleter;
        hook.delete(this);
    }

    @Override
    public String scheme() {
        return TEMP_QUEUE_SCHEME;
    }

    @Override
    public boolean isTemporary() {
        return true;
    }
}
