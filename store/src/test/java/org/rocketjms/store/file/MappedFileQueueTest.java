package org.rocketjms.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MappedFileQueueTest {
    @TempDir
    Path dir;

    private static ByteBuffer bytes(int n, byte value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, value);
        return ByteBuffer.wrap(b);
    }

    @Test
    void filesAreNamedByOffsetPreallocatedAndFoundByOffset() {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1024, false);
        for (int i = 0; i < 10; i++) {
            MappedFile mf = q.getLastMappedFile(0, true);
            if (!mf.appendBytes(bytes(300, (byte) i), true)) {
                mf.setPositions(1024, mf.getFlushedPosition());
                mf = q.getLastMappedFile(0, true);
                assertTrue(mf.appendBytes(bytes(300, (byte) i), true));
            }
        }
        File[] files = dir.toFile().listFiles();
        assertNotNull(files);
        assertEquals(4, files.length);
        for (File f : files) {
            assertEquals(1024, f.length(), "preallocated to the full size");
            assertEquals(20, f.getName().length());
        }
        assertNotNull(new File(dir.toFile(), "00000000000000001024"));
        assertEquals(1024, q.findMappedFileByOffset(1500, false).getFileFromOffset());
        assertEquals(0, q.findMappedFileByOffset(0, false).getFileFromOffset());
        assertNull(q.findMappedFileByOffset(4096, false));
        assertNull(q.findMappedFileByOffset(-1, false));
        assertEquals(3 * 1024 + 300, q.getMaxOffset());
        q.shutdown();
    }

    @Test
    void readersSeeOnlyPublishedBytes() {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1024, false);
        MappedFile mf = q.getLastMappedFile(0, true);
        mf.appendBytes(bytes(100, (byte) 1), false);
        mf.appendBytes(bytes(100, (byte) 2), false);
        assertEquals(0, mf.getReadPosition());
        assertNull(mf.slice(0, 1));
        mf.publish();
        assertEquals(200, mf.getReadPosition());
        assertEquals(2, mf.copy(150, 1)[0]);
        assertNull(mf.copy(150, 100), "reading past the readable end returns null");
        q.shutdown();
    }

    @Test
    void truncateCutsTailZeroesAndDeletesLaterFiles() {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1024, false);
        for (int i = 0; i < 3; i++) {
            MappedFile mf = q.getLastMappedFile(0, true);
            mf.appendBytes(bytes(1024, (byte) 7), true);
        }
        q.flushAll();
        assertEquals(3072, q.getMaxOffset());
        q.truncateFrom(1500);
        assertEquals(2, q.files().size());
        assertEquals(1500, q.getMaxOffset());
        MappedFile second = q.getLastMappedFile();
        ByteBuffer raw = second.rawView();
        assertEquals(7, raw.get(1500 - 1024 - 1));
        for (int i = 1500 - 1024; i < 1024; i++) {
            assertEquals(0, raw.get(i), "byte " + i + " after the cut must be zero");
        }
        q.shutdown();
    }

    @Test
    void loadRestoresFilesAndRefusesWrongSizes() throws Exception {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1024, false);
        q.getLastMappedFile(0, true).appendBytes(bytes(10, (byte) 1), true);
        q.shutdown();
        MappedFileQueue again = new MappedFileQueue(dir.toFile(), 1024, false);
        assertTrue(again.load());
        assertEquals(1, again.files().size());
        again.shutdown();
        MappedFileQueue wrongSize = new MappedFileQueue(dir.toFile(), 512, false);
        assertFalse(wrongSize.load(), "a file larger than the configured size is refused, not cut");

        // a short last file (torn preallocation, power cut) is extended with zeros; a short earlier one is refused
        MappedFileQueue longer = new MappedFileQueue(dir.toFile(), 2048, false);
        assertTrue(longer.load());
        assertEquals(2048, dir.resolve("00000000000000000000").toFile().length());
        longer.shutdown();
        java.nio.file.Files.write(dir.resolve("00000000000000002048"), new byte[10]);
        MappedFileQueue gap = new MappedFileQueue(dir.toFile(), 4096, false);
        assertFalse(gap.load(), "an earlier file of the wrong size is refused");
    }

    @Test
    void expiredFilesAreDeletedButNeverTheLast() {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1024, false);
        for (int i = 0; i < 4; i++) {
            q.getLastMappedFile(0, true).appendBytes(bytes(1024, (byte) 1), true);
        }
        assertEquals(0, q.deleteExpiredFilesByTime(3_600_000, false, 10, 1000, Long.MAX_VALUE), "fresh files stay");
        assertEquals(3, q.deleteExpiredFilesByTime(0, false, 10, 1000, Long.MAX_VALUE));
        assertEquals(1, q.files().size());
        assertEquals(3072, q.getMinOffset());
        assertEquals(1, dir.toFile().listFiles().length);
        q.shutdown();
    }

    @Test
    void noFileReachingPastTheSafeOffsetIsDeleted() {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1024, false);
        for (int i = 0; i < 4; i++) {
            q.getLastMappedFile(0, true).appendBytes(bytes(1024, (byte) 1), true);
        }
        // a record still needed at 1500 lives in the second file [1024, 2048): only the first may go
        assertEquals(1, q.deleteExpiredFilesByTime(0, true, 10, 1000, 1500));
        assertEquals(1024, q.getMinOffset());
        assertEquals(0, q.deleteExpiredFilesByTime(0, true, 10, 1000, 2047), "the file holding 2047 stays");
        // exactly at a file end: that file holds nothing needed
        assertEquals(1, q.deleteExpiredFilesByTime(0, false, 10, 1000, 2048));
        assertEquals(0, q.deleteExpiredFilesByTime(0, true, 10, 1000, 0), "offset 0: nothing is deletable");
        assertEquals(2, q.files().size());
        q.shutdown();
    }
}
