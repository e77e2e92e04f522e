package org.rocketjms.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The store's checkpoint: how far each derived structure is known to be durable, as commit-log offsets.
 * Recovery re-verifies the commit log and re-dispatches from {@link #safeOffset()} on; everything below it
 * was flushed in the commit log, the consume queues and the index before the checkpoint recorded it.
 *
 * <pre>
 * offset size field
 *      0    4 MAGIC
 *      4    4 VERSION
 *      8    8 PHYSIC_FLUSH_OFFSET    commit log durable up to here
 *     16    8 LOGICS_OFFSET          consume queues durable for every record below here
 *     24    8 INDEX_OFFSET           index durable for every record below here
 *     32    8 WRITE_TIMESTAMP        ms, when this checkpoint was written
 *     40    4 CRC                    CRC32C over bytes [0, 40)
 * </pre>
 *
 * Written in place with a forced write of one 44-byte block (within one disk sector); a torn or damaged
 * checkpoint fails its CRC and recovery falls back to a full scan.
 */
public final class StoreCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCheckpoint.class);
    private static final int MAGIC = 0x52434B50; // "RCKP"
    private static final int VERSION = 1;
    private static final int OFF_MAGIC = 0;
    private static final int OFF_VERSION = 4;
    private static final int OFF_PHYSIC = 8;
    private static final int OFF_LOGICS = 16;
    private static final int OFF_INDEX = 24;
    private static final int OFF_TIMESTAMP = 32;
    private static final int OFF_CRC = 40;
    private static final int SIZE = 44;

    private final File file;
    private final FileChannel channel;
    private volatile long physicFlushOffset;
    private volatile long logicsOffset;
    private volatile long indexOffset;
    private volatile boolean valid;

    public StoreCheckpoint(File file) throws IOException {
        this.file = file;
        File parent = file.getParentFile();
        if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
            throw new IOException("cannot create " + parent);
        }
        boolean existed = file.exists();
        this.channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (existed) {
            read();
        }
    }

    private void read() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // keep reading until the block is full or EOF
        }
        if (b.position() < SIZE) {
            LOG.warn("checkpoint {} is short ({} bytes); recovery will scan the whole commit log", file, b.position());
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, OFF_CRC);
        if (b.getInt(OFF_MAGIC) != MAGIC || b.getInt(OFF_CRC) != (int) crc.getValue()) {
            LOG.warn("checkpoint {} is damaged; recovery will scan the whole commit log", file);
            return;
        }
        physicFlushOffset = b.getLong(OFF_PHYSIC);
        logicsOffset = b.getLong(OFF_LOGICS);
        indexOffset = b.getLong(OFF_INDEX);
        valid = true;
    }

    /** Writes and forces the current values. */
    public synchronized void flush() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(OFF_MAGIC, MAGIC);
        b.putInt(OFF_VERSION, VERSION);
        b.putLong(OFF_PHYSIC, physicFlushOffset);
        b.putLong(OFF_LOGICS, logicsOffset);
        b.putLong(OFF_INDEX, indexOffset);
        b.putLong(OFF_TIMESTAMP, System.currentTimeMillis());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, OFF_CRC);
        b.putInt(OFF_CRC, (int) crc.getValue());
        try {
            int pos = 0;
            while (b.hasRemaining()) {
                pos += channel.write(b, pos);
            }
            channel.force(false);
            valid = true;
        } catch (IOException e) {
            LOG.error("writing checkpoint {} failed", file, e);
        }
    }

    /** True when the file was read back intact (or has been written by this process). */
    public boolean isValid() {
        return valid;
    }

    /** The offset from which recovery must re-verify and re-dispatch: the least of the three. */
    public long safeOffset() {
        return Math.min(physicFlushOffset, Math.min(logicsOffset, indexOffset));
    }

    public long getPhysicFlushOffset() { return physicFlushOffset; }
    public void setPhysicFlushOffset(long v) { physicFlushOffset = v; }
    public long getLogicsOffset() { return logicsOffset; }
    public void setLogicsOffset(long v) { logicsOffset = v; }
    public long getIndexOffset() { return indexOffset; }
    public void setIndexOffset(long v) { indexOffset = v; }

    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing checkpoint {} failed", file, e);
        }
    }
}
