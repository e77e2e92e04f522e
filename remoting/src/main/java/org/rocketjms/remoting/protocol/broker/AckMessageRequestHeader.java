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
 * @param lazyFlush     the broker may answer with the next force that runs anyway instead of forcing the ACK records
 *                      itself (an AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE session, which does not wait for the answer
 *                      before going on); the answer still comes only once they are durable. Sent only when true
 *                      (field {@code lazyFlush}); a broker that does not know the field forces at once.
 */
public record AckMessageRequestHeader(String consumerGroup, String topic, boolean lazyFlush) implements CommandHeader {

    /** An acknowledgement the broker forces at once. */
    public AckMessageRequestHeader(String consumerGroup, String topic) {
        this(consumerGroup, topic, false);
    }

    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("topic", topic);
        if (lazyFlush) {
            ext.put("lazyFlush", "true");
        }
    }

    /** Decodes the header. */
    public static AckMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new AckMessageRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.requireString(ext, "topic"), HeaderFields.optionalBoolean(ext, "lazyFlush", false));
    }
}
