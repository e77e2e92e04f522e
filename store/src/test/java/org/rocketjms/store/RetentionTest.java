package org.rocketjms.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;


import static org.junit.jupiter.api.Assertions.*;
import static org.rocketjms.store.StoreTestSupport.*;

/**
 * Retention with tiny (64 KiB) files: by age at the deleteWhen hour, by disk ratio, consume queues and index
 * following, and the {@link RetentionGuard} that keeps every file holding a message still needed. The first three
 * tests run with a guard that reports every message consumed (what RocketMQ's rule amounts to), the later ones with
 * a simulated consumer that is behind.
 */
class RetentionTest {
    @TempDir
    Path dir;
    private DefaultMessageStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.shutdown();
        }
    }

    private MessageStoreConfig config() {
        return tinyConfig(dir, FlushDiskType.ASYNC_FLUSH).setFileReservedTime(1);
    }

    /** Opens the store with a guard under which everything dispatched is consumed. */
    private DefaultMessageStore openAllConsumed(MessageStoreConfig cfg) {
        DefaultMessageStore s = new DefaultMessageStore(cfg);
        s.setRetentionGuard(() -> RetentionGuard.Hold.upTo(s.dispatchedOffset(), "the dispatched end"));
        assertTrue(s.load());
        s.start();
        return s;
    }

    /** Opens the store with a guard that says the consumer of Ret/0 still needs everything from {@code next[0]}. */
    private DefaultMessageStore openWithConsumer(MessageStoreConfig cfg, long[] next) {
        DefaultMessageStore s = new DefaultMessageStore(cfg);
        s.setRetentionGuard(() -> {
            long phy = s.getCommitLogOffsetInQueue("Ret", 0, next[0]);
            return phy < 0 ? RetentionGuard.Hold.upTo(s.dispatchedOffset(), "the dispatched end")
                    : RetentionGuard.Hold.upTo(phy, "consumer of Ret-0 at " + next[0]);
        });
        assertTrue(s.load());
        s.start();
        return s;
    }

    private void fillAndRestart(MessageStoreConfig cfg, int count) {
        store = openAllConsumed(cfg);
        for (int i = 0; i < count; i++) {
            assertTrue(put(store, message("Ret", 0, "r" + i + "-" + "p".repeat(1000)).putProperty(MessageProperties.KEYS, "k" + i)).isOk());
        }
        store.shutdown();
        store = null;
    }

    private File[] commitLogFiles(MessageStoreConfig cfg) {
        File[] files = cfg.commitLogDir().listFiles();
        assertNotNull(files);
        Arrays.sort(files);
        return files;
    }

    private void ageAllButLast(MessageStoreConfig cfg, long ageMillis) {
        File[] files = commitLogFiles(cfg);
        for (int i = 0; i < files.length - 1; i++) {
            assertTrue(files[i].setLastModified(System.currentTimeMillis() - ageMillis));
        }
    }

    @Test
    void filesOlderThanReservedTimeAreDeletedAndQueuesFollow() throws Exception {
        MessageStoreConfig cfg = config();
        fillAndRestart(cfg, 400);
        int before = commitLogFiles(cfg).length;
        assertTrue(before >= 5, "test needs several files, got " + before);
        // the two oldest files are 2 hours old, the rest are fresh
        File[] files = commitLogFiles(cfg);
        for (int i = 0; i < 2; i++) {
            assertTrue(files[i].setLastModified(System.currentTimeMillis() - 2 * 3_600_000L));
        }
        store = openAllConsumed(cfg);
        store.executeDeleteFilesManually();
        assertEquals(before - 2, commitLogFiles(cfg).length, "exactly the expired files are deleted");
        long minPhy = store.getMinPhyOffset();
        assertEquals(Long.parseLong(files[2].getName()), minPhy);

        long minQ = store.getMinOffsetInQueue("Ret", 0);
        assertTrue(minQ > 0, "the consume queue's minimum moved past deleted messages");
        GetMessageResult tooSmall = store.getMessage("Ret", 0, 0, 1, null);
        assertEquals(GetMessageStatus.OFFSET_TOO_SMALL, tooSmall.status());
        assertEquals(minQ, tooSmall.nextBeginOffset());
        GetMessageResult first = store.getMessage("Ret", 0, minQ, 1, null);
        assertEquals(GetMessageStatus.FOUND, first.status());
        StoredMessage m = first.decode().get(0);
        assertTrue(m.physicalOffset() >= minPhy);
        assertTrue(text(m).startsWith("r" + minQ + "-"));
        assertTrue(store.queryMessage("Ret", "k0", 1, 0, Long.MAX_VALUE).isEmpty(), "deleted messages are not found by key");
        assertEquals(1, store.queryMessage("Ret", "k399", 1, 0, Long.MAX_VALUE).size());

        // after a crash-restart the queue still starts at the first surviving message
        store.shutdown();
        new File(cfg.getStorePathRootDir(), "abort").createNewFile();
        store = openAllConsumed(cfg);
        assertEquals(minPhy, store.getMinPhyOffset());
        assertEquals(minQ, store.getMinOffsetInQueue("Ret", 0));
        assertEquals(400, store.getMaxOffsetInQueue("Ret", 0));
        assertEquals(GetMessageStatus.FOUND, store.getMessage("Ret", 0, minQ, 1, null).status());
    }

    @Test
    void nothingIsDeletedOutsideTheDeleteWhenHourUnlessForced() throws Exception {
        MessageStoreConfig cfg = config().setCleanResourceInterval(50);
        fillAndRestart(cfg, 200);
        int before = commitLogFiles(cfg).length;
        ageAllButLast(cfg, 2 * 3_600_000L);
        int otherHour = (LocalTime.now().getHour() + 12) % 24;
        cfg.setDeleteWhen(Integer.toString(otherHour));
        store = openAllConsumed(cfg);
        Thread.sleep(300);
        assertEquals(before, commitLogFiles(cfg).length, "not the deleteWhen hour: files stay");
        store.shutdown();

        cfg.setDeleteWhen(otherHour + ";" + LocalTime.now().getHour() + ";" + (LocalTime.now().getHour() + 1) % 24);
        store = openAllConsumed(cfg);
        long deadline = System.currentTimeMillis() + 10_000;
        while (commitLogFiles(cfg).length > 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, commitLogFiles(cfg).length, "at the deleteWhen hour every expired file goes, the active one stays");
    }

    @Test
    void diskAboveMaxUsedRatioDeletesEarlyOldestFirst() {
        MessageStoreConfig cfg = config().setFileReservedTime(72).setDiskMaxUsedSpaceRatio(75)
                .setDiskSpaceWarningLevelRatio(99).setDeleteCommitLogFilesMaxNum(2);
        fillAndRestart(cfg, 300);
        File[] files = commitLogFiles(cfg);
        store = openAllConsumed(cfg);
        store.setDiskUsageProbe(f -> 0.80);
        store.executeDeleteFilesManually();
        List<String> left = Arrays.stream(commitLogFiles(cfg)).map(File::getName).toList();
        assertEquals(files.length - 2, left.size(), "at most deleteCommitLogFilesMaxNum per run");
        assertFalse(left.contains(files[0].getName()));
        assertFalse(left.contains(files[1].getName()));
        store.setDiskUsageProbe(f -> 0.50);
        store.executeDeleteFilesManually();
        assertEquals(files.length - 2, commitLogFiles(cfg).length, "fresh files stay once the disk is fine");
    }

    @Test
    void unconsumedMessagesKeepTheirFilesPastReservedTimeAndAboveTheRatio() {
        MessageStoreConfig cfg = config().setDiskMaxUsedSpaceRatio(75).setDiskSpaceWarningLevelRatio(99);
        fillAndRestart(cfg, 400);
        File[] files = commitLogFiles(cfg);
        assertTrue(files.length >= 5, "test needs several files, got " + files.length);
        ageAllButLast(cfg, 100 * 3_600_000L);
        long[] next = {0};
        store = openWithConsumer(cfg, next);
        store.setDiskUsageProbe(f -> 0.80);
        store.executeDeleteFilesManually();
        store.executeDeleteFilesManually();
        assertEquals(files.length, commitLogFiles(cfg).length, "nothing consumed: every file stays");
        assertEquals(0, store.getMinOffsetInQueue("Ret", 0));
        assertEquals("r0-", text(store.getMessage("Ret", 0, 0, 1, null).decode().get(0)).substring(0, 3));

        // the consumer acknowledged the first 150: files wholly below message 150 go, the one holding it stays
        next[0] = 150;
        long phy150 = store.getCommitLogOffsetInQueue("Ret", 0, 150);
        store.executeDeleteFilesManually();
        long minPhy = store.getMinPhyOffset();
        assertTrue(minPhy <= phy150 && phy150 < minPhy + cfg.getMappedFileSizeCommitLog(),
                "the first file left holds message 150: min " + minPhy + ", message at " + phy150);
        assertTrue(minPhy > 0, "consumed files were deleted");
        for (long q = 150; q < 400; q++) {
            GetMessageResult r = store.getMessage("Ret", 0, q, 1, null);
            assertEquals(GetMessageStatus.FOUND, r.status(), "message " + q);
            assertTrue(text(r.decode().get(0)).startsWith("r" + q + "-"));
        }
        assertEquals(1, store.queryMessage("Ret", "k150", 1, 0, Long.MAX_VALUE).size(), "index kept for it");
        long minQ = store.getMinOffsetInQueue("Ret", 0);
        assertTrue(minQ > 0 && minQ <= 150, "queue follows the log: " + minQ);

        // restart: the same consumer position keeps the same files
        store.shutdown();
        store = openWithConsumer(cfg, next);
        store.setDiskUsageProbe(f -> 0.80);
        store.executeDeleteFilesManually();
        assertEquals(minPhy, store.getMinPhyOffset(), "nothing more deleted after the restart");
        assertEquals(GetMessageStatus.FOUND, store.getMessage("Ret", 0, 150, 1, null).status());

        // everything consumed: all but the active file go
        next[0] = 400;
        store.executeDeleteFilesManually();
        assertEquals(1, commitLogFiles(cfg).length);
    }

    @Test
    void anUnknownGuardDeletesNothing() {
        MessageStoreConfig cfg = config();
        fillAndRestart(cfg, 200);
        int before = commitLogFiles(cfg).length;
        ageAllButLast(cfg, 100 * 3_600_000L);
        DefaultMessageStore s = new DefaultMessageStore(cfg);
        s.setRetentionGuard(() -> RetentionGuard.Hold.unknown("the broker is starting"));
        assertTrue(s.load());
        s.start();
        store = s;
        store.setDiskUsageProbe(f -> 0.99);
        store.executeDeleteFilesManually();
        assertEquals(before, commitLogFiles(cfg).length);
    }

    @Test
    void aFullDiskWithNothingConsumedRefusesSendsAndDeletesNothing() throws Exception {
        MessageStoreConfig cfg = config().setDiskMaxUsedSpaceRatio(75).setDiskSpaceWarningLevelRatio(90);
        fillAndRestart(cfg, 300);
        int before = commitLogFiles(cfg).length;
        long[] next = {0};
        store = openWithConsumer(cfg, next);
        double[] usage = {0.95};
        store.setDiskUsageProbe(f -> usage[0]);
        store.executeDeleteFilesManually();
        assertEquals(before, commitLogFiles(cfg).length, "full disk, nothing consumed: nothing deleted");
        PutMessageResult refused = store.putMessage(message("Ret", 0, "new")).get();
        assertEquals(PutMessageStatus.DISK_FULL, refused.status());
        assertTrue(refused.remark().contains("diskSpaceWarningLevelRatio 90%"), refused.remark());
        assertEquals(300, store.getMaxOffsetInQueue("Ret", 0), "every stored message is still there");

        next[0] = 300; // consumed: the files may go, and the disk frees up
        store.executeDeleteFilesManually();
        assertEquals(1, commitLogFiles(cfg).length);
        usage[0] = 0.40;
        store.refreshDiskSpace();
        assertTrue(store.putMessage(message("Ret", 0, "accepted again")).get().isOk());
    }

    @Test
    void diskUsageIsMeasuredTheWayDfReportsIt() {
        // 100 blocks, 30 free of which 25 are available to us (5 reserved for root): df says 70 / (70 + 25)
        assertEquals(70.0 / 95.0, DefaultMessageStore.diskUsage(100, 30, 25), 1e-9);
        assertEquals(0.0, DefaultMessageStore.diskUsage(100, 100, 100), 1e-9);
        assertEquals(1.0, DefaultMessageStore.diskUsage(100, 5, 0), 1e-9, "only reserved blocks left: full");
        assertTrue(DefaultMessageStore.diskUsage(0, 0, 0) < 0, "unknown");
        double measured = DefaultMessageStore.measureDiskUsage(dir.toFile());
        assertTrue(measured >= 0 && measured <= 1, "measured " + measured);
    }
}
