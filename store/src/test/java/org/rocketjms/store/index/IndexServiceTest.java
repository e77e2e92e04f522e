package org.rocketjms.store.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

class IndexServiceTest {
    private static final String TOPIC = "orders";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<IndexService> open = new ArrayList<>();

    @AfterEach
    void close() {
        for (IndexService s : open) {
            s.shutdown();
        }
    }

    private IndexService newService(int slots, int entries) {
        IndexService s = new IndexService(dir.toFile(), slots, entries);
        open.add(s);
        return s;
    }

    private IndexService restart(IndexService s, boolean clean, int slots, int entries) {
        s.shutdown();
        open.remove(s);
        IndexService again = newService(slots, entries);
        assertTrue(again.load(clean));
        return again;
    }

    private List<Long> query(IndexService s, String key) {
        return s.queryPhyOffsets(TOPIC, key, 1000, 0, Long.MAX_VALUE);
    }

    private static List<Long> descending(long... values) {
        return LongStream.of(values).boxed().sorted((a, b) -> Long.compare(b, a)).collect(Collectors.toList());
    }

    private File[] indexFiles() {
        File[] files = dir.toFile().listFiles((d, n) -> n.length() == 17);
        assertNotNull(files);
        Arrays.sort(files);
        return files;
    }

    @Test
    void findsMessagesByKeyAndUniqueKey() {
        IndexService s = newService(64, 1000);
        assertTrue(s.load(true));
        assertTrue(s.buildIndex(TOPIC, "k1 k2", "U1", 100, T0));
        assertTrue(s.buildIndex(TOPIC, "k1", null, 200, T0 + 1000));
        assertTrue(s.buildIndex(TOPIC, "  k3  k1 ", "U3", 300, T0 + 2000));
        assertTrue(s.buildIndex("other", "k1", null, 400, T0 + 3000));
        assertTrue(s.buildIndex(TOPIC, null, null, 500, T0 + 4000), "a message without keys is fine");
        assertEquals(List.of(300L, 200L, 100L), query(s, "k1"));
        assertEquals(List.of(100L), query(s, "k2"));
        assertEquals(List.of(300L), query(s, "k3"));
        assertEquals(List.of(100L), query(s, "U1"));
        assertEquals(List.of(), query(s, "missing"));
        assertEquals(List.of(400L), s.queryPhyOffsets("other", "k1", 10, 0, Long.MAX_VALUE));
        assertEquals(List.of(300L, 200L), s.queryPhyOffsets(TOPIC, "k1", 2, 0, Long.MAX_VALUE), "newest first");
        assertEquals(List.of(), s.queryPhyOffsets(TOPIC, "k1", 0, 0, Long.MAX_VALUE));
        assertEquals(1, s.fileCount());
    }

