package org.rocketjms.broker.processor;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ClientIdRequestHeader;
import org.rocketjms.remoting.protocol.broker.HeartbeatData;
import org.rocketjms.remoting.protocol.broker.UnregisterClientRequestHeader;

/** HEARTBEAT, UNREGISTER_CLIENT, CLAIM_CLIENT_ID and RELEASE_CLIENT_ID: keeps the client registry current. */
public final class ClientManageProcessor implements RequestProcessor {
    private final BrokerController broker;

    /** @param broker the broker */
    public ClientManageProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        if (request.getCode() == BrokerRequestCode.CLAIM_CLIENT_ID) {
            ClientIdRequestHeader h = request.decodeHeader(ClientIdRequestHeader::decode);
            String holder = broker.getConsumerManager().clientIds().claim(h.jmsClientId(), h.clientId(), channel);
            if (holder != null) {
                return Responses.of(request, BrokerResponseCode.CLIENT_ID_IN_USE, "JMS client ID '" + h.jmsClientId()
                        + "' is already in use by another connection");
            }
        } else if (request.getCode() == BrokerRequestCode.RELEASE_CLIENT_ID) {
            ClientIdRequestHeader h = request.decodeHeader(ClientIdRequestHeader::decode);
            broker.getConsumerManager().clientIds().release(h.jmsClientId(), h.clientId());
        } else if (request.getCode() == BrokerRequestCode.HEARTBEAT) {
            HeartbeatData hb = HeartbeatData.decode(request.getBody());
            broker.getConsumerManager().heartbeat(channel, hb);
            for (HeartbeatData.ConsumerData c : hb.consumers()) {
                if (c.group() != null) {
                    broker.getSubscriptionGroupManager().getOrCreate(c.group());
                }
            }
        } else {
            UnregisterClientRequestHeader h = request.decodeHeader(UnregisterClientRequestHeader::decode);
            broker.getConsumerManager().unregister(h.clientId());
        }
        return Responses.of(request, ResponseCode.SUCCESS, null);
    }
}
