package org.rocketjms.store.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class ConsumeQueueTest {
    /** Eight entries per file, so tests cross file boundaries quickly. */
    private static final int FILE_SIZE = ConsumeQueue.ENTRY_SIZE * 8;
    private static final String TOPIC = "orders";
    private static final int QUEUE_ID = 3;

    @TempDir
    Path root;

    private final List<ConsumeQueue> open = new ArrayList<>();

    @AfterEach
    void closeQueues() {
        for (ConsumeQueue cq : open) {
            cq.shutdown();
        }
    }

    private ConsumeQueue newQueue() {
        ConsumeQueue cq = new ConsumeQueue(TOPIC, QUEUE_ID, root.toFile(), FILE_SIZE);
        open.add(cq);
        return cq;
    }

    /** Closes {@code cq} and opens the directory again as after a restart, recovering against {@code safe}. */
    private ConsumeQueue reopen(ConsumeQueue cq, long safe) {
        cq.shutdown();
        open.remove(cq);
        ConsumeQueue again = newQueue();
        assertTrue(again.load());
        again.recover(safe);
        return again;
    }

    private static long phy(long i) {
        return 1000 + i * 100;
    }

    private static int size(long i) {
        return 50 + (int) (i % 40);
    }

    private static void putRange(ConsumeQueue cq, long from, long to) {
        for (long i = from; i < to; i++) {
            assertTrue(cq.putMessagePositionInfo(phy(i), size(i), i * 7, i), "put " + i);
        }
    }

    private static void assertEntry(CqUnit u, long i) {
        assertNotNull(u, "entry " + i);
        assertEquals(i, u.queueOffset());
        assertEquals(phy(i), u.phyOffset());
        assertEquals(size(i), u.size());
        assertEquals(i * 7, u.tagsCode());
        assertFalse(u.isFiller());
    }

    private File queueDir() {
        return new File(new File(root.toFile(), TOPIC), String.valueOf(QUEUE_ID));
    }

    private File[] queueFiles() {
        File[] files = queueDir().listFiles();
        assertNotNull(files);
        java.util.Arrays.sort(files);
        return files;
    }

    /** Overwrites bytes of the queue's byte space directly in its files (simulating a torn crash). */
    private void writeRaw(long logicalOffset, long phyOffset, int size, long tags) throws IOException {
        long byteOffset = logicalOffset * ConsumeQueue.ENTRY_SIZE;
        long fileStart = byteOffset - byteOffset % FILE_SIZE;
        File f = new File(queueDir(), String.format("%020d", fileStart));
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            raf.seek(byteOffset - fileStart);
            raf.writeLong(phyOffset);
            raf.writeInt(size);
            raf.writeLong(tags);
        }
    }

    @Test
    void appendsAndReadsAcrossFileBoundaries() {
        ConsumeQueue cq = newQueue();
        assertEquals(0, cq.getMinOffsetInQueue());
        assertEquals(0, cq.getMaxOffsetInQueue());
        assertEquals(-1, cq.getMaxPhysicOffset());
        putRange(cq, 0, 30);
        assertEquals(0, cq.getMinOffsetInQueue());
        assertEquals(30, cq.getMaxOffsetInQueue());
        assertEquals(30, cq.getMessageTotalInQueue());
        assertEquals(phy(29) + size(29), cq.getMaxPhysicOffset());
        assertEquals(4, queueFiles().length);
        for (long i = 0; i < 30; i++) {
            assertEntry(cq.get(i), i);
        }
        List<CqUnit> all = cq.read(0, 100);
        assertEquals(30, all.size());
        for (int i = 0; i < 30; i++) {
            assertEntry(all.get(i), i);
        }
        List<CqUnit> middle = cq.read(5, 10);
        assertEquals(10, middle.size());
        assertEntry(middle.get(0), 5);
        assertEntry(middle.get(9), 14);
    }

    @Test
    void outOfRangeReadsReturnNullOrEmpty() {
        ConsumeQueue cq = newQueue();
        assertNull(cq.get(0));
        assertTrue(cq.read(0, 10).isEmpty());
        putRange(cq, 0, 10);
        assertNull(cq.get(-1));
        assertNull(cq.get(10));
        assertNull(cq.get(Long.MAX_VALUE));
        assertTrue(cq.read(10, 5).isEmpty());
        assertTrue(cq.read(-3, 5).isEmpty());
        assertTrue(cq.read(Long.MAX_VALUE, 5).isEmpty());
        assertTrue(cq.read(0, 0).isEmpty());
        assertEquals(2, cq.read(8, Integer.MAX_VALUE).size());
    }

    @Test
    void reDispatchOfAnExistingEntryIsANoOpAndAConflictIsRefused() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 12);
        assertTrue(cq.putMessagePositionInfo(phy(4), size(4), 4 * 7, 4));
        assertTrue(cq.putMessagePositionInfo(phy(11), size(11), 11 * 7, 11));
        assertEquals(12, cq.getMaxOffsetInQueue());
        assertFalse(cq.putMessagePositionInfo(phy(4) + 1, size(4), 0, 4), "different entry at an existing offset");
        assertEntry(cq.get(4), 4);
        assertFalse(cq.putMessagePositionInfo(-5, 10, 0, 12), "negative offset");
        assertFalse(cq.putMessagePositionInfo(phy(12), 0, 0, 12), "zero size");
        assertEquals(12, cq.getMaxOffsetInQueue());
    }

    @Test
    void newQueueStartsAtTheFirstDispatchedOffset() {
        ConsumeQueue cq = newQueue();
        assertTrue(cq.putMessagePositionInfo(phy(13), size(13), 13 * 7, 13));
        assertEquals(13, cq.getMinOffsetInQueue());
        assertEquals(14, cq.getMaxOffsetInQueue());
        assertNull(cq.get(12));
        assertEntry(cq.get(13), 13);
        File[] files = queueFiles();
        assertEquals(1, files.length);
        assertEquals(String.format("%020d", 8 * ConsumeQueue.ENTRY_SIZE), files[0].getName(),
                "the file holding byte 13*20 is created, not the ones before it");
        putRange(cq, 14, 20);
        assertTrue(cq.read(0, 3).isEmpty(), "reading below the min offset is empty");
        assertEquals(7, cq.read(13, 100).size());

        ConsumeQueue again = reopen(cq, Long.MAX_VALUE);
        assertEquals(13, again.getMinOffsetInQueue());
        assertEquals(20, again.getMaxOffsetInQueue());
        assertEntry(again.get(13), 13);
        assertEntry(again.get(19), 19);
    }

    @Test
    void gapInANonEmptyQueueIsBridgedWithFillers() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 3);
        assertTrue(cq.putMessagePositionInfo(phy(21), size(21), 21 * 7, 21));
        assertEquals(0, cq.getMinOffsetInQueue());
        assertEquals(22, cq.getMaxOffsetInQueue());
        assertEquals(phy(21) + size(21), cq.getMaxPhysicOffset());
        List<CqUnit> units = cq.read(0, 100);
        assertEquals(22, units.size());
        for (int i = 3; i < 21; i++) {
            assertTrue(units.get(i).isFiller(), "filler at " + i);
            assertEquals(i, units.get(i).queueOffset());
        }
        assertEntry(units.get(21), 21);
        assertFalse(cq.putMessagePositionInfo(phy(5), size(5), 0, 5), "a filler is never overwritten");

        ConsumeQueue again = reopen(cq, Long.MAX_VALUE);
        assertEquals(0, again.getMinOffsetInQueue());
        assertEquals(22, again.getMaxOffsetInQueue());
        assertEquals(phy(21) + size(21), again.getMaxPhysicOffset());
        assertTrue(again.get(10).isFiller());
        putRange(again, 22, 25);
        assertEntry(again.get(24), 24);
    }

    @Test
    void emptiedQueueRestartsAtANewOffset() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 10);
        cq.deleteExpiredFiles(Long.MAX_VALUE);
        assertEquals(10, cq.getMinOffsetInQueue());
        assertEquals(10, cq.getMaxOffsetInQueue());
        assertTrue(cq.putMessagePositionInfo(phy(50), size(50), 50 * 7, 50));
        assertEquals(50, cq.getMinOffsetInQueue());
        assertEquals(51, cq.getMaxOffsetInQueue());
        assertEntry(cq.get(50), 50);
        File[] files = queueFiles();
        assertEquals(1, files.length, "the old files were removed");
        assertEquals(String.format("%020d", 48 * ConsumeQueue.ENTRY_SIZE), files[0].getName());

        ConsumeQueue again = reopen(cq, Long.MAX_VALUE);
        assertEquals(50, again.getMinOffsetInQueue());
        assertEquals(51, again.getMaxOffsetInQueue());
    }

    @Test
    void recoverCutsZeroedEntriesPastTheSafePointEvenIfLaterFilesLookValid() throws IOException {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 30);
        cq.flush(0);
        cq.shutdown();
        open.remove(cq);
        // Crash: entries 20..23 (beyond the durable point) never reached the disk, file 3 did.
        for (long i = 20; i < 24; i++) {
            writeRaw(i, 0, 0, 0);
        }
        ConsumeQueue again = newQueue();
        assertTrue(again.load());
        again.recover(phy(24));
        assertEquals(0, again.getMinOffsetInQueue());
        assertEquals(20, again.getMaxOffsetInQueue());
        assertEquals(phy(19) + size(19), again.getMaxPhysicOffset());
        assertEquals(3, queueFiles().length, "the file after the cut is deleted");
        assertNull(again.get(20));
        putRange(again, 20, 26);
        assertEntry(again.get(25), 25);
    }

    @Test
    void recoverCutsTornGarbageAndZeroesTheCutBytes() throws IOException {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 20);
        cq.shutdown();
        open.remove(cq);
        writeRaw(9, 5, -77, 0x5555L);
        writeRaw(10, 0x1234_5678_9ABCL, 99, 1);
        ConsumeQueue again = newQueue();
        assertTrue(again.load());
        again.recover(phy(9));
        assertEquals(9, again.getMaxOffsetInQueue());
        again.shutdown();
        open.remove(again);
        // The cut bytes were zeroed: even with no safe limit, a restart finds the same end.
        ConsumeQueue third = newQueue();
        assertTrue(third.load());
        third.recover(Long.MAX_VALUE);
        assertEquals(9, third.getMaxOffsetInQueue());
    }

    @Test
    void recoverCutsEntriesAtOrBeyondTheSafeOffset() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 30);
        ConsumeQueue again = reopen(cq, phy(20));
        assertEquals(20, again.getMaxOffsetInQueue(), "entry 20 points exactly at the safe offset");
        assertEquals(phy(19) + size(19), again.getMaxPhysicOffset());
        putRange(again, 20, 22);
        assertEntry(again.get(21), 21);

        ConsumeQueue none = reopen(again, phy(0));
        assertEquals(0, none.getMaxOffsetInQueue());
        assertEquals(0, none.getMinOffsetInQueue());
        assertEquals(-1, none.getMaxPhysicOffset());
        putRange(none, 0, 2);
        assertEntry(none.get(1), 1);
    }

    @Test
    void recoverCutsAPreallocatedButUnwrittenFile() throws IOException {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 16);
        cq.shutdown();
        open.remove(cq);
        try (RandomAccessFile raf = new RandomAccessFile(new File(queueDir(), String.format("%020d", 2 * FILE_SIZE)),
                "rw")) {
            raf.setLength(FILE_SIZE);
        }
        ConsumeQueue again = newQueue();
        assertTrue(again.load());
        again.recover(Long.MAX_VALUE);
        assertEquals(16, again.getMaxOffsetInQueue());
        putRange(again, 16, 18);
        assertEntry(again.get(17), 17);
    }

    @Test
    void findsOffsetByTime() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 30);
        // store timestamp of entry i: 10_000 + i * 10; entries below 3 are gone from the commit log
        java.util.function.LongUnaryOperator ts = p -> {
            long i = (p - 1000) / 100;
            return i < 3 ? -1 : 10_000 + i * 10;
        };
        assertEquals(6, cq.getOffsetInQueueByTime(10_055, ts));
        assertEquals(5, cq.getOffsetInQueueByTime(10_050, ts));
        assertEquals(3, cq.getOffsetInQueueByTime(0, ts), "gone records count as older");
        assertEquals(30, cq.getOffsetInQueueByTime(99_999, ts), "all older: max");
        assertEquals(0, cq.getOffsetInQueueByTime(0, p -> 50_000), "all newer: min");
        assertEquals(0, newQueueAt("other").getOffsetInQueueByTime(5, ts), "empty queue: max == min");
    }

    private ConsumeQueue newQueueAt(String topic) {
        ConsumeQueue cq = new ConsumeQueue(topic, 0, root.toFile(), FILE_SIZE);
        open.add(cq);
        return cq;
    }

    @Test
    void retentionDeletesExpiredFilesAndMovesTheMinOffset() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 30);
        assertEquals(1, cq.deleteExpiredFiles(phy(10)));
        assertEquals(10, cq.getMinOffsetInQueue());
        assertNull(cq.get(9));
        assertEntry(cq.get(10), 10);
        assertEquals(3, queueFiles().length);

        cq.correctMinOffset(phy(13) - 1);
        assertEquals(13, cq.getMinOffsetInQueue());
        cq.correctMinOffset(phy(0));
        assertEquals(13, cq.getMinOffsetInQueue(), "the min offset never moves back");
        assertEquals(List.of(), cq.read(12, 5));
        assertEquals(5, cq.read(13, 5).size());

        assertEquals(2, cq.deleteExpiredFiles(Long.MAX_VALUE));
        assertEquals(30, cq.getMinOffsetInQueue());
        assertEquals(30, cq.getMaxOffsetInQueue());
        assertEquals(1, queueFiles().length, "the last file is kept");
        putRange(cq, 30, 33);
        assertEntry(cq.get(32), 32);
        assertEquals(30, cq.getMinOffsetInQueue());
    }

    @Test
    void reloadAfterCleanShutdownKeepsEverything() {
        ConsumeQueue cq = newQueue();
        putRange(cq, 0, 21);
        cq.flush(0);
        assertEquals(21L * ConsumeQueue.ENTRY_SIZE, cq.getFlushedWhere());
        ConsumeQueue again = reopen(cq, phy(21));
        assertEquals(0, again.getMinOffsetInQueue());
        assertEquals(21, again.getMaxOffsetInQueue());
        assertEquals(phy(20) + size(20), again.getMaxPhysicOffset());
        for (long i = 0; i < 21; i++) {
            assertEntry(again.get(i), i);
        }
        putRange(again, 21, 40);
        again.flush(1);
        assertEquals(40, again.getMaxOffsetInQueue());

        again.destroy();
        open.remove(again);
        assertFalse(queueDir().exists());
    }

    @Test
    void readersRunConcurrentlyWithTheWriterAndRetention() throws Exception {
        // Larger files here: creating a mapped file costs milliseconds on some file systems.
        ConsumeQueue cq = new ConsumeQueue(TOPIC, 9, root.toFile(), ConsumeQueue.ENTRY_SIZE * 128);
        open.add(cq);
        int total = 12_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try {
                    while (!done.get()) {
                        long min = cq.getMinOffsetInQueue();
                        for (CqUnit u : cq.read(min, 64)) {
                            assertEquals(phy(u.queueOffset()), u.phyOffset());
                        }
                        long max = cq.getMaxOffsetInQueue();
                        CqUnit last = cq.get(max - 1);
                        if (last != null) {
                            assertEquals(phy(max - 1), last.phyOffset());
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        threads.add(new Thread(() -> {
            try {
                for (int round = 0; !done.get(); round++) {
                    long max = cq.getMaxOffsetInQueue();
                    cq.deleteExpiredFiles(phy(Math.max(0, max - 300)));
                    if (round % 16 == 0) {
                        cq.flush(0);
                    }
                    Thread.sleep(1);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }));
        threads.forEach(Thread::start);
        try {
            putRange(cq, 0, total);
        } finally {
            done.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        assertNull(failure.get(), () -> "reader failed: " + failure.get());
        assertEquals(total, cq.getMaxOffsetInQueue());
        assertEntry(cq.get(total - 1), total - 1);
    }

    @Test
    void rejectsAFileSizeThatIsNotAMultipleOfTheEntrySize() {
        assertThrows(IllegalArgumentException.class, () -> new ConsumeQueue(TOPIC, 0, root.toFile(), 110));
    }
}