    @Test
    void filtersByTimeRange() {
        IndexService s = newService(64, 1000);
        assertTrue(s.load(true));
        for (int i = 0; i < 10; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i * 10_000L));
        }
        assertEquals(descending(300, 400, 500, 600), s.queryPhyOffsets(TOPIC, "k", 100, T0 + 30_000, T0 + 60_000));
        assertEquals(descending(0), s.queryPhyOffsets(TOPIC, "k", 100, 0, T0 + 5_000));
        assertEquals(List.of(), s.queryPhyOffsets(TOPIC, "k", 100, T0 + 200_000, T0 + 300_000));
        assertEquals(List.of(), s.queryPhyOffsets(TOPIC, "k", 100, 0, T0 - 5_000));
    }

    @Test
    void collisionsAreFilteredByTheCaller() {
        IndexService s = newService(4, 5000);
        assertTrue(s.load(true));
        Map<Long, String> stored = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            String key = "key-" + i;
            assertTrue(s.buildIndex(TOPIC, key, null, i * 10L, T0 + i));
            stored.put(i * 10L, key);
        }
        // "Aa" and "BB" have the same String hash, so topic#Aa and topic#BB collide completely.
        assertTrue(s.buildIndex(TOPIC, "Aa", null, 10_000, T0));
        stored.put(10_000L, "Aa");
        assertTrue(s.buildIndex(TOPIC, "BB", null, 10_010, T0));
        stored.put(10_010L, "BB");
        for (int i = 0; i < 500; i += 7) {
            String key = "key-" + i;
            List<Long> found = query(s, key);
            assertTrue(found.contains(i * 10L), key);
            List<Long> matching = found.stream().filter(p -> key.equals(stored.get(p))).collect(Collectors.toList());
            assertEquals(List.of(i * 10L), matching, key);
        }
        List<Long> aa = query(s, "Aa");
        assertEquals(List.of(10_010L, 10_000L), aa, "a full hash collision is a false positive");
        assertEquals(List.of(10_000L), aa.stream().filter(p -> "Aa".equals(stored.get(p))).collect(Collectors.toList()));
    }

    @Test
    void rollsToNewFilesAndQueriesAcrossThem() {
        IndexService s = newService(8, 10);
        assertTrue(s.load(true));
        for (int i = 0; i < 25; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        assertEquals(3, s.fileCount());
        assertEquals(3, indexFiles().length);
        List<Long> all = query(s, "k");
        assertEquals(25, all.size());
        assertEquals(2400L, all.get(0));
        assertEquals(0L, all.get(24));
        assertEquals(descending(2400, 2300, 2200, 2100, 2000), s.queryPhyOffsets(TOPIC, "k", 5, 0, Long.MAX_VALUE));
        // A message's keys are not split across files: after 14 more single-key messages file 4 has one free
        // entry, so a two-key message goes to file 5.
        for (int i = 25; i < 39; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        assertEquals(4, s.fileCount());
        assertTrue(s.buildIndex(TOPIC, "a b", null, 3900, T0 + 39));
        assertEquals(5, s.fileCount());
        assertEquals(List.of(3900L), query(s, "a"));
        assertEquals(List.of(3900L), query(s, "b"));
    }

    @Test
    void recoverDropsFilesPastTheSafePointAndSaysWhereToRebuildFrom() {
        IndexService s = newService(8, 10);
        assertTrue(s.load(true));
        for (int i = 0; i < 25; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        IndexService again = restart(s, false, 8, 10);
        // files: [0..900], [1000..1900], [2000..2400]; everything from 1500 on may be torn
        assertEquals(1000, again.recover(1500));
        assertEquals(1, again.fileCount());
        assertEquals(1, indexFiles().length);
        assertEquals(10, query(again, "k").size());
        assertEquals(901, again.flushedEndPhyOffset());
        // re-dispatch from the rebuild point; an earlier message is skipped as already indexed
        assertTrue(again.buildIndex(TOPIC, "k", null, 500, T0 + 5));
        for (int i = 10; i < 25; i++) {
            assertTrue(again.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        List<Long> all = query(again, "k");
        assertEquals(25, all.size());
        assertEquals(LongStream.range(0, 25).map(i -> i * 100).boxed().sorted((a, b) -> Long.compare(b, a))
                .collect(Collectors.toList()), all);
        assertEquals(3, again.fileCount());
    }

    @Test
    void recoverWithNothingPastTheSafePointKeepsEverything() {
        IndexService s = newService(8, 10);
        assertTrue(s.load(true));
        for (int i = 0; i < 25; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        IndexService again = restart(s, true, 16, 100);
        assertEquals(2500, again.recover(2500));
        assertEquals(3, again.fileCount());
        assertEquals(25, query(again, "k").size());
        for (int i = 25; i < 30; i++) {
            assertTrue(again.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        assertEquals(30, query(again, "k").size());
        assertEquals(3, again.fileCount(), "the last file is continued with its own geometry");
    }

    @Test
    void unreadableHeaderDropsThatFileAndTheLaterOnes() throws IOException {
        IndexService s = newService(8, 10);
        assertTrue(s.load(true));
        for (int i = 0; i < 25; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        s.shutdown();
        open.remove(s);
        File second = indexFiles()[1];
        try (RandomAccessFile raf = new RandomAccessFile(second, "rw")) {
            raf.seek(IndexFile.HEADER_MAGIC);
            raf.writeInt(0);
        }
        IndexService again = newService(8, 10);
        assertTrue(again.load(false));
        assertEquals(1, again.fileCount());
        assertEquals(900, again.recover(Long.MAX_VALUE), "rebuild from the end of the last readable file");
        assertEquals(10, query(again, "k").size());
    }

    @Test
    void recoverRepairsSlotsOfWritesLostInACrash() throws IOException {
        IndexService s = newService(4, 100);
        assertTrue(s.load(true));
        for (int i = 0; i < 20; i++) {
            assertTrue(s.buildIndex(TOPIC, "k" + (i % 3), null, i * 100L, T0 + i));
        }
        s.flush();
        long safe = s.flushedEndPhyOffset();
        assertEquals(1901, safe);
        File file = indexFiles()[0];
        byte[] flushedHeader = new byte[IndexFile.HEADER_SIZE];
        try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
            raf.readFully(flushedHeader);
        }
        for (int i = 20; i < 30; i++) {
            assertTrue(s.buildIndex(TOPIC, "k" + (i % 3), null, i * 100L, T0 + i));
        }
        s.shutdown();
        open.remove(s);
        // Crash: slots and entries of the later writes reached the disk, the header page did not.
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.write(flushedHeader);
        }
        IndexService again = newService(4, 100);
        assertTrue(again.load(false));
        assertEquals(safe, again.recover(safe));
        assertEquals(1, again.fileCount());
        for (int k = 0; k < 3; k++) {
            final int key = k;
            List<Long> expected = LongStream.range(0, 20).filter(i -> i % 3 == key).map(i -> i * 100)
                    .boxed().sorted((a, b) -> Long.compare(b, a)).collect(Collectors.toList());
            assertEquals(expected, query(again, "k" + k), "chain of k" + k + " intact after repair");
        }
        for (int i = 19; i < 30; i++) {
            assertTrue(again.buildIndex(TOPIC, "k" + (i % 3), null, i * 100L, T0 + i));
        }
        for (int k = 0; k < 3; k++) {
            final int key = k;
            List<Long> expected = LongStream.range(0, 30).filter(i -> i % 3 == key).map(i -> i * 100)
                    .boxed().sorted((a, b) -> Long.compare(b, a)).collect(Collectors.toList());
            assertEquals(expected, query(again, "k" + k));
        }
    }

    @Test
    void retentionDeletesWholeExpiredFilesButNeverTheLast() {
        IndexService s = newService(8, 10);
        assertTrue(s.load(true));
        for (int i = 0; i < 25; i++) {
            assertTrue(s.buildIndex(TOPIC, "k", null, i * 100L, T0 + i));
        }
        assertEquals(0, s.deleteExpiredFiles(900));
        assertEquals(1, s.deleteExpiredFiles(901));
        assertEquals(2, s.fileCount());
        assertEquals(15, query(s, "k").size());
        assertEquals(1, s.deleteExpiredFiles(Long.MAX_VALUE));
        assertEquals(1, s.fileCount());
        assertEquals(1, indexFiles().length);
        assertEquals(5, query(s, "k").size());
    }

    @Test
    void reloadsAfterShutdownAndDestroyRemovesEverything() throws IOException {
        IndexService s = newService(16, 50);
        assertTrue(s.load(true));
        for (int i = 0; i < 70; i++) {
            assertTrue(s.buildIndex(TOPIC, "id-" + i, "u-" + i, i * 10L, T0 + i * 1000L));
        }
        s.flush();
        assertEquals(691, s.flushedEndPhyOffset());
        IndexService again = restart(s, true, 16, 50);
        assertEquals(700, again.recover(700));
        assertEquals(3, again.fileCount());
        for (int i = 0; i < 70; i += 9) {
            assertEquals(List.of(i * 10L), query(again, "id-" + i));
            assertEquals(List.of(i * 10L), query(again, "u-" + i));
        }
        again.destroy();
        assertEquals(0, again.fileCount());
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count());
        }
        assertEquals(0, again.flushedEndPhyOffset());
    }

    @Test
    void indexFileRejectsKeysWhenFullAndChecksItsHeader() throws IOException {
        File f = dir.resolve("20240101000000000").toFile();
        IndexFile file = IndexFile.create(f, 4, 3);
        assertEquals(IndexFile.fileSize(4, 3), f.length());
        assertTrue(file.putKey("a", 1, T0));
        assertTrue(file.putKey("b", 2, T0 + 1500));
        assertTrue(file.putKey("a", 3, T0 + 3000));
        assertFalse(file.putKey("c", 4, T0), "full");
        List<Long> out = new ArrayList<>();
        file.selectPhyOffsets(out, "a", 10, 0, Long.MAX_VALUE);
        assertEquals(List.of(3L, 1L), out);
        out.clear();
        file.selectPhyOffsets(out, "a", 10, T0 + 2500, T0 + 4000);
        assertEquals(List.of(3L), out);
        file.close();

        IndexFile reopened = IndexFile.open(f);
        assertEquals(3, reopened.getEntryCount());
        assertEquals(1, reopened.getBeginPhyOffset());
        assertEquals(3, reopened.getEndPhyOffset());
        assertEquals(T0, reopened.getBeginTimestamp());
        assertEquals(T0 + 3000, reopened.getEndTimestamp());
        reopened.close();

        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            raf.seek(IndexFile.HEADER_ENTRY_COUNT);
            raf.writeInt(99);
        }
        IOException e = assertThrows(IOException.class, () -> IndexFile.open(f));
        assertTrue(e.getMessage().contains("unreadable header"), e.getMessage());
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            raf.setLength(10);
        }
        assertThrows(IOException.class, () -> IndexFile.open(f));
    }

    @Test
    void queriesRunConcurrentlyWithTheWriter() throws Exception {
        IndexService s = newService(32, 2000);
        assertTrue(s.load(true));
        int total = 10_000;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    for (long phy : s.queryPhyOffsets(TOPIC, "hot", 50, 0, Long.MAX_VALUE)) {
                        assertEquals(0, phy % 70, "only offsets of messages keyed 'hot'");
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        reader.start();
        try {
            for (int i = 0; i < total; i++) {
                String key = i % 7 == 0 ? "hot" : "cold-" + i;
                assertTrue(s.buildIndex(TOPIC, key, null, i * 10L, T0 + i));
                if (i % 2000 == 0) {
                    s.flush();
                    s.deleteExpiredFiles(i * 10L - 5000);
                }
            }
        } finally {
            done.set(true);
            reader.join(10_000);
        }
        assertNull(failure.get(), () -> "reader failed: " + failure.get());
        assertEquals(50, s.queryPhyOffsets(TOPIC, "hot", 50, 0, Long.MAX_VALUE).size());
    }
}
