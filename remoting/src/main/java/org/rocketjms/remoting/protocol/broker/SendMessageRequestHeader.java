package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of SEND_MESSAGE and SEND_BATCH_MESSAGE.
 *
 * @param producerGroup  the sender's group (informational)
 * @param topic          destination topic
 * @param queueId        target queue, or -1 to let the broker pick one
 * @param flags          record flags (transaction type bits)
 * @param bornTimestamp  when the client created the message
 * @param properties     the property map encoded with {@link PropertiesCodec} (single send only)
 * @param waitStoreMsgOK true: answer only after the flush policy made the message durable
 */
public record SendMessageRequestHeader(String producerGroup, String topic, int queueId, int flags, long bornTimestamp,
                                       String properties, boolean waitStoreMsgOK) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("flags", Integer.toString(flags));
        ext.put("bornTimestamp", Long.toString(bornTimestamp));
        if (properties != null) {
            ext.put("properties", properties);
        }
        ext.put("waitStoreMsgOK", Boolean.toString(waitStoreMsgOK));
    }

    /**
     * Extension field of a SEND_BATCH_MESSAGE ({@code "true"}) whose messages are independent sends the client put
     * into one request: the broker stores those it accepts and refuses the others one by one
     * ({@link SendMessageResponseHeader#putRefusal}), instead of refusing the whole batch for one of them.
     */
    public static final String COALESCED = "coalesced";

    /** Marks a SEND_BATCH_MESSAGE request as coalesced independent sends (see {@link #COALESCED}). */
    public static void markCoalesced(org.rocketjms.remoting.protocol.RemotingCommand request) {
        request.getExtFields().put(COALESCED, "true");
    }

    /** Whether the request's header marks its batch as coalesced independent sends. */
    public static boolean isCoalesced(Map<String, String> ext) {
        return ext != null && "true".equals(ext.get(COALESCED));
    }

    /**
     * Whether the send in {@code ext} waits for its flush ({@code waitStoreMsgOK}, true when absent), read without
     * decoding the rest of the header.
     */
    public static boolean waitsForStore(Map<String, String> ext) throws RemotingCommandException {
        return ext == null || HeaderFields.optionalBoolean(ext, "waitStoreMsgOK", true);
    }

    /** Decodes the header; topic is mandatory. */
    public static SendMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new SendMessageRequestHeader(ext.get("producerGroup"), HeaderFields.requireString(ext, "topic"),
                HeaderFields.optionalInt(ext, "queueId", -1), HeaderFields.optionalInt(ext, "flags", 0),
                HeaderFields.optionalLong(ext, "bornTimestamp", System.currentTimeMillis()), ext.get("properties"),
                HeaderFields.optionalBoolean(ext, "waitStoreMsgOK", true));
    }
}
