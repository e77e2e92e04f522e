package org.rocketjms.namesrv.processor;

import org.rocketjms.namesrv.routeinfo.RouteInfoManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.GetRouteInfoRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode;
import org.rocketjms.remoting.protocol.route.TopicRouteData;

/**
 * Handles {@link NamesrvRequestCode#GET_ROUTEINFO_BY_TOPIC}: answers {@code SUCCESS} with a
 * {@link TopicRouteData} body, or {@link NamesrvResponseCode#TOPIC_NOT_EXIST} with a remark naming the
 * topic when no registered broker serves it.
 */
public final class GetRouteInfoProcessor extends NamesrvRequestProcessor {

    private final RouteInfoManager routeInfoManager;

    /** Creates the processor over {@code routeInfoManager}. */
    public GetRouteInfoProcessor(RouteInfoManager routeInfoManager) {
        this.routeInfoManager = routeInfoManager;
    }

    @Override
    protected RemotingCommand handle(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        GetRouteInfoRequestHeader h = request.decodeHeader(GetRouteInfoRequestHeader::decode);
        TopicRouteData route = routeInfoManager.pickupTopicRouteData(h.topic());
        if (route == null) {
            return RemotingCommand.createResponse(NamesrvResponseCode.TOPIC_NOT_EXIST,
                    "no route for topic '" + h.topic() + "': no registered broker serves it");
        }
        RemotingCommand response = RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        response.setBody(route.encode());
        return response;
    }
}
