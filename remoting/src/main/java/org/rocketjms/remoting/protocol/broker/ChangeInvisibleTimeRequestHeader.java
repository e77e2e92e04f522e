package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of CHANGE_INVISIBLE_TIME (also the negative acknowledgement); the body lists receipt handles.
 *
 * @param consumerGroup       the group the messages were popped for
 * @param topic               their topic
 * @param invisibleTimeMillis from now on, how long they stay invisible (0 = visible again at once)
 * @param unseen              with 0: the client releases prefetched messages its application never saw, so this
 *                            delivery does not count (JMSXDeliveryCount, JMSRedelivered, dead-lettering)
 */
public record ChangeInvisibleTimeRequestHeader(String consumerGroup, String topic, long invisibleTimeMillis,
                                               boolean unseen) implements CommandHeader {
    /** A visibility change or a nack that counts as a delivery. */
    public ChangeInvisibleTimeRequestHeader(String consumerGroup, String topic, long invisibleTimeMillis) {
        this(consumerGroup, topic, invisibleTimeMillis, false);
    }

    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("topic", topic);
        ext.put("invisibleTimeMillis", Long.toString(invisibleTimeMillis));
        if (unseen) {
            ext.put("unseen", "true");
        }
    }

    /** Decodes the header. */
    public static ChangeInvisibleTimeRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new ChangeInvisibleTimeRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.requireString(ext, "topic"), HeaderFields.optionalLong(ext, "invisibleTimeMillis", 0),
                HeaderFields.optionalBoolean(ext, "unseen", false));
    }
}
