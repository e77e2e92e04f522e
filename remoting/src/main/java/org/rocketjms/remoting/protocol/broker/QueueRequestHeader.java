package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header naming one queue (GET_MIN_OFFSET, GET_MAX_OFFSET).
 *
 * @param topic   the topic
 * @param queueId the queue
 */
public record QueueRequestHeader(String topic, int queueId) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
    }

    /** Decodes the header. */
    public static QueueRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new QueueRequestHeader(HeaderFields.requireString(ext, "topic"), HeaderFields.requireInt(ext, "queueId"));
    }
}
