package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header naming a topic (GET_TOPIC_CONFIG).
 *
 * @param topic the topic
 */
public record TopicRequestHeader(String topic) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("topic", topic);
    }

    /** Decodes the header. */
    public static TopicRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new TopicRequestHeader(HeaderFields.requireString(ext, "topic"));
    }
}
