package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Settings of one {@link ClientInstance}: where the name servers are, who the client is, and the timing and
 * flow-control knobs of producers and consumers.
 *
 * <p>A plain mutable bean that is read when the instance starts (and by producers and consumers when they
 * are created); change it before {@link ClientInstance#start()}. The name server list comes from a connection
 * URL {@code rocketjms://host:port[;host:port...]} parsed by {@link #parseUrl(String)}, which rejects malformed
 * URLs with an {@link IllegalArgumentException} saying what is wrong.
 */
public final class ClientConfig {

    /** System property whose value {@code false} makes synchronous sends use the shared connection by default. */
    public static final String SYNC_SENDS_ON_CALLER_THREAD_PROPERTY = "rocketjms.syncSendsOnCallerThread";

    /** System property whose value {@code false} makes every pipelined send a request of its own by default. */
    public static final String COALESCE_PIPELINED_SENDS_PROPERTY = "rocketjms.coalescePipelinedSends";

    /** The URL scheme of RocketJMS connection URLs. */
    public static final String SCHEME = "rocketjms://";

    private List<String> namesrvAddresses;
    private String clientId = "rocketjms-" + UUID.randomUUID();
    private long pollNameServerIntervalMillis = 30_000;
    private long heartbeatBrokerIntervalMillis = 10_000;
    private long reconnectIntervalMillis = 1_000;
    private int connectionLossThreshold = 3;
    private long sendMsgTimeoutMillis = 3_000;
    private int retryTimesWhenSendFailed = 2;
    private long faultPenaltyMillis = 30_000;
    private long slowSendThresholdMillis = 550;
    private int pullBatchSize = 32;
    private int popBatchSize = 16;
    private int prefetchMessages = 64;
    private int asyncSendWindow = 32;
    private boolean syncSendsOnCallerThread = defaultSyncSendsOnCallerThread();
    private boolean coalescePipelinedSends = defaultCoalescePipelinedSends();
    private long prefetchBytes = 16L * 1024 * 1024;
    private long longPollSuspendMillis = 20_000;
    private long popInvisibleTimeMillis = 60_000;
    private long onDemandIdleReleaseMillis = 25;
    private long requestTimeoutMillis = 5_000;
    private String userName;
    private String password;

    /** Creates a configuration for the name servers of {@code url} ({@code rocketjms://host:port[;...]}). */
    public ClientConfig(String url) {
        this.namesrvAddresses = parseUrl(url);
    }

    /**
     * Parses a connection URL into its {@code host:port} name server addresses, in order.
     *
     * @throws IllegalArgumentException if the URL is null, lacks the scheme, or an entry is not {@code host:port}
     *                                  with a port between 1 and 65535
     */
    public static List<String> parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("connection URL is missing; expected " + SCHEME + "host:port[;host:port...]");
        }
        String u = url.trim();
        if (!u.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw new IllegalArgumentException("connection URL '" + url + "' must start with " + SCHEME);
        }
        String rest = u.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            if (!rest.substring(slash).equals("/")) {
                throw new IllegalArgumentException("connection URL '" + url + "' must not have a path");
            }
            rest = rest.substring(0, slash);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("connection URL '" + url + "' names no host:port");
        }
        List<String> out = new ArrayList<>();
        for (String part : rest.split(";", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("connection URL '" + url + "' has an empty entry in its host list");
            }
            int colon = p.lastIndexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("'" + p + "' in connection URL '" + url + "' is not host:port");
            }
            String host = p.substring(0, colon);
            if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
                throw new IllegalArgumentException("IPv6 host '" + host + "' in connection URL '" + url
                        + "' must be written in brackets");
            }
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port of '" + p + "' in connection URL '" + url
                        + "' is not a number", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " in connection URL '" + url
                        + "' is outside 1..65535");
            }
            out.add(host + ':' + port);
        }
        return Collections.unmodifiableList(out);
    }

    /** Checks that every setting is in range; throws IllegalArgumentException naming the setting. */
    public void validate() {
        requirePositive("pollNameServerIntervalMillis", pollNameServerIntervalMillis);
        requirePositive("heartbeatBrokerIntervalMillis", heartbeatBrokerIntervalMillis);
        requirePositive("reconnectIntervalMillis", reconnectIntervalMillis);
        requirePositive("connectionLossThreshold", connectionLossThreshold);
        requirePositive("sendMsgTimeoutMillis", sendMsgTimeoutMillis);
        requirePositive("pullBatchSize", pullBatchSize);
        requirePositive("popBatchSize", popBatchSize);
        requirePositive("prefetchMessages", prefetchMessages);
        requirePositive("asyncSendWindow", asyncSendWindow);
        requirePositive("prefetchBytes", prefetchBytes);
        requirePositive("popInvisibleTimeMillis", popInvisibleTimeMillis);
        requirePositive("onDemandIdleReleaseMillis", onDemandIdleReleaseMillis);
        requirePositive("requestTimeoutMillis", requestTimeoutMillis);
        if (retryTimesWhenSendFailed < 0 || longPollSuspendMillis < 0 || faultPenaltyMillis < 0) {
            throw new IllegalArgumentException("retryTimesWhenSendFailed, longPollSuspendMillis and faultPenaltyMillis"
                    + " must not be negative");
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
    }

    private static void requirePositive(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + v);
        }
    }

    /** Name server addresses ({@code host:port}), in URL order. */
    public List<String> getNamesrvAddresses() {
        return namesrvAddresses;
    }

    /** Replaces the name server list with the one of {@code url}. */
    public void setUrl(String url) {
        this.namesrvAddresses = parseUrl(url);
    }

    /** The client id: identifies this client (one JMS connection) to the brokers; owner of its in-flight messages. */
    public String getClientId() {
        return clientId;
    }

    /** Sets the client id (default: a random {@code rocketjms-<uuid>}). */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** How often cached topic routes are refreshed from the name server (default 30 s). */
    public long getPollNameServerIntervalMillis() {
        return pollNameServerIntervalMillis;
    }

    /** Sets the route refresh interval. */
    public void setPollNameServerIntervalMillis(long v) {
        this.pollNameServerIntervalMillis = v;
    }

    /** How often every broker gets a heartbeat (default 10 s). */
    public long getHeartbeatBrokerIntervalMillis() {
        return heartbeatBrokerIntervalMillis;
    }

    /** Sets the heartbeat interval. */
    public void setHeartbeatBrokerIntervalMillis(long v) {
        this.heartbeatBrokerIntervalMillis = v;
    }

    /** While a broker is unreachable, how often it is probed again (default 1 s). */
    public long getReconnectIntervalMillis() {
        return reconnectIntervalMillis;
    }

    /** Sets the probe interval used during an outage. */
    public void setReconnectIntervalMillis(long v) {
        this.reconnectIntervalMillis = v;
    }

    /** Consecutive failed heartbeat rounds after which the connection counts as lost (default 3). */
    public int getConnectionLossThreshold() {
        return connectionLossThreshold;
    }

    /** Sets the number of failed heartbeat rounds that make a connection loss. */
    public void setConnectionLossThreshold(int v) {
        this.connectionLossThreshold = v;
    }

    /** Default timeout of a synchronous send, all retries included (default 3000 ms). */
    public long getSendMsgTimeoutMillis() {
        return sendMsgTimeoutMillis;
    }

    /** Sets the default send timeout. */
    public void setSendMsgTimeoutMillis(long v) {
        this.sendMsgTimeoutMillis = v;
    }

    /** Extra attempts after a send failed by timeout or connection failure (default 2). */
    public int getRetryTimesWhenSendFailed() {
        return retryTimesWhenSendFailed;
    }

    /** Sets the number of send retries. */
    public void setRetryTimesWhenSendFailed(int v) {
        this.retryTimesWhenSendFailed = v;
    }

    /** How long a broker that failed a send is avoided by producers (default 30 s). */
    public long getFaultPenaltyMillis() {
        return faultPenaltyMillis;
    }

    /** Sets the penalty period of a failed broker. */
    public void setFaultPenaltyMillis(long v) {
        this.faultPenaltyMillis = v;
    }

    /** A send slower than this marks its broker slow, avoided for a while (default 550 ms). */
    public long getSlowSendThresholdMillis() {
        return slowSendThresholdMillis;
    }

    /** Sets the slow-send threshold. */
    public void setSlowSendThresholdMillis(long v) {
        this.slowSendThresholdMillis = v;
    }

    /** Most messages one PULL returns (default 32). */
    public int getPullBatchSize() {
        return pullBatchSize;
    }

    /** Sets the pull batch size. */
    public void setPullBatchSize(int v) {
        this.pullBatchSize = v;
    }

    /** Most messages one POP asks for (default 16; never more than the free prefetch room). */
    public int getPopBatchSize() {
        return popBatchSize;
    }

    /** Sets the pop batch size. */
    public void setPopBatchSize(int v) {
        this.popBatchSize = v;
    }

    /**
     * On-demand consumers (competing consumers of a queue that receive synchronously or through a session's
     * listener): messages fetched in a batch and not taken by the application for this many milliseconds are
     * released to the broker, unseen, so the other consumers of the queue can have them (default 25). Consumers
     * that keep up get batches of up to {@link #getPopBatchSize()}; a consumer slower than this gets one message
     * per POP.
     */
    public long getOnDemandIdleReleaseMillis() {
        return onDemandIdleReleaseMillis;
    }

    /** Sets {@link #getOnDemandIdleReleaseMillis()}. */
    public void setOnDemandIdleReleaseMillis(long v) {
        this.onDemandIdleReleaseMillis = v;
    }

    /** A pop consumer stops fetching while its buffer holds this many messages (default 64). */
    public int getPrefetchMessages() {
        return prefetchMessages;
    }

    /** Sets the prefetch message limit. */
    public void setPrefetchMessages(int v) {
        this.prefetchMessages = v;
    }

    /** A pop consumer stops fetching while its buffer holds this many body bytes (default 16 MiB). */
    public long getPrefetchBytes() {
        return prefetchBytes;
    }

    /** Sets the prefetch byte limit. */
    public void setPrefetchBytes(long v) {
        this.prefetchBytes = v;
    }

    /** How long the broker may hold a pull or pop while nothing is available (default 20 s). */
    public long getLongPollSuspendMillis() {
        return longPollSuspendMillis;
    }

    /** Sets the long-poll suspend time. */
    public void setLongPollSuspendMillis(long v) {
        this.longPollSuspendMillis = v;
    }

    /**
     * Asynchronous sends ({@link ProducerCore#sendPipelined}) one producer has in flight at most (default 32; 1 = one
     * at a time).
     */
    public int getAsyncSendWindow() {
        return asyncSendWindow;
    }

    /** Sets the asynchronous send window per producer. */
    public void setAsyncSendWindow(int v) {
        this.asyncSendWindow = v;
    }

    /**
     * The default of {@link #isSyncSendsOnCallerThread()}: true unless the system property
     * {@value #SYNC_SENDS_ON_CALLER_THREAD_PROPERTY} is {@code false}.
     */
    public static boolean defaultSyncSendsOnCallerThread() {
        return onUnlessFalse(SYNC_SENDS_ON_CALLER_THREAD_PROPERTY);
    }

    /**
     * Whether a producer's synchronous sends (from its second on) go over a connection of its own that the sending
     * thread writes and reads itself, without the event loop's two hand-offs per round trip (default true).
     */
    public boolean isSyncSendsOnCallerThread() {
        return syncSendsOnCallerThread;
    }

    /** See {@link #isSyncSendsOnCallerThread()}. */
    public void setSyncSendsOnCallerThread(boolean v) {
        this.syncSendsOnCallerThread = v;
    }

    /** A switch that is on unless the system property {@code name} is {@code false}. */
    private static boolean onUnlessFalse(String name) {
        return !"false".equalsIgnoreCase(System.getProperty(name, "true").trim());
    }

    /**
     * The default of {@link #isCoalescePipelinedSends()}: true unless the system property
     * {@value #COALESCE_PIPELINED_SENDS_PROPERTY} is {@code false}.
     */
    public static boolean defaultCoalescePipelinedSends() {
        return onUnlessFalse(COALESCE_PIPELINED_SENDS_PROPERTY);
    }

    /**
     * Whether pipelined sends (NON_PERSISTENT sends that do not wait, sends with a CompletionListener) made while an
     * earlier one of the session is unanswered leave together in one request when the answer arrives (default true;
     * see {@link SendCoalescer}).
     */
    public boolean isCoalescePipelinedSends() {
        return coalescePipelinedSends;
    }

    /** See {@link #isCoalescePipelinedSends()}. */
    public void setCoalescePipelinedSends(boolean v) {
        this.coalescePipelinedSends = v;
    }

    /** How long popped messages stay invisible to other consumers unless acked (default 60 s). */
    public long getPopInvisibleTimeMillis() {
        return popInvisibleTimeMillis;
    }

    /** Sets the pop invisible time. */
    public void setPopInvisibleTimeMillis(long v) {
        this.popInvisibleTimeMillis = v;
    }

    /** Timeout of control requests (route lookups, heartbeats, acks, offsets; default 5000 ms). */
    public long getRequestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    /** Sets the control request timeout. */
    public void setRequestTimeoutMillis(long v) {
        this.requestTimeoutMillis = v;
    }

    /** User name for authentication (carried for the broker's future ACL), or null. */
    public String getUserName() {
        return userName;
    }

    /** Sets the user name. */
    public void setUserName(String userName) {
        this.userName = userName;
    }

    /** Password for authentication (carried for the broker's future ACL), or null. */
    public String getPassword() {
        return password;
    }

    /** Sets the password. */
    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public String toString() {
        return "ClientConfig[namesrv=" + namesrvAddresses + ", clientId=" + clientId + ']';
    }
}
