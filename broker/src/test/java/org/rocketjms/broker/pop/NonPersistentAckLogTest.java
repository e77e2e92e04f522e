package org.rocketjms.broker.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

/**
 * POP and ACK records of NON_PERSISTENT messages are appended without waiting for a force (SYNC_FLUSH); those of
 * persistent messages still wait for one. Both are replayed after a restart.
 */
class NonPersistentAckLogTest {
    @TempDir
    Path dir;

    private DefaultMessageStore openStore() {
        MessageStoreConfig c = new MessageStoreConfig().setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(8 * 1024 * 1024).setFlushDiskType(FlushDiskType.SYNC_FLUSH);
        DefaultMessageStore s = new DefaultMessageStore(c);
        assertTrue(s.load());
        s.start();
        return s;
    }

    private static StoreMessage jms(String body, int deliveryMode) {
        StoreMessage m = new StoreMessage("T", 0, body.getBytes());
        m.putProperty(HeaderKeys.DELIVERY_MODE, TypedPropertyCodec.encode(deliveryMode));
        return m.setWaitStoreMsgOK(true);
    }

    private AckStateManager manager(DefaultMessageStore s) {
        AckStateManager m = new AckStateManager(dir.resolve("config").toFile(), s, null, (t, q) -> { });
        assertTrue(m.load());
        m.replay();
        return m;
    }

    @Test
    void nonPersistentPopAndAckDoNotForcePersistentOnesDo() throws Exception {
        DefaultMessageStore s = openStore();
        s.putMessage(jms("np", 1)).join();
        s.putMessage(jms("p", 2)).join();
        AckStateManagerTest.awaitMax(s, "T", 2);
        AckStateManager m = manager(s);
        long forces = s.getCommitLog().getFlushService().forceCount();

        AckStateManager.PopResult np = m.pop("G", "T", 0, 1, 60_000, null, "c1", false);
        assertEquals("np", new String(np.messages().get(0).message().body()));
        assertTrue(np.durable().isDone(), "a NON_PERSISTENT pop must not wait for a force");
        AckStateManager.HandleResult ack = m.ack("G", "T",
                List.of(ReceiptHandle.parse(np.messages().get(0).receiptHandle())));
        assertEquals(1, ack.done());
        assertTrue(ack.durable().isDone(), "a NON_PERSISTENT ack must not wait for a force");
        assertTrue(ack.durable().join().isOk());
        assertEquals(forces, s.getCommitLog().getFlushService().forceCount());

        AckStateManager.PopResult p = m.pop("G", "T", 0, 1, 60_000, null, "c1", false);
        assertEquals("p", new String(p.messages().get(0).message().body()));
        assertTrue(p.durable().join().isOk());
        // a persistent message's POP record completed only after a force that covers it
        assertTrue(s.getCommitLog().getFlushService().forceCount() > forces);
        assertTrue(s.getCommitLog().getFlushedWhere() >= p.durable().join().wroteOffset());
        assertEquals(1, m.consumeOffset("G", "T", 0));
        s.shutdown();

        DefaultMessageStore s2 = openStore();
        try {
            AckStateManager m2 = manager(s2);
            assertEquals(1, m2.consumeOffset("G", "T", 0), "the NON_PERSISTENT ack was replayed");
            AckStateManager.PopResult again = m2.pop("G", "T", 0, 5, 60_000, null, "c2", false);
            assertEquals(1, again.messages().size());
            assertEquals("p", new String(again.messages().get(0).message().body()));
            assertEquals(2, again.messages().get(0).deliveryCount(), "the persistent pop was replayed");
        } finally {
            s2.shutdown();
        }
    }
}
