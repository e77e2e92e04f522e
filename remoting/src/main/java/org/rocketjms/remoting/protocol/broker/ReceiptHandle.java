package org.rocketjms.remoting.protocol.broker;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Identifies one delivery of a popped message: {@code queueId:queueOffset:deliveryCount:popTime:topic}. The
 * delivery count makes a receipt from an earlier delivery unable to ack or nack a later one.
 *
 * @param topic         the message's topic
 * @param queueId       its queue
 * @param queueOffset   its logical offset
 * @param deliveryCount the delivery this receipt belongs to (1 = first)
 * @param popTime       when it was handed out (ms)
 */
public record ReceiptHandle(String topic, int queueId, long queueOffset, int deliveryCount, long popTime) {

    /** The string form. */
    public String encode() {
        return queueId + ":" + queueOffset + ":" + deliveryCount + ":" + popTime + ":" + topic;
    }

    @Override
    public String toString() {
        return encode();
    }

    /** Parses the string form. */
    public static ReceiptHandle parse(String s) throws RemotingCommandException {
        if (s == null) {
            throw new RemotingCommandException("missing receipt handle");
        }
        String[] parts = s.split(":", 5);
        if (parts.length != 5 || parts[4].isEmpty()) {
            throw new RemotingCommandException("malformed receipt handle '" + s + "'");
        }
        try {
            return new ReceiptHandle(parts[4], Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
                    Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("malformed receipt handle '" + s + "'", e);
        }
    }
}
