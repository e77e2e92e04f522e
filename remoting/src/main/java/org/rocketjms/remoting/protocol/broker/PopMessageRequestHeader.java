package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of POP_MESSAGE.
 *
 * @param consumerGroup       the subscription's group
 * @param topic               topic to take from
 * @param queueId             a queue, or -1 for any queue of the topic
 * @param maxMsgNums          at most this many messages
 * @param invisibleTimeMillis how long the handed-out messages stay invisible to others unless acked
 * @param pollTimeMillis      how long the broker may hold the request while nothing is available
 * @param expression          subscription expression (null or "*" = everything)
 * @param expressionType      {@link ExpressionType#TAG} or {@link ExpressionType#SQL92}
 * @param clientId            the consumer's client id (owner of the in-flight messages)
 * @param initFromEnd         for a group seen for the first time: start at the queue's end instead of its start
 */
public record PopMessageRequestHeader(String consumerGroup, String topic, int queueId, int maxMsgNums,
                                      long invisibleTimeMillis, long pollTimeMillis, String expression,
                                      String expressionType, String clientId, boolean initFromEnd)
        implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("maxMsgNums", Integer.toString(maxMsgNums));
        ext.put("invisibleTimeMillis", Long.toString(invisibleTimeMillis));
        ext.put("pollTimeMillis", Long.toString(pollTimeMillis));
        if (expression != null) {
            ext.put("expression", expression);
        }
        if (expressionType != null) {
            ext.put("expressionType", expressionType);
        }
        if (clientId != null) {
            ext.put("clientId", clientId);
        }
        ext.put("initFromEnd", Boolean.toString(initFromEnd));
    }

    /** Decodes the header; invisibleTimeMillis -1 or absent means the broker default. */
    public static PopMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new PopMessageRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.requireString(ext, "topic"), HeaderFields.optionalInt(ext, "queueId", -1),
                HeaderFields.optionalInt(ext, "maxMsgNums", 32), HeaderFields.optionalLong(ext, "invisibleTimeMillis", -1),
                HeaderFields.optionalLong(ext, "pollTimeMillis", 0), ext.get("expression"), ext.get("expressionType"),
                ext.get("clientId"), HeaderFields.optionalBoolean(ext, "initFromEnd", false));
    }
}
