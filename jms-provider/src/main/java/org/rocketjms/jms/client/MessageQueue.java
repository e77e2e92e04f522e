package org.rocketjms.jms.client;

/**
 * One consume queue of a topic on one broker: the unit producers write to and pull consumers read.
 *
 * @param brokerName the broker (master/slave set) holding the queue
 * @param topic      the topic
 * @param queueId    the queue's id on that broker, 0-based
 */
public record MessageQueue(String brokerName, String topic, int queueId) {
    @Override
    public String toString() {
        return topic + '@' + brokerName + '#' + queueId;
    }
}
