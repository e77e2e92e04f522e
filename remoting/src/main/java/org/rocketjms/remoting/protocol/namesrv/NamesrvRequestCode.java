package org.rocketjms.remoting.protocol.namesrv;

/**
 * Request codes served by the name server, in the range 100-199 reserved for it (see
 * {@link org.rocketjms.remoting.protocol.RequestCode}). A code keeps its meaning forever once released.
 */
public final class NamesrvRequestCode {

    /**
     * A broker registers (and heartbeats: it re-registers periodically). Header
     * {@link RegisterBrokerRequestHeader}, body {@link RegisterBrokerBody}; the response carries a
     * {@link RegisterBrokerResponseHeader} and no body.
     */
    public static final int REGISTER_BROKER = 100;

    /** A broker leaves. Header {@link UnregisterBrokerRequestHeader}; empty response. */
    public static final int UNREGISTER_BROKER = 101;

    /**
     * Route of one topic. Header {@link GetRouteInfoRequestHeader}; the response body is a
     * {@link org.rocketjms.remoting.protocol.route.TopicRouteData}, or the response code is
     * {@link NamesrvResponseCode#TOPIC_NOT_EXIST}.
     */
    public static final int GET_ROUTEINFO_BY_TOPIC = 102;

    /** All brokers and clusters. No header; the response body is a {@link org.rocketjms.remoting.protocol.route.ClusterInfo}. */
    public static final int GET_BROKER_CLUSTER_INFO = 103;

    /** Every topic any live broker serves. No header; the response body is a {@link org.rocketjms.remoting.protocol.route.TopicList}. */
    public static final int GET_ALL_TOPIC_LIST = 104;

    private NamesrvRequestCode() {
    }
}
