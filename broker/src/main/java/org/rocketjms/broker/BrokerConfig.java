package org.rocketjms.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.rocketjms.broker.flow.ProducerFlowControl;

import org.rocketjms.store.config.MessageStoreConfig;

/**
 * Settings of one broker. Key names follow Apache RocketMQ where the meaning is the same; {@link #apply}
 * accepts a {@code broker.conf} key/value set and passes store keys on to the embedded {@link MessageStoreConfig}.
 */
public final class BrokerConfig {
    private String brokerName = "broker-a";
    private String brokerClusterName = "DefaultCluster";
    private long brokerId = 0;
    private String namesrvAddr;
    private String brokerIP1 = "127.0.0.1";
    private String bindAddress = "0.0.0.0";
    private int listenPort = 10911;
    private boolean autoCreateTopicEnable = true;
    private int defaultTopicQueueNums = 4;
    private int registerNameServerPeriod = 30_000;
    private long longPollingTimeoutMillis = 30_000;
    private long popInvisibleTimeMillis = 60_000;
    private long consumerLostTimeoutMillis = 30_000;
    private int flushConsumerOffsetInterval = 5_000;
    private int ackSnapshotInterval = 5_000;
    private int sendMessageThreadPoolNums = 4;
    private boolean sendMessageOnIoThread = true;
    private boolean consumeOnIoThread = true;
    private int pullMessageThreadPoolNums = 8;
    private int adminThreadPoolNums = 2;
    private int serverMaxFrameLength = 16 * 1024 * 1024;
    private int serverChannelMaxIdleTimeSeconds = 120;
    private boolean aclEnable = false;
    private String aclUsersFile;
    private boolean aclAllowAnonymous = true;
    private long transactionTimeoutMillis = 60_000;
    private long transactionCheckIntervalMillis = 1_000;
    private int maxDeliveryAttempts = 16;
    private long timerCheckpointIntervalMillis = 1_000;
    private long maxDestinationBacklog = 0;
    private ProducerFlowControl.Policy destinationFullPolicy = ProducerFlowControl.Policy.BLOCK;
    private long flowControlMaxHoldMillis = 1_000;
    private final MessageStoreConfig storeConfig = new MessageStoreConfig();

