package org.rocketjms.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.*;

/** Appends copied into the mapping (the consume queues' mode): blocks first, same bytes in the file, closed safely. */
class MappedFileWriteThroughMappingTest {
    @TempDir
    Path dir;

    private static ByteBuffer entry(int seq) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putLong(1000L + seq).putInt(seq | 1).putLong(~seq);
        return b.flip();
    }

    @Test
    void appendsLandInTheFileAfterZerosWrittenAheadWithTheChannel() throws Exception {
        int fileSize = 1 << 20;
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), fileSize, false);
        q.setWriteThroughMapping(true);
        MappedFile mf = q.getLastMappedFile(0, true);
        assertEquals(0, mf.getAllocatedPosition());

        assertTrue(mf.appendBytes(entry(0), true));
        // the first append wrote a chunk of zeros ahead with the channel, so the mapping writes into real blocks
        int chunk = mf.getAllocatedPosition();
        assertTrue(chunk >= 4096 && chunk < fileSize, "allocated " + chunk);
        int n = chunk / 20 + 10; // crosses into the next chunk
        for (int i = 1; i < n; i++) {
            assertTrue(mf.appendBytes(entry(i), true));
        }
        assertEquals(n * 20, mf.getReadPosition());
        assertTrue(mf.getAllocatedPosition() > chunk, "a second chunk was allocated when the appends reached it");
        assertTrue(mf.getAllocatedPosition() >= n * 20);
        assertEquals(n * 20, mf.flush());

        // read with a separate channel, not the mapping: the bytes are in the file
        ByteBuffer read = ByteBuffer.allocate(n * 20);
        try (FileChannel ch = FileChannel.open(mf.getFile().toPath(), StandardOpenOption.READ)) {
            while (read.hasRemaining() && ch.read(read, read.position()) > 0) {
                // keep reading
            }
        }
        read.flip();
        for (int i = 0; i < n; i++) {
            ByteBuffer e = entry(i);
            ByteBuffer got = read.slice(i * 20, 20);
            assertEquals(e, got, "entry " + i);
        }
        q.destroy();
    }

    @Test
    void anAppendAfterTheFileWasDestroyedFailsInsteadOfWritingIntoAnUnmappedRegion() {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 64 * 1024, false);
        q.setWriteThroughMapping(true);
        MappedFile mf = q.getLastMappedFile(0, true);
        assertTrue(mf.appendBytes(entry(0), true));
        assertTrue(mf.destroy(0));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> mf.appendBytes(entry(1), true));
        assertTrue(e.getMessage().contains("after it was closed"), e.getMessage());
    }
}
