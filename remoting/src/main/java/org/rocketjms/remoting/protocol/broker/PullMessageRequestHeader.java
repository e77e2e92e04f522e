package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of PULL_MESSAGE.
 *
 * @param consumerGroup        the consumer's group
 * @param topic                topic to read
 * @param queueId              queue to read
 * @param queueOffset          first logical offset wanted
 * @param maxMsgNums           at most this many messages
 * @param suspendTimeoutMillis how long the broker may hold the request while nothing is there (0 = answer at once)
 * @param expression           subscription expression (null or "*" = everything)
 * @param expressionType       {@link ExpressionType#TAG} or {@link ExpressionType#SQL92}
 */
public record PullMessageRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset,
                                       int maxMsgNums, long suspendTimeoutMillis, String expression,
                                       String expressionType) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("queueOffset", Long.toString(queueOffset));
        ext.put("maxMsgNums", Integer.toString(maxMsgNums));
        ext.put("suspendTimeoutMillis", Long.toString(suspendTimeoutMillis));
        if (expression != null) {
            ext.put("expression", expression);
        }
        if (expressionType != null) {
            ext.put("expressionType", expressionType);
        }
    }

    /** A copy of this header with another queue offset. */
    public PullMessageRequestHeader withOffset(long offset) {
        return new PullMessageRequestHeader(consumerGroup, topic, queueId, offset, maxMsgNums, suspendTimeoutMillis,
                expression, expressionType);
    }

    /** Decodes the header. */
    public static PullMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new PullMessageRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.requireString(ext, "topic"), HeaderFields.requireInt(ext, "queueId"),
                HeaderFields.requireLong(ext, "queueOffset"), HeaderFields.optionalInt(ext, "maxMsgNums", 32),
                HeaderFields.optionalLong(ext, "suspendTimeoutMillis", 0), ext.get("expression"),
                ext.get("expressionType"));
    }
}
