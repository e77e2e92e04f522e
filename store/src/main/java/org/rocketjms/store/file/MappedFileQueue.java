package org.rocketjms.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ordered sequence of equally sized {@link MappedFile}s in one directory that together form one logical,
 * append-only byte space addressed by global offsets. File {@code i} covers
 * {@code [i*fileSize + base, (i+1)*fileSize + base)}; its name is its start offset.
 *
 * <p>One writer appends to the last file and rolls to a new one; readers look files up by offset. Old files
 * are deleted from the head (retention), the tail can be cut back (recovery).
 */
public final class MappedFileQueue {
    private static final Logger LOG = LoggerFactory.getLogger(MappedFileQueue.class);

    private final File dir;
    private final int mappedFileSize;
    private final boolean warmUp;
    private final CopyOnWriteArrayList<MappedFile> files = new CopyOnWriteArrayList<>();
    /** Global offset up to which everything is known to be on disk. */
    private volatile long flushedWhere;

    public MappedFileQueue(File dir, int mappedFileSize, boolean warmUp) {
        if (mappedFileSize <= 0) {
            throw new IllegalArgumentException("mapped file size must be positive: " + mappedFileSize);
        }
        this.dir = dir;
        this.mappedFileSize = mappedFileSize;
        this.warmUp = warmUp;
    }

    /**
     * Maps every existing file of the directory, in offset order. Positions are set to "full"; recovery then
     * sets the real end with {@link #truncateFrom(long)} or {@link #setPositionsFromEnd(long)}.
     *
     * @return false if a file has the wrong size or a gap exists (the caller refuses to start)
     */
    public boolean load() {
        File[] list = dir.listFiles((d, name) -> name.length() == 20 && name.chars().allMatch(Character::isDigit));
        if (list == null || list.length == 0) {
            return true;
        }
        Arrays.sort(list);
        long expected = -1;
        for (int i = 0; i < list.length; i++) {
            File f = list[i];
            boolean lastFile = i == list.length - 1;
            if (lastFile && f.length() < mappedFileSize) {
                LOG.warn("{} is {} bytes, shorter than {}: a torn preallocation or a cut file; extending it with"
                        + " zeros and letting recovery find the valid end", f, f.length(), mappedFileSize);
            } else if (f.length() != mappedFileSize) {
                LOG.error("{} is {} bytes but the configured file size is {}; check mappedFileSize settings",
                        f, f.length(), mappedFileSize);
                return false;
            }
            long from = MappedFile.parseOffset(f.getName());
            if (expected >= 0 && from != expected) {
                LOG.error("gap in {}: expected a file at offset {} but found {}", dir, expected, f.getName());
                return false;
            }
            expected = from + mappedFileSize;
            try {
                MappedFile mf = new MappedFile(f, mappedFileSize);
                mf.setPositions(mappedFileSize, mappedFileSize);
                mf.setWriteThroughMapping(writeThroughMapping);
                files.add(mf);
            } catch (IOException e) {
                LOG.error("cannot map {}", f, e);
                return false;
            }
        }
        flushedWhere = getMaxOffset();
        return true;
    }

