package org.rocketjms.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoreTestSupport;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

/** A put marked forced-under-any-flush-type (an XA prepare) is on disk when it completes, under ASYNC_FLUSH too. */
class ForcedPutTest {

    @Test
    void asyncFlushForcesOnlyThePutsThatMustBeForced(@TempDir Path dir) throws Exception {
        // the periodic flush never runs during the test
        MessageStoreConfig cfg = StoreTestSupport.tinyConfig(dir, FlushDiskType.ASYNC_FLUSH)
                .setFlushIntervalCommitLog(600_000).setFlushCommitLogThoroughInterval(600_000);
        try (DefaultMessageStore store = StoreTestSupport.open(cfg)) {
            CommitLog log = store.getCommitLog();
            PutMessageResult plain = store.putMessages(List.of(StoreTestSupport.message("t", 0, "plain")
                    .setWaitStoreMsgOK(true))).join();
            assertTrue(plain.isOk());
            long plainEnd = plain.wroteOffset() + plain.wroteBytes();
            assertTrue(log.getFlushedWhere() < plainEnd, "ASYNC_FLUSH: a put waiting for the store is not forced");

            PutMessageResult forced = store.putMessages(List.of(StoreTestSupport.message("t", 0, "prepare")
                    .setForcedUnderAnyFlushType(true))).join();
            assertTrue(forced.isOk());
            long forcedEnd = forced.wroteOffset() + forced.wroteBytes();
            assertTrue(log.getFlushedWhere() >= forcedEnd, "forced up to " + log.getFlushedWhere() + ", the put ends at "
                    + forcedEnd);
        }
    }
}
