package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of UNREGISTER_CLIENT.
 *
 * @param clientId the leaving client
 */
public record UnregisterClientRequestHeader(String clientId) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("clientId", clientId);
    }

    /** Decodes the header. */
    public static UnregisterClientRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new UnregisterClientRequestHeader(HeaderFields.requireString(ext, "clientId"));
    }
}
