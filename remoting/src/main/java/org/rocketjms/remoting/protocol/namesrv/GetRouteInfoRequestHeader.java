package org.rocketjms.remoting.protocol.namesrv;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;

/**
 * Header of {@link NamesrvRequestCode#GET_ROUTEINFO_BY_TOPIC}: the topic whose route is wanted.
 * After {@link #decode(Map)} the topic is present and not empty.
 */
public final class GetRouteInfoRequestHeader implements CommandHeader {

    static final String TOPIC = "topic";

    private final String topic;

    /** Creates a header for {@code topic}. */
    public GetRouteInfoRequestHeader(String topic) {
        this.topic = topic;
    }

    /** Decodes the header; fails if the topic is missing or empty. */
    public static GetRouteInfoRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new GetRouteInfoRequestHeader(NamesrvHeaders.requireNonEmpty(ext, TOPIC));
    }

    @Override
    public void encode(Map<String, String> ext) {
        NamesrvHeaders.put(ext, TOPIC, topic);
    }

    /** The topic whose route is wanted. */
    public String topic() {
        return topic;
    }

    @Override
    public String toString() {
        return "GetRouteInfoRequestHeader[" + topic + ']';
    }
}
