package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of SEARCH_OFFSET_BY_TIMESTAMP.
 *
 * @param topic     the topic
 * @param queueId   the queue
 * @param timestamp store time to search for
 */
public record SearchOffsetRequestHeader(String topic, int queueId, long timestamp) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("timestamp", Long.toString(timestamp));
    }

    /** Decodes the header. */
    public static SearchOffsetRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new SearchOffsetRequestHeader(HeaderFields.requireString(ext, "topic"),
                HeaderFields.requireInt(ext, "queueId"), HeaderFields.requireLong(ext, "timestamp"));
    }
}
