package org.rocketjms.jms.client;

import org.rocketjms.remoting.protocol.broker.ExpressionType;

/**
 * What a consumer group consumes: a topic and a filter evaluated by the broker.
 *
 * @param group          the consumer group (one per JMS queue or topic subscription)
 * @param topic          the topic
 * @param expression     the filter: tags ({@code "a || b"}, {@code "*"}) or a JMS selector; null = everything
 * @param expressionType {@link ExpressionType#TAG} or {@link ExpressionType#SQL92}
 * @param initFromEnd    for a group the broker sees for the first time: start at the end of the queues
 *                       (non-durable topic subscribers) instead of their beginning (queues, durable subscriptions)
 */
public record Subscription(String group, String topic, String expression, String expressionType, boolean initFromEnd) {

    /** Validates the fields. */
    public Subscription {
        if (group == null || group.isEmpty() || topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("group and topic must not be empty");
        }
        if (expressionType == null) {
            expressionType = ExpressionType.TAG;
        }
        if (!ExpressionType.isValid(expressionType)) {
            throw new IllegalArgumentException("unknown expression type " + expressionType);
        }
    }

    /** Everything of {@code topic}, starting at the beginning for a new group. */
    public static Subscription all(String group, String topic) {
        return new Subscription(group, topic, "*", ExpressionType.TAG, false);
    }

    /** Messages of {@code topic} matching a JMS selector. */
    public static Subscription selector(String group, String topic, String selector) {
        return new Subscription(group, topic, selector, ExpressionType.SQL92, false);
    }
}
