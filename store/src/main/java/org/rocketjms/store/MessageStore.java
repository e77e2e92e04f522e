package org.rocketjms.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The storage engine facade used by the broker: append, read by consume queue, query by key, offsets.
 * Implementations guarantee the durability contract: a put whose future completed with {@code PUT_OK} (and
 * {@code waitStoreMsgOK}) under SYNC_FLUSH survives a crash of the process or the machine.
 */
public interface MessageStore extends AutoCloseable {
    /** Loads files and recovers (normal or after a crash); false if the data cannot be used. */
    boolean load();

    void start();

    void shutdown();

    @Override
    default void close() {
        shutdown();
    }

    CompletableFuture<PutMessageResult> putMessage(StoreMessage msg);

    /** Appends several messages contiguously; readers see all of them or none. */
    CompletableFuture<PutMessageResult> putMessages(List<StoreMessage> batch);

    /**
     * {@link #putMessages(List)} for a request thread that calls {@link #flushPending()} right after, outside every
     * lock it holds: under SYNC_FLUSH that thread then makes the batch durable itself when no flush is running,
     * instead of handing it to the flush thread and waiting to be woken.
     */
    default CompletableFuture<PutMessageResult> putMessages(List<StoreMessage> batch, boolean callerFlushes) {
        return putMessages(batch);
    }

    /**
     * Runs a pending group commit in the calling thread if none runs (see {@link #putMessages(List, boolean)}), and
     * ends a {@link #deferFlushToCaller()} of this thread.
     */
    default void flushPending() {
    }

    /**
     * Until this thread calls {@link #flushPending()}, every append it makes (also those made for it deep inside
     * other components, e.g. ack-log records) behaves as {@code putMessages(batch, true)}: the flush thread is not
     * woken for it. A request processor that ends each request with {@code flushPending()} in a {@code finally}
     * uses it; anything else must not, or its appends wait until {@code syncFlushTimeout}.
     */
    default void deferFlushToCaller() {
    }

    /** True between this thread's {@link #deferFlushToCaller()} and its next {@link #flushPending()}. */
    default boolean isFlushDeferred() {
        return false;
    }

    /** Reads up to {@code maxMsgNums} messages of a queue from {@code offset}; filter may be null. */
    GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, MessageFilter filter);

    long getMinOffsetInQueue(String topic, int queueId);

    /** Next logical offset of the queue (0 if it does not exist). */
    long getMaxOffsetInQueue(String topic, int queueId);

    /** First logical offset whose message was stored at or after {@code timestamp}. */
    long getOffsetInQueueByTime(String topic, int queueId, long timestamp);

    /** Messages of {@code topic} whose KEYS or UNIQ_KEY contain {@code key}, stored in [begin, end]. */
    List<StoredMessage> queryMessage(String topic, String key, int maxNum, long begin, long end);

    /** The record at a commit-log offset, or null. */
    StoredMessage lookMessageByOffset(long commitLogOffset);

    long getMinPhyOffset();

    long getMaxPhyOffset();

    /** Commit-log offset up to which the dispatcher has updated consume queues and index. */
    long dispatchedOffset();

    void setMessageArrivingListener(MessageArrivingListener listener);

    /** Drops the consume queues of a topic (its commit-log records stay until retention). */
    void deleteTopic(String topic);

    /**
     * Commit-log offset of the first message at or after {@code queueOffset} in the queue (fillers skipped), or -1 if
     * the queue holds no message there (unknown queue, or at or past its end).
     */
    long getCommitLogOffsetInQueue(String topic, int queueId, long queueOffset);

    /** Every (topic, queue ids) that has a consume queue. A snapshot. */
    java.util.Map<String, java.util.Set<Integer>> consumeQueueIds();

    /**
     * Installs what tells retention how far the commit log may be deleted (see {@link RetentionGuard}); null = no
     * guard (the store alone knows no consumers: every file past {@code fileReservedTime} or, above
     * {@code diskMaxUsedSpaceRatio}, every file but the active one may go).
     */
    void setRetentionGuard(RetentionGuard guard);

    /** Runs retention now regardless of {@code deleteWhen}. */
    void executeDeleteFilesManually();

    /** Flush and group-commit counters. */
    StoreStats stats();

    /** Whether sends are being refused because the disk is too full. */
    boolean isDiskFull();
}
