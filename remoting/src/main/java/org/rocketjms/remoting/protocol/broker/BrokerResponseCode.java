package org.rocketjms.remoting.protocol.broker;

/** Domain response codes of the broker (range 20-69); the remark always says what went wrong. */
public final class BrokerResponseCode {
    /** The topic does not exist and auto-creation is disabled. */
    public static final int TOPIC_NOT_EXIST = 20;
    /** The message is malformed or larger than {@code maxMessageSize}. */
    public static final int MESSAGE_ILLEGAL = 21;
    /** Stored, but the synchronous flush timed out: durability is not confirmed. */
    public static final int FLUSH_DISK_TIMEOUT = 22;
    /** The disk is too full; sends are refused. */
    public static final int DISK_FULL = 23;
    /** The store is not available (starting, stopping or failed). */
    public static final int SERVICE_NOT_AVAILABLE = 24;
    /** No (matching) message now; the response header carries the offsets. */
    public static final int PULL_NOT_FOUND = 25;
    /** The requested offset is out of range; continue at the header's nextBeginOffset. */
    public static final int PULL_OFFSET_MOVED = 26;
    /** Nothing found for a query. */
    public static final int QUERY_NOT_FOUND = 28;
    /** The subscription expression (selector or tags) does not parse; the remark has the reason. */
    public static final int SUBSCRIPTION_PARSE_FAILED = 29;
    /** A receipt handle is unknown or stale (the message was redelivered or acked meanwhile). */
    public static final int RECEIPT_HANDLE_INVALID = 30;
    /** No committed offset exists for the group and queue. */
    public static final int CONSUMER_OFFSET_NOT_FOUND = 31;
    /** A request parameter is invalid; the remark says which. */
    public static final int INVALID_REQUEST = 32;
    /** Storing the message failed for another reason. */
    public static final int STORE_ERROR = 33;
    /** The JMS client ID is held by another connection. */
    public static final int CLIENT_ID_IN_USE = 34;
    /** Authentication failed or the caller may not do this (e.g. delete another connection's temporary topic). */
    public static final int NO_PERMISSION = 35;
    /** END_TRANSACTION named a transaction the broker no longer knows (already rolled back by the check service). */
    public static final int TRANSACTION_NOT_FOUND = 36;

    /** XA: the broker does not know the branch (XAER_NOTA). */
    public static final int XA_NOT_FOUND = 40;
    /** XA: the call is not allowed in the branch's state (XAER_PROTO). */
    public static final int XA_PROTOCOL_ERROR = 41;
    /** XA: XA_START without TMJOIN/TMRESUME for a branch that exists (XAER_DUPID). */
    public static final int XA_DUPLICATE_ID = 42;
    /** XA: the branch was rolled back (rollback-only after TMFAIL, or an acked message was lost) (XA_RBROLLBACK). */
    public static final int XA_ROLLED_BACK = 43;
    /** XA: the broker rolled the branch back because its timeout passed (XA_RBTIMEOUT). */
    public static final int XA_TIMED_OUT = 44;
    /** XA: invalid arguments (XAER_INVAL). */
    public static final int XA_INVALID = 45;
    /** XA_PREPARE: the branch did no work and is forgotten (XA_RDONLY). */
    public static final int XA_READ_ONLY = 46;
    /**
     * SEND: the destination holds more messages its consumers have not acknowledged than the broker's
     * {@code maxDestinationBacklog} allows (policy FAIL); the message was not stored.
     */
    public static final int DESTINATION_FULL = 47;

    private BrokerResponseCode() {
    }
}
