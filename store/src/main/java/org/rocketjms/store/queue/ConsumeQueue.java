package org.rocketjms.store.queue;

import org.rocketjms.store.file.MappedFile;
import org.rocketjms.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;

/**
 * The index of one queue ({@code topic}, {@code queueId}) into the commit log: entry {@code N} says where the
 * queue's {@code N}-th message lies in the commit log. Lives in {@code <consumeQueueRoot>/<topic>/<queueId>/}
 * as a {@link MappedFileQueue} of files whose size is a multiple of {@link #ENTRY_SIZE}; logical offset
 * {@code N} is stored at byte {@code N * ENTRY_SIZE} of that byte space.
 *
 * <p>Entry layout (big endian, {@value #ENTRY_SIZE} bytes): {@link #ENTRY_PHY_OFFSET} commit-log offset (long),
 * {@link #ENTRY_MSG_SIZE} record size (int), {@link #ENTRY_TAGS_CODE} tag hash code (long). A gap in logical
 * offsets is bridged with <em>filler</em> entries ({@link #FILLER_PHY_OFFSET}, {@link #FILLER_SIZE}) so that
 * every byte from the start of the first file to the end is a well-formed entry.
 *
 * <p>Guarantees: the queue is derived data, rebuilt from the commit log by re-dispatch. After
 * {@link #recover(long)} it holds exactly the prefix of valid entries below the given safe commit-log offset.
 * Threading: one writer (the dispatcher) calls {@link #putMessagePositionInfo}; any number of readers call
 * {@link #get}, {@link #read} and {@link #getOffsetInQueueByTime} concurrently, also while retention deletes
 * head files — readers hold a file while they read it and never see an unmapped buffer or an unpublished
 * entry. Structural changes (retention, recovery, gap handling, flush) are serialised by an internal lock.
 */
