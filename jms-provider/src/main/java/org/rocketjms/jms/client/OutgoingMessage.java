package org.rocketjms.jms.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rocketjms.filter.wire.TypedPropertyCodec;

/**
 * A message on its way to the broker: topic, body, string properties (the wire form; typed JMS values are
 * encoded with {@link TypedPropertyCodec}), and the send options. Not thread-safe; do not change it while a send of
 * it is in progress.
 */
public final class OutgoingMessage {

    private final String topic;
    private byte[] body;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private boolean waitStoreMsgOK = true;
    private int flags;
    private long bornTimestamp;

    /**
     * @param topic destination topic
     * @param body  body bytes (null = empty)
     */
    public OutgoingMessage(String topic, byte[] body) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        this.topic = topic;
        this.body = body == null ? new byte[0] : body;
    }

    /** The destination topic. */
    public String getTopic() {
        return topic;
    }

    /** The body (never null). */
    public byte[] getBody() {
        return body;
    }

    /** Replaces the body (null = empty). */
    public void setBody(byte[] body) {
        this.body = body == null ? new byte[0] : body;
    }

    /** The live property map (wire form). */
    public Map<String, String> getProperties() {
        return properties;
    }

    /** Sets a property in wire form (as is); null removes it. */
    public OutgoingMessage putProperty(String name, String rawValue) {
        if (rawValue == null) {
            properties.remove(name);
        } else {
            properties.put(name, rawValue);
        }
        return this;
    }

    /** Sets a typed property (String, Boolean, Byte, Short, Integer, Long, Float, Double) so selectors see its type. */
    public OutgoingMessage putTypedProperty(String name, Object value) {
        properties.put(name, TypedPropertyCodec.encode(value));
        return this;
    }

    /** Returns a property in wire form, or null. */
    public String getProperty(String name) {
        return properties.get(name);
    }

    /** The tag, or null. */
    public String getTags() {
        return properties.get(MessageConst.TAGS);
    }

    /** Sets the tag (null removes it). */
    public OutgoingMessage setTags(String tags) {
        return putProperty(MessageConst.TAGS, tags);
    }

    /** The business keys, or null. */
    public String getKeys() {
        return properties.get(MessageConst.KEYS);
    }

    /** Sets space-separated business keys (null removes them). */
    public OutgoingMessage setKeys(String keys) {
        return putProperty(MessageConst.KEYS, keys);
    }

    /** The message id set by the client, or null to let the broker assign one. */
    public String getMessageId() {
        return properties.get(MessageConst.UNIQ_KEY);
    }

    /** Sets the message id (the JMS facade sets JMSMessageID this way before sending). */
    public OutgoingMessage setMessageId(String id) {
        return putProperty(MessageConst.UNIQ_KEY, id);
    }

    /** True (default, PERSISTENT): the send returns after the broker made the message durable. */
    public boolean isWaitStoreMsgOK() {
        return waitStoreMsgOK;
    }

    /** False for NON_PERSISTENT sends: the broker answers without waiting for the flush. */
    public OutgoingMessage setWaitStoreMsgOK(boolean waitStoreMsgOK) {
        this.waitStoreMsgOK = waitStoreMsgOK;
        return this;
    }

    /** Record flags (transaction bits), 0 by default. */
    public int getFlags() {
        return flags;
    }

    /** Sets the record flags. */
    public OutgoingMessage setFlags(int flags) {
        this.flags = flags;
        return this;
    }

    /** Creation time in ms; 0 means "now" at send time. */
    public long getBornTimestamp() {
        return bornTimestamp;
    }

    /** Sets the creation time (ms). */
    public OutgoingMessage setBornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
        return this;
    }

    /** Body plus property bytes, roughly as the broker counts them against {@code maxMessageSize}. */
    public int estimatedSize() {
        int n = body.length;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            n += e.getKey().length() + e.getValue().length() + 2;
        }
        return n;
    }

    @Override
    public String toString() {
        return "OutgoingMessage[topic=" + topic + ", bodyLength=" + body.length + ", properties=" + properties.keySet()
                + ']';
    }
}
