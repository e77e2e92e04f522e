package org.rocketjms.namesrv.processor;

import org.rocketjms.namesrv.routeinfo.RouteInfoManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.route.ClusterInfo;

/**
 * Handles {@link NamesrvRequestCode#GET_BROKER_CLUSTER_INFO}: answers {@code SUCCESS} with a
 * {@link ClusterInfo} body (possibly empty).
 */
public final class GetClusterInfoProcessor extends NamesrvRequestProcessor {

    private final RouteInfoManager routeInfoManager;

    /** Creates the processor over {@code routeInfoManager}. */
    public GetClusterInfoProcessor(RouteInfoManager routeInfoManager) {
        this.routeInfoManager = routeInfoManager;
    }

    @Override
    protected RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        response.setBody(routeInfoManager.getClusterInfo().encode());
        return response;
    }
}
