package org.rocketjms.store;

/** Outcome of a read from a consume queue; every out-of-range request gets a status, never an exception. */
public enum GetMessageStatus {
    /** At least one message returned. */
    FOUND,
    /** Entries were examined but the filter matched none of them; continue from {@code nextBeginOffset}. */
    NO_MATCHED_MESSAGE,
    /** The entries point at commit-log records already deleted by retention. */
    MESSAGE_WAS_REMOVING,
    /** The offset is below the queue's minimum; restart from {@code nextBeginOffset}. */
    OFFSET_TOO_SMALL,
    /** The offset equals the queue's maximum: nothing new yet (a long poll waits here). */
    OFFSET_OVERFLOW_ONE,
    /** The offset is beyond the queue's maximum. */
    OFFSET_OVERFLOW_BADLY,
    /** The queue exists but holds no message. */
    NO_MESSAGE_IN_QUEUE,
    /** No such topic/queue. */
    NO_MATCHED_LOGIC_QUEUE,
    /** The store is not running. */
    SERVICE_NOT_AVAILABLE
}
