package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of CLAIM_CLIENT_ID and RELEASE_CLIENT_ID.
 *
 * @param jmsClientId the JMS client ID ({@code Connection.setClientID})
 * @param clientId    the claiming client's id (as in heartbeats)
 */
public record ClientIdRequestHeader(String jmsClientId, String clientId) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("jmsClientId", jmsClientId);
        ext.put("clientId", clientId);
    }

    /** Decodes the header. */
    public static ClientIdRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new ClientIdRequestHeader(HeaderFields.requireString(ext, "jmsClientId"),
                HeaderFields.requireString(ext, "clientId"));
    }
}
