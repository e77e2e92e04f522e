package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of VIEW_MESSAGE_BY_OFFSET.
 *
 * @param commitLogOffset the record's commit-log offset
 */
public record ViewMessageRequestHeader(long commitLogOffset) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("commitLogOffset", Long.toString(commitLogOffset));
    }

    /** Decodes the header. */
    public static ViewMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new ViewMessageRequestHeader(HeaderFields.requireLong(ext, "commitLogOffset"));
    }
}
