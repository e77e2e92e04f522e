package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Response header of PULL_MESSAGE (found, not found, or offset moved).
 *
 * @param nextBeginOffset where the next pull should start
 * @param minOffset       the queue's minimum offset
 * @param maxOffset       the queue's maximum offset (next to be written)
 */
public record PullMessageResponseHeader(long nextBeginOffset, long minOffset, long maxOffset) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("nextBeginOffset", Long.toString(nextBeginOffset));
        ext.put("minOffset", Long.toString(minOffset));
        ext.put("maxOffset", Long.toString(maxOffset));
    }

    /** Decodes the header. */
    public static PullMessageResponseHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new PullMessageResponseHeader(HeaderFields.requireLong(ext, "nextBeginOffset"),
                HeaderFields.requireLong(ext, "minOffset"), HeaderFields.requireLong(ext, "maxOffset"));
    }
}
