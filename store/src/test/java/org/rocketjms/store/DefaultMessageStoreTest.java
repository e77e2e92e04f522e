package org.rocketjms.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.commitlog.MessageFlags;
import org.rocketjms.store.commitlog.RecordCodec;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;
import org.rocketjms.store.util.TagHash;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.rocketjms.store.StoreTestSupport.*;

class DefaultMessageStoreTest {
    @TempDir
    Path dir;
    private DefaultMessageStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void theAppendingThreadDispatchesSoAMessageIsInItsQueueWhenThePutReturns() {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        List<String> arrivedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.setMessageArrivingListener((topic, q, max, tags) -> arrivedOn.add(Thread.currentThread().getName()));
        for (int i = 0; i < 200; i++) {
            put(store, message("D", 0, "m" + i));
            // no waiting: the put itself placed the message in the consume queue and told the listener
            assertEquals(i + 1, store.getMaxOffsetInQueue("D", 0), "message " + i + " not dispatched by its put");
            assertEquals(i + 1, arrivedOn.size(), "arrival of message " + i + " not announced by its put");
        }
        assertEquals(200, arrivedOn.size());
        assertTrue(arrivedOn.stream().allMatch(n -> n.equals(Thread.currentThread().getName())),
                "arrivals announced on the appending thread: " + new java.util.HashSet<>(arrivedOn));
    }

