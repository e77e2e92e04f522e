package org.rocketjms.store.config;

/** When an append counts as durable. */
public enum FlushDiskType {
    /** The append completes after the record was forced to disk; concurrent appends share one force (group commit). */
    SYNC_FLUSH,
    /** The append completes once the record is in the page cache; a background thread forces periodically. */
    ASYNC_FLUSH
}
