package org.rocketjms.jms.client;

import java.util.Collections;
import java.util.Map;

import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/**
 * A message delivered by a pop or pull consumer: where it is stored, its properties and body, and for pop
 * deliveries the receipt handle that acks or nacks exactly this delivery. Immutable.
 */
public final class ReceivedMessage {

    private final String brokerName;
    private final String brokerAddr;
    private final String group;
    private final WireMessage wire;
    private final int size;
    private final long receivedAt;
    private volatile boolean releasedUnseen;

    /**
     * @param brokerName the broker it came from
     * @param brokerAddr that broker's address at delivery time
     * @param group      the consumer group it was popped for (null for pulls)
     * @param wire       the decoded wire message
     */
    public ReceivedMessage(String brokerName, String brokerAddr, String group, WireMessage wire) {
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
        this.group = group;
        this.wire = wire;
        this.size = wire.body() == null ? 0 : wire.body().length;
        this.receivedAt = System.currentTimeMillis();
    }

    /** The broker that holds it. */
    public String getBrokerName() {
        return brokerName;
    }

    /** The address it was received from. */
    public String getBrokerAddr() {
        return brokerAddr;
    }

    /** The consumer group of a pop delivery, or null. */
    public String getGroup() {
        return group;
    }

    /** Its topic. */
    public String getTopic() {
        return wire.topic();
    }

    /** Its queue on that broker. */
    public int getQueueId() {
        return wire.queueId();
    }

    /** The queue it sits in. */
    public MessageQueue getMessageQueue() {
        return new MessageQueue(brokerName, wire.topic(), wire.queueId());
    }

    /** Its logical offset in the queue. */
    public long getQueueOffset() {
        return wire.queueOffset();
    }

    /** Its commit-log offset. */
    public long getCommitLogOffset() {
        return wire.commitLogOffset();
    }

    /** The unique message id (the UNIQ_KEY property), or null. */
    public String getMsgId() {
        Map<String, String> p = wire.properties();
        return p == null ? null : p.get(MessageConst.UNIQ_KEY);
    }

    /** The body (never null). */
    public byte[] getBody() {
        return wire.body() == null ? new byte[0] : wire.body();
    }

    /** Body length in bytes. */
    public int getBodySize() {
        return size;
    }

    /** All properties in wire form (unmodifiable). */
    public Map<String, String> getProperties() {
        return wire.properties() == null ? Map.of() : Collections.unmodifiableMap(wire.properties());
    }

    /** One property in wire form, or null. */
    public String getProperty(String name) {
        return wire.properties() == null ? null : wire.properties().get(name);
    }

    /** One property decoded to its Java type (see {@link TypedPropertyCodec}), or null. */
    public Object getTypedProperty(String name) {
        String raw = getProperty(name);
        return raw == null ? null : TypedPropertyCodec.decode(raw);
    }

    /** The tag, or null. */
    public String getTags() {
        return getProperty(MessageConst.TAGS);
    }

    /** The business keys, or null. */
    public String getKeys() {
        return getProperty(MessageConst.KEYS);
    }

    /** Pop: how many times it was handed out, this time included (1 = first delivery). Pull: 0. */
    public int getDeliveryCount() {
        return wire.deliveryCount();
    }

    /**
     * Marks a message that is released without its application having seen it (prefetch returned at close, rollback
     * or recover): the release tells the broker, which then does not count this delivery.
     */
    public void markReleasedUnseen() {
        releasedUnseen = true;
    }

    /** Whether {@link #markReleasedUnseen} was called. */
    public boolean isReleasedUnseen() {
        return releasedUnseen;
    }

    /** True if an earlier delivery of it was not acknowledged. */
    public boolean isRedelivered() {
        return wire.deliveryCount() > 1;
    }

    /** When the broker stored it (ms). */
    public long getStoreTimestamp() {
        return wire.storeTimestamp();
    }

    /** When the producer created it (ms). */
    public long getBornTimestamp() {
        return wire.bornTimestamp();
    }

    /** Record flags. */
    public int getFlags() {
        return wire.flags();
    }

    /** The receipt handle of a pop delivery, or null for pulls. */
    public String getReceiptHandle() {
        return wire.receiptHandle();
    }

    /** When this client received it (ms). */
    public long getReceivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + getMessageQueue() + ", offset=" + getQueueOffset() + ", msgId=" + getMsgId()
                + ", deliveryCount=" + getDeliveryCount() + ']';
    }
}
