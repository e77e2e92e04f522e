package org.rocketjms.store.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * One memory-mapped file of the key index: a fixed-size hash table from key hash to the commit-log offsets of
 * the messages carrying that key. Each key added becomes an entry that links to the previous entry of the same
 * hash slot, so a lookup walks one chain from the newest entry to the oldest.
 *
 * <p>Layout (big endian): a {@value #HEADER_SIZE}-byte header ({@link #HEADER_MAGIC} ...
 * {@link #HEADER_END_PHY_OFFSET}), then {@code hashSlotNum} slots of {@value #SLOT_SIZE} bytes each holding the
 * number of the newest entry of that slot ({@link #NO_ENTRY} = empty), then {@code indexNum} entries of
 * {@value #ENTRY_SIZE} bytes ({@link #ENTRY_KEY_HASH}, {@link #ENTRY_PHY_OFFSET}, {@link #ENTRY_TIME_DIFF},
 * {@link #ENTRY_PREV}). Entries are numbered from 1; entry {@code n} is stored at
 * {@code entriesStart + (n - 1) * ENTRY_SIZE}. The header records its own slot and entry counts, so a file stays
 * readable after the configuration changes.
 *
 * <p>Guarantees: one writer and any number of concurrent readers. The writer publishes an entry by storing its
 * number into the slot with release semantics after writing the entry; readers load slots with acquire
 * semantics, so they never follow a chain into an unwritten entry. Lookups compare the full 32-bit key hash but
 * not the key itself: two keys with equal hashes both match, and the caller must filter false positives by
 * reading the message. Entry times are kept in whole seconds relative to the first entry, so the time-range
 * check is widened by one second on each side; callers filter precisely as well.
 */
public final class IndexFile {
    private static final Logger LOG = LoggerFactory.getLogger(IndexFile.class);

    /** Magic value marking an initialised header ("RJIX"). */
    public static final int MAGIC = 0x524A4958;

    /** Header field (int): {@link #MAGIC}. */
    public static final int HEADER_MAGIC = 0;
    /** Header field (int): number of hash slots of this file. */
    public static final int HEADER_HASH_SLOT_NUM = 4;
    /** Header field (int): number of entries this file can hold. */
    public static final int HEADER_INDEX_NUM = 8;
    /** Header field (int): number of slots in use. */
    public static final int HEADER_USED_SLOT_COUNT = 12;
    /** Header field (int): number of entries written. */
    public static final int HEADER_ENTRY_COUNT = 16;
    /** Header field (int): reserved, zero. */
    public static final int HEADER_RESERVED = 20;
    /** Header field (long): store timestamp (ms) of the first entry; the base of entry time differences. */
    public static final int HEADER_BEGIN_TIMESTAMP = 24;
    /** Header field (long): largest store timestamp (ms) of any entry. */
    public static final int HEADER_END_TIMESTAMP = 32;
    /** Header field (long): commit-log offset of the first indexed message. */
    public static final int HEADER_BEGIN_PHY_OFFSET = 40;
    /** Header field (long): commit-log offset of the last indexed message. */
    public static final int HEADER_END_PHY_OFFSET = 48;
    /** Bytes of the header. */
    public static final int HEADER_SIZE = 56;

    /** Bytes of one hash slot (int: number of the newest entry of the slot). */
    public static final int SLOT_SIZE = 4;

    /** Bytes of one entry. */
    public static final int ENTRY_SIZE = 20;
    /** Entry field (int): full hash of the key. */
    public static final int ENTRY_KEY_HASH = 0;
    /** Entry field (long): commit-log offset of the message. */
    public static final int ENTRY_PHY_OFFSET = 4;
    /** Entry field (int): store time minus the file's begin timestamp, in whole seconds. */
    public static final int ENTRY_TIME_DIFF = 12;
    /** Entry field (int): number of the previous entry of the same slot, or {@link #NO_ENTRY}. */
    public static final int ENTRY_PREV = 16;

    /** Entry number meaning "none". */
    public static final int NO_ENTRY = 0;

    private static final long MILLIS_PER_SECOND = 1000L;

    /** Acquire/release access to the int slots inside the mapped buffer. */
    private static final VarHandle INT_VIEW = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final File file;
    private final RandomAccessFile raf;
    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    /** The same mapping typed as the VarHandle's coordinate. */
    private final ByteBuffer buffer;
    private final int hashSlotNum;
    private final int indexNum;
    private final int entriesStart;

    private volatile long beginTimestamp;
    private volatile long endTimestamp;
    private volatile long beginPhyOffset;
    private volatile long endPhyOffset;
    private volatile int usedSlotCount;
    private volatile int entryCount;
    /** Entry count at the last flush; -1 forces the first flush (header of a new file). */
    private volatile int flushedEntryCount = -1;

    private IndexFile(File file, RandomAccessFile raf, int hashSlotNum, int indexNum) throws IOException {
        this.file = file;
        this.raf = raf;
        this.channel = raf.getChannel();
        this.hashSlotNum = hashSlotNum;
        this.indexNum = indexNum;
        this.entriesStart = HEADER_SIZE + hashSlotNum * SLOT_SIZE;
        this.mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize(hashSlotNum, indexNum));
        this.buffer = mapped;
    }

    /** Bytes of a file with the given geometry. */
    public static long fileSize(int hashSlotNum, int indexNum) {
        return HEADER_SIZE + (long) hashSlotNum * SLOT_SIZE + (long) indexNum * ENTRY_SIZE;
    }

    /**
     * Creates, preallocates and maps a new, empty file.
     *
     * @throws IOException if the file exists, the geometry exceeds 2 GiB or the file cannot be mapped
     */
    public static IndexFile create(File file, int hashSlotNum, int indexNum) throws IOException {
        if (hashSlotNum <= 0 || indexNum <= 0 || fileSize(hashSlotNum, indexNum) > Integer.MAX_VALUE) {
            throw new IOException("invalid index geometry: " + hashSlotNum + " slots, " + indexNum + " entries");
        }
        if (file.exists()) {
            throw new IOException("index file " + file + " already exists");
        }
        RandomAccessFile raf = new RandomAccessFile(file, "rw");
        try {
            raf.setLength(fileSize(hashSlotNum, indexNum));
            IndexFile f = new IndexFile(file, raf, hashSlotNum, indexNum);
            f.buffer.putInt(HEADER_MAGIC, MAGIC);
            f.buffer.putInt(HEADER_HASH_SLOT_NUM, hashSlotNum);
            f.buffer.putInt(HEADER_INDEX_NUM, indexNum);
            return f;
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /**
     * Opens and maps an existing file after checking its header.
     *
     * @throws IOException naming the problem if the header is unreadable or inconsistent with the file
     */
    public static IndexFile open(File file) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file, "rw");
        try {
            long length = raf.length();
            if (length < HEADER_SIZE) {
                throw new IOException("index file " + file + " is " + length + " bytes, shorter than its header");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            FileChannel ch = raf.getChannel();
            while (header.hasRemaining()) {
                if (ch.read(header, header.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
            int magic = header.getInt(HEADER_MAGIC);
            int slots = header.getInt(HEADER_HASH_SLOT_NUM);
            int entries = header.getInt(HEADER_INDEX_NUM);
            int used = header.getInt(HEADER_USED_SLOT_COUNT);
            int count = header.getInt(HEADER_ENTRY_COUNT);
            long beginPhy = header.getLong(HEADER_BEGIN_PHY_OFFSET);
            long endPhy = header.getLong(HEADER_END_PHY_OFFSET);
            String problem = null;
            if (magic != MAGIC) {
                problem = "bad magic " + Integer.toHexString(magic);
            } else if (slots <= 0 || entries <= 0 || fileSize(slots, entries) != length) {
                problem = "geometry " + slots + " slots/" + entries + " entries does not match length " + length;
            } else if (count < 0 || count > entries || used < 0 || used > slots || used > count) {
                problem = "counts out of range: entries=" + count + " usedSlots=" + used;
            } else if (count > 0 && (beginPhy < 0 || endPhy < beginPhy)) {
                problem = "physical offsets out of order: " + beginPhy + ".." + endPhy;
            }
            if (problem != null) {
                throw new IOException("index file " + file + " has an unreadable header: " + problem);
            }
            IndexFile f = new IndexFile(file, raf, slots, entries);
            f.beginTimestamp = header.getLong(HEADER_BEGIN_TIMESTAMP);
            f.endTimestamp = header.getLong(HEADER_END_TIMESTAMP);
            f.beginPhyOffset = beginPhy;
            f.endPhyOffset = endPhy;
            f.usedSlotCount = used;
            f.entryCount = count;
            f.flushedEntryCount = count;
            return f;
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /** Hash of a key as stored in entries ({@link String#hashCode()}). */
    public static int hashOf(String key) {
        return key.hashCode();
    }

    private int slotPosition(int keyHash) {
        int mixed = keyHash * 0x9E3779B1;
        mixed ^= mixed >>> 15;
        return HEADER_SIZE + Math.floorMod(mixed, hashSlotNum) * SLOT_SIZE;
    }

    private int entryPosition(int entryNumber) {
        return entriesStart + (entryNumber - 1) * ENTRY_SIZE;
    }

    /**
     * Adds {@code key} for the message at {@code phyOffset} (writer thread only).
     *
     * @return false when the file is full (nothing written)
     */
    public boolean putKey(String key, long phyOffset, long storeTimestamp) {
        return putHash(hashOf(key), phyOffset, storeTimestamp);
    }

    /** {@link #putKey} with the key's hash already computed. */
    boolean putHash(int keyHash, long phyOffset, long storeTimestamp) {
        int count = entryCount;
        if (count >= indexNum) {
            return false;
        }
        int number = count + 1;
        int slotPos = slotPosition(keyHash);
        int slotValue = (int) INT_VIEW.getAcquire(buffer, slotPos);
        // A slot pointing past the written entries can only be a leftover of an unflushed write: start a chain.
        int prev = slotValue > NO_ENTRY && slotValue <= count ? slotValue : NO_ENTRY;
        if (count == 0) {
            beginTimestamp = storeTimestamp;
            beginPhyOffset = phyOffset;
            buffer.putLong(HEADER_BEGIN_TIMESTAMP, storeTimestamp);
            buffer.putLong(HEADER_BEGIN_PHY_OFFSET, phyOffset);
        }
        long diffSeconds = (storeTimestamp - beginTimestamp) / MILLIS_PER_SECOND;
        int timeDiff = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, diffSeconds));
        int pos = entryPosition(number);
        buffer.putInt(pos + ENTRY_KEY_HASH, keyHash);
        buffer.putLong(pos + ENTRY_PHY_OFFSET, phyOffset);
        buffer.putInt(pos + ENTRY_TIME_DIFF, timeDiff);
        buffer.putInt(pos + ENTRY_PREV, prev);

        long endTs = count == 0 ? storeTimestamp : Math.max(endTimestamp, storeTimestamp);
        endTimestamp = endTs;
        endPhyOffset = phyOffset;
        buffer.putLong(HEADER_END_TIMESTAMP, endTs);
        buffer.putLong(HEADER_END_PHY_OFFSET, phyOffset);
        if (prev == NO_ENTRY) {
            int used = usedSlotCount + 1;
            usedSlotCount = used;
            buffer.putInt(HEADER_USED_SLOT_COUNT, used);
        }
        buffer.putInt(HEADER_ENTRY_COUNT, number);
        INT_VIEW.setRelease(buffer, slotPos, number);
        entryCount = number;
        return true;
    }

    /**
     * Appends to {@code out} the commit-log offsets of entries whose key hash equals {@code key}'s and whose
     * time lies in {@code [begin, end]} (widened by one second), newest first, until {@code out} holds
     * {@code maxNum} elements. Hash collisions yield false positives the caller must filter.
     */
    public void selectPhyOffsets(List<Long> out, String key, int maxNum, long begin, long end) {
        selectByHash(out, hashOf(key), maxNum, begin, end);
    }

    /** {@link #selectPhyOffsets} with the key's hash already computed. */
    void selectByHash(List<Long> out, int keyHash, int maxNum, long begin, long end) {
        if (out.size() >= maxNum || entryCount == 0) {
            return;
        }
        ByteBuffer view = buffer.duplicate();
        int number = (int) INT_VIEW.getAcquire(buffer, slotPosition(keyHash));
        long base = beginTimestamp;
        while (number > NO_ENTRY && number <= indexNum && out.size() < maxNum) {
            int pos = entryPosition(number);
            int prev = view.getInt(pos + ENTRY_PREV);
            if (view.getInt(pos + ENTRY_KEY_HASH) == keyHash) {
                long time = base + view.getInt(pos + ENTRY_TIME_DIFF) * MILLIS_PER_SECOND;
                if (time - MILLIS_PER_SECOND <= end && time + MILLIS_PER_SECOND >= begin) {
                    out.add(view.getLong(pos + ENTRY_PHY_OFFSET));
                }
            }
            if (prev >= number) {
                LOG.warn("{}: entry {} links forward to {}; stopping this chain", file.getName(), number, prev);
                break;
            }
            number = prev;
        }
    }

    /**
     * Makes the slots agree with the entries the header counts (recovery only, no concurrent use). After a crash
     * the slot page may have reached the disk with entries added after the last flush while the header did not;
     * such slots point past the counted entries. They are rebuilt from the counted entries, which were flushed
     * and are intact, so every chain again leads through all of them.
     *
     * @return true if stale slots were found and the slots were rebuilt
     */
    public boolean repairSlots() {
        int count = entryCount;
        boolean stale = false;
        for (int s = 0; s < hashSlotNum && !stale; s++) {
            int value = buffer.getInt(HEADER_SIZE + s * SLOT_SIZE);
            stale = value < NO_ENTRY || value > count;
        }
        if (!stale) {
            return false;
        }
        for (int s = 0; s < hashSlotNum; s++) {
            buffer.putInt(HEADER_SIZE + s * SLOT_SIZE, NO_ENTRY);
        }
        int used = 0;
        for (int n = 1; n <= count; n++) {
            int slotPos = slotPosition(buffer.getInt(entryPosition(n) + ENTRY_KEY_HASH));
            if (buffer.getInt(slotPos) == NO_ENTRY) {
                used++;
            }
            buffer.putInt(slotPos, n);
        }
        usedSlotCount = used;
        buffer.putInt(HEADER_USED_SLOT_COUNT, used);
        mapped.force();
        LOG.warn("{}: slots pointed past the {} counted entries (writes lost in a crash); rebuilt them", file.getName(),
                count);
        return true;
    }

    /** True if some entry may lie in the time range {@code [begin, end]}. */
    public boolean mayContainTime(long begin, long end) {
        return entryCount > 0 && beginTimestamp - MILLIS_PER_SECOND <= end && endTimestamp + MILLIS_PER_SECOND >= begin;
    }

    /** Forces the file to disk if entries were added since the last flush. */
    public void flush() {
        int count = entryCount;
        if (count != flushedEntryCount) {
            mapped.force();
            flushedEntryCount = count;
        }
    }

    /** Flushes and closes the channel; the mapping is released by the garbage collector. */
    public void close() {
        flush();
        closeChannel();
    }

    /**
     * Closes the channel and deletes the file. The mapping itself is released by the garbage collector; callers
     * ensure no reader uses the file any more.
     *
     * @return true if the file was deleted
     */
    public boolean destroy() {
        closeChannel();
        boolean deleted = file.delete();
        if (!deleted && file.exists()) {
            LOG.warn("could not delete index file {}", file);
        }
        return deleted;
    }

    private void closeChannel() {
        try {
            channel.close();
            raf.close();
        } catch (IOException e) {
            LOG.warn("closing index file {} failed", file, e);
        }
    }

    /** Entries that can still be added. */
    public int remainingEntries() {
        return indexNum - entryCount;
    }

    public boolean isFull() {
        return entryCount >= indexNum;
    }

    public File getFile() {
        return file;
    }

    public int getHashSlotNum() {
        return hashSlotNum;
    }

    public int getIndexNum() {
        return indexNum;
    }

    public int getEntryCount() {
        return entryCount;
    }

    public int getUsedSlotCount() {
        return usedSlotCount;
    }

    public long getBeginTimestamp() {
        return beginTimestamp;
    }

    public long getEndTimestamp() {
        return endTimestamp;
    }

    /** Commit-log offset of the first indexed message (meaningful when the entry count is positive). */
    public long getBeginPhyOffset() {
        return beginPhyOffset;
    }

    /** Commit-log offset of the last indexed message (meaningful when the entry count is positive). */
    public long getEndPhyOffset() {
        return endPhyOffset;
    }

    @Override
    public String toString() {
        return "IndexFile[" + file.getName() + ", entries=" + entryCount + "/" + indexNum + ", phy=" + beginPhyOffset
                + ".." + endPhyOffset + "]";
    }
}
