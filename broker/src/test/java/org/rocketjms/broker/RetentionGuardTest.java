package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.file.MappedFile;

/**
 * Retention through a real broker with 64 KiB commit-log files: a file is deleted (past {@code fileReservedTime} or
 * above {@code diskMaxUsedSpaceRatio}) only once no subscription needs a message in it any more.
 */
class RetentionGuardTest extends JmsFeatureTestBase {
    private static final String QUEUE = "%Q%orders";
    private static final String QUEUE_GROUP = "%QG%Q%orders";
    private static final String TOPIC = "%T%news";
    private static final String PAD = "x".repeat(1000);

    /** Every file is past its reserved time (0 hours); deletion happens only when forced (deleteWhen 99). */
    private static final String[] SMALL = {"mappedFileSizeCommitLog", "65536", "maxMessageSize", "16384",
        "fileReservedTime", "0", "deleteWhen", "99", "cleanResourceInterval", "3600000"};

    private void startSmall(String... extra) {
        List<String> kv = new ArrayList<>(List.of(SMALL));
        kv.addAll(Arrays.asList(extra));
        startBroker(kv.toArray(new String[0]));
    }

    private DefaultMessageStore store() {
        return (DefaultMessageStore) broker.brokerController().getMessageStore();
    }

    /** The commit-log files in use (a preallocated next file does not count). */
    private List<MappedFile> commitLogFiles() {
        return store().getCommitLog().getMappedFileQueue().files();
    }

    /**
     * Persists the snapshots a restart replays from twice (normally every few seconds; the one before the newest is
     * kept as a backup and holds the log too), then runs retention.
     */
    private void runRetention() {
        for (int i = 0; i < 2; i++) {
            broker.brokerController().getAckStateManager().persist();
            broker.brokerController().getTimerMessageService().persist();
        }
        store().executeDeleteFilesManually();
    }

    /** What holds the log now (for failure messages). */
    private String hold() {
        return String.valueOf(broker.brokerController().getRetentionGuard().safeDeleteOffset());
    }

    private long lastFileStart() {
        return store().getCommitLog().getMappedFileQueue().getLastMappedFile().getFileFromOffset();
    }

