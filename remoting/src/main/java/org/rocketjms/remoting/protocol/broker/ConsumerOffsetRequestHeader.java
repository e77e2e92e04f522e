package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of QUERY_CONSUMER_OFFSET and UPDATE_CONSUMER_OFFSET.
 *
 * @param consumerGroup the group
 * @param topic         the topic
 * @param queueId       the queue
 * @param offset        the new offset (update only; -1 in a query)
 */
public record ConsumerOffsetRequestHeader(String consumerGroup, String topic, int queueId, long offset)
        implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("offset", Long.toString(offset));
    }

    /** Decodes the header. */
    public static ConsumerOffsetRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new ConsumerOffsetRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.requireString(ext, "topic"), HeaderFields.requireInt(ext, "queueId"),
                HeaderFields.optionalLong(ext, "offset", -1));
    }
}
