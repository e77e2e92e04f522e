package org.rocketjms.store;

import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Small-file store configurations and message builders shared by the store tests. */
public final class StoreTestSupport {
    private StoreTestSupport() {
    }

    /** Tiny files so tests cross file boundaries often. */
    public static MessageStoreConfig tinyConfig(Path dir, FlushDiskType flush) {
        return new MessageStoreConfig()
                .setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(64 * 1024)
                .setMappedFileSizeConsumeQueue(20 * 64)
                .setMaxMessageSize(16 * 1024)
                .setFlushDiskType(flush)
                .setFlushIntervalCommitLog(50)
                .setFlushIntervalConsumeQueue(50)
                .setMaxHashSlotNum(1024)
                .setMaxIndexNum(4096)
                .setCleanResourceInterval(60_000)
                .setDeleteWhen("99");
    }

    public static StoreMessage message(String topic, int queueId, String body) {
        return new StoreMessage(topic, queueId, body.getBytes(StandardCharsets.UTF_8));
    }

    public static DefaultMessageStore open(MessageStoreConfig config) {
        DefaultMessageStore store = new DefaultMessageStore(config);
        if (!store.load()) {
            throw new IllegalStateException("store failed to load");
        }
        store.start();
        return store;
    }

    public static PutMessageResult put(MessageStore store, StoreMessage msg) {
        try {
            return store.putMessage(msg).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("put failed", e);
        }
    }

    /** Waits until the dispatcher caught up with the end of the commit log. */
    public static void awaitDispatched(MessageStore store) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (store.dispatchedOffset() < store.getMaxPhyOffset()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("dispatcher stuck at " + store.dispatchedOffset() + " < " + store.getMaxPhyOffset());
            }
            Thread.onSpinWait();
        }
    }

    public static String text(StoredMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }
}