    private static void sendMany(TestClient c, String topic, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            send(c, topic, 0, prefix + i + "-" + PAD);
        }
    }

    @Test
    void aQueueKeepsUnconsumedMessagesPastReservedTimeAndAboveTheRatioAcrossARestart() throws Exception {
        startSmall();
        TestClient c = client("c1");
        sendMany(c, QUEUE, "q", 150);
        sendMany(c, TOPIC, "t", 150); // a topic nobody subscribed to: holds nothing
        c.awaitMaxOffset(QUEUE, 0, 150);
        c.awaitMaxOffset(TOPIC, 0, 150);
        int files = commitLogFiles().size();
        assertTrue(files >= 5, "test needs several files, got " + files);

        runRetention(); // every file is past fileReservedTime (0 h)
        store().setDiskUsageProbe(f -> 0.80); // and the disk is above diskMaxUsedSpaceRatio (75 %)
        runRetention();
        assertEquals(files, commitLogFiles().size(), "no consumer yet: the queue holds every file from its first");
        assertEquals(0, store().getMinPhyOffset());

        // consume and acknowledge the first 100; the others are popped but not acknowledged
        List<WireMessage> got = popN(c, QUEUE_GROUP, QUEUE, 150, 10_000);
        assertEquals(150, got.size());
        assertEquals(0, c.ack(QUEUE_GROUP, QUEUE, receipts(got.subList(0, 100))).getCode());
        long firstUnacked = store().getCommitLogOffsetInQueue(QUEUE, 0, 100);
        runRetention();
        long min = store().getMinPhyOffset();
        assertTrue(min > 0, "files holding only acknowledged messages were deleted");
        assertTrue(min <= firstUnacked && firstUnacked < min + 65536,
                "the oldest file left holds the first unacknowledged message (min " + min + ", message at "
                        + firstUnacked + ")");

        // restart: unacknowledged messages come back and still hold their files, by age and by disk ratio
        restartBroker(SMALL);
        store().setDiskUsageProbe(f -> 0.80);
        runRetention();
        assertEquals(min, store().getMinPhyOffset(), "nothing more deleted after the restart");
        TestClient c2 = client("c2");
        List<WireMessage> again = popN(c2, QUEUE_GROUP, QUEUE, 50, 10_000);
        assertEquals(50, again.size());
        assertEquals("q100-", body(again.get(0)).substring(0, 5), "redelivered from the first unacknowledged");
        assertEquals(0, c2.ack(QUEUE_GROUP, QUEUE, receipts(again)).getCode());

        runRetention();
        assertEquals(lastFileStart(), store().getMinPhyOffset(), "everything consumed: only the active file is left");
    }

    @Test
    void aDurableSubscriptionThatIsBehindHoldsFilesATopicWithoutSubscribersDoesNot() throws Exception {
        startSmall();
        TestClient c = client("c1");
        sendMany(c, TOPIC, "early", 200);
        c.awaitMaxOffset(TOPIC, 0, 200);
        assertTrue(commitLogFiles().size() >= 3);
        runRetention();
        assertEquals(1, commitLogFiles().size(), "nobody subscribed: the topic's files go; " + hold());

        String durable = "%D%client1%sub";
        broker.brokerController().getAckStateManager().ensureInitialized(durable, TOPIC, 0, true);
        sendMany(c, TOPIC, "late", 200);
        c.awaitMaxOffset(TOPIC, 0, 400);
        int files = commitLogFiles().size();
        assertTrue(files >= 3, "test needs several files, got " + files);
        runRetention();
        assertEquals(files, commitLogFiles().size(), "the durable subscription has received nothing yet");

        List<WireMessage> got = popN(c, durable, TOPIC, 200, 10_000);
        assertEquals(200, got.size());
        assertEquals("late0-", body(got.get(0)).substring(0, 6), "the subscription started at the end");
        runRetention();
        assertEquals(files, commitLogFiles().size(), "received but not acknowledged: still held");

        assertEquals(0, c.ack(durable, TOPIC, receipts(got)).getCode());
        runRetention();
        assertEquals(lastFileStart(), store().getMinPhyOffset(), "acknowledged: the files go");
    }

    @Test
    void aNonDurableSubscriptionWhoseClientIsGoneHoldsNothing() throws Exception {
        startSmall();
        TestClient c = client("c1");
        String nonDurable = "%NG%abc";
        broker.brokerController().getAckStateManager().ensureInitialized(nonDurable, TOPIC, 0, true);
        sendMany(c, TOPIC, "m", 200);
        c.awaitMaxOffset(TOPIC, 0, 200);
        int files = commitLogFiles().size();
        assertEquals(0, c.heartbeat(nonDurable, TOPIC).getCode());
        runRetention();
        assertEquals(files, commitLogFiles().size(), "its client is connected: the subscription holds its files");
        assertEquals(0, c.unregister().getCode());
        runRetention();
        assertEquals(1, commitLogFiles().size(), "its client left without deleting it: nothing is held; " + hold());
    }

    @Test
    void aDelayedMessageHoldsItsFileUntilItIsDelivered() throws Exception {
        startSmall();
        TestClient c = client("c1");
        long due = System.currentTimeMillis() + 8_000;
        send(c, QUEUE, 0, "delayed", "#JMSDeliveryTime", "J" + due);
        sendMany(c, TOPIC, "filler", 250);
        c.awaitMaxOffset(TOPIC, 0, 250);
        int files = commitLogFiles().size();
        assertTrue(files >= 4, "test needs several files, got " + files);
        runRetention();
        assertTrue(System.currentTimeMillis() < due, "the machine was too slow: the message is already due");
        assertEquals(files, commitLogFiles().size(), "the scheduled message is in the first file");
        assertEquals(1, broker.brokerController().getTimerMessageService().pendingCount());

        List<WireMessage> got = popN(c, QUEUE_GROUP, QUEUE, 1, 20_000);
        assertEquals(List.of("delayed"), bodies(got));
        assertTrue(System.currentTimeMillis() >= due);
        runRetention();
        assertTrue(store().getMinPhyOffset() > 0, "delivered: the timer no longer holds the first file; " + hold());
        assertTrue(commitLogFiles().size() < files);
        assertTrue(store().getMinPhyOffset() <= store().getCommitLogOffsetInQueue(QUEUE, 0, 0),
                "the delivered copy is not acknowledged yet: its file stays");

        assertEquals(0, c.ack(QUEUE_GROUP, QUEUE, receipts(got)).getCode());
        runRetention();
        assertEquals(lastFileStart(), store().getMinPhyOffset());
    }

    @Test
    void theAckLogIsKeptFromTheLastSnapshot() throws Exception {
        startSmall("ackSnapshotInterval", "3600000");
        TestClient c = client("c1");
        sendMany(c, QUEUE, "q", 100);
        c.awaitMaxOffset(QUEUE, 0, 100);
        broker.brokerController().getAckStateManager().persist(); // snapshot before any pop: replay needs all after
        List<WireMessage> got = popN(c, QUEUE_GROUP, QUEUE, 100, 10_000);
        assertEquals(0, c.ack(QUEUE_GROUP, QUEUE, receipts(got)).getCode());
        sendMany(c, TOPIC, "t", 200);
        c.awaitMaxOffset(TOPIC, 0, 200);
        long firstAckRecord = store().getCommitLogOffsetInQueue(AckStateManager.ACK_LOG_TOPIC, 0,
                broker.brokerController().getAckStateManager().neededAckLogOffset());
        assertTrue(firstAckRecord > 0);
        store().executeDeleteFilesManually(); // no new snapshot
        long min = store().getMinPhyOffset();
        assertTrue(min <= firstAckRecord && firstAckRecord < min + 65536,
                "the records after the snapshot are kept: min " + min + ", first record " + firstAckRecord);

        // what a restart after a crash does: load the snapshot on disk and replay the log after it
        AckStateManager replayed = new AckStateManager(
                broker.brokerController().getBrokerConfig().getStoreConfig().configDir(), store(), null, (t, q) -> { });
        assertTrue(replayed.load());
        assertTrue(replayed.replay() > 0);
        assertEquals(100, replayed.consumeOffset(QUEUE_GROUP, QUEUE, 0), "every acknowledgement is replayed");
    }

    @Test
    void messagesATopicSubscriptionsSelectorRejectsDoNotHoldFiles() throws Exception {
        startSmall();
        TestClient c = client("c1");
        String durable = "%D%client1%reds";
        broker.brokerController().getAckStateManager().ensureInitialized(durable, TOPIC, 0, true);
        for (int i = 0; i < 200; i++) {
            send(c, TOPIC, 0, "blue" + i + "-" + PAD, "color", "Sblue");
        }
        send(c, TOPIC, 0, "red", "color", "Sred");
        c.awaitMaxOffset(TOPIC, 0, 201);
        List<WireMessage> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (got.isEmpty() && System.currentTimeMillis() < deadline) {
            got.addAll(c.pop(durable, TOPIC, 10, 30_000, 1_000, "color = 'red'"));
        }
        assertEquals(List.of("red"), bodies(got));
        assertEquals(0, c.ack(durable, TOPIC, receipts(got)).getCode());
        assertEquals(201, broker.brokerController().getAckStateManager().consumeOffset(durable, TOPIC, 0),
                "rejected messages are not part of the subscription");
        runRetention();
        assertEquals(lastFileStart(), store().getMinPhyOffset(), hold());

        // on a queue they stay for the group's other consumers (and hold their files)
        for (int i = 0; i < 200; i++) {
            send(c, QUEUE, 0, "blue" + i + "-" + PAD, "color", "Sblue");
        }
        send(c, QUEUE, 0, "red", "color", "Sred");
        c.awaitMaxOffset(QUEUE, 0, 201);
        got.clear();
        deadline = System.currentTimeMillis() + 10_000;
        while (got.isEmpty() && System.currentTimeMillis() < deadline) {
            got.addAll(c.pop(QUEUE_GROUP, QUEUE, 10, 30_000, 1_000, "color = 'red'"));
        }
        assertEquals(List.of("red"), bodies(got));
        assertEquals(0, c.ack(QUEUE_GROUP, QUEUE, receipts(got)).getCode());
        long firstBlue = store().getCommitLogOffsetInQueue(QUEUE, 0, 0);
        runRetention();
        assertTrue(store().getMinPhyOffset() <= firstBlue, "the blue queue messages are still needed: " + hold());
        assertEquals(200, popN(c, QUEUE_GROUP, QUEUE, 200, 10_000).size(), "another consumer gets them");
    }
}