public final class ConsumeQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);

    /** Bytes of one entry. */
    public static final int ENTRY_SIZE = 20;
    /** Entry field (long): commit-log physical offset of the message's record. */
    public static final int ENTRY_PHY_OFFSET = 0;
    /** Entry field (int): size of the message's commit-log record. */
    public static final int ENTRY_MSG_SIZE = 8;
    /** Entry field (long): hash code of the message's tag. */
    public static final int ENTRY_TAGS_CODE = 12;

    /** Physical offset written in a filler entry. */
    public static final long FILLER_PHY_OFFSET = -1L;
    /** Size written in a filler entry. */
    public static final int FILLER_SIZE = 0;
    /** Filler entries written per append call when bridging a gap. */
    private static final int FILLER_BATCH = 256;
    /** Grace period for readers when a file must be removed (ms). */
    private static final long DESTROY_INTERVAL_FORCIBLY = 1000;

    private final String topic;
    private final int queueId;
    private final File dir;
    private final int mappedFileSize;
    private final MappedFileQueue mappedFileQueue;
    private final ReentrantLock structureLock = new ReentrantLock();

    /** Writer-only scratch buffer for one entry. */
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(ENTRY_SIZE);
    /** Writer-only buffer of {@link #FILLER_BATCH} filler entries, created on first use. */
    private ByteBuffer fillerBuffer;

    /** First logical offset readers may read. */
    private volatile long minLogicOffset;
    /** End (offset + size) of the last real entry's record, or -1. */
    private volatile long maxPhysicOffset = -1;

    /**
     * @param topic               topic name (a directory name)
     * @param queueId             queue number within the topic
     * @param consumeQueueRootDir the store's consume-queue root, e.g. {@code <storeRoot>/consumequeue}
     * @param mappedFileSize      bytes per file; a positive multiple of {@link #ENTRY_SIZE}
     */
    public ConsumeQueue(String topic, int queueId, File consumeQueueRootDir, int mappedFileSize) {
        if (mappedFileSize <= 0 || mappedFileSize % ENTRY_SIZE != 0) {
            throw new IllegalArgumentException("consume queue file size must be a positive multiple of "
                    + ENTRY_SIZE + ": " + mappedFileSize);
        }
        this.topic = topic;
        this.queueId = queueId;
        this.dir = new File(new File(consumeQueueRootDir, topic), String.valueOf(queueId));
        this.mappedFileSize = mappedFileSize;
        this.mappedFileQueue = new MappedFileQueue(dir, mappedFileSize, false);
        // an entry per message: copied into the mapping rather than a pwrite each
        mappedFileQueue.setWriteThroughMapping(true);
    }

    /** True if ({@code phyOffset}, {@code size}) is the marker of a filler entry. */
    public static boolean isFillerEntry(long phyOffset, int size) {
        return phyOffset == FILLER_PHY_OFFSET && size == FILLER_SIZE;
    }

    /**
     * Maps the existing files. Positions are unknown until {@link #recover(long)}, which the caller must call
     * next (after a clean shutdown with the commit log's end offset as the safe point).
     *
     * @return false if the files are inconsistent (wrong size, gap); the store should refuse to start
     */
    public boolean load() {
        boolean ok = mappedFileQueue.load();
        LOG.info("loaded consume queue {}-{}: {} file(s), ok={}", topic, queueId, mappedFileQueue.files().size(), ok);
        return ok;
    }

    /**
     * Keeps exactly the prefix of valid entries whose commit-log offset is below {@code safePhyOffset} and cuts
     * the rest (zeroing the cut bytes). Valid means a real entry with {@code size > 0} and
     * {@code 0 <= phyOffset < safePhyOffset}, or a complete filler. Scans from the last file whose first entry is
     * a valid real entry. Afterwards min/max logical offsets and {@link #getMaxPhysicOffset()} are right, except
     * that the min offset is the first real entry on disk: call {@link #correctMinOffset(long)} with the commit
     * log's min offset next.
     */
    public void recover(long safePhyOffset) {
        structureLock.lock();
        try {
            List<MappedFile> files = new ArrayList<>(mappedFileQueue.files());
            if (files.isEmpty()) {
                minLogicOffset = 0;
                maxPhysicOffset = -1;
                return;
            }
            int start = 0;
            for (int i = files.size() - 1; i >= 0; i--) {
                ByteBuffer raw = files.get(i).rawView();
                long phy = raw.getLong(ENTRY_PHY_OFFSET);
                int size = raw.getInt(ENTRY_MSG_SIZE);
                if (isValidReal(phy, size, safePhyOffset)) {
                    start = i;
                    break;
                }
            }
            long cut = files.get(start).getFileFromOffset();
            long lastRealEnd = -1;
            scan:
            for (int i = start; i < files.size(); i++) {
                MappedFile mf = files.get(i);
                ByteBuffer raw = mf.rawView();
                for (int pos = 0; pos + ENTRY_SIZE <= mappedFileSize; pos += ENTRY_SIZE) {
                    long phy = raw.getLong(pos + ENTRY_PHY_OFFSET);
                    int size = raw.getInt(pos + ENTRY_MSG_SIZE);
                    if (isValidReal(phy, size, safePhyOffset)) {
                        lastRealEnd = phy + size;
                    } else if (!isFillerEntry(phy, size)) {
                        break scan;
                    }
                    cut = mf.getFileFromOffset() + pos + ENTRY_SIZE;
                }
            }
            mappedFileQueue.setPositionsFromEnd(cut);
            long max = cut / ENTRY_SIZE;
            maxPhysicOffset = lastRealEnd >= 0 ? lastRealEnd : findLastRealEndBefore(max);
            minLogicOffset = findFirstRealFrom(mappedFileQueue.getMinOffset() / ENTRY_SIZE, max);
            LOG.info("recovered consume queue {}-{} against safe offset {}: logical [{}, {}), max physic offset {}",
                    topic, queueId, safePhyOffset, minLogicOffset, max, maxPhysicOffset);
        } finally {
            structureLock.unlock();
        }
    }

    private static boolean isValidReal(long phy, int size, long safePhyOffset) {
        return size > 0 && phy >= 0 && phy < safePhyOffset;
    }

    /** First logical offset in [from, max) holding a real entry, or max. Caller holds the structure lock. */
    private long findFirstRealFrom(long from, long max) {
        for (MappedFile mf : mappedFileQueue.files()) {
            long fileFirst = mf.getFileFromOffset() / ENTRY_SIZE;
            long fileEnd = fileFirst + mf.getReadPosition() / ENTRY_SIZE;
            if (fileEnd <= from) {
                continue;
            }
            ByteBuffer raw = mf.rawView();
            for (long n = Math.max(from, fileFirst); n < Math.min(fileEnd, max); n++) {
                int pos = (int) ((n - fileFirst) * ENTRY_SIZE);
                if (!isFillerEntry(raw.getLong(pos + ENTRY_PHY_OFFSET), raw.getInt(pos + ENTRY_MSG_SIZE))) {
                    return n;
                }
            }
        }
        return max;
    }

    /** End of the record of the last real entry below logical offset {@code max}, or -1. Structure lock held. */
    private long findLastRealEndBefore(long max) {
        List<MappedFile> files = mappedFileQueue.files();
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile mf = files.get(i);
            long fileFirst = mf.getFileFromOffset() / ENTRY_SIZE;
            long fileEnd = Math.min(max, fileFirst + mf.getReadPosition() / ENTRY_SIZE);
            ByteBuffer raw = mf.rawView();
            for (long n = fileEnd - 1; n >= fileFirst; n--) {
                int pos = (int) ((n - fileFirst) * ENTRY_SIZE);
                long phy = raw.getLong(pos + ENTRY_PHY_OFFSET);
                int size = raw.getInt(pos + ENTRY_MSG_SIZE);
                if (!isFillerEntry(phy, size)) {
                    return phy + size;
                }
            }
        }
        return -1;
    }

    /**
     * Writes the entry for logical offset {@code cqOffset} (dispatcher thread only). Appends when
     * {@code cqOffset} is the next offset; accepts a re-dispatch of an identical existing entry as a no-op;
     * bridges a gap when {@code cqOffset} lies beyond the next offset (an empty queue simply starts at
     * {@code cqOffset}; a non-empty one is padded with filler entries). The entry is visible to readers when
     * this returns true.
     *
     * @return false (logged) if {@code cqOffset} is below the next offset and no identical entry exists there,
     *         or the entry could not be written
     */
    public boolean putMessagePositionInfo(long phyOffset, int size, long tagsCode, long cqOffset) {
        if (phyOffset < 0 || size <= 0 || cqOffset < 0) {
            LOG.error("{}-{}: refusing invalid entry phyOffset={} size={} cqOffset={}", topic, queueId, phyOffset,
                    size, cqOffset);
            return false;
        }
        long next = mappedFileQueue.getMaxOffset() / ENTRY_SIZE;
        if (cqOffset == next) {
            return append(phyOffset, size, tagsCode, cqOffset);
        }
        if (cqOffset > next) {
            return putAfterGap(phyOffset, size, tagsCode, cqOffset, next);
        }
        CqUnit existing = get(cqOffset);
        if (existing != null && !existing.isFiller() && existing.phyOffset() == phyOffset) {
            if (existing.size() != size) {
                LOG.warn("{}-{}: re-dispatch of offset {} at phy {} with size {} but stored size is {}", topic,
                        queueId, cqOffset, phyOffset, size, existing.size());
            }
            return true;
        }
        LOG.error("{}-{}: entry {} (phy {}) is below the next offset {} and does not match the stored entry {}; "
                + "not overwriting", topic, queueId, cqOffset, phyOffset, next, existing);
        return false;
    }

    private boolean append(long phyOffset, int size, long tagsCode, long cqOffset) {
        MappedFile mf;
        try {
            mf = mappedFileQueue.getLastMappedFile(cqOffset * ENTRY_SIZE, true);
        } catch (UncheckedIOException e) {
            LOG.error("{}-{}: cannot create a consume queue file for offset {}", topic, queueId, cqOffset, e);
            return false;
        }
        if (mf == null || mf.getFileFromOffset() + mf.getWritePositionForWriter() != cqOffset * ENTRY_SIZE) {
            LOG.error("{}-{}: write position {} does not match logical offset {}", topic, queueId, mf, cqOffset);
            return false;
        }
        ByteBuffer buf = entryBuffer;
        buf.clear();
        buf.putLong(ENTRY_PHY_OFFSET, phyOffset);
        buf.putInt(ENTRY_MSG_SIZE, size);
        buf.putLong(ENTRY_TAGS_CODE, tagsCode);
        if (!mf.appendBytes(buf, true)) {
            LOG.error("{}-{}: entry {} does not fit into {}", topic, queueId, cqOffset, mf);
            return false;
        }
        maxPhysicOffset = phyOffset + size;
        return true;
    }

    private boolean putAfterGap(long phyOffset, int size, long tagsCode, long cqOffset, long next) {
        structureLock.lock();
        try {
            long target = cqOffset * ENTRY_SIZE;
            if (next <= minLogicOffset) {
                // Empty queue: it simply starts at cqOffset. Set min first so readers never see the padding.
                minLogicOffset = cqOffset;
                MappedFile last = mappedFileQueue.getLastMappedFile();
                if (last != null) {
                    long writeAt = last.getFileFromOffset() + last.getWritePositionForWriter();
                    if (target < writeAt || target >= last.getFileFromOffset() + mappedFileSize) {
                        removeAllFiles();
                    }
                }
                LOG.info("{}-{}: empty queue (next offset {}) starts at logical offset {}", topic, queueId, next,
                        cqOffset);
            } else {
                LOG.warn("{}-{}: logical offset {} arrived while {} was expected; padding {} filler entries", topic,
                        queueId, cqOffset, next, cqOffset - next);
            }
            if (!writeFillersUpTo(target)) {
                return false;
            }
            return append(phyOffset, size, tagsCode, cqOffset);
        } finally {
            structureLock.unlock();
        }
    }

    /** Appends filler entries until the write position is {@code target}; writer thread, structure lock held. */
    private boolean writeFillersUpTo(long target) {
        if (fillerBuffer == null) {
            fillerBuffer = ByteBuffer.allocate(FILLER_BATCH * ENTRY_SIZE);
            for (int i = 0; i < FILLER_BATCH; i++) {
                int pos = i * ENTRY_SIZE;
                fillerBuffer.putLong(pos + ENTRY_PHY_OFFSET, FILLER_PHY_OFFSET);
                fillerBuffer.putInt(pos + ENTRY_MSG_SIZE, FILLER_SIZE);
                fillerBuffer.putLong(pos + ENTRY_TAGS_CODE, 0L);
            }
        }
        while (true) {
            MappedFile mf;
            try {
                mf = mappedFileQueue.getLastMappedFile(target, true);
            } catch (UncheckedIOException e) {
                LOG.error("{}-{}: cannot create a consume queue file while padding to {}", topic, queueId,
                        target / ENTRY_SIZE, e);
                return false;
            }
            int writePos = mf.getWritePositionForWriter();
            long writeAt = mf.getFileFromOffset() + writePos;
            if (writeAt >= target) {
                if (writeAt != target) {
                    LOG.error("{}-{}: padding overshot: at byte {} but wanted {}", topic, queueId, writeAt, target);
                    return false;
                }
                return true;
            }
            long entries = Math.min((target - writeAt) / ENTRY_SIZE, (mappedFileSize - writePos) / ENTRY_SIZE);
            int n = (int) Math.min(entries, FILLER_BATCH);
            fillerBuffer.clear().limit(n * ENTRY_SIZE);
            if (!mf.appendBytes(fillerBuffer, true)) {
                LOG.error("{}-{}: filler entries do not fit into {}", topic, queueId, mf);
                return false;
            }
        }
    }

    /** Deletes every file, waiting briefly for readers; structure lock held. */
    private void removeAllFiles() {
        for (MappedFile mf : new ArrayList<>(mappedFileQueue.files())) {
            long deadline = System.currentTimeMillis() + 2 * DESTROY_INTERVAL_FORCIBLY;
            while (!mf.destroy(DESTROY_INTERVAL_FORCIBLY) && System.currentTimeMillis() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            if (mf.getFile().exists()) {
                LOG.error("{}-{}: could not delete {} while restarting the empty queue", topic, queueId, mf.getFile());
            }
        }
        mappedFileQueue.destroy();
    }

    /** First logical offset readers may read. */
    public long getMinOffsetInQueue() {
        return minLogicOffset;
    }

    /** The next logical offset to be written: one past the last entry (fillers included). */
    public long getMaxOffsetInQueue() {
        return Math.max(minLogicOffset, mappedFileQueue.getMaxOffset() / ENTRY_SIZE);
    }

    /** Number of logical offsets readers may read ({@code max - min}). */
    public long getMessageTotalInQueue() {
        return getMaxOffsetInQueue() - getMinOffsetInQueue();
    }

    /** End (physical offset + size) of the last real entry's commit-log record, or -1 when there is none. */
    public long getMaxPhysicOffset() {
        return maxPhysicOffset;
    }

    /**
     * The entry at {@code logicalOffset}, or null if it is outside [min, max) or its file is being deleted.
     * May be a filler ({@link CqUnit#isFiller()}).
     */
    public CqUnit get(long logicalOffset) {
        if (logicalOffset < minLogicOffset || logicalOffset >= getMaxOffsetInQueue()) {
            return null;
        }
        long byteOffset = logicalOffset * ENTRY_SIZE;
        MappedFile mf = mappedFileQueue.findMappedFileByOffset(byteOffset, false);
        if (mf == null || !mf.hold()) {
            return null;
        }
        try {
            ByteBuffer view = mf.slice((int) (byteOffset - mf.getFileFromOffset()), ENTRY_SIZE);
            return view == null ? null : decode(view, 0, logicalOffset);
        } finally {
            mf.release();
        }
    }

    /**
     * Up to {@code maxCount} consecutive entries starting at {@code startLogicalOffset}, fillers included (a
     * caller skips them but advances past them). Returns an empty list — never throws — when the start is
     * outside [min, max); may return fewer entries when a file is being deleted concurrently.
     */
    public List<CqUnit> read(long startLogicalOffset, int maxCount) {
        long min = minLogicOffset;
        long max = getMaxOffsetInQueue();
        if (maxCount <= 0 || startLogicalOffset < min || startLogicalOffset >= max) {
            return Collections.emptyList();
        }
        long end = startLogicalOffset + Math.min(maxCount, max - startLogicalOffset);
        List<CqUnit> out = new ArrayList<>((int) (end - startLogicalOffset));
        long current = startLogicalOffset;
        while (current < end) {
            long byteOffset = current * ENTRY_SIZE;
            MappedFile mf = mappedFileQueue.findMappedFileByOffset(byteOffset, false);
            if (mf == null || !mf.hold()) {
                break;
            }
            try {
                int pos = (int) (byteOffset - mf.getFileFromOffset());
                int readable = (mf.getReadPosition() - pos) / ENTRY_SIZE;
                int n = (int) Math.min(end - current, readable);
                ByteBuffer view = n > 0 ? mf.slice(pos, n * ENTRY_SIZE) : null;
                if (view == null) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    out.add(decode(view, i * ENTRY_SIZE, current + i));
                }
                current += n;
            } finally {
                mf.release();
            }
        }
        return out;
    }

    private static CqUnit decode(ByteBuffer buf, int pos, long logicalOffset) {
        return new CqUnit(logicalOffset, buf.getLong(pos + ENTRY_PHY_OFFSET), buf.getInt(pos + ENTRY_MSG_SIZE),
                buf.getLong(pos + ENTRY_TAGS_CODE));
    }

    /**
     * Binary search for the first entry whose message was stored at or after {@code timestampMillis}.
     *
     * @param storeTimestampOfPhyOffset reads the store timestamp of the record at a commit-log offset, or -1
     *                                  when the record is gone (treated as older than the target)
     * @return that entry's logical offset; the max offset if all entries are older, the min offset if all are
     *         newer
     */
    public long getOffsetInQueueByTime(long timestampMillis, LongUnaryOperator storeTimestampOfPhyOffset) {
        long low = minLogicOffset;
        long high = getMaxOffsetInQueue() - 1;
        long result = high + 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            CqUnit unit = get(mid);
            boolean older = true;
            if (unit != null && !unit.isFiller()) {
                long ts = storeTimestampOfPhyOffset.applyAsLong(unit.phyOffset());
                older = ts < 0 || ts < timestampMillis;
            }
            if (older) {
                low = mid + 1;
            } else {
                result = mid;
                high = mid - 1;
            }
        }
        return result;
    }

    /**
     * Moves the min logical offset to the first real entry pointing at or above {@code minCommitLogOffset} (the
     * commit log's first offset after retention); it never moves backwards.
     */
    public void correctMinOffset(long minCommitLogOffset) {
        structureLock.lock();
        try {
            long from = minLogicOffset;
            long max = mappedFileQueue.getMaxOffset() / ENTRY_SIZE;
            long found = max;
            search:
            for (MappedFile mf : mappedFileQueue.files()) {
                long fileFirst = mf.getFileFromOffset() / ENTRY_SIZE;
                long fileEnd = fileFirst + mf.getReadPosition() / ENTRY_SIZE;
                if (fileEnd <= from || lastRealPhyOffset(mf) < minCommitLogOffset || !mf.hold()) {
                    continue;
                }
                try {
                    ByteBuffer raw = mf.rawView();
                    for (long n = Math.max(from, fileFirst); n < fileEnd; n++) {
                        int pos = (int) ((n - fileFirst) * ENTRY_SIZE);
                        long phy = raw.getLong(pos + ENTRY_PHY_OFFSET);
                        if (!isFillerEntry(phy, raw.getInt(pos + ENTRY_MSG_SIZE)) && phy >= minCommitLogOffset) {
                            found = n;
                            break search;
                        }
                    }
                } finally {
                    mf.release();
                }
            }
            if (found > minLogicOffset) {
                LOG.info("{}-{}: min logical offset {} -> {} (commit log starts at {})", topic, queueId,
                        minLogicOffset, found, minCommitLogOffset);
                minLogicOffset = found;
            }
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Physical offset of the last real entry of a file, or -1 if it has none or is already being deleted (a file
     * whose deletion waits for a reader stays listed, and its mapping may vanish at any moment). Structure lock
     * held.
     */
    private long lastRealPhyOffset(MappedFile mf) {
        if (!mf.hold()) {
            return -1;
        }
        try {
            ByteBuffer raw = mf.rawView();
            for (int pos = mf.getReadPosition() - ENTRY_SIZE; pos >= 0; pos -= ENTRY_SIZE) {
                long phy = raw.getLong(pos + ENTRY_PHY_OFFSET);
                if (!isFillerEntry(phy, raw.getInt(pos + ENTRY_MSG_SIZE))) {
                    return phy;
                }
            }
            return -1;
        } finally {
            mf.release();
        }
    }

    /**
     * Follows the commit log's retention: moves the min offset past entries pointing below
     * {@code minCommitLogOffset}, then deletes head files all of whose entries point below it (never the last
     * file; a file a reader still holds is retried on a later call).
     *
     * @return number of files deleted
     */
    public int deleteExpiredFiles(long minCommitLogOffset) {
        structureLock.lock();
        try {
            correctMinOffset(minCommitLogOffset);
            int deleted = mappedFileQueue.deleteFilesBelow(minCommitLogOffset, this::lastRealPhyOffset);
            if (deleted > 0) {
                long first = mappedFileQueue.getMinOffset() / ENTRY_SIZE;
                if (first > minLogicOffset) {
                    minLogicOffset = first;
                }
                LOG.info("{}-{}: deleted {} expired file(s) below commit-log offset {}; min logical offset {}",
                        topic, queueId, deleted, minCommitLogOffset, minLogicOffset);
            }
            return deleted;
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Forces written entries to disk.
     *
     * @param leastPages flush a file only if at least this many pages are dirty (0 = whatever is dirty); a full
     *                   file is always flushed
     */
    public void flush(int leastPages) {
        structureLock.lock();
        try {
            long minOffset = mappedFileQueue.getMinOffset();
            if (mappedFileQueue.getFlushedWhere() < minOffset) {
                mappedFileQueue.setFlushedWhere(minOffset);
            }
            while (mappedFileQueue.flush(leastPages)) {
                if (mappedFileQueue.getFlushedWhere() >= mappedFileQueue.getMaxOffset()) {
                    break;
                }
            }
        } finally {
            structureLock.unlock();
        }
    }

    /** Byte offset of this queue's byte space up to which entries are on disk. */
    public long getFlushedWhere() {
        return mappedFileQueue.getFlushedWhere();
    }

    /** Flushes and unmaps every file (clean shutdown); the queue is unusable afterwards. */
    public void shutdown() {
        structureLock.lock();
        try {
            mappedFileQueue.shutdown();
        } finally {
            structureLock.unlock();
        }
    }

    /** Deletes every file and the queue's directory (topic deletion, tests); the queue is then empty. */
    public void destroy() {
        structureLock.lock();
        try {
            mappedFileQueue.destroy();
            minLogicOffset = 0;
            maxPhysicOffset = -1;
            if (dir.isDirectory() && !dir.delete()) {
                LOG.warn("{}-{}: could not delete directory {}", topic, queueId, dir);
            }
        } finally {
            structureLock.unlock();
        }
    }

    public String getTopic() {
        return topic;
    }

    public int getQueueId() {
        return queueId;
    }

    /** The queue's directory, {@code <root>/<topic>/<queueId>}. */
    public File getDir() {
        return dir;
    }

    @Override
    public String toString() {
        return "ConsumeQueue[" + topic + "-" + queueId + ", min=" + minLogicOffset + ", max=" + getMaxOffsetInQueue()
                + "]";
    }
}
