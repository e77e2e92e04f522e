package org.rocketjms.remoting.protocol;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;

/** Example typed header used by the tests: a mandatory topic and queue id, an optional timestamp and flag. */
public final class EchoHeader implements CommandHeader {

    static final String TOPIC = "topic";
    static final String QUEUE_ID = "queueId";
    static final String TIMESTAMP = "timestamp";
    static final String URGENT = "urgent";

    private final String topic;
    private final int queueId;
    private final long timestamp;
    private final boolean urgent;

    public EchoHeader(String topic, int queueId, long timestamp, boolean urgent) {
        this.topic = topic;
        this.queueId = queueId;
        this.timestamp = timestamp;
        this.urgent = urgent;
    }

    public static EchoHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new EchoHeader(
                HeaderFields.requireString(ext, TOPIC),
                HeaderFields.requireInt(ext, QUEUE_ID),
                HeaderFields.optionalLong(ext, TIMESTAMP, -1L),
                HeaderFields.optionalBoolean(ext, URGENT, false));
    }

    @Override
    public void encode(Map<String, String> ext) {
        ext.put(TOPIC, topic);
        ext.put(QUEUE_ID, Integer.toString(queueId));
        ext.put(TIMESTAMP, Long.toString(timestamp));
        ext.put(URGENT, Boolean.toString(urgent));
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public long timestamp() {
        return timestamp;
    }

    public boolean urgent() {
        return urgent;
    }
}
