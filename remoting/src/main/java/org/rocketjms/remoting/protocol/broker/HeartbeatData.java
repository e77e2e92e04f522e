package org.rocketjms.remoting.protocol.broker;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Body of HEARTBEAT: who the client is and which groups it produces for and consumes in.
 *
 * @param clientId       the client's id (unique per connection factory instance)
 * @param producerGroups its producer groups
 * @param consumers      its consumer groups with their subscriptions
 */
public record HeartbeatData(String clientId, List<String> producerGroups, List<ConsumerData> consumers) {

    /**
     * One subscription of a consumer group.
     *
     * @param group          the consumer group
     * @param topic          the topic
     * @param expression     the subscription expression
     * @param expressionType {@link ExpressionType#TAG} or {@link ExpressionType#SQL92}
     */
    public record ConsumerData(String group, String topic, String expression, String expressionType) {
    }

    /** Encodes this heartbeat. */
    public byte[] encode() {
        BodyWriter w = new BodyWriter(128);
        w.putString(clientId);
        w.putInt(producerGroups.size());
        for (String g : producerGroups) {
            w.putString(g);
        }
        w.putInt(consumers.size());
        for (ConsumerData c : consumers) {
            w.putString(c.group()).putString(c.topic()).putString(c.expression()).putString(c.expressionType());
        }
        return w.toByteArray();
    }

    /** Decodes a heartbeat body; the client id is mandatory. */
    public static HeartbeatData decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "heartbeat");
        String clientId = r.getString();
        if (clientId == null || clientId.isEmpty()) {
            throw new RemotingCommandException("malformed heartbeat: no client id");
        }
        int np = r.getCount(10_000, 4);
        List<String> producers = new ArrayList<>(np);
        for (int i = 0; i < np; i++) {
            producers.add(r.getString());
        }
        int nc = r.getCount(10_000, 16);
        List<ConsumerData> consumers = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) {
            consumers.add(new ConsumerData(r.getString(), r.getString(), r.getString(), r.getString()));
        }
        r.expectEnd();
        return new HeartbeatData(clientId, producers, consumers);
    }
}
