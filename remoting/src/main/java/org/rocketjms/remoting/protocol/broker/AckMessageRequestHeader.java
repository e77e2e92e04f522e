package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of ACK_MESSAGE; the body lists the receipt handles ({@link ReceiptHandleListCodec}).
 *
 * @param consumerGroup the group the messages were popped for
 * @param topic         their topic
 */
public record AckMessageRequestHeader(String consumerGroup, String topic) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("topic", topic);
    }

    /** Decodes the header. */
    public static AckMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new AckMessageRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.requireString(ext, "topic"));
    }
}
