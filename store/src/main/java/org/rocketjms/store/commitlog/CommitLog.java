package org.rocketjms.store.commitlog;

import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;
import org.rocketjms.store.file.MappedFile;
import org.rocketjms.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The single log every message of every topic is appended to.
 *
 * <p>Appends are encoded in the caller's thread into a reused per-thread buffer, then copied into the last
 * mapped file under one lock (single writer) which also assigns queue offsets, the physical offset and the
 * store timestamp and seals the CRC. A batch is copied and published with one position update, so readers
 * see all of it or none. When a record does not fit in the current file, the rest of the file is filled with
 * an end-of-file marker and the record goes to the next file. The returned future completes when the record
 * is durable under the flush policy ({@link GroupCommitService} for SYNC_FLUSH).
 */
public final class CommitLog {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);

    private final MessageStoreConfig config;
    private final MappedFileQueue mappedFileQueue;
    private final ReentrantLock putLock = new ReentrantLock();
    /** Next queue offset per "topic-queueId"; guarded by putLock. */
    private final Map<String, Long> topicQueueTable = new HashMap<>();
    private final CRC32C crcUnderLock = new CRC32C();
    private final ThreadLocal<EncodeBuffer> encodeBuffers;
    private final FlushService flushService;
    private volatile Runnable appendListener = () -> { };
    private volatile long lastPutTimestamp;

    public CommitLog(MessageStoreConfig config) {
        this.config = config;
        this.mappedFileQueue = new MappedFileQueue(config.commitLogDir(), config.getMappedFileSizeCommitLog(),
                config.isWarmMapedFileEnable());
        this.mappedFileQueue.setPreallocateNext(true);
        // only forces per append gain from blocks allocated ahead; ASYNC_FLUSH writes back in bulk, where zero-filling
        // would only double the bytes written (StoreBenchmark: ASYNC 1 writer 518 -> 331 MB/s with it)
        this.mappedFileQueue.setFillAheadBytes(config.getFlushDiskType() == FlushDiskType.SYNC_FLUSH
                ? config.getCommitLogFillAheadBytes() : 0);
        int initial = Math.min(config.getMaxMessageSize() + 4096, 1024 * 1024);
        this.encodeBuffers = ThreadLocal.withInitial(() -> new EncodeBuffer(initial));
        this.flushService = config.getFlushDiskType() == FlushDiskType.SYNC_FLUSH
                ? new GroupCommitService(mappedFileQueue, config.getSyncFlushTimeout(), config.getLazyFlushMaxDelayMillis())
                : new AsyncFlushService(mappedFileQueue, config);
    }

    /** Maps existing files (positions "full" until recovery sets the real end). */
    public boolean load() {
        return mappedFileQueue.load();
    }

    public void start() {
        flushService.start();
    }

    public void shutdown() {
        flushService.shutdown();
        mappedFileQueue.flushAll();
    }

    /** Called after every append (the dispatcher's wake-up). */
    public void setAppendListener(Runnable listener) {
        this.appendListener = listener;
    }

    /** Appends one message. */
    public CompletableFuture<PutMessageResult> putMessage(StoreMessage msg) {
        return putMessages(List.of(msg));
    }

    /**
     * Appends a batch: all records land contiguously in one file and become visible together. The batch's
     * durability wait is the strictest of its messages ({@code waitStoreMsgOK}).
     */
    public CompletableFuture<PutMessageResult> putMessages(List<StoreMessage> batch) {
        return putMessages(batch, false);
    }

    /**
     * {@link #putMessages(List)}; with {@code callerFlushes} the caller promises to call {@link #flushPending()}
     * right after (outside any lock it holds), so the flush thread is not woken for this batch.
     */
    public CompletableFuture<PutMessageResult> putMessages(List<StoreMessage> batch, boolean callerFlushes) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(PutMessageResult.failure(PutMessageStatus.MESSAGE_ILLEGAL,
                    "empty batch"));
        }
        EncodeBuffer eb = encodeBuffers.get();
        String error = eb.encode(batch, config.getMaxMessageSize(), mappedFileQueue.getMappedFileSize());
        if (error != null) {
            return CompletableFuture.completedFuture(PutMessageResult.failure(PutMessageStatus.MESSAGE_ILLEGAL, error));
        }
        boolean waitFlush = false;
        boolean forced = false;
        boolean lazy = true; // every message that waits for the force lets it wait for one that runs anyway
        for (StoreMessage m : batch) {
            waitFlush |= m.isWaitStoreMsgOK();
            forced |= m.isForcedUnderAnyFlushType();
            lazy &= !m.isWaitStoreMsgOK() || m.isLazyFlush();
        }
        PutMessageResult result;
        long endOffset;
        putLock.lock();
        try {
            result = appendLocked(eb, batch);
            endOffset = result.isOk() ? result.wroteOffset() + result.wroteBytes() : -1;
        } finally {
            putLock.unlock();
        }
        if (!result.isOk()) {
            return CompletableFuture.completedFuture(result);
        }
        appendListener.run();
        return flushService.awaitDurable(result, endOffset, batch.size(), waitFlush || forced, forced, callerFlushes,
                lazy && !forced);
    }

    /** Runs a group-commit round in the calling thread if requests wait and none runs; see GroupCommitService. */
    public void flushPending() {
        flushService.flushPending();
    }

    private PutMessageResult appendLocked(EncodeBuffer eb, List<StoreMessage> batch) {
        int total = eb.buffer.position();
        MappedFile mf = mappedFileQueue.getLastMappedFile(0, true);
        int pos = mf.getWritePositionForWriter();
        if (pos + total + RecordLayout.END_FILE_MIN_BLANK_LENGTH > mf.getFileSize()) {
            int rest = mf.getFileSize() - pos;
            ByteBuffer blank = ByteBuffer.allocate(RecordLayout.END_FILE_MIN_BLANK_LENGTH);
            blank.putInt(rest).putInt(RecordLayout.BLANK_MAGIC).flip();
            mf.writeAt(pos, blank);
            mf.setPositions(mf.getFileSize(), mf.getFlushedPosition());
            mf = mappedFileQueue.getLastMappedFile(0, true);
            pos = mf.getWritePositionForWriter();
            if (pos + total + RecordLayout.END_FILE_MIN_BLANK_LENGTH > mf.getFileSize()) {
                return PutMessageResult.failure(PutMessageStatus.MESSAGE_ILLEGAL, "batch of " + total
                        + " bytes does not fit in a commit-log file of " + mf.getFileSize() + " bytes");
            }
        }
        long storeTimestamp = System.currentTimeMillis();
        if (storeTimestamp < lastPutTimestamp) {
            storeTimestamp = lastPutTimestamp; // keep store timestamps monotonic for time lookups
        }
        lastPutTimestamp = storeTimestamp;
        long wroteOffset = mf.getFileFromOffset() + pos;
        long firstQueueOffset = -1;
        ByteBuffer buf = eb.buffer;
        Map<String, Long> before = new HashMap<>(4);
        for (int i = 0; i < batch.size(); i++) {
            StoreMessage m = batch.get(i);
            String key = m.getTopic() + '-' + m.getQueueId();
            long queueOffset = topicQueueTable.getOrDefault(key, 0L);
            if (MessageFlags.isConsumable(m.getFlags())) {
                before.putIfAbsent(key, queueOffset);
                topicQueueTable.put(key, queueOffset + 1);
            } else {
                queueOffset = 0; // half and rollback records take no queue slot
            }
            if (i == 0) {
                firstQueueOffset = queueOffset;
            }
            int start = eb.starts[i];
            RecordCodec.seal(buf, start, queueOffset, wroteOffset + start, storeTimestamp, crcUnderLock);
        }
        ByteBuffer src = buf.duplicate();
        src.flip();
        try {
            mf.appendBytes(src, true);
        } catch (UncheckedIOException e) {
            topicQueueTable.putAll(before); // nothing was stored: the queue offsets stay where they were
            LOG.error("appending {} message(s) to the commit log failed", batch.size(), e);
            return PutMessageResult.failure(PutMessageStatus.SERVICE_NOT_AVAILABLE, "the broker could not write"
                    + " to its commit log: " + e.getMessage());
        }
        return new PutMessageResult(PutMessageStatus.PUT_OK, null, wroteOffset, total, firstQueueOffset,
                batch.size(), storeTimestamp);
    }

    /** Reads and verifies the record at {@code physicalOffset}; null if absent or invalid. */
    public StoredMessage lookMessageByOffset(long physicalOffset, boolean readBody) {
        MappedFile mf = mappedFileQueue.findMappedFileByOffset(physicalOffset, false);
        if (mf == null || !mf.hold()) {
            return null;
        }
        try {
            int pos = (int) (physicalOffset - mf.getFileFromOffset());
            ByteBuffer view = mf.slice(0, mf.getReadPosition());
            if (view == null || pos + RecordLayout.FIXED_HEADER_SIZE > view.limit()) {
                return null;
            }
            int size = RecordCodec.check(view, pos, physicalOffset, config.getMaxMessageSize() + 64 * 1024, new CRC32C());
            if (size <= 0) {
                return null;
            }
            return RecordCodec.decode(view, pos, readBody);
        } finally {
            mf.release();
        }
    }

    /**
     * Copies {@code size} bytes of the record at {@code physicalOffset} into a heap buffer (safe to use after
     * the file is deleted); null if not readable.
     */
    public ByteBuffer copyRecord(long physicalOffset, int size) {
        MappedFile mf = mappedFileQueue.findMappedFileByOffset(physicalOffset, false);
        if (mf == null) {
            return null;
        }
        byte[] bytes = mf.copy((int) (physicalOffset - mf.getFileFromOffset()), size);
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** Store timestamp of the record at {@code physicalOffset}, or -1 if it is gone. */
    public long pickupStoreTimestamp(long physicalOffset, int size) {
        ByteBuffer b = copyRecord(physicalOffset, Math.min(size, RecordLayout.FIXED_HEADER_SIZE));
        return b == null ? -1 : b.getLong(RecordLayout.STORE_TIMESTAMP);
    }

    /**
     * Visits every verified record from {@code from} (a record boundary) to the readable end, in log order;
     * stops at the first record that fails verification. For tools, audits and tests, not the hot path.
     *
     * @return the offset where the walk stopped
     */
    public long forEachRecord(long from, java.util.function.Consumer<StoredMessage> visitor) {
        CRC32C crc = new CRC32C();
        long offset = Math.max(from, getMinOffset());
        long end = getMaxOffset();
        while (offset < end) {
            MappedFile mf = mappedFileQueue.findMappedFileByOffset(offset, false);
            if (mf == null || !mf.hold()) {
                return offset;
            }
            try {
                ByteBuffer view = mf.slice(0, mf.getReadPosition());
                int pos = (int) (offset - mf.getFileFromOffset());
                while (view != null && pos < view.limit()) {
                    int size = RecordCodec.check(view, pos, mf.getFileFromOffset() + pos,
                            config.getMaxMessageSize() + 64 * 1024, crc);
                    if (size == RecordCodec.CHECK_BLANK) {
                        pos = mf.getFileSize();
                        break;
                    }
                    if (size <= 0) {
                        return mf.getFileFromOffset() + pos;
                    }
                    visitor.accept(RecordCodec.decode(view, pos, true));
                    pos += size;
                }
                if (view == null || pos == mf.getReadPosition() && pos < mf.getFileSize()) {
                    return mf.getFileFromOffset() + pos;
                }
                offset = mf.getFileFromOffset() + pos;
            } finally {
                mf.release();
            }
        }
        return offset;
    }

    /** Sets the next queue offset of every queue (after recovery). */
    public void setTopicQueueTable(Map<String, Long> table) {
        putLock.lock();
        try {
            topicQueueTable.clear();
            topicQueueTable.putAll(table);
        } finally {
            putLock.unlock();
        }
    }

    /** Removes a queue's offset counter (topic deletion). */
    public void removeQueueFromTopicQueueTable(String topic, int queueId) {
        putLock.lock();
        try {
            topicQueueTable.remove(topic + '-' + queueId);
        } finally {
            putLock.unlock();
        }
    }

    public long getMinOffset() {
        MappedFile first = mappedFileQueue.getFirstMappedFile();
        return first == null ? 0 : first.getFileFromOffset();
    }

    public long getMaxOffset() {
        return mappedFileQueue.getMaxOffset();
    }

    public long getFlushedWhere() {
        return mappedFileQueue.getFlushedWhere();
    }

    public MappedFileQueue getMappedFileQueue() {
        return mappedFileQueue;
    }

    public FlushService getFlushService() {
        return flushService;
    }

    /**
     * Deletes expired head files lying wholly below {@code safeOffset}; see
     * {@link MappedFileQueue#deleteExpiredFilesByTime}.
     */
    public int deleteExpiredFiles(long expiredTimeMillis, boolean cleanImmediately, long safeOffset) {
        return mappedFileQueue.deleteExpiredFilesByTime(expiredTimeMillis, cleanImmediately,
                config.getDeleteCommitLogFilesMaxNum(), config.getDestroyMapedFileIntervalForcibly(), safeOffset);
    }

    /**
     * Why a message of {@code bodyLength} body bytes and {@code propertiesLength} encoded property bytes is refused
     * under {@code maxMessageSize} (the rule every put applies), or null if it fits.
     */
    public static String sizeRefusal(int bodyLength, int propertiesLength, int maxMessageSize) {
        long payload = (long) bodyLength + propertiesLength;
        if (payload <= maxMessageSize) {
            return null;
        }
        return "message of " + payload + " bytes (body " + bodyLength + " + properties " + propertiesLength
                + ") exceeds maxMessageSize " + maxMessageSize;
    }

    /** Bytes encoded by the current thread for one append; reused across appends. */
    static final class EncodeBuffer {
        ByteBuffer buffer;
        int[] starts = new int[16];
        byte[][] topics = new byte[16][];
        int[] propLens = new int[16];
        /** Last few topics encoded by this thread and their UTF-8 bytes (producers mostly repeat topics). */
        private final java.util.Map<String, byte[]> topicCache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > 64;
            }
        };

        private byte[] topicBytes(String topic) {
            byte[] b = topicCache.get(topic);
            if (b == null) {
                b = topic.getBytes(StandardCharsets.UTF_8);
                topicCache.put(topic, b);
            }
            return b;
        }

        EncodeBuffer(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        /** Encodes the batch; returns an error text or null. */
        String encode(List<StoreMessage> batch, int maxMessageSize, int fileSize) {
            if (starts.length < batch.size()) {
                starts = new int[Math.max(batch.size(), starts.length * 2)];
            }
            int total = 0;
            int n = batch.size();
            if (topics.length < n) {
                topics = new byte[Math.max(n, topics.length * 2)][];
                propLens = new int[topics.length];
            }
            for (int i = 0; i < n; i++) {
                StoreMessage m = batch.get(i);
                if (m.getTopic() == null || m.getTopic().isEmpty()) {
                    return "message has no topic";
                }
                topics[i] = topicBytes(m.getTopic());
                if (topics[i].length > RecordLayout.MAX_TOPIC_BYTES) {
                    return "topic is " + topics[i].length + " bytes; the limit is " + RecordLayout.MAX_TOPIC_BYTES;
                }
                propLens[i] = RecordCodec.propertiesLength(m.getProperties());
                String tooLarge = sizeRefusal(m.getBody().length, propLens[i], maxMessageSize);
                if (tooLarge != null) {
                    return tooLarge;
                }
                if (m.getQueueId() < 0) {
                    return "queue id " + m.getQueueId() + " is negative";
                }
                total += RecordCodec.encodedSize(m, topics[i], propLens[i]);
            }
            if (total + RecordLayout.END_FILE_MIN_BLANK_LENGTH > fileSize) {
                return "batch of " + total + " bytes exceeds the commit-log file size " + fileSize;
            }
            if (buffer.capacity() < total) {
                buffer = ByteBuffer.allocate(Math.max(total, buffer.capacity() * 2));
            }
            buffer.clear();
            for (int i = 0; i < n; i++) {
                starts[i] = buffer.position();
                RecordCodec.encode(batch.get(i), topics[i], propLens[i], buffer);
            }
            return null;
        }
    }

    /** Waits for durability of appended bytes. */
    public interface FlushService {
        void start();

        void shutdown();

        /**
         * Completes with {@code result} once bytes up to {@code endOffset} are durable: under the flush policy if
         * {@code wait}, under any policy if {@code forced}. A {@code lazy} request does not start a force of its own
         * until it waited {@code lazyFlushMaxDelayMillis} (see {@link StoreMessage#isLazyFlush()}).
         */
        CompletableFuture<PutMessageResult> awaitDurable(PutMessageResult result, long endOffset, int records,
                                                         boolean wait, boolean forced, boolean callerFlushes,
                                                         boolean lazy);

        /** Makes waiting requests durable in the calling thread if no round runs (no-op when not supported). */
        default void flushPending() {
        }

        /** Number of force() calls made so far. */
        long forceCount();

        /** Records made durable by those calls (group commit efficiency = records / forces). */
        long recordsFlushed();
    }

    static Logger log() {
        return LOG;
    }
}
