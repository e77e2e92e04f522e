package org.rocketjms.remoting.protocol.broker;

/** Request codes served by the broker (range 300-399). A code keeps its meaning forever once released. */
public final class BrokerRequestCode {
    /** Send one message; header {@link SendMessageRequestHeader}, body = message body. */
    public static final int SEND_MESSAGE = 300;
    /** Send several messages to one queue atomically; header {@link SendMessageRequestHeader}, body {@link MessageBatchCodec}. */
    public static final int SEND_BATCH_MESSAGE = 301;
    /** Read a queue by offset (long polling); header {@link PullMessageRequestHeader}. */
    public static final int PULL_MESSAGE = 302;
    /** Take available messages with a receipt (per-message ack); header {@link PopMessageRequestHeader}. */
    public static final int POP_MESSAGE = 303;
    /** Acknowledge popped messages; header {@link AckMessageRequestHeader}, body {@link ReceiptHandleListCodec}. */
    public static final int ACK_MESSAGE = 304;
    /** Make popped messages visible again now (0) or later; header {@link ChangeInvisibleTimeRequestHeader}. */
    public static final int CHANGE_INVISIBLE_TIME = 305;
    /** Client liveness and its producer/consumer groups; body {@link HeartbeatData}. */
    public static final int HEARTBEAT = 306;
    /** A client leaves: its in-flight messages are released at once; header {@link UnregisterClientRequestHeader}. */
    public static final int UNREGISTER_CLIENT = 307;
    /** Header {@link ConsumerOffsetRequestHeader}; response {@link OffsetResponseHeader}. */
    public static final int QUERY_CONSUMER_OFFSET = 308;
    /** Header {@link ConsumerOffsetRequestHeader} with an offset. */
    public static final int UPDATE_CONSUMER_OFFSET = 309;
    /** Header {@link QueueRequestHeader}; response {@link OffsetResponseHeader}. */
    public static final int GET_MIN_OFFSET = 310;
    /** Header {@link QueueRequestHeader}; response {@link OffsetResponseHeader}. */
    public static final int GET_MAX_OFFSET = 311;
    /** Header {@link SearchOffsetRequestHeader}; response {@link OffsetResponseHeader}. */
    public static final int SEARCH_OFFSET_BY_TIMESTAMP = 312;
    /** Header {@link QueryMessageRequestHeader}; response body {@link MessageListCodec}. */
    public static final int QUERY_MESSAGE = 313;
    /** Header {@link ViewMessageRequestHeader}; response body {@link MessageListCodec} with one message. */
    public static final int VIEW_MESSAGE_BY_OFFSET = 314;
    /** Header {@link TopicConfigHeader}. */
    public static final int UPDATE_AND_CREATE_TOPIC = 315;
    /** Header {@link TopicRequestHeader}; response {@link TopicConfigHeader}. */
    public static final int GET_TOPIC_CONFIG = 316;
    /** Removes a topic, its queues and every subscription state on it; header {@link TopicRequestHeader}. */
    public static final int DELETE_TOPIC = 317;
    /**
     * Removes a consumer group's state (acks, in-flight, offsets) on one topic or, without a topic, everywhere
     * (e.g. a JMS unsubscribe); header {@link DeleteSubscriptionGroupRequestHeader}.
     */
    public static final int DELETE_SUBSCRIPTION_GROUP = 318;
    /** Creates or changes a consumer group's settings; header {@link SubscriptionGroupHeader}. */
    public static final int UPDATE_AND_CREATE_SUBSCRIPTION_GROUP = 319;
    /**
     * Claims a JMS client ID for the calling connection (JMS: a client ID is unique across the broker); header
     * {@link ClientIdRequestHeader}; answered CLIENT_ID_IN_USE if another live connection holds it. The claim ends
     * with RELEASE_CLIENT_ID, UNREGISTER_CLIENT of its owner, or when the owner's connection closes.
     */
    public static final int CLAIM_CLIENT_ID = 320;
    /** Gives a claimed JMS client ID back; header {@link ClientIdRequestHeader}. */
    public static final int RELEASE_CLIENT_ID = 321;
    /**
     * Checks a user name and password (header {@link AuthenticateRequestHeader}); answered SUCCESS or NO_PERMISSION
     * with the remark "invalid user name or password". A successful check marks the connection authenticated.
     */
    public static final int AUTHENTICATE = 322;
    /**
     * Ends a local transaction (header {@link EndTransactionRequestHeader}): commit publishes its half messages and
     * applies the acks of the optional body ({@link TransactionAckListCodec}) together; rollback discards the half
     * messages and makes the listed messages visible again. Answered once the outcome is durable.
     */
    public static final int END_TRANSACTION = 323;

    /**
     * Begins (flags TMNOFLAGS), joins (TMJOIN) or resumes (TMRESUME) work on an XA branch; header
     * {@link XaRequestHeader} with the branch's timeout. Answered XA_DUPLICATE_ID, XA_NOT_FOUND, XA_PROTOCOL_ERROR or
     * an XA_ROLLED_BACK/XA_TIMED_OUT code when the broker already rolled the branch back.
     */
    public static final int XA_START = 324;
    /**
     * Ends one association with an XA branch (TMSUCCESS, TMFAIL = rollback-only, TMSUSPEND); header
     * {@link XaRequestHeader}, body {@link TransactionAckListCodec}: the messages the session consumed in it, acked when
     * the branch commits.
     */
    public static final int XA_END = 325;
    /**
     * Prepares an XA branch: its half messages and acks are written durably before the answer (SUCCESS), or the
     * branch had no work (XA_READ_ONLY, and it is forgotten); header {@link XaRequestHeader}.
     */
    public static final int XA_PREPARE = 326;
    /** Commits an XA branch, prepared or (onePhase) not; header {@link XaRequestHeader}. Answered once durable. */
    public static final int XA_COMMIT = 327;
    /** Rolls back an XA branch, prepared or not; header {@link XaRequestHeader}. */
    public static final int XA_ROLLBACK = 328;
    /** Lists the prepared XA branches; response body {@link XaBranchListCodec}. */
    public static final int XA_RECOVER = 329;
    /** Forgets a heuristically completed XA branch; header {@link XaRequestHeader}. */
    public static final int XA_FORGET = 330;

    private BrokerRequestCode() {
    }
}
