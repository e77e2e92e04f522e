package org.rocketjms.store;

import org.rocketjms.store.util.TagHash;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message handed to the store for appending (the input side; see {@link StoredMessage} for what comes back).
 * Mutable and not thread-safe: build it, hand it over, do not touch it again.
 */
public final class StoreMessage {
    private String topic;
    private int queueId;
    private int flags;
    private byte[] body = new byte[0];
    private Map<String, String> properties = new LinkedHashMap<>();
    private long bornTimestamp = System.currentTimeMillis();
    private InetSocketAddress bornHost;
    private InetSocketAddress storeHost;
    private int deliveryCount;
    private long preparedTransactionOffset;
    private Long tagsCode;
    private boolean waitStoreMsgOK = true;
    private boolean allowedWhenDiskFull;
    private boolean forcedUnderAnyFlushType;
    private boolean lazyFlush;

    public StoreMessage() {
    }

    public StoreMessage(String topic, int queueId, byte[] body) {
        this.topic = topic;
        this.queueId = queueId;
        this.body = body == null ? new byte[0] : body;
    }

    public String getTopic() { return topic; }
    public StoreMessage setTopic(String topic) { this.topic = topic; return this; }
    public int getQueueId() { return queueId; }
    public StoreMessage setQueueId(int queueId) { this.queueId = queueId; return this; }
    public int getFlags() { return flags; }
    public StoreMessage setFlags(int flags) { this.flags = flags; return this; }
    public byte[] getBody() { return body; }
    public StoreMessage setBody(byte[] body) { this.body = body == null ? new byte[0] : body; return this; }
    public Map<String, String> getProperties() { return properties; }
    public StoreMessage setProperties(Map<String, String> p) { this.properties = p == null ? new LinkedHashMap<>() : p; return this; }
    public StoreMessage putProperty(String k, String v) { properties.put(k, v); return this; }
    public String getProperty(String k) { return properties == null ? null : properties.get(k); }
    public long getBornTimestamp() { return bornTimestamp; }
    public StoreMessage setBornTimestamp(long t) { this.bornTimestamp = t; return this; }
    public InetSocketAddress getBornHost() { return bornHost; }
    public StoreMessage setBornHost(InetSocketAddress h) { this.bornHost = h; return this; }
    public InetSocketAddress getStoreHost() { return storeHost; }
    public StoreMessage setStoreHost(InetSocketAddress h) { this.storeHost = h; return this; }
    public int getDeliveryCount() { return deliveryCount; }
    public StoreMessage setDeliveryCount(int c) { this.deliveryCount = c; return this; }
    public long getPreparedTransactionOffset() { return preparedTransactionOffset; }
    public StoreMessage setPreparedTransactionOffset(long o) { this.preparedTransactionOffset = o; return this; }
    /** False for NON_PERSISTENT sends: the put completes without waiting for the flush. */
    public boolean isWaitStoreMsgOK() { return waitStoreMsgOK; }
    public StoreMessage setWaitStoreMsgOK(boolean w) { this.waitStoreMsgOK = w; return this; }

    /**
     * Whether the store accepts this record while the disk is above {@code diskSpaceWarningLevelRatio}. Meant for the
     * broker's small bookkeeping records (pop and ack log): refusing them would stop consumers from taking and
     * acknowledging what is already stored. New messages never set it.
     */
    public boolean isAllowedWhenDiskFull() { return allowedWhenDiskFull; }
    /**
     * Whether the put completes only once forced to disk under ASYNC_FLUSH too (a promise made to someone else, such
     * as an XA prepare); under SYNC_FLUSH {@link #isWaitStoreMsgOK()} already asks for that.
     */
    public boolean isForcedUnderAnyFlushType() { return forcedUnderAnyFlushType; }
    public StoreMessage setForcedUnderAnyFlushType(boolean forced) { this.forcedUnderAnyFlushType = forced; return this; }
    public StoreMessage setAllowedWhenDiskFull(boolean allowed) { this.allowedWhenDiskFull = allowed; return this; }

    /**
     * Whether a waiting put ({@link #isWaitStoreMsgOK()}) may wait for a force that runs anyway instead of causing one:
     * under SYNC_FLUSH it completes with the next group commit that other puts start, and at the latest after
     * {@code lazyFlushMaxDelayMillis}. It still completes only once forced. Meant for records whose writer does not
     * wait for them, such as the acknowledgements of AUTO_ACKNOWLEDGE consumers. Ignored when
     * {@link #isForcedUnderAnyFlushType()}.
     */
    public boolean isLazyFlush() { return lazyFlush; }
    public StoreMessage setLazyFlush(boolean lazy) { this.lazyFlush = lazy; return this; }

    /** The tag hash for the consume queue: explicitly set, or {@link TagHash} of the TAGS property. */
    public long getTagsCode() {
        return tagsCode != null ? tagsCode : TagHash.of(getProperty(MessageProperties.TAGS));
    }

    /** Overrides the consume-queue tag code (e.g. the broker's timer stores a delivery time there). */
    public StoreMessage setTagsCode(long code) { this.tagsCode = code; return this; }

    public Map<String, String> propertiesView() {
        return properties == null ? Collections.emptyMap() : Collections.unmodifiableMap(properties);
    }
}
