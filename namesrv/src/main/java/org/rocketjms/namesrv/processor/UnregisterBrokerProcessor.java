package org.rocketjms.namesrv.processor;

import org.rocketjms.namesrv.routeinfo.RouteInfoManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.UnregisterBrokerRequestHeader;

/**
 * Handles {@link NamesrvRequestCode#UNREGISTER_BROKER}: removes the broker address (and, with its
 * last address, the broker name and its routes). Always answers {@code SUCCESS}: unregistering an
 * address that is not registered is harmless, so a broker may retry it.
 */
public final class UnregisterBrokerProcessor extends NamesrvRequestProcessor {

    private final RouteInfoManager routeInfoManager;

    /** Creates the processor over {@code routeInfoManager}. */
    public UnregisterBrokerProcessor(RouteInfoManager routeInfoManager) {
        this.routeInfoManager = routeInfoManager;
    }

    @Override
    protected RemotingCommand handle(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        UnregisterBrokerRequestHeader h = request.decodeHeader(UnregisterBrokerRequestHeader::decode);
        routeInfoManager.unregisterBroker(h.clusterName(), h.brokerAddr(), h.brokerName(), h.brokerId());
        return RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
    }
}
