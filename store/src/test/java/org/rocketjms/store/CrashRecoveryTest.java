package org.rocketjms.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kills a child JVM that appends with SYNC_FLUSH (SIGKILL via destroyForcibly) at random moments, then
 * reopens the store: every acknowledged message must be there with a valid CRC, the consume queues must hold
 * exactly the recovered records, and appending must work again. Repeated on one data directory.
 */
class CrashRecoveryTest {
    private static final int CYCLES = Integer.getInteger("crash.cycles", 5);

    @TempDir
    Path dir;

    static MessageStoreConfig config(Path dir) {
        return new MessageStoreConfig()
                .setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(256 * 1024)
                .setMappedFileSizeConsumeQueue(20 * 128)
                .setMaxMessageSize(8 * 1024)
                .setFlushDiskType(FlushDiskType.SYNC_FLUSH)
                .setFlushIntervalConsumeQueue(100)
                .setMaxHashSlotNum(4096)
                .setMaxIndexNum(16384)
                .setDeleteWhen("99");
    }

    private record Ack(int queueId, long phy, String key, int bodyLength) {
    }

    @Test
    void acknowledgedMessagesSurviveSigkill() throws Exception {
        Random rnd = new Random();
        List<Ack> allAcks = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            List<Ack> acks = runAndKill(cycle, 300 + rnd.nextInt(1200));
            assertFalse(acks.isEmpty(), "cycle " + cycle + ": the child acknowledged nothing");
            allAcks.addAll(acks);
            assertTrue(new File(dir.toFile(), "abort").exists(), "a killed store leaves its abort file");
            verifyAndAppend(allAcks, cycle);
        }
    }

    private List<Ack> runAndKill(int cycle, long killAfterMillis) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashAppender.class.getName(), dir.toString(), Integer.toString(cycle), "4");
        pb.redirectError(dir.resolve("child-" + cycle + ".err").toFile());
        Process p = pb.start();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("ACK ")) {
                        String[] f = line.split(" ");
                        if (f.length == 5) { // a line cut by the kill is ignored: its ack never reached us
                            acks.add(new Ack(Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3], Integer.parseInt(f[4])));
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the pipe breaks when the child dies; what was read is what was acknowledged
                acks.add(new Ack(-1, -1, "pipe-closed:" + e.getMessage(), 0));
            }
        });
        reader.start();
        assertTrue(ready.await(30, TimeUnit.SECONDS), "child did not start: see " + dir.resolve("child-" + cycle + ".err"));
        // On a loaded machine the child may need a while for its first durable append; the random kill moment is
        // counted from then, so every cycle kills a store that is really appending.
        long firstAckDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acks.isEmpty() && p.isAlive() && System.nanoTime() < firstAckDeadline) {
            Thread.sleep(5);
        }
        Thread.sleep(killAfterMillis);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
        List<Ack> out = new ArrayList<>();
        for (Ack a : acks) {
            if (a.queueId >= 0) {
                out.add(a);
            }
        }
        return out;
    }

    private void verifyAndAppend(List<Ack> acks, int cycle) throws Exception {
        DefaultMessageStore store = new DefaultMessageStore(config(dir));
        assertTrue(store.load(), "cycle " + cycle + ": recovery failed");
        store.start();
        try {
            for (Ack a : acks) {
                StoredMessage m = store.lookMessageByOffset(a.phy);
                assertNotNull(m, "cycle " + cycle + ": acknowledged " + a.key + " at " + a.phy + " is lost");
                assertEquals(a.key, m.property(MessageProperties.KEYS));
                assertEquals(a.bodyLength, m.body().length);
                assertEquals(a.queueId, m.queueId());
            }
            // every consume queue holds exactly the recovered records, in order
            Map<Integer, List<Long>> fromLog = new HashMap<>();
            long end = store.getCommitLog().forEachRecord(0, m -> {
                List<Long> l = fromLog.computeIfAbsent(m.queueId(), k -> new ArrayList<>());
                assertEquals(l.size(), m.queueOffset(), "queue offsets are dense");
                l.add(m.physicalOffset());
            });
            assertEquals(store.getMaxPhyOffset(), end, "the whole recovered log verifies");
            for (int q = 0; q < 4; q++) {
                List<Long> expected = fromLog.getOrDefault(q, List.of());
                List<Long> actual = new ArrayList<>();
                long offset = 0;
                while (true) {
                    GetMessageResult r = store.getMessage("crash", q, offset, 32, null);
                    if (r.status() != GetMessageStatus.FOUND) {
                        break;
                    }
                    for (StoredMessage m : r.decode()) {
                        actual.add(m.physicalOffset());
                    }
                    offset = r.nextBeginOffset();
                }
                assertEquals(expected, actual, "cycle " + cycle + ": consume queue " + q + " differs from the log");
                assertEquals(expected.size(), store.getMaxOffsetInQueue("crash", q));
            }
            // index rebuilt: a few acknowledged keys are found by key
            for (int i = 0; i < Math.min(5, acks.size()); i++) {
                Ack a = acks.get(acks.size() - 1 - i);
                assertEquals(1, store.queryMessage("crash", a.key, 5, 0, Long.MAX_VALUE).size(), "key " + a.key);
            }
            // appending works and continues the queue offsets
            long before = store.getMaxOffsetInQueue("crash", 0);
            PutMessageResult r = store.putMessage(new StoreMessage("crash", 0, "after".getBytes(StandardCharsets.UTF_8))
                    .putProperty(MessageProperties.KEYS, "after-" + cycle)).get(10, TimeUnit.SECONDS);
            assertTrue(r.isOk());
            assertEquals(before, r.queueOffset());
            StoreTestSupport.awaitDispatched(store);
            assertEquals(before + 1, store.getMaxOffsetInQueue("crash", 0));
        } finally {
            store.shutdown();
        }
    }
}
