package org.rocketjms.store;

/** Outcome of an append. Only {@link #PUT_OK} means the message is stored (and durable under the flush policy). */
public enum PutMessageStatus {
    PUT_OK,
    /** Written, but the synchronous flush did not finish within {@code syncFlushTimeout}. */
    FLUSH_DISK_TIMEOUT,
    /** The message is malformed or too large; the remark says why. */
    MESSAGE_ILLEGAL,
    /** The store is not running (not started, shutting down, or a fatal I/O error). */
    SERVICE_NOT_AVAILABLE,
    /** Disk usage is above {@code diskSpaceWarningLevelRatio}; sends are refused until space returns. */
    DISK_FULL,
    /** A new commit-log file could not be created. */
    CREATE_MAPPED_FILE_FAILED,
    UNKNOWN_ERROR
}
