package org.rocketjms.namesrv;

import java.util.List;

import org.rocketjms.remoting.RemotingClient;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.DataVersion;
import org.rocketjms.remoting.protocol.namesrv.GetRouteInfoRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerBody;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerResponseHeader;
import org.rocketjms.remoting.protocol.namesrv.TopicConfigData;
import org.rocketjms.remoting.protocol.namesrv.UnregisterBrokerRequestHeader;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.rocketjms.remoting.protocol.route.TopicList;
import org.rocketjms.remoting.protocol.route.TopicRouteData;

/**
 * The exact calls a broker and a client make against a name server, written to be copied: the
 * end-to-end tests use these methods, so they are known to work. {@code client} is a started
 * {@code NettyRemotingClient}; {@code namesrvAddr} is {@code host:port}.
 */
final class NamesrvUsageExample {

    static final long TIMEOUT_MILLIS = 3000;

    private NamesrvUsageExample() {
    }

    /**
     * Broker side: register, and heartbeat by calling this again (every 30 s by default) with the whole
     * topic table. Bump the {@link DataVersion} ({@code version.next()}) whenever the table changes; an
     * unchanged version lets the name server skip re-reading it.
     */
    static RegisterBrokerResponseHeader registerBroker(RemotingClient client, String namesrvAddr,
                                                       String clusterName, String brokerName, String brokerAddr,
                                                       long brokerId, DataVersion version,
                                                       List<TopicConfigData> topics)
            throws RemotingException, InterruptedException {
        RemotingCommand request = RemotingCommand.createRequest(NamesrvRequestCode.REGISTER_BROKER,
                new RegisterBrokerRequestHeader(clusterName, brokerName, brokerAddr, brokerId, null));
        request.setBody(new RegisterBrokerBody(version, topics).encode());
        RemotingCommand response = client.invokeSync(namesrvAddr, request, TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new RemotingCommandException("registration at " + namesrvAddr + " failed with code "
                    + response.getCode() + ": " + response.getRemark());
        }
        return response.decodeHeader(RegisterBrokerResponseHeader::decode);
    }

    /** Broker side, on clean shutdown. */
    static void unregisterBroker(RemotingClient client, String namesrvAddr, String clusterName, String brokerName,
                                 String brokerAddr, long brokerId) throws RemotingException, InterruptedException {
        RemotingCommand request = RemotingCommand.createRequest(NamesrvRequestCode.UNREGISTER_BROKER,
                new UnregisterBrokerRequestHeader(clusterName, brokerName, brokerAddr, brokerId));
        RemotingCommand response = client.invokeSync(namesrvAddr, request, TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new RemotingCommandException("unregistration failed with code " + response.getCode() + ": "
                    + response.getRemark());
        }
    }

    /**
     * Client side: the route of {@code topic}, or null when no broker serves it
     * ({@link NamesrvResponseCode#TOPIC_NOT_EXIST}). Compare with the previous route via {@code equals}.
     */
    static TopicRouteData getRoute(RemotingClient client, String namesrvAddr, String topic)
            throws RemotingException, InterruptedException {
        RemotingCommand request = RemotingCommand.createRequest(NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC,
                new GetRouteInfoRequestHeader(topic));
        RemotingCommand response = client.invokeSync(namesrvAddr, request, TIMEOUT_MILLIS);
        switch (response.getCode()) {
            case ResponseCode.SUCCESS:
                return TopicRouteData.decode(response.getBody());
            case NamesrvResponseCode.TOPIC_NOT_EXIST:
                return null;
            default:
                throw new RemotingCommandException("route lookup of " + topic + " failed with code "
                        + response.getCode() + ": " + response.getRemark());
        }
    }

    /** Admin side: every broker and cluster. */
    static ClusterInfo getClusterInfo(RemotingClient client, String namesrvAddr)
            throws RemotingException, InterruptedException {
        RemotingCommand response = client.invokeSync(namesrvAddr,
                RemotingCommand.createRequest(NamesrvRequestCode.GET_BROKER_CLUSTER_INFO), TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new RemotingCommandException("cluster info failed with code " + response.getCode());
        }
        return ClusterInfo.decode(response.getBody());
    }

    /** Admin side: every topic. */
    static TopicList getAllTopics(RemotingClient client, String namesrvAddr)
            throws RemotingException, InterruptedException {
        RemotingCommand response = client.invokeSync(namesrvAddr,
                RemotingCommand.createRequest(NamesrvRequestCode.GET_ALL_TOPIC_LIST), TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new RemotingCommandException("topic list failed with code " + response.getCode());
        }
        return TopicList.decode(response.getBody());
    }
}
