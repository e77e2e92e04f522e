package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

/**
 * A stored message as the broker hands it to consumers (pull, pop, query, view).
 *
 * @param topic           its topic
 * @param queueId         its queue
 * @param queueOffset     its logical offset in the queue
 * @param commitLogOffset its commit-log offset
 * @param storeTimestamp  when the broker stored it
 * @param bornTimestamp   when the producer created it
 * @param deliveryCount   pop: how many times it has been handed out, this time included (1 = first); pull: 0
 * @param flags           record flags
 * @param properties      its properties
 * @param body            its body
 * @param receiptHandle   pop: the handle to ack or nack it with; otherwise null
 */
public record WireMessage(String topic, int queueId, long queueOffset, long commitLogOffset, long storeTimestamp,
                          long bornTimestamp, int deliveryCount, int flags, Map<String, String> properties,
                          byte[] body, String receiptHandle) {
}
