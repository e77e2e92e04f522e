package org.rocketjms.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MappedFileFillAheadTest {
    @TempDir
    Path dir;

    private static ByteBuffer record(int n, int seq) {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            b.put((byte) (seq * 31 + b.position() | 1)); // never zero: a zero byte in the data means it was overwritten
        }
        return b.flip();
    }

    private static void awaitAllocated(MappedFile mf, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (mf.getAllocatedPosition() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "filled only to " + mf.getAllocatedPosition() + ", expected "
                    + atLeast);
            Thread.sleep(5);
        }
    }

    @Test
    void aNewFileIsFilledAheadOfTheWriterAndTheWindowMovesWithIt() throws Exception {
        int fileSize = 8 << 20;
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), fileSize, false);
        q.setFillAheadBytes(2 << 20);
        MappedFile mf = q.getLastMappedFile(0, true);
        awaitAllocated(mf, 2 << 20);
        assertTrue(mf.getAllocatedPosition() < fileSize, "only a window is filled, not the whole file");

        int written = 0;
        for (int i = 0; written < (3 << 20); i++) {
            ByteBuffer r = record(1000, i);
            assertTrue(mf.appendBytes(r, true));
            written += 1000;
        }
        // each time less than half the window was left ahead the filler moved on to a window past the writer, so
        // once the writer stops at least half a window is filled beyond it (4 MiB here, past the first window)
        awaitAllocated(mf, written + (1 << 20));
        for (int i = 0; i < written / 1000; i++) {
            assertArrayEquals(record(1000, i).array(), mf.copy(i * 1000, 1000), "record " + i);
        }
        q.shutdown();
    }

    @Test
    void fillAheadIsOffByDefaultAndForFilesFoundOnDisk() throws Exception {
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), 1 << 20, false);
        MappedFile mf = q.getLastMappedFile(0, true);
        assertTrue(mf.appendBytes(record(100, 1), true));
        Thread.sleep(50);
        assertEquals(100, mf.getAllocatedPosition(), "without fill-ahead only written bytes count");
        q.shutdown();

        MappedFileQueue again = new MappedFileQueue(dir.toFile(), 1 << 20, false);
        again.setFillAheadBytes(64 << 10);
        assertTrue(again.load());
        assertEquals(1 << 20, again.getLastMappedFile().getAllocatedPosition(),
                "a loaded file is not filled (recovery zeroes the tail of the last one)");
        again.shutdown();
    }

    @Test
    void writerAndFillerNeverWriteTheSameBytes() throws Exception {
        int fileSize = 4 << 20;
        File f = new File(dir.toFile(), MappedFile.fileNameOf(0));
        MappedFile mf = new MappedFile(f, fileSize);
        // the filler runs only when this test calls it, from its own thread, in small chunks, racing the writer
        // (a window as large as the file: filling does not stop for being outrun while the writer races it)
        mf.enableFillAhead(fileSize, task -> { });
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> filler = pool.submit(() -> {
                while (!stop.get()) {
                    mf.fillAhead(4096 + 512);
                }
            });
            int pos = 0;
            int n = 0;
            while (pos + 700 <= fileSize - (64 << 10)) {
                int size = 300 + (n * 37) % 400;
                assertTrue(mf.appendBytes(record(size, n), true));
                pos += size;
                n++;
            }
            stop.set(true);
            filler.get(20, TimeUnit.SECONDS);
            assertTrue(mf.getAllocatedPosition() >= pos, "allocated " + mf.getAllocatedPosition() + " < written " + pos);
            int at = 0;
            for (int i = 0; i < n; i++) {
                int size = 300 + (i * 37) % 400;
                assertArrayEquals(record(size, i).array(), mf.copy(at, size), "record " + i + " at " + at);
                at += size;
            }
            ByteBuffer rest = mf.rawView().position(pos).limit(mf.getAllocatedPosition()).slice();
            while (rest.hasRemaining()) {
                assertEquals(0, rest.get(), "the filled region beyond the writer holds zeros");
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            mf.destroy(0);
        }
    }

    @Test
    void fillingStopsForAFileOnceTheWriterOutranItByAWholeWindow() throws Exception {
        int fileSize = 1 << 20;
        File f = new File(dir.toFile(), MappedFile.fileNameOf(0));
        MappedFile mf = new MappedFile(f, fileSize);
        int window = 64 << 10;
        mf.enableFillAhead(window, task -> { }); // filled only when the test says so
        try {
            mf.fillAhead(4096);
            assertEquals(window, mf.getAllocatedPosition(), "one window filled");
            int written = 0;
            for (int i = 0; written < window + window / 2; i++) {
                assertTrue(mf.appendBytes(record(1000, i), true));
                written += 1000;
            }
            mf.fillAhead(4096); // catches up again: the writer claimed only half a window past the filled region
            assertEquals(written + window, mf.getAllocatedPosition());
            while (written < 4 * window) {
                assertTrue(mf.appendBytes(record(1000, written / 1000), true));
                written += 1000;
            }
            // the writer wrote a whole window past what the filler had filled: no more filling in this file
            mf.fillAhead(4096);
            assertEquals(written, mf.getAllocatedPosition());
            for (int i = 0; i < written / 1000; i++) {
                assertArrayEquals(record(1000, i).array(), mf.copy(i * 1000, 1000), "record " + i);
            }
        } finally {
            mf.destroy(0);
        }
    }

    @Test
    void filledBytesHaveDiskBlocks() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"), "stat -c %b is Linux's");
        int fileSize = 16 << 20;
        MappedFileQueue q = new MappedFileQueue(dir.toFile(), fileSize, false);
        q.setFillAheadBytes(4 << 20);
        MappedFile mf = q.getLastMappedFile(0, true);
        awaitAllocated(mf, 4 << 20);
        long blocks = allocatedBytes(mf.getFile());
        assumeTrue(blocks >= 0, "stat not available");
        assertTrue(blocks >= (4 << 20), "the filled window has blocks on disk: " + blocks + " bytes");
        assertTrue(blocks < fileSize, "the rest of the file stays sparse: " + blocks + " bytes");
        q.shutdown();
    }

    /** Bytes of disk blocks allocated to a file ({@code stat -c %b} × 512), or -1 if stat cannot be run. */
    private static long allocatedBytes(File f) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("stat", "-c", "%b", f.getAbsolutePath()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return -1;
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return -1;
        }
        return Long.parseLong(out) * 512;
    }
}
