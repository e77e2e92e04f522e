package org.rocketjms.broker.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.config.MessageStoreConfig;

/** The ack state survives a restart through snapshot + ack-log replay, with or without a recent snapshot. */
class AckStateManagerTest {
    @TempDir
    Path dir;

    DefaultMessageStore openStore() {
        MessageStoreConfig c = new MessageStoreConfig().setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(8 * 1024 * 1024);
        DefaultMessageStore s = new DefaultMessageStore(c);
        assertTrue(s.load());
        s.start();
        return s;
    }

    /** Opens the store and puts {@code n} messages "m0".. on T/0, waiting until they are in the queue. */
    DefaultMessageStore storeWith(int n) throws InterruptedException {
        DefaultMessageStore s = openStore();
        for (int i = 0; i < n; i++) {
            s.putMessage(new StoreMessage("T", 0, ("m" + i).getBytes())).join();
        }
        awaitMax(s, "T", n);
        return s;
    }

    static void awaitMax(DefaultMessageStore s, String topic, long max) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (s.getMaxOffsetInQueue(topic, 0) < max && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(max, s.getMaxOffsetInQueue(topic, 0));
    }

    AckStateManager manager(DefaultMessageStore s) {
        AckStateManager m = new AckStateManager(dir.resolve("config").toFile(), s, null, (t, q) -> { });
        assertTrue(m.load());
        m.replay();
        return m;
    }

    static ReceiptHandle handle(AckStateManager.Popped p) throws Exception {
        return ReceiptHandle.parse(p.receiptHandle());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void restartRestoresAcksAndDeliveryCounts(boolean snapshotInTheMiddle) throws Exception {
        DefaultMessageStore s = storeWith(10);
        AckStateManager m = manager(s);
        AckStateManager.PopResult first = m.pop("G", "T", 0, 6, 60_000, null, "c1", false);
        first.durable().join();
        assertEquals(6, first.messages().size());
        List<ReceiptHandle> ack = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ack.add(handle(first.messages().get(i)));
        }
        assertEquals(3, m.ack("G", "T", ack).done());
        if (snapshotInTheMiddle) {
            m.ack("G", "T", List.of()).durable().join();
            awaitMax(s, AckStateManager.ACK_LOG_TOPIC, 3); // RESERVE, POP, ACK
            m.persist();
        }
        AckStateManager.HandleResult r = m.ack("G", "T", List.of(handle(first.messages().get(4))));
        r.durable().join();
        AckStateManager.PopResult second = m.pop("G", "T", 0, 32, 60_000, null, "c1", false);
        second.durable().join();
        assertEquals(4, second.messages().size());
        assertEquals(3, m.consumeOffset("G", "T", 0));
        m.pop("OTHER", "T", 0, 2, 60_000, null, "c1", false).durable().join();
        assertEquals(0, m.consumeOffset("OTHER", "T", 0));
        m.delete("OTHER", null).join();
        assertEquals(-1, m.consumeOffset("OTHER", "T", 0));
        s.shutdown();

        DefaultMessageStore s2 = openStore();
        try {
            AckStateManager m2 = manager(s2);
            assertEquals(3, m2.consumeOffset("G", "T", 0));
            assertEquals(-1, m2.consumeOffset("OTHER", "T", 0), "a deleted group stays deleted after a restart");
            AckStateManager.PopResult again = m2.pop("G", "T", 0, 32, 60_000, null, "c2", false);
            Map<Long, Integer> got = new TreeMap<>();
            for (AckStateManager.Popped p : again.messages()) {
                got.put(p.message().queueOffset(), p.deliveryCount());
            }
            assertEquals(Map.of(3L, 2, 5L, 2, 6L, 2, 7L, 2, 8L, 2, 9L, 2), got);
        } finally {
            s2.shutdown();
        }
    }

    @org.junit.jupiter.api.Test
    void releaseUnseenDoesNotCountAsADelivery() throws Exception {
        DefaultMessageStore s = openStore();
        try {
            s.putMessage(new StoreMessage("T", 0, "m0".getBytes())).join();
            awaitMax(s, "T", 1);
            AckStateManager m = manager(s);
            AckStateManager.Popped p1 = m.pop("G", "T", 0, 1, 60_000, null, "c1", false, 2).messages().get(0);
            assertEquals(1, p1.deliveryCount());
            // the client returns it from its prefetch buffer: not a delivery; a second release of the same
            // hand-out (stale) cannot count twice
            assertEquals(1, m.changeInvisibleTime("G", "T", List.of(handle(p1)), 0, true).done());
            m.changeInvisibleTime("G", "T", List.of(handle(p1)), 0, true);
            AckStateManager.Popped p2 = m.pop("G", "T", 0, 1, 60_000, null, "c1", false, 2).messages().get(0);
            assertEquals(1, p2.deliveryCount(), "released unseen: the next delivery is still the first");
            assertEquals(2, p2.generation(), "receipts stay unique per hand-out");
            assertEquals(1, m.changeInvisibleTime("G", "T", List.of(handle(p1)), 0, false).invalid().size(),
                    "the receipt of the earlier hand-out is stale");
            // a nack of a seen delivery counts
            m.changeInvisibleTime("G", "T", List.of(handle(p2)), 0, false);
            AckStateManager.Popped p3 = m.pop("G", "T", 0, 1, 60_000, null, "c1", false, 2).messages().get(0);
            assertEquals(2, p3.deliveryCount());
            m.changeInvisibleTime("G", "T", List.of(handle(p3)), 0, false);
            AckStateManager.Popped p4 = m.pop("G", "T", 0, 1, 60_000, null, "c1", false, 2).messages().get(0);
            assertEquals(3, p4.deliveryCount(), "maxRedeliveries 2: first delivery plus two redeliveries");
            m.changeInvisibleTime("G", "T", List.of(handle(p4)), 0, false);
            // a third redelivery would exceed the limit: dead-lettered instead of handed out
            assertTrue(m.pop("G", "T", 0, 1, 60_000, null, "c1", false, 2).messages().isEmpty());
        } finally {
            s.shutdown();
        }
    }

