package org.rocketjms.namesrv.processor;

import java.util.HashMap;
import java.util.Map;

import org.rocketjms.namesrv.routeinfo.RouteInfoManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerBody;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerResponseHeader;

/**
 * Handles {@link NamesrvRequestCode#REGISTER_BROKER}: records the broker and its topic table (the
 * body; a request without a body only refreshes liveness) and answers with a
 * {@link RegisterBrokerResponseHeader} naming the master of that broker name.
 */
public final class RegisterBrokerProcessor extends NamesrvRequestProcessor {

    private final RouteInfoManager routeInfoManager;

    /** Creates the processor over {@code routeInfoManager}. */
    public RegisterBrokerProcessor(RouteInfoManager routeInfoManager) {
        this.routeInfoManager = routeInfoManager;
    }

    @Override
    protected RemotingCommand handle(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        RegisterBrokerRequestHeader h = request.decodeHeader(RegisterBrokerRequestHeader::decode);
        RegisterBrokerBody body = request.getBody() == null ? null : RegisterBrokerBody.decode(request.getBody());
        RegisterBrokerResponseHeader result = routeInfoManager.registerBroker(h.clusterName(), h.brokerAddr(),
                h.brokerName(), h.brokerId(), h.haServerAddr(), body, channel);
        RemotingCommand response = RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        Map<String, String> ext = new HashMap<>();
        result.encode(ext);
        if (!ext.isEmpty()) {
            response.setExtFields(ext);
        }
        return response;
    }
}
