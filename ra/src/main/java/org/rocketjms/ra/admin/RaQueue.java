package org.rocketjms.ra.admin;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;

/** A queue admin object ({@code jakarta.jms.Queue} with property {@code Name}). */
public class RaQueue extends RaDestination implements Queue {
    private static final long serialVersionUID = 1L;

    /** An unnamed queue (set {@code Name}). */
    public RaQueue() {
    }

    /** The queue {@code name}. */
    public RaQueue(String name) {
        setName(name);
    }

    @Override
    public String getQueueName() throws JMSException {
        return checkedName();
    }

    @Override
    public String toString() {
        return "queue://" + getName();
    }
}
