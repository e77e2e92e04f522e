package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Response header carrying one offset (min/max/search/consumer offset).
 *
 * @param offset the offset
 */
public record OffsetResponseHeader(long offset) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("offset", Long.toString(offset));
    }

    /** Decodes the header. */
    public static OffsetResponseHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new OffsetResponseHeader(HeaderFields.requireLong(ext, "offset"));
    }
}
