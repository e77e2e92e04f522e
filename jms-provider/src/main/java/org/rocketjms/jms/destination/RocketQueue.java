package org.rocketjms.jms.destination;

import jakarta.jms.Queue;

/** A JMS queue: one broker topic consumed through a single shared subscription. */
public class RocketQueue extends RocketDestination implements Queue {
    private static final long serialVersionUID = 1L;

    /**
     * @param name the queue name
     * @throws IllegalArgumentException when the name is null or empty
     */
    public RocketQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return getName();
    }

    @Override
    public String scheme() {
        return QUEUE_SCHEME;
    }

    @Override
    public boolean isQueue() {
        return true;
    }

    @Override
    public boolean isTemporary() {
        return false;
    }
}
