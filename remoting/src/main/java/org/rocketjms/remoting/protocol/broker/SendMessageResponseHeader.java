package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

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

    /** Decodes the header. */
    public static SendMessageResponseHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new SendMessageResponseHeader(HeaderFields.requireString(ext, "msgId"),
                HeaderFields.requireInt(ext, "queueId"), HeaderFields.requireLong(ext, "queueOffset"),
                HeaderFields.requireLong(ext, "commitLogOffset"));
    }
}
