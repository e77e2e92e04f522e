package org.rocketjms.ra.admin;

import jakarta.jms.JMSException;
import jakarta.jms.Topic;

/** A topic admin object ({@code jakarta.jms.Topic} with property {@code Name}). */
public class RaTopic extends RaDestination implements Topic {
    private static final long serialVersionUID = 1L;

    /** An unnamed topic (set {@code Name}). */
    public RaTopic() {
    }

    /** The topic {@code name}. */
    public RaTopic(String name) {
        setName(name);
    }

    @Override
    public String getTopicName() throws JMSException {
        return checkedName();
    }

    @Override
    public String toString() {
        return "topic://" + getName();
    }
}