    /** Pops {@code n} messages of T/0 one at a time for client c1; returns the results. */
    static List<AckStateManager.PopResult> popOneByOne(AckStateManager m, int n) {
        List<AckStateManager.PopResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AckStateManager.PopResult r = m.pop("G", "T", 0, 1, 60_000, null, "c1", false);
            assertEquals(1, r.messages().size());
            r.durable().join();
            out.add(r);
        }
        return out;
    }

    static int countRecords(DefaultMessageStore s, int type) throws Exception {
        int n = 0;
        long max = s.getMaxOffsetInQueue(AckStateManager.ACK_LOG_TOPIC, 0);
        for (long o = 0; o < max; o++) {
            var r = s.getMessage(AckStateManager.ACK_LOG_TOPIC, 0, o, 1, null);
            var m = org.rocketjms.store.commitlog.RecordCodec.decode(r.records().get(0), 0, true);
            n += AckLogRecord.decode(m.body()).type() == type ? 1 : 0;
        }
        return n;
    }

    /**
     * POP records of persistent messages are not forced; one forced RESERVE record covers the next
     * {@link AckStateManager#RESERVATION_AHEAD} offsets of the queue.
     */
    @org.junit.jupiter.api.Test
    void oneReservationCoversManyPops() throws Exception {
        int n = AckStateManager.RESERVATION_AHEAD + 10;
        DefaultMessageStore s = storeWith(n);
        try {
            popOneByOne(manager(s), n);
            awaitMax(s, AckStateManager.ACK_LOG_TOPIC, n + 2);
            assertEquals(n, countRecords(s, AckLogRecord.POP));
            assertEquals(2, countRecords(s, AckLogRecord.RESERVE), "one at the first pop, one past the reservation");
        } finally {
            s.shutdown();
        }
    }

    /**
     * A power cut loses the POP records after the last force (simulated: the commit log is cut where the first of
     * them starts, and the store recovers as after a crash). The messages they handed out, and the others up to the
     * reservation, count as delivered once, so their next delivery is flagged as a redelivery.
     */
    @org.junit.jupiter.api.Test
    void messagesWhosePopRecordsAPowerCutLostAreRedelivered() throws Exception {
        DefaultMessageStore s = storeWith(10);
        AckStateManager m = manager(s);
        List<AckStateManager.PopResult> pops = popOneByOne(m, 5);
        long lost = pops.get(2).durable().join().wroteOffset(); // the POP records of offsets 2, 3 and 4
        s.shutdown();
        java.io.File log = new java.io.File(dir.resolve("commitlog").toFile(), "00000000000000000000");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(log, "rw")) {
            raf.setLength(lost);
        }
        assertTrue(dir.resolve("abort").toFile().createNewFile());

        DefaultMessageStore s2 = openStore();
        try {
            AckStateManager m2 = manager(s2);
            Map<Long, Integer> got = new TreeMap<>();
            for (AckStateManager.Popped p : m2.pop("G", "T", 0, 32, 60_000, null, "c2", false).messages()) {
                got.put(p.message().queueOffset(), p.deliveryCount());
            }
            assertEquals(10, got.size());
            for (long o = 0; o < 10; o++) {
                assertEquals(2, got.get(o), "offset " + o + ": handed out before the cut (0-4) or reserved (5-9)");
            }
        } finally {
            s2.shutdown();
        }
    }

    /** After {@link AckStateManager#releaseReservations()} (a clean shutdown) nothing is marked as delivered. */
    @org.junit.jupiter.api.Test
    void aCleanShutdownGivesReservationsBack() throws Exception {
        DefaultMessageStore s = storeWith(10);
        AckStateManager m = manager(s);
        List<ReceiptHandle> acks = new ArrayList<>();
        for (AckStateManager.PopResult r : popOneByOne(m, 3)) {
            acks.add(handle(r.messages().get(0)));
        }
        m.ack("G", "T", acks).durable().join();
        m.releaseReservations();
        m.persist();
        s.shutdown();

        DefaultMessageStore s2 = openStore();
        try {
            AckStateManager m2 = manager(s2);
            List<AckStateManager.Popped> rest = m2.pop("G", "T", 0, 32, 60_000, null, "c2", false).messages();
            assertEquals(7, rest.size());
            for (AckStateManager.Popped p : rest) {
                assertEquals(1, p.deliveryCount(), "offset " + p.message().queueOffset() + " was never delivered");
            }
        } finally {
            s2.shutdown();
        }
    }
}
