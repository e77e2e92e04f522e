package org.rocketjms.namesrv.processor;

import org.rocketjms.namesrv.routeinfo.RouteInfoManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.route.TopicList;

/**
 * Handles {@link NamesrvRequestCode#GET_ALL_TOPIC_LIST}: answers {@code SUCCESS} with a
 * {@link TopicList} body of every topic a registered broker serves (possibly empty).
 */
public final class GetAllTopicListProcessor extends NamesrvRequestProcessor {

    private final RouteInfoManager routeInfoManager;

    /** Creates the processor over {@code routeInfoManager}. */
    public GetAllTopicListProcessor(RouteInfoManager routeInfoManager) {
        this.routeInfoManager = routeInfoManager;
    }

    @Override
    protected RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        response.setBody(routeInfoManager.getAllTopicList().encode());
        return response;
    }
}
