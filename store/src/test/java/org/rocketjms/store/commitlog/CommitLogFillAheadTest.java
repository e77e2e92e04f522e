package org.rocketjms.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoreTestSupport;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.file.MappedFile;

/** The commit log fills its files ahead of the writer under SYNC_FLUSH only. */
class CommitLogFillAheadTest {

    @Test
    void syncFlushFillsTheActiveFileAhead(@TempDir Path dir) throws Exception {
        try (DefaultMessageStore store = StoreTestSupport.open(StoreTestSupport.tinyConfig(dir, FlushDiskType.SYNC_FLUSH))) {
            PutMessageResult r = store.putMessages(List.of(StoreTestSupport.message("t", 0, "a").setWaitStoreMsgOK(true)))
                    .join();
            assertTrue(r.isOk());
            MappedFile mf = store.getCommitLog().getMappedFileQueue().getLastMappedFile();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (mf.getAllocatedPosition() < mf.getFileSize() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // the 8 MiB default window is larger than the test's 64 KiB files
            assertEquals(mf.getFileSize(), mf.getAllocatedPosition());
        }
    }

    @Test
    void asyncFlushLeavesFilesSparse(@TempDir Path dir) throws Exception {
        try (DefaultMessageStore store = StoreTestSupport.open(StoreTestSupport.tinyConfig(dir, FlushDiskType.ASYNC_FLUSH))) {
            PutMessageResult r = store.putMessages(List.of(StoreTestSupport.message("t", 0, "a"))).join();
            assertTrue(r.isOk());
            Thread.sleep(100);
            MappedFile mf = store.getCommitLog().getMappedFileQueue().getLastMappedFile();
            assertEquals(r.wroteBytes(), mf.getAllocatedPosition(), "only the written record");
        }
    }
}
