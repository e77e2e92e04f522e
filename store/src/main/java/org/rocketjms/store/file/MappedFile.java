package org.rocketjms.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fixed-size, preallocated, memory-mapped file of a {@link MappedFileQueue}.
 *
 * <p>Reads go through the mapping; writes go through the file channel (positional {@code pwrite}) and flushes are
 * {@code fdatasync}. Both land in the same page cache, so a reader of the mapping sees a write once it returned.
 * Writing through the mapping instead made every flush write back whole page-cache folios: on kernels that cache
 * files in large folios (ext4 on Linux 6.x), a 1 KiB append dirties up to megabytes, and forcing synchronously
 * after each append slowed from about 9,000 to under 1,000 flushes per second as the file grew (measured on the
 * build machine, while pwrite + fdatasync stayed at about 9,500 per second).
 *
 * <p>The file is named by the global offset of its first byte (20 digits, zero padded). It has exactly one
 * writer; any number of readers may read the bytes below {@link #getReadPosition()}, which is published
 * (volatile) only after the writer has finished writing them, so a batch written before one position update
 * becomes visible to readers all together.
 *
 * <p>Readers and the deleter coordinate through a reference count: {@link #hold()} before reading through the
 * mapping, {@link #release()} after; {@link #destroy(long)} unmaps only when no reader holds the file (or
 * the grace period passed, in which case the mapping is left to the garbage collector rather than unmapped
 * under a reader's feet).
 */
public final class MappedFile {
    private static final Logger LOG = LoggerFactory.getLogger(MappedFile.class);

    /** Page size used for warm-up and flush granularity. */
    public static final int OS_PAGE_SIZE = 4096;

    private final File file;
    private final long fileFromOffset;
    private final int fileSize;
    /** Replaced if an interrupt closed it (see {@link #channel()}). */
    private volatile FileChannel fileChannel;
    private volatile RandomAccessFile raf;
    private final Object reopenLock = new Object();
    private final MappedByteBuffer mappedByteBuffer;

    /** Bytes written by the single writer; readers see only up to here. */
    private final AtomicInteger wrotePosition = new AtomicInteger();
    /** Bytes known to be on disk. */
    private final AtomicInteger flushedPosition = new AtomicInteger();
    private volatile long lastAppendTimeMillis;

    /**
     * Bytes below this position have disk blocks behind them: written by the writer, or zero-filled ahead of it by
     * {@link #fillAhead}. The filler writes only at and above it, the writer claims (raises) it under
     * {@link #fillLock} before writing above it, so the two never write the same bytes.
     */
    private volatile int allocatedPosition;
    /** Held by the filler while it writes a chunk, and by a writer claiming bytes above {@link #allocatedPosition}. */
    private final Object fillLock = new Object();
    /**
     * Zero-fill this many bytes ahead of the writer (see {@link #enableFillAhead}); 0: off, never filled, or no more
     * filling (the fill channel failed, the file closed, or the writer outran the filler). Set to 0 under fillLock.
     */
    private volatile int fillAheadBytes;
    private volatile Executor filler;
    /** True while a fill task is queued or running. */
    private final AtomicBoolean fillScheduled = new AtomicBoolean();
    /** The filler's own channel (O_DSYNC), opened on first use; guarded by fillLock. */
    private FileChannel fillChannel;
    /** Whether the filler wrote a chunk in this file, and bytes the writer had to claim since; guarded by fillLock. */
    private boolean filledOnce;
    private long outrunBytes;

    private final AtomicLong refCount = new AtomicLong(1);
    private volatile boolean available = true;
    private volatile boolean cleanedUp;
    private volatile long firstShutdownTimestamp;

    /**
     * Opens (creating and preallocating if absent) the file and maps it.
     *
     * @param file     path whose name is the 20-digit start offset
     * @param fileSize exact size of the file in bytes
     */
    public MappedFile(File file, int fileSize) throws IOException {
        this.file = file;
        this.fileSize = fileSize;
        this.fileFromOffset = parseOffset(file.getName());
        File parent = file.getParentFile();
        if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
            throw new IOException("cannot create directory " + parent);
        }
        boolean ok = false;
        this.raf = new RandomAccessFile(file, "rw");
        try {
            boolean created = raf.length() == 0;
            if (raf.length() != fileSize) {
                if (raf.length() > fileSize) {
                    throw new IOException("file " + file + " is " + raf.length() + " bytes, larger than the configured "
                            + fileSize + "; refusing to cut it");
                }
                raf.setLength(fileSize);
            }
            this.fileChannel = raf.getChannel();
            this.mappedByteBuffer = fileChannel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            this.lastAppendTimeMillis = file.lastModified();
            // a file found on disk is not filled ahead: recovery zeroes the tail of the last one (zeroFrom)
            this.allocatedPosition = created ? 0 : fileSize;
            ok = true;
        } finally {
            if (!ok) {
                raf.close();
            }
        }
    }

    /** Parses a file name made of a zero-padded offset. */
    public static long parseOffset(String name) {
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a mapped file name (20-digit offset expected): " + name, e);
        }
    }

    /** The file name for a file starting at {@code offset}: 20 digits, zero padded. */
    public static String fileNameOf(long offset) {
        return String.format("%020d", offset);
    }

    /**
     * Maps every page in advance by reading it ({@link MappedByteBuffer#load()}), so first reads through the mapping
     * do not page-fault. Reading leaves the pages clean (writing zeros would leave the whole file dirty for the
     * kernel to write back while appends are being forced).
     */
    public void warmUp() {
        mappedByteBuffer.load();
    }

    /**
     * Appends bytes at the write position if they fit entirely; the read position moves only when
     * {@code publish} is true (a batch publishes with its last call).
     *
     * @return false when the bytes do not fit (nothing written)
     */
    public boolean appendBytes(ByteBuffer src, boolean publish) {
        int len = src.remaining();
        int pos = getWritePositionForWriter();
        if (pos + len > fileSize) {
            return false;
        }
        if (writeThroughMapping) {
            if (pos + len > allocatedPosition) {
                allocateAhead(pos + len);
            }
            if (!hold()) { // never write into a mapping that may be unmapped under us
                throw new UncheckedIOException(new IOException("appending to " + file + " after it was closed"));
            }
            try {
                mappedByteBuffer.put(pos, src, src.position(), len);
            } finally {
                release();
            }
            src.position(src.limit());
        } else {
            writeFully(pos, src);
        }
        pendingWrite = pos + len;
        maybeScheduleFill(pos + len);
        if (publish) {
            publish();
        }
        lastAppendTimeMillis = System.currentTimeMillis();
        return true;
    }

    /**
     * Appends of small records at a high rate (a consume queue's 20-byte entries) are copied into the mapping
     * instead of written with {@code pwrite}: one system call less per append. An append reaching past the region
     * that has disk blocks ({@link #getAllocatedPosition()}) first writes zeros a chunk ahead with the channel, so
     * a full disk fails that write with an {@code IOException} and never faults a write through the mapping.
     * {@link #flush()} forces both. The class comment says why the commit log, forced after every append, does not
     * do this.
     */
    public void setWriteThroughMapping(boolean on) {
        this.writeThroughMapping = on;
    }

    private volatile boolean writeThroughMapping;
    /** Zeros written ahead of an append through the mapping when it reaches past the allocated region. */
    private static final int MAPPED_ALLOCATION_CHUNK = 16 * 1024;
    private ByteBuffer allocationZeros;

    /**
     * Writes zeros with the channel from {@link #allocatedPosition} past {@code end} (a chunk at a time), so the
     * pages an append through the mapping touches have disk blocks: a full disk then fails this write with an
     * {@code IOException}, instead of faulting in the mapping. Writer thread only.
     */
    private void allocateAhead(int end) {
        int from = allocatedPosition;
        int to = (int) Math.min(fileSize, Math.max((long) end, (long) from + MAPPED_ALLOCATION_CHUNK));
        if (allocationZeros == null) {
            allocationZeros = ByteBuffer.allocate(MAPPED_ALLOCATION_CHUNK);
        }
        writeZeros(from, to, allocationZeros);
    }

    /** Writes zeros over {@code [from, to)} with the channel, {@code zeros.capacity()} bytes at a time. */
    private void writeZeros(int from, int to, ByteBuffer zeros) {
        for (int at = from; at < to; ) {
            int n = Math.min(zeros.capacity(), to - at);
            zeros.clear().limit(n);
            writeFully(at, zeros);
            at += n;
        }
    }

    /** Bytes written but not yet published by {@link #publish()}; writer thread only. */
    private int pendingWrite = -1;

    /** Makes everything appended so far visible to readers. */
    public void publish() {
        if (pendingWrite >= 0) {
            wrotePosition.set(pendingWrite);
            pendingWrite = -1;
        }
    }

    /** Position the next unpublished append would go to (writer thread only). */
    public int getWritePositionForWriter() {
        return pendingWrite >= 0 ? pendingWrite : wrotePosition.get();
    }

    /** Writes bytes at an absolute position without moving any position (used to patch or zero). */
    public void writeAt(int position, ByteBuffer src) {
        writeFully(position, src);
    }

    /**
     * Writes all of {@code src} at {@code position} through the channel. A thread interrupted while it writes
     * closes a {@link FileChannel} (NIO's rule); the channel is then reopened and the rest written, and the
     * interrupt status is kept for the caller.
     *
     * @throws UncheckedIOException if the write fails (for example the disk is full)
     */
    private void writeFully(int position, ByteBuffer src) {
        int start = src.position();
        int end = position + src.remaining();
        if (end > allocatedPosition) {
            claimAllocated(end);
        }
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                FileChannel ch = fileChannel;
                try {
                    while (src.hasRemaining()) {
                        ch.write(src, position + (src.position() - start));
                    }
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    reopen(ch);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing " + src.remaining() + " bytes to " + file + " at "
                            + (position + (src.position() - start)) + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The writer is about to write below {@code end} above {@link #allocatedPosition}: waits for a chunk the filler is
     * writing, then moves the position past its own bytes so the filler continues after them.
     */
    private void claimAllocated(int end) {
        if (fillAheadBytes > 0) {
            synchronized (fillLock) {
                if (end > allocatedPosition) {
                    if (filledOnce && fillAheadBytes > 0) {
                        outrunBytes += end - allocatedPosition;
                        if (outrunBytes >= fillAheadBytes) {
                            // appends are as fast as the disk takes zeros: filling would only double the bytes written
                            LOG.info("appends to {} outran its zero-filling ({} bytes written past the filled region);"
                                    + " no more filling in this file", file, outrunBytes);
                            stopFilling();
                        }
                    }
                    allocatedPosition = end;
                }
            }
        } else {
            allocatedPosition = end; // single writer, no filler
        }
    }

    /** Bytes below this position have disk blocks behind them (written, or zero-filled ahead of the writer). */
    public int getAllocatedPosition() {
        return allocatedPosition;
    }

    /**
     * Zero-fills up to {@code aheadBytes} beyond the writer on {@code executor}, in chunks written with
     * {@code O_DSYNC}, and keeps doing so as the writer advances.
     *
     * <p>Why: a preallocated file is sparse ({@code setLength}), so an append lands in a hole and the
     * {@code fdatasync} that makes it durable must also allocate the block and write the inode. Measured on ext4
     * (1,368-byte records, write + fdatasync, alternated rounds): 7,140 syncs/s into a sparse file against 8,470/s
     * into one whose blocks were written before. RocketMQ fills its files with zeros for the same reason; writing a
     * whole gigabyte at once would leave it dirty in the page cache for the kernel to write back while sends are
     * being forced, so this fills only a window ahead of the writer, each chunk on disk before the next. When the
     * writer outruns the filler by a whole window (appends as fast as the disk takes the zeros), filling stops for
     * this file: it would only double the bytes written.
     */
    public void enableFillAhead(int aheadBytes, Executor executor) {
        if (aheadBytes <= 0) {
            return;
        }
        this.filler = executor;
        this.fillAheadBytes = aheadBytes;
        scheduleFill();
    }

    /** Called by the writer after an append: refills when less than half the window is left. */
    private void maybeScheduleFill(int writeEnd) {
        int ahead = fillAheadBytes;
        if (ahead > 0 && allocatedPosition < fileSize && allocatedPosition - writeEnd < ahead / 2) {
            scheduleFill();
        }
    }

    private void scheduleFill() {
        Executor ex = filler;
        if (ex != null && fillScheduled.compareAndSet(false, true)) {
            try {
                ex.execute(this::fillTask);
            } catch (RejectedExecutionException e) {
                fillScheduled.set(false);
                LOG.debug("fill-ahead of {} not scheduled", file, e);
            }
        }
    }

    private void fillTask() {
        try {
            fillAhead(FILL_CHUNK);
        } finally {
            fillScheduled.set(false);
        }
        // an append that asked for a fill while this task was ending found it still scheduled: look again for it
        if (available) {
            maybeScheduleFill(getWrotePosition());
        }
    }

    private static final int FILL_CHUNK = 1 << 20;

    /** Fills zeros from {@link #allocatedPosition} to the writer's position plus the window; package-private for tests. */
    void fillAhead(int chunk) {
        ByteBuffer zeros = null;
        while (available) {
            synchronized (fillLock) {
                int from = allocatedPosition;
                int ahead = fillAheadBytes;
                int target = (int) Math.min(fileSize, (long) getWrotePosition() + ahead);
                if (ahead == 0 || from >= target) {
                    if (from >= fileSize) {
                        closeFillChannel();
                    }
                    return;
                }
                int n = Math.min(chunk, fileSize - from);
                if (zeros == null) {
                    zeros = ByteBuffer.allocateDirect(Math.min(chunk, fileSize)); // n is never more
                }
                zeros.clear().limit(n);
                try {
                    if (fillChannel == null) {
                        fillChannel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
                    }
                    while (zeros.hasRemaining()) {
                        fillChannel.write(zeros, from + zeros.position());
                    }
                } catch (IOException e) {
                    // appends still work into the unfilled part, each force then allocating its blocks
                    stopFilling();
                    LOG.warn("zero-filling {} ahead of the writer failed at byte {}; appends continue without it: {}",
                            file, from, e.toString());
                    return;
                }
                allocatedPosition = from + n;
                filledOnce = true;
            }
        }
    }

    /** No more filling in this file: the filler stops, the writer claims without the lock. Caller holds fillLock. */
    private void stopFilling() {
        fillAheadBytes = 0;
        closeFillChannel();
    }

    private void closeFillChannel() {
        FileChannel ch = fillChannel;
        fillChannel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing the fill channel of {} failed", file, e);
            }
        }
    }

    /** Forces written data to disk ({@code fdatasync}), surviving an interrupt like {@link #writeFully}. */
    private void force() {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                FileChannel ch = fileChannel;
                try {
                    ch.force(false);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    reopen(ch);
                } catch (IOException e) {
                    throw new UncheckedIOException("forcing " + file + " to disk failed: " + e.getMessage(), e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void reopen(FileChannel closed) {
        synchronized (reopenLock) {
            if (fileChannel != closed) {
                return; // another thread reopened it already
            }
            if (cleanedUp) {
                throw new UncheckedIOException(new IOException(file + " is closed"));
            }
            LOG.warn("an interrupted thread closed the channel of {}; reopening it", file);
            try {
                RandomAccessFile r = new RandomAccessFile(file, "rw");
                raf = r;
                fileChannel = r.getChannel();
            } catch (IOException e) {
                throw new UncheckedIOException("reopening " + file + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Forces the bytes written since the last flush to disk.
     *
     * @return the flushed position after this call
     */
    public int flush() {
        int target = getReadPosition();
        int from = flushedPosition.get();
        if (target > from && hold()) {
            try {
                if (writeThroughMapping) {
                    // Linux's fdatasync writes pages dirtied through a shared mapping too; msync says so everywhere
                    int fromPage = from - from % OS_PAGE_SIZE;
                    mappedByteBuffer.force(fromPage, target - fromPage);
                }
                force();
                flushedPosition.set(target);
            } finally {
                release();
            }
        }
        return flushedPosition.get();
    }

    /** Number of dirty pages not yet flushed. */
    public int dirtyPages() {
        return (getReadPosition() / OS_PAGE_SIZE) - (flushedPosition.get() / OS_PAGE_SIZE);
    }

    /**
     * A read-only view of {@code size} bytes at {@code pos} (file-relative), or null if beyond the readable
     * range. The caller must {@link #hold()} the file while using the view.
     */
    public ByteBuffer slice(int pos, int size) {
        int read = getReadPosition();
        if (pos < 0 || size < 0 || pos + size > read) {
            return null;
        }
        return mappedByteBuffer.slice(pos, size).asReadOnlyBuffer();
    }

    /** A read-only view of the whole mapping regardless of positions (for recovery scans). */
    public ByteBuffer rawView() {
        return mappedByteBuffer.duplicate().asReadOnlyBuffer().clear();
    }

    /** Copies {@code size} readable bytes at {@code pos}; returns null outside the readable range. */
    public byte[] copy(int pos, int size) {
        if (!hold()) {
            return null;
        }
        try {
            ByteBuffer view = slice(pos, size);
            if (view == null) {
                return null;
            }
            byte[] out = new byte[size];
            view.get(out);
            return out;
        } finally {
            release();
        }
    }

    /** Takes a reference for reading; false if the file is being destroyed. */
    public boolean hold() {
        if (!available) {
            return false;
        }
        if (refCount.getAndIncrement() > 0) {
            return true;
        }
        refCount.getAndDecrement();
        return false;
    }

    /** Releases a reference taken by {@link #hold()}; the last release of a shut-down file unmaps it. */
    public void release() {
        long value = refCount.decrementAndGet();
        if (value > 0) {
            return;
        }
        synchronized (this) {
            cleanup();
        }
    }

    private void cleanup() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        Unmapper.unmap(mappedByteBuffer);
    }

    /** Marks the file unavailable and drops the owner's reference. */
    public void shutdown(long intervalForcibly) {
        if (available) {
            available = false;
            firstShutdownTimestamp = System.currentTimeMillis();
            release();
        } else if (refCount.get() > 0 && System.currentTimeMillis() - firstShutdownTimestamp >= intervalForcibly) {
            LOG.warn("{} still has {} readers after {} ms; leaving the mapping to the garbage collector",
                    file, refCount.get(), intervalForcibly);
            refCount.set(-1000 - refCount.get());
            cleanedUp = true;
        }
    }

    /** True once no reader holds the file after {@link #shutdown(long)}. */
    public boolean isCleanupOver() {
        return refCount.get() <= 0 && cleanedUp;
    }

    /**
     * Closes the channel and deletes the file once unmapped (or the grace period passed).
     *
     * @return true if the file was deleted
     */
    public boolean destroy(long intervalForcibly) {
        shutdown(intervalForcibly);
        if (!isCleanupOver()) {
            return false;
        }
        closeChannel();
        boolean deleted = file.delete();
        if (!deleted && file.exists()) {
            LOG.warn("could not delete {}", file);
        }
        return deleted;
    }

    /** Flushes, unmaps and closes without deleting (clean shutdown). */
    public void close() {
        flush();
        shutdown(0);
        closeChannel();
    }

    private void closeChannel() {
        synchronized (fillLock) {
            stopFilling(); // no fill after close
        }
        try {
            fileChannel.close();
            raf.close();
        } catch (IOException e) {
            LOG.warn("closing {} failed", file, e);
        }
    }

    public boolean isFull() {
        return wrotePosition.get() >= fileSize;
    }

    public boolean isAvailable() {
        return available;
    }

    public long getFileFromOffset() {
        return fileFromOffset;
    }

    public int getFileSize() {
        return fileSize;
    }

    public File getFile() {
        return file;
    }

    /** Bytes readable by readers (published by the writer). */
    public int getReadPosition() {
        return wrotePosition.get();
    }

    public int getWrotePosition() {
        return wrotePosition.get();
    }

    /** Sets the write, read and flush positions (recovery and truncation only, no concurrent writer). */
    public void setPositions(int wrote, int flushed) {
        pendingWrite = -1;
        wrotePosition.set(wrote);
        flushedPosition.set(flushed);
    }

    public int getFlushedPosition() {
        return flushedPosition.get();
    }

    /** Milliseconds timestamp of the last append, or of the file's modification time after a restart. */
    public long getLastModifiedTimestamp() {
        return Math.max(lastAppendTimeMillis, file.lastModified());
    }

    /** Zeroes the bytes from {@code from} to the end of the file and forces them (used when cutting a tail). */
    public void zeroFrom(int from) {
        if (from >= fileSize) {
            return;
        }
        writeZeros(from, fileSize, ByteBuffer.allocate(Math.min(64 * 1024, fileSize - from)));
        force();
    }

    @Override
    public String toString() {
        return "MappedFile[" + file.getName() + ", wrote=" + wrotePosition.get() + ", flushed=" + flushedPosition.get() + "]";
    }
}