    /**
     * Applies keys; broker keys are set here, store keys on {@link #getStoreConfig()}.
     *
     * @return the keys neither recognised
     * @throws IllegalArgumentException naming the key for a malformed value
     */
    public List<String> apply(Map<?, ?> props) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<?, ?> e : props.entrySet()) {
            String key = String.valueOf(e.getKey()).trim();
            String value = String.valueOf(e.getValue()).trim();
            try {
                if (!set(key, value) && !storeConfig.set(key, value)) {
                    unknown.add(key);
                }
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("setting " + key + "=" + value + " is invalid: " + ex.getMessage(), ex);
            }
        }
        return unknown;
    }

    /** See {@link #apply(Map)}. */
    public List<String> apply(Properties props) {
        return apply((Map<?, ?>) props);
    }

    /** Sets one broker key; false if it is not a broker key. */
    public boolean set(String key, String value) {
        switch (key) {
            case "brokerName" -> brokerName = value;
            case "brokerClusterName" -> brokerClusterName = value;
            case "brokerId" -> brokerId = Long.parseLong(value);
            case "namesrvAddr" -> namesrvAddr = value.isEmpty() ? null : value;
            case "brokerIP1" -> brokerIP1 = value;
            case "bindAddress" -> bindAddress = value;
            case "listenPort" -> listenPort = Integer.parseInt(value);
            case "autoCreateTopicEnable" -> autoCreateTopicEnable = parseBoolean(value);
            case "defaultTopicQueueNums" -> defaultTopicQueueNums = Integer.parseInt(value);
            case "registerNameServerPeriod" -> registerNameServerPeriod = Integer.parseInt(value);
            case "longPollingTimeoutMillis" -> longPollingTimeoutMillis = Long.parseLong(value);
            case "popInvisibleTimeMillis" -> popInvisibleTimeMillis = Long.parseLong(value);
            case "consumerLostTimeoutMillis" -> consumerLostTimeoutMillis = Long.parseLong(value);
            case "flushConsumerOffsetInterval" -> flushConsumerOffsetInterval = Integer.parseInt(value);
            case "ackSnapshotInterval" -> ackSnapshotInterval = Integer.parseInt(value);
            case "sendMessageThreadPoolNums" -> sendMessageThreadPoolNums = Integer.parseInt(value);
            case "sendMessageOnIoThread" -> sendMessageOnIoThread = parseBoolean(value);
            case "consumeOnIoThread" -> consumeOnIoThread = parseBoolean(value);
            case "pullMessageThreadPoolNums" -> pullMessageThreadPoolNums = Integer.parseInt(value);
            case "adminThreadPoolNums" -> adminThreadPoolNums = Integer.parseInt(value);
            case "serverMaxFrameLength" -> serverMaxFrameLength = Integer.parseInt(value);
            case "serverChannelMaxIdleTimeSeconds" -> serverChannelMaxIdleTimeSeconds = Integer.parseInt(value);
            case "aclEnable" -> aclEnable = parseBoolean(value);
            case "aclUsersFile" -> aclUsersFile = value.isEmpty() ? null : value;
            case "aclAllowAnonymous" -> aclAllowAnonymous = parseBoolean(value);
            case "transactionTimeoutMillis" -> transactionTimeoutMillis = Long.parseLong(value);
            case "transactionCheckIntervalMillis" -> transactionCheckIntervalMillis = Long.parseLong(value);
            case "maxDeliveryAttempts" -> maxDeliveryAttempts = Integer.parseInt(value);
            case "timerCheckpointIntervalMillis" -> timerCheckpointIntervalMillis = Long.parseLong(value);
            case "maxDestinationBacklog" -> maxDestinationBacklog = Long.parseLong(value);
            case "destinationFullPolicy" -> destinationFullPolicy = ProducerFlowControl.Policy.parse(value);
            case "flowControlMaxHoldMillis" -> flowControlMaxHoldMillis = Long.parseLong(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean parseBoolean(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("not a boolean: " + v);
        }
        return Boolean.parseBoolean(s);
    }

    /** Checks ranges of broker and store settings; throws IllegalArgumentException naming the key. */
    public void validate() {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be 0..65535");
        }
        if (defaultTopicQueueNums < 1 || defaultTopicQueueNums > 1024) {
            throw new IllegalArgumentException("defaultTopicQueueNums must be 1..1024");
        }
        if (maxDestinationBacklog < 0) {
            throw new IllegalArgumentException("maxDestinationBacklog must not be negative (0 = no limit)");
        }
        if (flowControlMaxHoldMillis < 1) {
            throw new IllegalArgumentException("flowControlMaxHoldMillis must be positive");
        }
        if (popInvisibleTimeMillis < 1) {
            throw new IllegalArgumentException("popInvisibleTimeMillis must be positive");
        }
        if (sendMessageThreadPoolNums < 1 || pullMessageThreadPoolNums < 1 || adminThreadPoolNums < 1) {
            throw new IllegalArgumentException("thread pool sizes must be positive");
        }
        if (transactionTimeoutMillis < 1 || transactionCheckIntervalMillis < 1 || timerCheckpointIntervalMillis < 1) {
            throw new IllegalArgumentException("transactionTimeoutMillis, transactionCheckIntervalMillis and"
                    + " timerCheckpointIntervalMillis must be positive");
        }
        if (maxDeliveryAttempts < 0 || maxDeliveryAttempts == 1) {
            throw new IllegalArgumentException("maxDeliveryAttempts must be 0 (never dead-letter) or at least 2");
        }
        if (aclEnable && aclUsersFile == null) {
            throw new IllegalArgumentException("aclEnable=true needs aclUsersFile (a properties file user=password)");
        }
        storeConfig.validate();
    }

    /** The store's settings (storePathRootDir, flushDiskType, maxMessageSize, ...). */
    public MessageStoreConfig getStoreConfig() { return storeConfig; }
    /** Name of this broker (a master/slave set shares it). */
    public String getBrokerName() { return brokerName; }
    /** Sets the broker name. */
    public void setBrokerName(String v) { brokerName = v; }
    /** Cluster this broker belongs to. */
    public String getBrokerClusterName() { return brokerClusterName; }
    /** Sets the cluster name. */
    public void setBrokerClusterName(String v) { brokerClusterName = v; }
    /** 0 = master. */
    public long getBrokerId() { return brokerId; }
    /** Sets the broker id. */
    public void setBrokerId(long v) { brokerId = v; }
    /** Name server addresses {@code host:port;host:port}, or null. */
    public String getNamesrvAddr() { return namesrvAddr; }
    /** Sets the name server addresses. */
    public void setNamesrvAddr(String v) { namesrvAddr = v; }
    /** The address clients are told to connect to. */
    public String getBrokerIP1() { return brokerIP1; }
    /** Sets the advertised IP. */
    public void setBrokerIP1(String v) { brokerIP1 = v; }
    /** Local address the broker listens on (default all interfaces). */
    public String getBindAddress() { return bindAddress; }
    /** Sets the listen address. */
    public void setBindAddress(String v) { bindAddress = v; }
    /** Listening port (0 = ephemeral). */
    public int getListenPort() { return listenPort; }
    /** Sets the listening port. */
    public void setListenPort(int v) { listenPort = v; }
    /** Whether a send to an unknown topic creates it. */
    public boolean isAutoCreateTopicEnable() { return autoCreateTopicEnable; }
    /** Sets auto-creation. */
    public void setAutoCreateTopicEnable(boolean v) { autoCreateTopicEnable = v; }
    /** Queues of an auto-created topic. */
    public int getDefaultTopicQueueNums() { return defaultTopicQueueNums; }
    /** Sets the default queue count. */
    public void setDefaultTopicQueueNums(int v) { defaultTopicQueueNums = v; }
    /** Interval of name-server registration (ms). */
    public int getRegisterNameServerPeriod() { return registerNameServerPeriod; }
    /** Longest time a pull or pop may be held (caps the client's suspend time, ms). */
    public long getLongPollingTimeoutMillis() { return longPollingTimeoutMillis; }
    /** Default invisible time of popped messages (ms). */
    public long getPopInvisibleTimeMillis() { return popInvisibleTimeMillis; }
    /** Sets the default invisible time. */
    public void setPopInvisibleTimeMillis(long v) { popInvisibleTimeMillis = v; }
    /** Time after which the in-flight messages of a client whose connection vanished become visible (ms). */
    public long getConsumerLostTimeoutMillis() { return consumerLostTimeoutMillis; }
    /** Sets the consumer-lost timeout. */
    public void setConsumerLostTimeoutMillis(long v) { consumerLostTimeoutMillis = v; }
    /** Interval of persisting consumer offsets, topics and groups (ms). */
    public int getFlushConsumerOffsetInterval() { return flushConsumerOffsetInterval; }
    /** Interval of the ack-state snapshot (ms). */
    public int getAckSnapshotInterval() { return ackSnapshotInterval; }
    /** Threads serving sends. */
    public int getSendMessageThreadPoolNums() { return sendMessageThreadPoolNums; }
    /**
     * True: a synchronous PERSISTENT send is processed (appended, group commit run, answered) on the I/O thread of its
     * connection when none of the connection's sends is queued; false: every send on the send pool.
     */
    public boolean isSendMessageOnIoThread() { return sendMessageOnIoThread; }
    public long getMaxDestinationBacklog() { return maxDestinationBacklog; }
    public void setMaxDestinationBacklog(long v) { maxDestinationBacklog = v; }
    public ProducerFlowControl.Policy getDestinationFullPolicy() { return destinationFullPolicy; }
    public void setDestinationFullPolicy(ProducerFlowControl.Policy v) { destinationFullPolicy = v; }
    public long getFlowControlMaxHoldMillis() { return flowControlMaxHoldMillis; }
    public void setFlowControlMaxHoldMillis(long v) { flowControlMaxHoldMillis = v; }
    public void setSendMessageOnIoThread(boolean v) { sendMessageOnIoThread = v; }
    /**
     * True: a consumer's POP_MESSAGE and ACK_MESSAGE requests are processed on the I/O thread of their connection (the
     * ack record's force runs once that socket read's requests are processed, shared with any sends it brought);
     * false: on the pull and ack thread pools.
     */
    public boolean isConsumeOnIoThread() { return consumeOnIoThread; }
    public void setConsumeOnIoThread(boolean v) { consumeOnIoThread = v; }
    /** Threads serving pulls, pops when {@link #isConsumeOnIoThread()} is false, and held pops a timer wakes. */
    public int getPullMessageThreadPoolNums() { return pullMessageThreadPoolNums; }
    /** Threads serving heartbeats and admin requests, and acks when {@link #isConsumeOnIoThread()} is false. */
    public int getAdminThreadPoolNums() { return adminThreadPoolNums; }
    /** Largest accepted frame (bytes). */
    public int getServerMaxFrameLength() { return serverMaxFrameLength; }
    /** Idle time after which a silent connection is closed (s). */
    public int getServerChannelMaxIdleTimeSeconds() { return serverChannelMaxIdleTimeSeconds; }
    /** Whether AUTHENTICATE checks credentials (false: every connection is accepted). */
    public boolean isAclEnable() { return aclEnable; }
    /** Properties file {@code user=password} read at start when {@link #isAclEnable()}. */
    public String getAclUsersFile() { return aclUsersFile; }
    /** Whether an AUTHENTICATE without a user name is accepted when ACL is enabled. */
    public boolean isAclAllowAnonymous() { return aclAllowAnonymous; }
    /** Time after which an open transaction whose client's connection vanished is rolled back (ms). */
    public long getTransactionTimeoutMillis() { return transactionTimeoutMillis; }
    /** Interval of the transaction check service (ms). */
    public long getTransactionCheckIntervalMillis() { return transactionCheckIntervalMillis; }
    /**
     * Deliveries of a popped message without an ack after which it moves to the group's dead-letter topic
     * {@code %DLQ%<group>} instead of being delivered again (0 = never); groups created implicitly get
     * {@code retryMaxTimes = maxDeliveryAttempts - 1}.
     */
    public int getMaxDeliveryAttempts() { return maxDeliveryAttempts; }
    /** Interval of persisting the delivery-delay timer's checkpoint (ms). */
    public long getTimerCheckpointIntervalMillis() { return timerCheckpointIntervalMillis; }
}
