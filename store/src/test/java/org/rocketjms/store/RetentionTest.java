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

/** Retention with tiny files: by age at the deleteWhen hour, by disk ratio, and consume queues following. */
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

    private void fillAndRestart(MessageStoreConfig cfg, int count) {
        store = open(cfg);
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
        store = open(cfg);
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
        store = open(cfg);
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
        store = open(cfg);
        Thread.sleep(300);
        assertEquals(before, commitLogFiles(cfg).length, "not the deleteWhen hour: files stay");
        store.shutdown();

        cfg.setDeleteWhen(otherHour + ";" + LocalTime.now().getHour() + ";" + (LocalTime.now().getHour() + 1) % 24);
        store = open(cfg);
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
        store = open(cfg);
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
}
