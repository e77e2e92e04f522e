package org.rocketjms.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.StoreCheckpoint;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoreTestSupport;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

/**
 * A graceful shutdown forces what the periodic flushes had not and records it in the checkpoint. The flush threads
 * used to be stopped with an interrupt; one that arrived while the consume-queue thread wrote the checkpoint closed
 * the checkpoint file's channel ({@code ClosedByInterruptException}), and the shutdown's own last checkpoint then
 * failed ({@code ClosedChannelException}): before the fix this test failed in round 9 of 20.
 */
class StoreShutdownTest {

    @Test
    void shutdownForcesTheLogAndWritesACurrentCheckpoint(@TempDir Path dir) throws Exception {
        // the consume-queue flush thread checkpoints every millisecond, so the shutdown finds it writing the
        // checkpoint file (an interrupt then closed that file's channel); the commit log's periodic flush never runs
        for (int round = 0; round < 20; round++) {
            shutdownOnce(dir.resolve("r" + round), round);
        }
    }

    private static void shutdownOnce(Path dir, int round) throws Exception {
        MessageStoreConfig cfg = StoreTestSupport.tinyConfig(dir, FlushDiskType.ASYNC_FLUSH)
                .setFlushIntervalCommitLog(600_000).setFlushCommitLogThoroughInterval(600_000)
                .setFlushIntervalConsumeQueue(1);
        long end;
        long flushedAfterShutdown;
        DefaultMessageStore store = StoreTestSupport.open(cfg);
        try {
            List<StoreMessage> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(StoreTestSupport.message("t", 0, "m" + i));
            }
            assertTrue(store.putMessages(batch).join().isOk());
            Thread.sleep(20);
            end = store.getCommitLog().getMaxOffset();
            assertTrue(store.getCommitLog().getFlushedWhere() < end, "nothing forced yet");
        } finally {
            store.close();
        }
        flushedAfterShutdown = store.getCommitLog().getFlushedWhere();
        assertEquals(end, flushedAfterShutdown, "round " + round + ": the shutdown forced the whole log");
        StoreCheckpoint cp = new StoreCheckpoint(cfg.checkpointFile());
        try {
            assertTrue(cp.isValid());
            assertEquals(end, cp.getPhysicFlushOffset(), "round " + round + ": the checkpoint records the forced end");
            assertEquals(end, cp.safeOffset(), "round " + round + ": consume queues and index durable to the end too");
        } finally {
            cp.close();
        }
    }
}
