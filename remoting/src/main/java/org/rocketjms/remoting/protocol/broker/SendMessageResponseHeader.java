package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;
import org.rocketjms.remoting.protocol.ResponseCode;

/**
 * Response header of a successful send.
 *
 * @param msgId           the message's unique id (for a batch: the ids joined with commas)
 * @param queueId         the queue the message went to
 * @param queueOffset     its logical offset in that queue (first message of a batch)
 * @param commitLogOffset its commit-log offset (first message of a batch)
 */
public record SendMessageResponseHeader(String msgId, int queueId, long queueOffset, long commitLogOffset)
        implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("msgId", msgId);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("queueOffset", Long.toString(queueOffset));
        ext.put("commitLogOffset", Long.toString(commitLogOffset));
    }

    /** A message of a coalesced batch the broker refused: the response code and remark it would have had alone. */
    public record Refusal(int code, String remark) {
    }

    private static final String REFUSED_PREFIX = "refused.";

    /**
     * Records in a coalesced batch's response that its message {@code index} (0-based, in request order) was refused
     * with {@code code} and {@code remark}; the batch's other messages were stored.
     */
    public static void putRefusal(Map<String, String> ext, int index, int code, String remark) {
        ext.put(REFUSED_PREFIX + index, code + ":" + (remark == null ? "" : remark));
    }

    /** The refusal of message {@code index} of a coalesced batch's response, or null if it was stored. */
    public static Refusal refusal(Map<String, String> ext, int index) {
        String v = ext == null ? null : ext.get(REFUSED_PREFIX + index);
        if (v == null) {
            return null;
        }
        int colon = v.indexOf(':');
        try {
            return new Refusal(Integer.parseInt(v.substring(0, colon)), v.substring(colon + 1));
        } catch (RuntimeException e) {
            return new Refusal(ResponseCode.SYSTEM_ERROR, "unreadable refusal of message " + index + ": " + v);
        }
    }

    /** Decodes the header. */
    public static SendMessageResponseHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new SendMessageResponseHeader(HeaderFields.requireString(ext, "msgId"),
                HeaderFields.requireInt(ext, "queueId"), HeaderFields.requireLong(ext, "queueOffset"),
                HeaderFields.requireLong(ext, "commitLogOffset"));
    }
}