    public List<MappedFile> files() {
        return files;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public MappedFile getFirstMappedFile() {
        try {
            return files.isEmpty() ? null : files.get(0);
        } catch (IndexOutOfBoundsException e) {
            return null; // emptied concurrently by retention
        }
    }

    public MappedFile getLastMappedFile() {
        while (true) {
            int n = files.size();
            if (n == 0) {
                return null;
            }
            try {
                return files.get(n - 1);
            } catch (IndexOutOfBoundsException e) {
                LOG.trace("file list shrank while reading its tail; retrying");
            }
        }
    }

    /**
     * The last file, creating the first one at {@code startOffset} (rounded down to a file boundary) when the
     * queue is empty, or a new one after the last when it is full and {@code create} is true.
     */
    public MappedFile getLastMappedFile(long startOffset, boolean create) {
        MappedFile last = getLastMappedFile();
        long createOffset = -1;
        if (last == null) {
            createOffset = startOffset - (startOffset % mappedFileSize);
        } else if (last.isFull()) {
            createOffset = last.getFileFromOffset() + mappedFileSize;
        }
        if (createOffset >= 0 && create) {
            return createFile(createOffset);
        }
        return last;
    }

    private MappedFile createFile(long offset) {
        MappedFile mf = null;
        java.util.concurrent.CompletableFuture<MappedFile> pre = preallocated;
        if (pre != null && preallocatedOffset == offset) {
            preallocated = null;
            try {
                mf = pre.join();
            } catch (java.util.concurrent.CompletionException e) {
                LOG.warn("background preallocation of {} failed; creating it now", MappedFile.fileNameOf(offset), e);
            }
        }
        if (mf == null) {
            mf = newFile(offset, warmUp);
        }
        files.add(mf);
        if (preallocateNext) {
            long next = offset + mappedFileSize;
            preallocatedOffset = next;
            preallocated = java.util.concurrent.CompletableFuture.supplyAsync(() -> newFile(next, warmUp), ALLOCATOR);
        }
        return mf;
    }

    private MappedFile newFile(long offset, boolean warm) {
        File f = new File(dir, MappedFile.fileNameOf(offset));
        try {
            MappedFile mf = new MappedFile(f, mappedFileSize);
            if (warm) {
                mf.warmUp();
            }
            mf.setWriteThroughMapping(writeThroughMapping);
            mf.enableFillAhead(fillAheadBytes, FILLER);
            return mf;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create mapped file " + f, e);
        }
    }

    /** One daemon thread creating and warming the next file of each queue that asks for it. */
    private static final java.util.concurrent.ExecutorService ALLOCATOR = daemonThread("AllocateMappedFileService");

    private static java.util.concurrent.ExecutorService daemonThread(String name) {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** One daemon thread zero-filling the active files of the queues that fill ahead (see MappedFile#enableFillAhead). */
    private static final java.util.concurrent.ExecutorService FILLER = daemonThread("FillAheadService");

    private volatile int fillAheadBytes;

    /**
     * Files created from now on are zero-filled this many bytes ahead of the writer (0: off, the files stay sparse
     * until written); see {@link MappedFile#enableFillAhead}. The commit log turns this on.
     */
    public void setFillAheadBytes(int bytes) {
        this.fillAheadBytes = Math.max(0, bytes);
    }

    private volatile boolean writeThroughMapping;

    /**
     * Files mapped from now on take appends through the mapping where they have disk blocks (see
     * {@link MappedFile#setWriteThroughMapping}). The consume queues turn this on.
     */
    public void setWriteThroughMapping(boolean on) {
        this.writeThroughMapping = on;
    }

    private volatile boolean preallocateNext;
    private volatile java.util.concurrent.CompletableFuture<MappedFile> preallocated;
    private volatile long preallocatedOffset = -1;

    /**
     * When on, creating a file also starts creating the next one in the background (and warming it when this queue
     * warms files), so the writer rolls over without waiting for a gigabyte file to be created and mapped. The
     * commit log turns this on; small derived queues do not need it.
     */
    public void setPreallocateNext(boolean on) {
        this.preallocateNext = on;
    }

    /** Drops a preallocated file that was never used (its name lies past the end of the queue). */
    private void discardPreallocated() {
        java.util.concurrent.CompletableFuture<MappedFile> pre = preallocated;
        preallocated = null;
        preallocatedOffset = -1;
        if (pre != null) {
            try {
                pre.join().destroy(0);
            } catch (java.util.concurrent.CompletionException e) {
                LOG.debug("discarding a failed preallocation", e);
            }
        }
    }

    /**
     * The file containing the global {@code offset}, or null when none does (below the first or past the last
     * file). With {@code returnFirstOnNotFound} the first file is returned instead of null.
     */
    public MappedFile findMappedFileByOffset(long offset, boolean returnFirstOnNotFound) {
        MappedFile first = getFirstMappedFile();
        MappedFile last = getLastMappedFile();
        if (first == null || last == null) {
            return null;
        }
        if (offset < first.getFileFromOffset() || offset >= last.getFileFromOffset() + mappedFileSize) {
            return returnFirstOnNotFound ? first : null;
        }
        int index = (int) ((offset / mappedFileSize) - (first.getFileFromOffset() / mappedFileSize));
        try {
            MappedFile mf = files.get(index);
            if (offset >= mf.getFileFromOffset() && offset < mf.getFileFromOffset() + mappedFileSize) {
                return mf;
            }
        } catch (IndexOutOfBoundsException e) {
            LOG.trace("file list changed during lookup of {}; scanning", offset);
        }
        for (MappedFile mf : files) {
            if (offset >= mf.getFileFromOffset() && offset < mf.getFileFromOffset() + mappedFileSize) {
                return mf;
            }
        }
        return returnFirstOnNotFound ? getFirstMappedFile() : null;
    }

    /** Start offset of the first file, or 0 if there is none. */
    public long getMinOffset() {
        MappedFile first = getFirstMappedFile();
        return first == null ? 0 : first.getFileFromOffset();
    }

    /** Global offset just past the last readable byte. */
    public long getMaxOffset() {
        MappedFile last = getLastMappedFile();
        return last == null ? 0 : last.getFileFromOffset() + last.getReadPosition();
    }

    public long getFlushedWhere() {
        return flushedWhere;
    }

    public void setFlushedWhere(long flushedWhere) {
        this.flushedWhere = flushedWhere;
    }

    /**
     * Flushes the dirty range starting at {@link #getFlushedWhere()} (one file at a time, so callers loop
     * while it returns progress).
     *
     * @param leastPages flush only if at least this many pages are dirty (0 = whatever is dirty)
     * @return true if {@code flushedWhere} moved
     */
    public boolean flush(int leastPages) {
        MappedFile mf = findMappedFileByOffset(flushedWhere, flushedWhere == 0);
        if (mf == null) {
            return false;
        }
        if (leastPages > 0 && mf.dirtyPages() < leastPages && !mf.isFull()) {
            return false;
        }
        int pos = mf.flush();
        long where = mf.getFileFromOffset() + pos;
        boolean moved = where != flushedWhere;
        flushedWhere = where;
        return moved;
    }

    /** Flushes everything readable; returns the flushed offset. */
    public long flushAll() {
        while (flush(0)) {
            if (flushedWhere >= getMaxOffset()) {
                break;
            }
        }
        return flushedWhere;
    }

    /**
     * Cuts the queue back so its end is {@code offset}: later files are deleted, the file containing the
     * offset gets its positions set there and its remaining bytes zeroed (so no stale record beyond the new
     * end can ever be mistaken for live data).
     */
    public void truncateFrom(long offset) {
        discardPreallocated();
        List<MappedFile> toDelete = new ArrayList<>();
        for (MappedFile mf : files) {
            long end = mf.getFileFromOffset() + mappedFileSize;
            if (end > offset) {
                if (offset >= mf.getFileFromOffset()) {
                    int pos = (int) (offset - mf.getFileFromOffset());
                    mf.zeroFrom(pos);
                    mf.setPositions(pos, pos);
                } else {
                    toDelete.add(mf);
                }
            }
        }
        for (MappedFile mf : toDelete) {
            mf.destroy(1000);
            files.remove(mf);
            LOG.info("deleted {} while truncating {} to offset {}", mf.getFile().getName(), dir, offset);
        }
        if (flushedWhere > offset) {
            flushedWhere = offset;
        }
    }

    /**
     * After a recovery scan found {@code end} to be the valid end: files before it are full, the one
     * containing it ends there, later ones are deleted.
     */
    public void setPositionsFromEnd(long end) {
        truncateFrom(end);
        for (MappedFile mf : files) {
            if (mf.getFileFromOffset() + mappedFileSize <= end) {
                mf.setPositions(mappedFileSize, mappedFileSize);
            }
        }
        flushedWhere = end;
    }

    /**
     * Deletes files from the head whose last modification is older than {@code expiredTimeMillis}, or all
     * but the last when {@code cleanImmediately}; stops at the first file that is kept, never deletes the
     * last (active) file, never a file that reaches past {@code safeOffset} (its end above it: it may hold a
     * record still needed), and deletes at most {@code maxFiles} per call.
     *
     * @return number of files deleted
     */
    public int deleteExpiredFilesByTime(long expiredTimeMillis, boolean cleanImmediately, int maxFiles,
                                        long intervalForcibly, long safeOffset) {
        int deleted = 0;
        long now = System.currentTimeMillis();
        List<MappedFile> snapshot = new ArrayList<>(files);
        for (int i = 0; i < snapshot.size() - 1 && deleted < maxFiles; i++) {
            MappedFile mf = snapshot.get(i);
            boolean expired = now - mf.getLastModifiedTimestamp() >= expiredTimeMillis;
            if (!expired && !cleanImmediately) {
                break;
            }
            if (mf.getFileFromOffset() + mf.getFileSize() > safeOffset) {
                break;
            }
            if (!mf.destroy(intervalForcibly)) {
                break;
            }
            files.remove(mf);
            deleted++;
            LOG.info("retention deleted {}", mf.getFile());
        }
        return deleted;
    }

    /**
     * Deletes head files whose every byte lies below {@code offset} (used by derived queues to follow the
     * commit log's retention). {@code lastValueOf} gives, for a file, the highest value it covers; a file is
     * deleted when that value is below {@code offset}. The last file is never deleted.
     */
    public int deleteFilesBelow(long offset, java.util.function.ToLongFunction<MappedFile> lastValueOf) {
        int deleted = 0;
        List<MappedFile> snapshot = new ArrayList<>(files);
        for (int i = 0; i < snapshot.size() - 1; i++) {
            MappedFile mf = snapshot.get(i);
            if (!mf.isAvailable()) {
                // already being destroyed (a reader held it last time): finish that, never read it again
                if (mf.destroy(1000)) {
                    files.remove(mf);
                    deleted++;
                    continue;
                }
                break;
            }
            if (lastValueOf.applyAsLong(mf) >= offset) {
                break;
            }
            if (!mf.destroy(1000)) {
                break;
            }
            files.remove(mf);
            deleted++;
        }
        return deleted;
    }

    /** Flushes and unmaps every file (clean shutdown). */
    public void shutdown() {
        discardPreallocated();
        for (MappedFile mf : files) {
            mf.close();
        }
    }

    /** Removes every file (and the directory's content) — for topic deletion and tests. */
    public void destroy() {
        discardPreallocated();
        for (MappedFile mf : files) {
            mf.destroy(1000);
        }
        files.clear();
        flushedWhere = 0;
    }

    public int getMappedFileSize() {
        return mappedFileSize;
    }

    public File getDir() {
        return dir;
    }
}
