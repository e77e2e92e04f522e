package org.rocketjms.store.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The key index of the store: finds messages by {@code topic} + key (the message's keys and its unique id)
 * within a time range. Keeps a sequence of {@link IndexFile}s in one directory, named by their creation time in
 * UTC ({@code yyyyMMddHHmmssSSS}), appends to the newest and rolls to a new file when it is full.
 *
 * <p>Guarantees: the index is derived data. After a crash {@link #recover(long)} drops every file that may hold
 * entries beyond the durable point and tells the caller where to re-dispatch from; re-dispatching messages that
 * are already indexed is harmless (they are skipped). Query results may contain false positives from hash
 * collisions, which the caller filters by reading the message. Threading: one writer (the dispatcher) calls
 * {@link #buildIndex}; queries run concurrently; a read/write lock over the file list keeps retention and
 * recovery away from files in use.
 */
public final class IndexService {
    private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);

    /** Separator between the topic and the key in an index key. */
    public static final char TOPIC_KEY_SEPARATOR = '#';
    /** Separator between several keys of one message. */
    public static final char KEY_SEPARATOR = ' ';

    private static final DateTimeFormatter FILE_NAME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final int FILE_NAME_LENGTH = 17;

    private final File dir;
    private final int hashSlotNum;
    private final int indexNum;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Files oldest first; guarded by {@link #lock}. */
    private final List<IndexFile> files = new ArrayList<>();

    /** Commit-log offset of the last indexed message, or -1; writer thread (and load/recover). */
    private long lastIndexedPhyOffset = -1;
    /** Creation time of the newest file (ms since epoch), to keep names strictly increasing. */
    private long lastFileMillis = -1;
    /** Rebuild point implied by unreadable files dropped at load, or Long.MAX_VALUE. */
    private long loadRebuildFrom = Long.MAX_VALUE;
    /** Exclusive bound: every message below it is indexed in flushed files. */
    private volatile long flushedEndPhyOffset;
    /** Offset of the last message all of whose keys are written, or -1; written by the writer only. */
    private volatile long lastCompletedPhyOffset = -1;

    /**
     * @param dir         the index directory, e.g. {@code <storeRoot>/index}
     * @param hashSlotNum hash slots per new file
     * @param indexNum    entries per new file
     */
    public IndexService(File dir, int hashSlotNum, int indexNum) {
        if (hashSlotNum <= 0 || indexNum <= 0 || IndexFile.fileSize(hashSlotNum, indexNum) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid index geometry: " + hashSlotNum + " slots, " + indexNum
                    + " entries");
        }
        this.dir = dir;
        this.hashSlotNum = hashSlotNum;
        this.indexNum = indexNum;
    }

    /**
     * Opens the existing files in name order. A file whose header is unreadable is deleted together with every
     * later file (a hole in the middle could never be refilled), and the rebuild point is remembered for
     * {@link #recover(long)}, which the caller must call next on every start (after a clean shutdown with the
     * commit log's end offset).
     *
     * @param lastExitOK whether the store shut down cleanly; only affects how loudly an unreadable file is
     *                   reported (it is expected after a crash, an error otherwise)
     * @return false if the directory cannot be created
     */
    public boolean load(boolean lastExitOK) {
        if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
            LOG.error("cannot create index directory {}", dir);
            return false;
        }
        File[] list = dir.listFiles((d, name) -> name.length() == FILE_NAME_LENGTH
                && name.chars().allMatch(Character::isDigit));
        if (list == null) {
            LOG.error("cannot list index directory {}", dir);
            return false;
        }
        Arrays.sort(list, Comparator.comparing(File::getName));
        lock.writeLock().lock();
        try {
            closeAll();
            boolean broken = false;
            for (File f : list) {
                if (!broken) {
                    try {
                        files.add(IndexFile.open(f));
                        lastFileMillis = Math.max(lastFileMillis, parseFileMillis(f.getName()));
                        continue;
                    } catch (IOException | RuntimeException e) {
                        broken = true;
                        long from = previousEnd();
                        loadRebuildFrom = Math.min(loadRebuildFrom, from);
                        if (lastExitOK) {
                            LOG.error("index file {} is unreadable after a clean shutdown ({}); dropping it and the "
                                    + "files after it, rebuild from {}", f, e.getMessage(), from);
                        } else {
                            LOG.warn("index file {} is unreadable ({}); dropping it and the files after it, rebuild "
                                    + "from {}", f, e.getMessage(), from);
                        }
                    }
                }
                if (!f.delete() && f.exists()) {
                    LOG.error("could not delete index file {}", f);
                }
            }
            afterFileListChange();
            LOG.info("loaded {} index file(s) from {}, last indexed offset {}", files.size(), dir,
                    lastIndexedPhyOffset);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** End offset of the last kept file (its last message may have keys in the next file), or 0. */
    private long previousEnd() {
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).getEntryCount() > 0) {
                return files.get(i).getEndPhyOffset();
            }
        }
        return 0;
    }

    private static long parseFileMillis(String name) {
        try {
            return LocalDateTime.parse(name, FILE_NAME_FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            LOG.debug("index file name {} is not a timestamp ({}); ordering by name only", name, e.getMessage());
            return -1;
        }
    }

    /**
     * Deletes every file that may hold entries at or beyond {@code safePhyOffset} — files whose end offset is
     * {@code >= safePhyOffset} — and empty files; such files may be torn by the crash. The newest kept file gets
     * its slots repaired if writes after the last flush reached the disk only partly ({@link
     * IndexFile#repairSlots()}).
     *
     * @param safePhyOffset exclusive durable point: every message below it was indexed and flushed before the
     *                      crash — {@link #flushedEndPhyOffset()} (or the dispatch offset read before an index
     *                      flush) as recorded in the checkpoint, or the commit log's durable end if smaller; after a
     *                      clean shutdown the commit log's end
     * @return the commit-log offset from which the caller must re-dispatch messages to rebuild the index: the
     *         smallest begin offset among deleted files (or the end offset of the file before an unreadable one,
     *         0 if none), or {@code safePhyOffset} if that is smaller; the caller clamps it to the commit log's
     *         first offset
     */
    public long recover(long safePhyOffset) {
        lock.writeLock().lock();
        try {
            long rebuildFrom = Math.min(safePhyOffset, loadRebuildFrom);
            loadRebuildFrom = Long.MAX_VALUE;
            int cut = files.size();
            for (int i = 0; i < files.size(); i++) {
                IndexFile f = files.get(i);
                if (f.getEntryCount() == 0 || f.getEndPhyOffset() >= safePhyOffset) {
                    cut = i;
                    break;
                }
            }
            for (int i = files.size() - 1; i >= cut; i--) {
                IndexFile f = files.remove(i);
                if (f.getEntryCount() > 0) {
                    rebuildFrom = Math.min(rebuildFrom, f.getBeginPhyOffset());
                }
                LOG.info("recovery drops index file {} (safe offset {})", f, safePhyOffset);
                f.destroy();
            }
            if (!files.isEmpty()) {
                files.get(files.size() - 1).repairSlots();
            }
            afterFileListChange();
            LOG.info("index recovered against safe offset {}: {} file(s) kept, rebuild from {}", safePhyOffset,
                    files.size(), rebuildFrom);
            return rebuildFrom;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Resets the derived writer state after load/recover/destroy (files on disk); write lock held. */
    private void afterFileListChange() {
        lastIndexedPhyOffset = -1;
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).getEntryCount() > 0) {
                lastIndexedPhyOffset = files.get(i).getEndPhyOffset();
                break;
            }
        }
        lastCompletedPhyOffset = lastIndexedPhyOffset;
        flushedEndPhyOffset = lastIndexedPhyOffset + 1;
    }

    /**
     * Indexes a message under {@code topic#key} for each space-separated key in {@code keys} and under
     * {@code topic#uniqKey} (dispatcher thread only). All keys of one message go to the same file unless they
     * outnumber a whole file. A message whose offset is below the last indexed message is skipped, so
     * re-dispatching from an earlier point is harmless.
     *
     * @return false (logged) if a new index file could not be created
     */
    public boolean buildIndex(String topic, String keys, String uniqKey, long phyOffset, long storeTimestamp) {
        int needed = countKeys(keys) + (isEmpty(uniqKey) ? 0 : 1);
        if (needed == 0) {
            return true;
        }
        if (phyOffset < lastIndexedPhyOffset) {
            return true;
        }
        int topicHash = topic.hashCode();
        IndexFile file = lastFile();
        if (file == null || file.remainingEntries() < Math.min(needed, indexNum)) {
            file = roll();
            if (file == null) {
                return false;
            }
        }
        if (keys != null) {
            int len = keys.length();
            int start = 0;
            while (start < len) {
                int end = keys.indexOf(KEY_SEPARATOR, start);
                if (end < 0) {
                    end = len;
                }
                if (end > start) {
                    file = put(file, hashOf(topicHash, keys, start, end), phyOffset, storeTimestamp);
                    if (file == null) {
                        return false;
                    }
                }
                start = end + 1;
            }
        }
        if (!isEmpty(uniqKey)) {
            file = put(file, hashOf(topicHash, uniqKey, 0, uniqKey.length()), phyOffset, storeTimestamp);
            if (file == null) {
                return false;
            }
        }
        lastIndexedPhyOffset = phyOffset;
        lastCompletedPhyOffset = phyOffset;
        return true;
    }

    private IndexFile put(IndexFile file, int hash, long phyOffset, long storeTimestamp) {
        if (file.putHash(hash, phyOffset, storeTimestamp)) {
            return file;
        }
        IndexFile next = roll();
        if (next == null) {
            return null;
        }
        if (!next.putHash(hash, phyOffset, storeTimestamp)) {
            LOG.error("a new index file {} refused its first key", next);
            return null;
        }
        return next;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static int countKeys(String keys) {
        if (keys == null) {
            return 0;
        }
        int count = 0;
        boolean inKey = false;
        for (int i = 0; i < keys.length(); i++) {
            boolean separator = keys.charAt(i) == KEY_SEPARATOR;
            if (!separator && !inKey) {
                count++;
            }
            inKey = !separator;
        }
        return count;
    }

    /** Hash of {@code topic + "#" + key[from, to)}, equal to that string's {@link String#hashCode()}. */
    private static int hashOf(int topicHash, String key, int from, int to) {
        int h = 31 * topicHash + TOPIC_KEY_SEPARATOR;
        for (int i = from; i < to; i++) {
            h = 31 * h + key.charAt(i);
        }
        return h;
    }

    private IndexFile lastFile() {
        lock.readLock().lock();
        try {
            return files.isEmpty() ? null : files.get(files.size() - 1);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Creates the next file; writer thread. Returns null (logged) on failure. */
    private IndexFile roll() {
        long millis = Math.max(System.currentTimeMillis(), lastFileMillis + 1);
        File f = new File(dir, fileName(millis));
        while (f.exists()) {
            millis++;
            f = new File(dir, fileName(millis));
        }
        IndexFile created;
        try {
            if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
                throw new IOException("cannot create directory " + dir);
            }
            created = IndexFile.create(f, hashSlotNum, indexNum);
        } catch (IOException e) {
            LOG.error("cannot create index file {}; messages are not indexed until this succeeds", f, e);
            return null;
        }
        lock.writeLock().lock();
        try {
            files.add(created);
        } finally {
            lock.writeLock().unlock();
        }
        lastFileMillis = millis;
        LOG.info("created index file {}", f.getName());
        return created;
    }

    private static String fileName(long millis) {
        return FILE_NAME_FORMAT.format(LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC));
    }

    /**
     * Commit-log offsets of messages indexed under {@code topic#key} with a store time in
     * {@code [beginTime, endTime]}, newest files first, de-duplicated, at most {@code maxNum}, sorted by offset
     * <b>descending</b> (newest first). May contain false positives (hash collisions, and times up to one second
     * outside the range); the caller filters by reading each message. False positives count towards
     * {@code maxNum}.
     */
    public List<Long> queryPhyOffsets(String topic, String key, int maxNum, long beginTime, long endTime) {
        if (maxNum <= 0 || topic == null || key == null) {
            return new ArrayList<>();
        }
        int hash = hashOf(topic.hashCode(), key, 0, key.length());
        Set<Long> found = new LinkedHashSet<>();
        List<Long> batch = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (int i = files.size() - 1; i >= 0 && found.size() < maxNum; i--) {
                IndexFile f = files.get(i);
                if (!f.mayContainTime(beginTime, endTime)) {
                    continue;
                }
                batch.clear();
                f.selectByHash(batch, hash, maxNum, beginTime, endTime);
                for (Long phy : batch) {
                    if (found.size() >= maxNum) {
                        break;
                    }
                    found.add(phy);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        List<Long> out = new ArrayList<>(found);
        out.sort(Comparator.reverseOrder());
        return out;
    }

    /**
     * Deletes whole files whose end offset is below {@code minCommitLogOffset} (their messages are gone), oldest
     * first, never the newest file.
     *
     * @return number of files deleted
     */
    public int deleteExpiredFiles(long minCommitLogOffset) {
        lock.writeLock().lock();
        try {
            int deleted = 0;
            while (files.size() > 1 && files.get(0).getEndPhyOffset() < minCommitLogOffset) {
                IndexFile f = files.remove(0);
                f.destroy();
                deleted++;
                LOG.info("retention deleted index file {} (commit log starts at {})", f, minCommitLogOffset);
            }
            return deleted;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Forces every file with unflushed entries to disk and advances {@link #flushedEndPhyOffset()}. The force
     * runs outside the lock so it does not block the writer's roll; files deleted meanwhile stay mapped until
     * collected, so forcing them is harmless.
     */
    public void flush() {
        long completed = lastCompletedPhyOffset; // read before the force: all its keys are then on disk
        List<IndexFile> snapshot;
        lock.readLock().lock();
        try {
            snapshot = new ArrayList<>(files);
        } finally {
            lock.readLock().unlock();
        }
        for (IndexFile f : snapshot) {
            f.flush();
        }
        if (completed + 1 > flushedEndPhyOffset) {
            flushedEndPhyOffset = completed + 1;
        }
    }

    /**
     * Exclusive bound of the durable index: every message with a lower commit-log offset had all its keys in
     * files that were flushed (0 when nothing was indexed). The store may record it in its checkpoint and after a
     * crash pass it (or the commit log's durable end if smaller) to {@link #recover(long)}.
     */
    public long flushedEndPhyOffset() {
        return flushedEndPhyOffset;
    }

    /** Flushes and closes every file (clean shutdown). */
    public void shutdown() {
        lock.writeLock().lock();
        try {
            closeAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes every index file (tests, store destruction). */
    public void destroy() {
        lock.writeLock().lock();
        try {
            for (IndexFile f : files) {
                f.destroy();
            }
            files.clear();
            afterFileListChange();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Flushes and closes every file and forgets them; write lock held. */
    private void closeAll() {
        for (IndexFile f : files) {
            f.close();
        }
        files.clear();
    }

    /** Number of index files. */
    public int fileCount() {
        lock.readLock().lock();
        try {
            return files.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public File getDir() {
        return dir;
    }
}