    @Test
    void concurrentAppendersDispatchEveryMessageOnceAndInLogOrder() throws Exception {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        ConcurrentLinkedQueue<Long> announced = new ConcurrentLinkedQueue<>();
        store.setMessageArrivingListener((topic, q, max, tags) -> announced.add(max));
        int threads = 6;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    put(store, message("C", 0, id + "-" + i));
                }
            }));
        }
        ts.forEach(Thread::start);
        start.countDown();
        for (Thread t : ts) {
            t.join(60_000);
        }
        int total = threads * perThread;
        assertEquals(total, store.getMaxOffsetInQueue("C", 0), "every put dispatched once its thread returned");
        List<Long> maxes = new ArrayList<>(announced);
        assertEquals(total, maxes.size(), "one arrival per message");
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, maxes.get(i), "arrivals in log order");
        }
        long offset = 0;
        while (offset < total) {
            GetMessageResult r = store.getMessage("C", 0, offset, 32, null);
            assertEquals(GetMessageStatus.FOUND, r.status());
            for (StoredMessage m : r.decode()) {
                assertEquals(offset++, m.queueOffset());
            }
        }
    }

    @Test
    void messagesCrossFileBoundariesAndReadBackInOrder() {
        store = open(tinyConfig(dir, FlushDiskType.SYNC_FLUSH));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String body = "m" + i + "-" + "x".repeat(i * 7 % 900);
            sent.add(body);
            PutMessageResult r = put(store, message("T", i % 2, body));
            assertEquals(PutMessageStatus.PUT_OK, r.status(), r.remark());
        }
        assertTrue(store.getCommitLog().getMappedFileQueue().files().size() >= 3, "several commit-log files");
        awaitDispatched(store);
        List<String> got = new ArrayList<>();
        for (int q = 0; q < 2; q++) {
            long offset = 0;
            while (true) {
                GetMessageResult r = store.getMessage("T", q, offset, 32, null);
                if (r.status() != GetMessageStatus.FOUND) {
                    assertEquals(GetMessageStatus.OFFSET_OVERFLOW_ONE, r.status());
                    break;
                }
                for (StoredMessage m : r.decode()) {
                    assertEquals(offset++, m.queueOffset());
                    got.add(text(m));
                }
                assertEquals(offset, r.nextBeginOffset());
            }
        }
        assertEquals(150, store.getMaxOffsetInQueue("T", 0));
        assertEquals(sent.size(), got.size());
        assertTrue(got.containsAll(sent));
    }

    @Test
    void cleanRestartKeepsMessagesAndQueueOffsets() {
        MessageStoreConfig cfg = tinyConfig(dir, FlushDiskType.ASYNC_FLUSH);
        store = open(cfg);
        for (int i = 0; i < 100; i++) {
            put(store, message("R", 0, "before-" + i));
        }
        store.shutdown();
        assertFalse(cfg.abortFile().exists(), "clean shutdown removes the abort file");
        store = open(cfg);
        assertTrue(cfg.abortFile().exists(), "a running store has an abort file");
        assertEquals(100, store.getMaxOffsetInQueue("R", 0));
        PutMessageResult r = put(store, message("R", 0, "after"));
        assertEquals(100, r.queueOffset(), "queue offsets continue after restart");
        awaitDispatched(store);
        GetMessageResult g = store.getMessage("R", 0, 99, 10, null);
        assertEquals(List.of("before-99", "after"), g.decode().stream().map(StoreTestSupport::text).toList());
    }

    @Test
    void batchIsContiguousAndVisibleTogether() throws Exception {
        store = open(tinyConfig(dir, FlushDiskType.SYNC_FLUSH));
        List<StoreMessage> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(message("B", 0, "b" + i));
        }
        PutMessageResult r = store.putMessages(batch).get(5, TimeUnit.SECONDS);
        assertTrue(r.isOk());
        assertEquals(20, r.messageCount());
        assertEquals(0, r.queueOffset());
        awaitDispatched(store);
        GetMessageResult g = store.getMessage("B", 0, 0, 32, null);
        assertEquals(20, g.messageCount());
        long expectedPhy = r.wroteOffset();
        for (StoredMessage m : g.decode()) {
            assertEquals(expectedPhy, m.physicalOffset(), "records of a batch are contiguous");
            expectedPhy += m.storeSize();
        }
        assertEquals(r.wroteOffset() + r.wroteBytes(), expectedPhy);
    }

    @Test
    void concurrentReaderNeverSeesHalfABatch() throws Exception {
        // one big file, fixed-size batches: the readable end of the log must always be a whole number of batches
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH).setMappedFileSizeCommitLog(8 * 1024 * 1024));
        int batches = 300;
        int size = 5;
        List<StoreMessage> probe = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            probe.add(message("V", 0, String.format("v%04d.%d", 0, i)));
        }
        PutMessageResult first = store.putMessages(probe).get(5, TimeUnit.SECONDS);
        long batchBytes = first.wroteBytes();
        CountDownLatch done = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong observations = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (done.getCount() > 0) {
                long end = store.getMaxPhyOffset();
                observations.incrementAndGet();
                if (end % batchBytes != 0) {
                    errors.add("readable end " + end + " is inside a batch of " + batchBytes + " bytes");
                }
            }
        });
        reader.start();
        for (int b = 1; b < batches; b++) {
            List<StoreMessage> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(message("V", 0, String.format("v%04d.%d", b, i)));
            }
            PutMessageResult r = store.putMessages(batch).get(5, TimeUnit.SECONDS);
            assertEquals(batchBytes, r.wroteBytes());
        }
        done.countDown();
        reader.join();
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(observations.get() > batches, "the reader looked often enough");
        awaitDispatched(store);
        assertEquals(batches * size, store.getMaxOffsetInQueue("V", 0));
    }

    @Test
    void outOfRangeReadsReturnStatusesNotExceptions() {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        assertEquals(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, store.getMessage("none", 0, 0, 1, null).status());
        for (int i = 0; i < 5; i++) {
            put(store, message("O", 0, "o" + i));
        }
        awaitDispatched(store);
        assertEquals(GetMessageStatus.OFFSET_OVERFLOW_ONE, store.getMessage("O", 0, 5, 1, null).status());
        GetMessageResult bad = store.getMessage("O", 0, 500, 1, null);
        assertEquals(GetMessageStatus.OFFSET_OVERFLOW_BADLY, bad.status());
        assertEquals(5, bad.nextBeginOffset());
        GetMessageResult neg = store.getMessage("O", 0, -3, 1, null);
        assertEquals(GetMessageStatus.OFFSET_TOO_SMALL, neg.status());
        assertEquals(0, neg.nextBeginOffset());
        assertEquals(GetMessageStatus.FOUND, store.getMessage("O", 0, 0, 0, null).status(), "max 0 still returns one");
        assertNull(store.lookMessageByOffset(-1));
        assertNull(store.lookMessageByOffset(store.getMaxPhyOffset() + 100));
        assertNull(store.lookMessageByOffset(3), "an offset inside a record is not a record");
    }

    @Test
    void oversizedMessageIsRefusedNamingTheLimit() throws Exception {
        store = open(tinyConfig(dir, FlushDiskType.SYNC_FLUSH));
        StoreMessage big = new StoreMessage("Big", 0, new byte[16 * 1024 + 1]);
        PutMessageResult r = store.putMessage(big).get();
        assertEquals(PutMessageStatus.MESSAGE_ILLEGAL, r.status());
        assertTrue(r.remark().contains("maxMessageSize 16384"), r.remark());
        assertEquals(PutMessageStatus.MESSAGE_ILLEGAL, store.putMessage(new StoreMessage(null, 0, new byte[1])).get().status());
        assertEquals(PutMessageStatus.MESSAGE_ILLEGAL, store.putMessage(new StoreMessage("t", -1, new byte[1])).get().status());
        assertEquals(PutMessageStatus.PUT_OK, store.putMessage(new StoreMessage("Big", 0, new byte[16 * 1024 - 100])).get().status());
        awaitDispatched(store);
        assertEquals(1, store.getMaxOffsetInQueue("Big", 0), "only the accepted message took a slot");
    }

    @Test
    void filterByTagCodeThenByRecord() {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        for (int i = 0; i < 30; i++) {
            put(store, message("F", 0, "f" + i).putProperty(MessageProperties.TAGS, i % 3 == 0 ? "red" : "blue")
                    .putProperty("n", Integer.toString(i)));
        }
        awaitDispatched(store);
        long red = TagHash.of("red");
        MessageFilter filter = new MessageFilter() {
            @Override
            public boolean isMatchedByConsumeQueue(long tagsCode) {
                return tagsCode == red;
            }

            @Override
            public boolean isMatchedByCommitLog(ByteBuffer record) {
                return Integer.parseInt(RecordCodec.propertiesOf(record, 0).get("n")) > 10;
            }
        };
        GetMessageResult r = store.getMessage("F", 0, 0, 32, filter);
        assertEquals(List.of("f12", "f15", "f18", "f21", "f24", "f27"), r.decode().stream().map(StoreTestSupport::text).toList());
        assertEquals(30, r.nextBeginOffset());
        GetMessageResult none = store.getMessage("F", 0, 28, 32, filter);
        assertEquals(GetMessageStatus.NO_MATCHED_MESSAGE, none.status());
        assertEquals(30, none.nextBeginOffset(), "filtered-out entries are skipped, not re-read");
    }

    @Test
    void queryByKeyAndUniqueIdAndTime() throws Exception {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < 50; i++) {
            put(store, message("Q", 0, "q" + i).putProperty(MessageProperties.KEYS, "order-" + (i % 5) + " all")
                    .putProperty(MessageProperties.UNIQ_KEY, "ID-" + i));
        }
        awaitDispatched(store);
        long t1 = System.currentTimeMillis() + 1;
        List<StoredMessage> byKey = store.queryMessage("Q", "order-3", 100, t0 - 1000, t1);
        assertEquals(10, byKey.size());
        assertTrue(byKey.stream().allMatch(m -> Integer.parseInt(text(m).substring(1)) % 5 == 3));
        assertEquals(50, store.queryMessage("Q", "all", 100, t0 - 1000, t1).size());
        assertEquals(3, store.queryMessage("Q", "all", 3, t0 - 1000, t1).size());
        List<StoredMessage> byId = store.queryMessage("Q", "ID-17", 10, t0 - 1000, t1);
        assertEquals(1, byId.size());
        assertEquals("q17", text(byId.get(0)));
        assertTrue(store.queryMessage("Q", "ID-17", 10, t1 + 10_000, t1 + 20_000).isEmpty(), "time range applies");
        assertTrue(store.queryMessage("Other", "ID-17", 10, t0 - 1000, t1).isEmpty(), "topic applies");

        Thread.sleep(5);
        long middle = System.currentTimeMillis();
        Thread.sleep(5);
        put(store, message("Q", 0, "late"));
        awaitDispatched(store);
        assertEquals(50, store.getOffsetInQueueByTime("Q", 0, middle));
        assertEquals(0, store.getOffsetInQueueByTime("Q", 0, 0));
    }

    @Test
    void halfAndRollbackRecordsAreStoredButNotQueued() {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        PutMessageResult half = put(store, message("H", 0, "half").setFlags(MessageFlags.TRANSACTION_PREPARED_TYPE));
        put(store, message("H", 0, "normal"));
        awaitDispatched(store);
        assertEquals(1, store.getMaxOffsetInQueue("H", 0));
        assertEquals("half", text(store.lookMessageByOffset(half.wroteOffset())));
    }

    @Test
    void syncFlushGroupCommitCompletesEveryWriter() throws Exception {
        store = open(tinyConfig(dir, FlushDiskType.SYNC_FLUSH));
        int threads = 8;
        int each = 100;
        List<Thread> ts = new ArrayList<>();
        ConcurrentLinkedQueue<PutMessageResult> results = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    results.add(put(store, message("G", id % 4, "g" + id + "-" + i)));
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(threads * each, results.size());
        assertTrue(results.stream().allMatch(PutMessageResult::isOk));
        StoreStats s = store.stats();
        assertEquals(threads * each, s.recordsFlushed(), "every record was covered by a force");
        assertTrue(s.forceCount() <= threads * each);
        assertTrue(store.getCommitLog().getFlushedWhere() >= results.stream()
                .mapToLong(r -> r.wroteOffset() + r.wroteBytes()).max().orElseThrow());
    }

    @Test
    void nonPersistentPutDoesNotWaitForFlush() throws Exception {
        store = open(tinyConfig(dir, FlushDiskType.SYNC_FLUSH));
        CompletableFuture<PutMessageResult> f = store.putMessage(message("N", 0, "fast").setWaitStoreMsgOK(false));
        assertTrue(f.isDone(), "completes at once");
        assertTrue(f.get().isOk());
    }

    @Test
    void diskFullRefusesSendsWithAClearErrorAndResumes() throws Exception {
        MessageStoreConfig cfg = tinyConfig(dir, FlushDiskType.ASYNC_FLUSH).setDiskSpaceWarningLevelRatio(90);
        store = open(cfg);
        assertTrue(put(store, message("D", 0, "kept")).isOk());
        double[] usage = {0.95};
        store.setDiskUsageProbe(f -> usage[0]);
        store.refreshDiskSpace();
        PutMessageResult r = store.putMessage(message("D", 0, "refused")).get();
        assertEquals(PutMessageStatus.DISK_FULL, r.status());
        assertTrue(r.remark().contains("disk usage 95%") && r.remark().contains("diskSpaceWarningLevelRatio 90%"),
                r.remark());
        assertTrue(store.putMessage(message("Book", 0, "ack record").setAllowedWhenDiskFull(true)).get().isOk(),
                "bookkeeping records (pop/ack log) are still accepted");
        assertEquals(PutMessageStatus.DISK_FULL, store.putMessages(List.of(message("D", 0, "mixed"),
                message("Book", 0, "with it").setAllowedWhenDiskFull(true))).get().status(),
                "a batch with any ordinary message is refused");
        awaitDispatched(store);
        assertEquals("kept", text(store.getMessage("D", 0, 0, 1, null).decode().get(0)), "stored data intact");
        usage[0] = 0.5;
        store.refreshDiskSpace();
        assertTrue(store.putMessage(message("D", 0, "resumed")).get().isOk());
        awaitDispatched(store);
        assertEquals(2, store.getMaxOffsetInQueue("D", 0));
    }

    @Test
    void deleteTopicDropsItsQueues() {
        store = open(tinyConfig(dir, FlushDiskType.ASYNC_FLUSH));
        put(store, message("Gone", 0, "x"));
        awaitDispatched(store);
        assertEquals(1, store.getMaxOffsetInQueue("Gone", 0));
        store.deleteTopic("Gone");
        assertEquals(0, store.getMaxOffsetInQueue("Gone", 0));
        assertFalse(new File(dir.toFile(), "consumequeue/Gone").exists());
    }
}
