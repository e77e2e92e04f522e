package org.rocketjms.broker.topic;

import org.rocketjms.broker.timer.DeliveryRouter;

/**
 * What the broker reads from the names the JMS client gives destinations and subscriptions (they are made by
 * {@code org.rocketjms.jms.impl.DestinationNames} in the client module, which the broker must not depend on, so the
 * prefixes are repeated here): whether a broker topic is publish/subscribe, and whether a group is a non-durable
 * subscription. Anything else (JMS queues {@code %Q%}, temporary queues, dead-letter topics, names this broker does
 * not recognise) is treated as point to point, the safe side for retention.
 */
public final class JmsNames {
    /** Prefix of a JMS topic's broker topic. */
    public static final String TOPIC_PREFIX = "%T%";
    /** Prefix of a temporary topic's broker topic. */
    public static final String TEMP_TOPIC_PREFIX = "%TT%";
    /** Prefix of a non-durable topic subscription's group. */
    public static final String NON_DURABLE_GROUP_PREFIX = "%NG%";
    /** Prefix of a shared non-durable subscription's group. */
    public static final String SHARED_NON_DURABLE_GROUP_PREFIX = "%S%";

    private JmsNames() {
    }

    /**
     * Whether a broker topic (or its high band) is a JMS topic: each group on it is one subscription with one fixed
     * selector, so a message its selector rejects is not part of the subscription at all.
     */
    public static boolean isPubSub(String topic) {
        String base = DeliveryRouter.baseTopic(topic);
        return base.startsWith(TOPIC_PREFIX) || base.startsWith(TEMP_TOPIC_PREFIX);
    }

    /** Whether a group is a non-durable subscription (it ends with its consumer). */
    public static boolean isNonDurable(String group) {
        return group.startsWith(NON_DURABLE_GROUP_PREFIX) || group.startsWith(SHARED_NON_DURABLE_GROUP_PREFIX);
    }
}
