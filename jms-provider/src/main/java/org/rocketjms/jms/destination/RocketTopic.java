package org.rocketjms.jms.destination;

import jakarta.jms.Topic;

/** A JMS topic: one broker topic with one consumer group per subscription. */
public class RocketTopic extends RocketDestination implements Topic {
    private static final long serialVersionUID = 1L;

    /**
     * @param name the topic name
     * @throws IllegalArgumentException when the name is null or empty
     */
    public RocketTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return getName();
    }

    @Override
    public String scheme() {
        return TOPIC_SCHEME;
    }

    @Override
    public boolean isQueue() {
        return false;
    }

    @Override
    public boolean isTemporary() {
        return false;
    }
}
