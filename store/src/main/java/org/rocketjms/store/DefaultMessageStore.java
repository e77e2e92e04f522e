package org.rocketjms.store;

import org.rocketjms.store.commitlog.CommitLog;
import org.rocketjms.store.commitlog.MessageFlags;
import org.rocketjms.store.commitlog.RecordCodec;
import org.rocketjms.store.commitlog.RecordLayout;
import org.rocketjms.store.config.MessageStoreConfig;
import org.rocketjms.store.file.MappedFile;
import org.rocketjms.store.index.IndexService;
import org.rocketjms.store.queue.ConsumeQueue;
import org.rocketjms.store.queue.CqUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The store: one {@link CommitLog}, a {@link ConsumeQueue} per (topic, queueId), the key {@link IndexService},
 * the dispatcher that keeps the derived structures in line with the log ({@link ReputMessageService}), the
 * consume-queue flush and checkpoint thread, and retention.
 *
 * <p>Start-up: an {@code abort} file left behind means the last run crashed. Either way recovery scans the
 * commit log from the checkpoint's safe offset (and at least the whole last file), verifying magic, physical
 * offset and CRC of each record; the first record that fails ends the log and everything after it is cut
 * (and zeroed). Consume-queue entries and index files at or past the safe offset are dropped and rebuilt by
 * re-dispatching the verified records, so after {@link #load()} the consume queues hold exactly the
 * recovered messages.
 */
public final class DefaultMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMessageStore.class);
    private static final int MAX_ENTRIES_SCANNED_PER_GET = 16 * 1024;

    private final MessageStoreConfig config;
    private final CommitLog commitLog;
    private final IndexService indexService;
    private final ConcurrentMap<String, ConcurrentMap<Integer, ConsumeQueue>> consumeQueueTable = new ConcurrentHashMap<>();
    private final ReputMessageService reputService = new ReputMessageService();
    private final ScheduledExecutorService scheduler;
    private StoreCheckpoint checkpoint;
    private volatile MessageArrivingListener arrivingListener;
    private volatile boolean running;
    private volatile boolean loaded;
    private volatile boolean diskFull;
    private volatile double diskUsageRatio;
    private volatile boolean manualDeleteRequested;
    private Thread flushConsumeQueueThread;

    public DefaultMessageStore(MessageStoreConfig config) {
        config.validate();
        this.config = config;
        this.commitLog = new CommitLog(config);
        this.indexService = new IndexService(config.indexDir(), config.getMaxHashSlotNum(), config.getMaxIndexNum());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "StoreScheduledThread");
            t.setDaemon(true);
            return t;
        });
        commitLog.setAppendListener(reputService::dispatchInline);
    }

    public MessageStoreConfig getConfig() {
        return config;
    }

    public CommitLog getCommitLog() {
        return commitLog;
    }

    @Override
    public synchronized boolean load() {
        File root = new File(config.getStorePathRootDir());
        if (!root.isDirectory() && !root.mkdirs() && !root.isDirectory()) {
            LOG.error("cannot create store directory {}", root);
            return false;
        }
        boolean lastExitOK = !config.abortFile().exists();
        try {
            if (!commitLog.load()) {
                return false;
            }
            if (!loadConsumeQueues()) {
                return false;
            }
            if (config.isMessageIndexEnable() && !indexService.load(lastExitOK)) {
                return false;
            }
            checkpoint = new StoreCheckpoint(config.checkpointFile());
            if (!lastExitOK) {
                LOG.warn("abort file {} found: the last run did not shut down cleanly; recovering",
                        config.abortFile());
            }
            recover(lastExitOK);
            createAbortFile();
            loaded = true;
            return true;
        } catch (IOException | UncheckedIOException e) {
            LOG.error("loading the store at {} failed", root, e);
            return false;
        }
    }

    private boolean loadConsumeQueues() {
        File dir = config.consumeQueueDir();
        File[] topics = dir.listFiles(File::isDirectory);
        if (topics == null) {
            return true;
        }
        for (File topicDir : topics) {
            File[] queues = topicDir.listFiles(File::isDirectory);
            if (queues == null) {
                continue;
            }
            for (File qd : queues) {
                int queueId;
                try {
                    queueId = Integer.parseInt(qd.getName());
                } catch (NumberFormatException e) {
                    LOG.warn("ignoring {}: not a queue id directory", qd);
                    continue;
                }
                ConsumeQueue cq = newConsumeQueue(topicDir.getName(), queueId);
                if (!cq.load()) {
                    LOG.error("loading consume queue {} failed", qd);
                    return false;
                }
                consumeQueueTable.computeIfAbsent(topicDir.getName(), k -> new ConcurrentHashMap<>()).put(queueId, cq);
            }
        }
        return true;
    }

    private ConsumeQueue newConsumeQueue(String topic, int queueId) {
        return new ConsumeQueue(topic, queueId, config.consumeQueueDir(), config.consumeQueueFileSizeRounded());
    }

    private void recover(boolean lastExitOK) {
        long minPhy = commitLog.getMappedFileQueue().getMinOffset();
        MappedFile last = commitLog.getMappedFileQueue().getLastMappedFile();
        long checkpointSafe = checkpoint.isValid() ? checkpoint.safeOffset() : minPhy;
        long scanFrom = minPhy;
        if (last != null) {
            scanFrom = Math.max(minPhy, Math.min(checkpointSafe, last.getFileFromOffset()));
        }
        long end = scanCommitLog(scanFrom);
        commitLog.getMappedFileQueue().setPositionsFromEnd(end);
        long cut = Math.max(minPhy, Math.min(checkpointSafe, end));
        for (ConcurrentMap<Integer, ConsumeQueue> m : consumeQueueTable.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.recover(cut);
            }
        }
        long indexFrom = config.isMessageIndexEnable() ? Math.max(minPhy, Math.min(indexService.recover(cut), cut)) : end;
        long redispatchFrom = Math.min(cut, indexFrom);
        long dispatched = dispatchRange(redispatchFrom, end, indexFrom);
        if (dispatched != end) {
            LOG.error("re-dispatch stopped at {} before the recovered end {}", dispatched, end);
        }
        reputService.setReputFromOffset(end);
        for (ConcurrentMap<Integer, ConsumeQueue> m : consumeQueueTable.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.correctMinOffset(minPhy);
            }
        }
        Map<String, Long> table = new HashMap<>();
        for (Map.Entry<String, ConcurrentMap<Integer, ConsumeQueue>> e : consumeQueueTable.entrySet()) {
            for (ConsumeQueue cq : e.getValue().values()) {
                table.put(e.getKey() + '-' + cq.getQueueId(), cq.getMaxOffsetInQueue());
            }
        }
        commitLog.setTopicQueueTable(table);
        for (ConcurrentMap<Integer, ConsumeQueue> m : consumeQueueTable.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.flush(0);
            }
        }
        if (config.isMessageIndexEnable()) {
            indexService.flush();
        }
        checkpoint.setPhysicFlushOffset(end);
        checkpoint.setLogicsOffset(end);
        checkpoint.setIndexOffset(end);
        checkpoint.flush();
        LOG.info("store recovered ({} shutdown): commit log [{}, {}), verified from {}, re-dispatched from {}",
                lastExitOK ? "clean" : "unclean", minPhy, end, scanFrom, redispatchFrom);
    }

    /** Verifies records from {@code from}; returns the offset just past the last valid one. */
    private long scanCommitLog(long from) {
        CRC32C crc = new CRC32C();
        int maxRecord = config.getMaxMessageSize() + RecordLayout.FIXED_HEADER_SIZE + RecordLayout.MAX_TOPIC_BYTES + 64;
        long offset = from;
        while (true) {
            MappedFile mf = commitLog.getMappedFileQueue().findMappedFileByOffset(offset, false);
            if (mf == null) {
                return offset;
            }
            ByteBuffer view = mf.rawView();
            int pos = (int) (offset - mf.getFileFromOffset());
            while (true) {
                if (pos >= mf.getFileSize()) {
                    offset = mf.getFileFromOffset() + mf.getFileSize();
                    break;
                }
                int size = RecordCodec.check(view, pos, mf.getFileFromOffset() + pos, maxRecord, crc);
                if (size == RecordCodec.CHECK_BLANK) {
                    offset = mf.getFileFromOffset() + mf.getFileSize();
                    break;
                }
                if (size <= 0) {
                    long endOffset = mf.getFileFromOffset() + pos;
                    int magic = view.getInt(pos + RecordLayout.MAGIC);
                    if (view.getInt(pos) != 0 || magic != 0) {
                        LOG.warn("commit log ends at {}: the record there is torn or corrupt and is cut", endOffset);
                    }
                    return endOffset;
                }
                pos += size;
            }
        }
    }

    /**
     * Dispatches verified records in {@code [from, to)} to consume queues (idempotent) and, for offsets at or
     * past {@code indexFrom}, to the index. Returns the offset reached.
     */
    private long dispatchRange(long from, long to, long indexFrom) {
        long offset = from;
        CRC32C crc = new CRC32C();
        int maxRecord = config.getMaxMessageSize() + RecordLayout.FIXED_HEADER_SIZE + RecordLayout.MAX_TOPIC_BYTES + 64;
        while (offset < to) {
            MappedFile mf = commitLog.getMappedFileQueue().findMappedFileByOffset(offset, false);
            if (mf == null || !mf.hold()) {
                return offset;
            }
            try {
                ByteBuffer view = mf.rawView();
                int pos = (int) (offset - mf.getFileFromOffset());
                int limit = (int) Math.min(mf.getFileSize(), to - mf.getFileFromOffset());
                while (pos < limit) {
                    int size = RecordCodec.check(view, pos, mf.getFileFromOffset() + pos, maxRecord, crc);
                    if (size == RecordCodec.CHECK_BLANK) {
                        pos = mf.getFileSize();
                        break;
                    }
                    if (size <= 0) {
                        return mf.getFileFromOffset() + pos;
                    }
                    dispatch(view, pos, mf.getFileFromOffset() + pos, size, mf.getFileFromOffset() + pos >= indexFrom,
                            false);
                    pos += size;
                }
                offset = mf.getFileFromOffset() + pos;
            } finally {
                mf.release();
            }
        }
        return offset;
    }

    /** The topic of the last record dispatched, to reuse its name for the next one of the same topic. */
    private record DispatchedTopic(byte[] bytes, String name) {
    }

    private volatile DispatchedTopic lastDispatchedTopic = new DispatchedTopic(new byte[0], "");

    private String dispatchedTopicOf(ByteBuffer view, int pos) {
        DispatchedTopic last = lastDispatchedTopic;
        if (RecordCodec.topicEquals(view, pos, last.bytes())) {
            return last.name();
        }
        String topic = RecordCodec.topicOf(view, pos);
        lastDispatchedTopic = new DispatchedTopic(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8), topic);
        return topic;
    }

    private void dispatch(ByteBuffer view, int pos, long phyOffset, int size, boolean toIndex, boolean notify) {
        int flags = view.getInt(pos + RecordLayout.FLAGS);
        String topic = dispatchedTopicOf(view, pos);
        int queueId = view.getInt(pos + RecordLayout.QUEUE_ID);
        long tagsCode = view.getLong(pos + RecordLayout.TAGS_CODE);
        if (MessageFlags.isConsumable(flags)) {
            long queueOffset = view.getLong(pos + RecordLayout.QUEUE_OFFSET);
            ConsumeQueue cq = findConsumeQueue(topic, queueId);
            if (!cq.putMessagePositionInfo(phyOffset, size, tagsCode, queueOffset)) {
                LOG.error("consume queue {}-{} refused the entry for offset {} at queue offset {}", topic, queueId,
                        phyOffset, queueOffset);
            } else if (notify) {
                MessageArrivingListener l = arrivingListener;
                if (l != null) {
                    try {
                        l.arriving(topic, queueId, queueOffset + 1, tagsCode);
                    } catch (RuntimeException e) {
                        LOG.warn("message arriving listener failed", e);
                    }
                }
            }
        }
        if (toIndex && config.isMessageIndexEnable()) {
            Map<String, String> props = RecordCodec.propertiesOf(view, pos);
            String keys = props.get(MessageProperties.KEYS);
            String uniq = props.get(MessageProperties.UNIQ_KEY);
            if (keys != null || uniq != null) {
                indexService.buildIndex(topic, keys, uniq, phyOffset, view.getLong(pos + RecordLayout.STORE_TIMESTAMP));
            }
        }
    }

    /** The consume queue of (topic, queueId), created if absent. */
    public ConsumeQueue findConsumeQueue(String topic, int queueId) {
        ConcurrentMap<Integer, ConsumeQueue> m = consumeQueueTable.computeIfAbsent(topic, k -> new ConcurrentHashMap<>());
        ConsumeQueue cq = m.get(queueId);
        if (cq == null) {
            cq = m.computeIfAbsent(queueId, id -> newConsumeQueue(topic, id));
        }
        return cq;
    }

    private ConsumeQueue getConsumeQueue(String topic, int queueId) {
        ConcurrentMap<Integer, ConsumeQueue> m = consumeQueueTable.get(topic);
        return m == null ? null : m.get(queueId);
    }

    private void createAbortFile() throws IOException {
        File f = config.abortFile();
        if (!f.exists()) {
            Files.createFile(f.toPath());
        }
    }

    @Override
    public synchronized void start() {
        if (!loaded) {
            throw new IllegalStateException("load() must succeed before start()");
        }
        if (running) {
            return;
        }
        running = true;
        commitLog.start();
        reputService.start();
        flushConsumeQueueThread = new Thread(this::flushConsumeQueueLoop, "FlushConsumeQueueService");
        flushConsumeQueueThread.setDaemon(true);
        flushConsumeQueueThread.start();
        checkDiskSpace();
        logDiskAtStart();
        scheduler.scheduleWithFixedDelay(this::cleanResources, config.getCleanResourceInterval(),
                config.getCleanResourceInterval(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void shutdown() {
        if (!running) {
            if (loaded) {
                closeFiles();
            }
            return;
        }
        running = false;
        scheduler.shutdownNow();
        commitLog.shutdown();
        reputService.shutdown();
        synchronized (flushConsumeQueueWake) {
            flushConsumeQueueWake.notifyAll(); // not an interrupt: one during a force would close that file's channel
        }
        try {
            flushConsumeQueueThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long end = commitLog.getMaxOffset();
        if (reputService.getReputFromOffset() < end) {
            LOG.warn("dispatcher stopped at {} before the end {}; the next start re-dispatches",
                    reputService.getReputFromOffset(), end);
        }
        doCheckpoint();
        closeFiles();
        if (reputService.getReputFromOffset() >= end) {
            if (!config.abortFile().delete()) {
                LOG.warn("could not delete {}", config.abortFile());
            }
        }
        LOG.info("store shut down at commit-log offset {}", end);
    }

    private void closeFiles() {
        loaded = false;
        for (ConcurrentMap<Integer, ConsumeQueue> m : consumeQueueTable.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.shutdown();
            }
        }
        if (config.isMessageIndexEnable()) {
            indexService.shutdown();
        }
        commitLog.getMappedFileQueue().shutdown();
        if (checkpoint != null) {
            checkpoint.close();
        }
    }

    /** What the consume-queue flush thread waits on between rounds; shutdown wakes it through this. */
    private final Object flushConsumeQueueWake = new Object();

    private void flushConsumeQueueLoop() {
        while (running) {
            try {
                synchronized (flushConsumeQueueWake) {
                    if (running) {
                        flushConsumeQueueWake.wait(config.getFlushIntervalConsumeQueue());
                    }
                }
                if (!running) {
                    return; // shutdown writes the last checkpoint itself
                }
                doCheckpoint();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("consume-queue flush / checkpoint failed", e);
            }
        }
    }

    private final Object checkpointLock = new Object();
    private final Object cleanLock = new Object();

    /** Flushes consume queues and index, then records in the checkpoint how far they are durable. */
    private void doCheckpoint() {
        synchronized (checkpointLock) {
            doCheckpointLocked();
        }
    }

    private void doCheckpointLocked() {
        long dispatched = reputService.getReputFromOffset();
        for (ConcurrentMap<Integer, ConsumeQueue> m : consumeQueueTable.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.flush(0);
            }
        }
        if (config.isMessageIndexEnable()) {
            indexService.flush();
        }
        checkpoint.setLogicsOffset(dispatched);
        checkpoint.setIndexOffset(dispatched);
        checkpoint.setPhysicFlushOffset(commitLog.getFlushedWhere());
        checkpoint.flush();
    }

    @Override
    public CompletableFuture<PutMessageResult> putMessage(StoreMessage msg) {
        return putMessages(List.of(msg));
    }

    @Override
    public CompletableFuture<PutMessageResult> putMessages(List<StoreMessage> batch) {
        return putMessages(batch, false);
    }

    /** Set by {@link #deferFlushToCaller()}, cleared by {@link #flushPending()}; per thread. */
    private static final ThreadLocal<Boolean> CALLER_FLUSHES = new ThreadLocal<>();

    @Override
    public void flushPending() {
        CALLER_FLUSHES.remove();
        commitLog.flushPending();
    }

    @Override
    public void deferFlushToCaller() {
        CALLER_FLUSHES.set(Boolean.TRUE);
    }

    @Override
    public boolean isFlushDeferred() {
        return CALLER_FLUSHES.get() != null;
    }

    @Override
    public CompletableFuture<PutMessageResult> putMessages(List<StoreMessage> batch, boolean callerFlushes) {
        if (!running) {
            return CompletableFuture.completedFuture(PutMessageResult.failure(PutMessageStatus.SERVICE_NOT_AVAILABLE,
                    "the message store is not running"));
        }
        if (diskFull && !batch.stream().allMatch(StoreMessage::isAllowedWhenDiskFull)) {
            return CompletableFuture.completedFuture(PutMessageResult.failure(PutMessageStatus.DISK_FULL,
                    String.format("disk usage %.0f%% of %s is above diskSpaceWarningLevelRatio %d%%; sends are refused"
                                    + " until space is freed", diskUsageRatio * 100, config.getStorePathRootDir(),
                            config.getDiskSpaceWarningLevelRatio())));
        }
        return commitLog.putMessages(batch, callerFlushes || isFlushDeferred());
    }

    @Override
    public GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, MessageFilter filter) {
        if (!running) {
            return GetMessageResult.of(GetMessageStatus.SERVICE_NOT_AVAILABLE, offset, 0, 0);
        }
        ConsumeQueue cq = getConsumeQueue(topic, queueId);
        if (cq == null) {
            return GetMessageResult.of(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = cq.getMinOffsetInQueue();
        long max = cq.getMaxOffsetInQueue();
        if (max <= min) {
            return GetMessageResult.of(GetMessageStatus.NO_MESSAGE_IN_QUEUE, max, min, max);
        }
        if (offset < min) {
            return GetMessageResult.of(GetMessageStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetMessageResult.of(GetMessageStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetMessageResult.of(GetMessageStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        int wanted = Math.max(1, Math.min(maxMsgNums, config.getMaxTransferCountOnMessageInMemory()));
        long maxBytes = config.getMaxTransferBytesOnMessageInMemory();
        long minPhy = commitLog.getMinOffset();
        List<ByteBuffer> out = new ArrayList<>(Math.min(wanted, 64));
        int bytes = 0;
        long next = offset;
        int scanned = 0;
        boolean removed = false;
        outer:
        while (next < max && scanned < MAX_ENTRIES_SCANNED_PER_GET) {
            List<CqUnit> units = cq.read(next, (int) Math.min(256, max - next));
            if (units.isEmpty()) {
                break;
            }
            for (CqUnit u : units) {
                if (out.size() >= wanted || (bytes > 0 && bytes + u.size() > maxBytes)) {
                    break outer;
                }
                next = u.queueOffset() + 1;
                scanned++;
                if (u.isFiller()) {
                    continue; // a gap filler written when the queue started past its first offsets
                }
                if (u.phyOffset() < minPhy) {
                    removed = true;
                    continue;
                }
                if (filter != null && !filter.isMatchedByConsumeQueue(u.tagsCode())) {
                    continue;
                }
                ByteBuffer rec = commitLog.copyRecord(u.phyOffset(), u.size());
                if (rec == null) {
                    removed = true;
                    continue;
                }
                if (filter != null && !filter.isMatchedByCommitLog(rec)) {
                    continue;
                }
                out.add(rec);
                bytes += u.size();
            }
        }
        GetMessageStatus status = !out.isEmpty() ? GetMessageStatus.FOUND
                : removed ? GetMessageStatus.MESSAGE_WAS_REMOVING : GetMessageStatus.NO_MATCHED_MESSAGE;
        return new GetMessageResult(status, next, min, max, out, bytes);
    }

    @Override
    public long getMinOffsetInQueue(String topic, int queueId) {
        ConsumeQueue cq = getConsumeQueue(topic, queueId);
        return cq == null ? 0 : cq.getMinOffsetInQueue();
    }

    @Override
    public long getMaxOffsetInQueue(String topic, int queueId) {
        ConsumeQueue cq = getConsumeQueue(topic, queueId);
        return cq == null ? 0 : cq.getMaxOffsetInQueue();
    }

    @Override
    public long getOffsetInQueueByTime(String topic, int queueId, long timestamp) {
        ConsumeQueue cq = getConsumeQueue(topic, queueId);
        if (cq == null) {
            return 0;
        }
        return cq.getOffsetInQueueByTime(timestamp, phy -> {
            StoredMessage m = commitLog.lookMessageByOffset(phy, false);
            return m == null ? -1 : m.storeTimestamp();
        });
    }

    @Override
    public List<StoredMessage> queryMessage(String topic, String key, int maxNum, long begin, long end) {
        List<StoredMessage> out = new ArrayList<>();
        if (!config.isMessageIndexEnable() || key == null || key.isEmpty()) {
            return out;
        }
        for (long phy : indexService.queryPhyOffsets(topic, key, maxNum, begin, end)) {
            StoredMessage m = commitLog.lookMessageByOffset(phy, true);
            if (m == null || !m.topic().equals(topic)) {
                continue; // deleted, or a hash collision
            }
            String keys = m.property(MessageProperties.KEYS);
            boolean match = key.equals(m.property(MessageProperties.UNIQ_KEY))
                    || keys != null && Arrays.asList(keys.split(" ")).contains(key);
            if (match && m.storeTimestamp() >= begin && m.storeTimestamp() <= end) {
                out.add(m);
                if (out.size() >= maxNum) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public StoredMessage lookMessageByOffset(long commitLogOffset) {
        return commitLog.lookMessageByOffset(commitLogOffset, true);
    }

    @Override
    public long getMinPhyOffset() {
        return commitLog.getMinOffset();
    }

    @Override
    public long getMaxPhyOffset() {
        return commitLog.getMaxOffset();
    }

    @Override
    public long dispatchedOffset() {
        return reputService.getReputFromOffset();
    }

    @Override
    public void setMessageArrivingListener(MessageArrivingListener listener) {
        this.arrivingListener = listener;
    }

    @Override
    public void deleteTopic(String topic) {
        ConcurrentMap<Integer, ConsumeQueue> m = consumeQueueTable.remove(topic);
        if (m == null) {
            return;
        }
        for (ConsumeQueue cq : m.values()) {
            cq.destroy();
            commitLog.removeQueueFromTopicQueueTable(topic, cq.getQueueId());
        }
        File dir = new File(config.consumeQueueDir(), topic);
        File[] rest = dir.listFiles();
        if (rest != null) {
            for (File f : rest) {
                if (!f.delete()) {
                    LOG.debug("could not delete {}", f);
                }
            }
        }
        if (!dir.delete() && dir.exists()) {
            LOG.warn("could not delete {}", dir);
        }
    }

    @Override
    public long getCommitLogOffsetInQueue(String topic, int queueId, long queueOffset) {
        ConsumeQueue cq = getConsumeQueue(topic, queueId);
        if (cq == null) {
            return -1;
        }
        long minPhy = commitLog.getMinOffset();
        long from = Math.max(queueOffset, cq.getMinOffsetInQueue());
        long max = cq.getMaxOffsetInQueue();
        int scanned = 0;
        while (from < max) {
            List<CqUnit> units = cq.read(from, 256);
            if (units.isEmpty() || scanned > MAX_ENTRIES_SCANNED_PER_GET) {
                // a file is being deleted, or a long run of fillers/removed entries: answer conservatively
                return minPhy;
            }
            for (CqUnit u : units) {
                scanned++;
                from = u.queueOffset() + 1;
                if (!u.isFiller() && u.phyOffset() >= minPhy) {
                    return u.phyOffset();
                }
            }
        }
        return -1;
    }

    @Override
    public Map<String, java.util.Set<Integer>> consumeQueueIds() {
        Map<String, java.util.Set<Integer>> out = new HashMap<>();
        for (Map.Entry<String, ConcurrentMap<Integer, ConsumeQueue>> e : consumeQueueTable.entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.put(e.getKey(), new java.util.TreeSet<>(e.getValue().keySet()));
            }
        }
        return out;
    }

    private volatile RetentionGuard retentionGuard;

    @Override
    public void setRetentionGuard(RetentionGuard guard) {
        this.retentionGuard = guard;
    }

    @Override
    public void executeDeleteFilesManually() {
        manualDeleteRequested = true;
        cleanResources();
    }

    private void cleanResources() {
        synchronized (cleanLock) {
            cleanResourcesLocked();
        }
    }

    private void cleanResourcesLocked() {
        try {
            checkDiskSpace();
            boolean cleanImmediately = diskUsageRatio * 100 > config.getDiskMaxUsedSpaceRatio();
            boolean timeUp = isTimeToDelete();
            boolean manual = manualDeleteRequested;
            manualDeleteRequested = false;
            if (timeUp || cleanImmediately || manual) {
                RetentionGuard guard = retentionGuard;
                RetentionGuard.Hold hold = guard == null ? RetentionGuard.Hold.upTo(Long.MAX_VALUE, null)
                        : guard.safeDeleteOffset();
                if (!hold.known()) {
                    LOG.info("retention deletes nothing this time: {}", hold.heldBy());
                } else {
                    long expire = config.getFileReservedTime() * 3_600_000L;
                    int n = commitLog.deleteExpiredFiles(expire, cleanImmediately, hold.safeOffset());
                    if (n > 0) {
                        LOG.info("retention deleted {} commit-log file(s) (timeUp={}, diskRatio={}, manual={}); "
                                + "still needed from offset {} ({})", n, timeUp, diskUsageRatio, manual,
                                hold.safeOffset(), hold.heldBy());
                    }
                    reportHeldFiles(hold, cleanImmediately);
                }
            }
            long minPhy = commitLog.getMinOffset();
            for (ConcurrentMap<Integer, ConsumeQueue> m : consumeQueueTable.values()) {
                for (ConsumeQueue cq : m.values()) {
                    cq.deleteExpiredFiles(minPhy);
                    cq.correctMinOffset(minPhy);
                }
            }
            if (config.isMessageIndexEnable()) {
                indexService.deleteExpiredFiles(minPhy);
            }
        } catch (RuntimeException e) {
            LOG.error("retention run failed", e);
        }
    }

    private long lastHeldWarning;

    /**
     * Above {@code diskMaxUsedSpaceRatio}, says (at most once a minute) that files stay because their messages are
     * still needed, and by what: the operator then knows which subscription to drain or remove.
     */
    private void reportHeldFiles(RetentionGuard.Hold hold, boolean cleanImmediately) {
        if (!cleanImmediately) {
            return;
        }
        MappedFile first = commitLog.getMappedFileQueue().getFirstMappedFile();
        MappedFile last = commitLog.getMappedFileQueue().getLastMappedFile();
        if (first == null || first == last || first.getFileFromOffset() + first.getFileSize() <= hold.safeOffset()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastHeldWarning < 60_000) {
            return;
        }
        lastHeldWarning = now;
        LOG.warn("disk usage {}% of {} is above diskMaxUsedSpaceRatio {}%, but the oldest commit-log file {} still "
                        + "holds messages that are needed (from offset {}: {}); it is kept. Sends are refused above "
                        + "diskSpaceWarningLevelRatio {}%", Math.round(diskUsageRatio * 100),
                config.getStorePathRootDir(), config.getDiskMaxUsedSpaceRatio(), first.getFile().getName(),
                hold.safeOffset(), hold.heldBy(), config.getDiskSpaceWarningLevelRatio());
    }

    private boolean isTimeToDelete() {
        int hour = LocalTime.now().getHour();
        for (String h : config.getDeleteWhen().split(";")) {
            try {
                if (!h.isBlank() && Integer.parseInt(h.trim()) == hour) {
                    return true;
                }
            } catch (NumberFormatException e) {
                LOG.warn("deleteWhen entry '{}' is not an hour", h);
            }
        }
        return false;
    }

    /**
     * Measures the used fraction (0..1) of the disk holding a directory the way {@code df} reports it: used / (used +
     * available), with used = total - free and available = the space this process may still use. Blocks reserved for
     * root (or otherwise not available to us) count neither as used nor as available. Negative if unknown.
     */
    static double measureDiskUsage(File root) {
        long total = root.getTotalSpace();
        long free = root.getFreeSpace();
        long usable = root.getUsableSpace();
        return diskUsage(total, free, usable);
    }

    /** {@code df}'s use%: (total - free) / ((total - free) + usable); negative if unknown. */
    static double diskUsage(long total, long free, long usable) {
        if (total <= 0) {
            return -1;
        }
        long used = Math.max(0, total - free);
        long denominator = used + Math.max(0, usable);
        return denominator <= 0 ? -1 : (double) used / denominator;
    }

    private volatile java.util.function.ToDoubleFunction<File> diskUsageProbe = DefaultMessageStore::measureDiskUsage;

    /**
     * Replaces how disk usage is measured (fraction 0..1 of the store's disk); for fault-injection tests that
     * simulate a full disk without filling one.
     */
    public void setDiskUsageProbe(java.util.function.ToDoubleFunction<File> probe) {
        this.diskUsageProbe = probe;
    }

    private void checkDiskSpace() {
        File root = new File(config.getStorePathRootDir());
        double ratio = diskUsageProbe.applyAsDouble(root);
        if (ratio < 0) {
            return;
        }
        diskUsageRatio = ratio;
        boolean full = ratio * 100 > config.getDiskSpaceWarningLevelRatio();
        if (full != diskFull) {
            if (full) {
                LOG.error("disk usage {}% of {} is above diskSpaceWarningLevelRatio {}%: refusing new messages",
                        Math.round(ratio * 100), root, config.getDiskSpaceWarningLevelRatio());
            } else {
                LOG.info("disk usage {}% of {} is back under {}%: accepting messages again", Math.round(ratio * 100),
                        root, config.getDiskSpaceWarningLevelRatio());
            }
        }
        diskFull = full;
    }

    private void logDiskAtStart() {
        File root = new File(config.getStorePathRootDir());
        long total = root.getTotalSpace();
        long used = Math.max(0, total - root.getFreeSpace());
        long available = root.getUsableSpace();
        LOG.info("disk of {}: {}% used as df counts it (used {} MiB, available {} MiB, size {} MiB); consumed files "
                        + "are deleted early above diskMaxUsedSpaceRatio {}%, sends are refused above "
                        + "diskSpaceWarningLevelRatio {}%; retention {}", root, Math.round(diskUsageRatio * 100),
                used >> 20, available >> 20, total >> 20, config.getDiskMaxUsedSpaceRatio(),
                config.getDiskSpaceWarningLevelRatio(), retentionGuard == null
                        ? "has no guard: files may go whether or not consumed"
                        : "keeps every file that holds a message still needed");
    }

    /** Re-measures disk usage now (normally every {@code cleanResourceInterval}). */
    public void refreshDiskSpace() {
        checkDiskSpace();
    }

    @Override
    public StoreStats stats() {
        CommitLog.FlushService fs = commitLog.getFlushService();
        return new StoreStats(fs.forceCount(), fs.recordsFlushed(), commitLog.getMinOffset(), commitLog.getMaxOffset(),
                diskUsageRatio);
    }

    @Override
    public boolean isDiskFull() {
        return diskFull;
    }

    /**
     * Dispatches committed records to consume queues and the index, in log order, and tells the arriving listener
     * about each queue that grew. The appending thread dispatches right after its append ({@link #dispatchInline}),
     * unless another thread is dispatching at that moment (that one then also takes this append, since it looks
     * again after letting go); a consumer waiting for the message is woken without first waking a dispatcher thread
     * per append, which cost two context switches per message. The dispatcher thread remains for what no appender
     * takes: the catch-up after a restart, and a check every few milliseconds.
     */
    private final class ReputMessageService implements Runnable {
        private static final long POLL_NANOS = 5_000_000;

        private volatile long reputFromOffset;
        private volatile boolean stopped;
        private final ReentrantLock dispatchLock = new ReentrantLock();
        /** True while the dispatcher thread (not an appender) holds {@link #dispatchLock}. */
        private volatile boolean background;
        private Thread thread;

        void setReputFromOffset(long offset) {
            reputFromOffset = offset;
        }

        long getReputFromOffset() {
            return reputFromOffset;
        }

        void start() {
            thread = new Thread(this, "ReputMessageService");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Called by every appender after its append, outside the append lock: dispatches in the calling thread
         * what the log holds beyond the dispatched offset. If another appender dispatches, it re-checks the end
         * after releasing the lock and so takes this append too; if the dispatcher thread does, this one waits for
         * its turn, so that a put has always been dispatched by the time the last concurrent put returns. A
         * dispatch that appends itself (a woken consumer writing its ack-log record) leaves that record to the
         * dispatch already running in this thread.
         */
        void dispatchInline() {
            while (!stopped && reputFromOffset < commitLog.getMaxOffset()) {
                if (dispatchLock.isHeldByCurrentThread()) {
                    return;
                }
                if (!dispatchLock.tryLock()) {
                    if (!background) {
                        return; // another appender dispatches, and looks again before it returns
                    }
                    dispatchLock.lock(); // the dispatcher thread's turn is short; then this put sees its own dispatch
                }
                try {
                    doReput();
                } catch (RuntimeException e) {
                    LOG.error("dispatch failed at {}; the dispatcher thread retries", reputFromOffset, e);
                    return;
                } finally {
                    dispatchLock.unlock();
                }
            }
        }

        void shutdown() {
            // let it catch up with what was appended before stopping
            long deadline = System.currentTimeMillis() + 5000;
            while (reputFromOffset < commitLog.getMaxOffset() && System.currentTimeMillis() < deadline) {
                LockSupport.unpark(thread);
                LockSupport.parkNanos(1_000_000);
            }
            stopped = true;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
            if (thread != null) {
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // an appender may still be inside a dispatch: the files close only after it left
            dispatchLock.lock();
            dispatchLock.unlock();
        }

        /**
         * Dispatches only what was in the log at its previous look and is still not dispatched: the restart's
         * catch-up (its first look), or an append whose appender did not get to dispatch within a poll interval
         * (its dispatch failed, or it was descheduled). An append of the last few milliseconds is its appender's to
         * dispatch; taking it here would make that appender wait for this thread and announce the arrival from a
         * thread the consumer did not need to wake.
         */
        @Override
        public void run() {
            long lookedAt = commitLog.getMaxOffset();
            while (!stopped) {
                try {
                    boolean progress = false;
                    long end = commitLog.getMaxOffset();
                    if (reputFromOffset < lookedAt && dispatchLock.tryLock()) {
                        background = true;
                        try {
                            progress = doReput();
                        } finally {
                            background = false;
                            dispatchLock.unlock();
                        }
                    }
                    lookedAt = end;
                    if (!progress) {
                        LockSupport.parkNanos(POLL_NANOS);
                    }
                } catch (RuntimeException e) {
                    LOG.error("dispatch failed at {}", reputFromOffset, e);
                    LockSupport.parkNanos(10_000_000);
                }
            }
        }

        /** Dispatches what is readable; returns true if it made progress. */
        private boolean doReput() {
            long end = commitLog.getMaxOffset();
            boolean progress = false;
            while (reputFromOffset < end && !stopped) {
                MappedFile mf = commitLog.getMappedFileQueue().findMappedFileByOffset(reputFromOffset, false);
                if (mf == null) {
                    MappedFile first = commitLog.getMappedFileQueue().getFirstMappedFile();
                    if (first != null && reputFromOffset < first.getFileFromOffset()) {
                        LOG.warn("dispatch offset {} was deleted by retention; jumping to {}", reputFromOffset,
                                first.getFileFromOffset());
                        reputFromOffset = first.getFileFromOffset();
                        continue;
                    }
                    return progress;
                }
                if (!mf.hold()) {
                    return progress;
                }
                try {
                    int readable = mf.getReadPosition();
                    ByteBuffer view = mf.rawView();
                    int pos = (int) (reputFromOffset - mf.getFileFromOffset());
                    while (pos < readable) {
                        int size = view.getInt(pos + RecordLayout.TOTAL_SIZE);
                        int magic = view.getInt(pos + RecordLayout.MAGIC);
                        if (magic == RecordLayout.BLANK_MAGIC) {
                            pos = mf.getFileSize();
                            break;
                        }
                        if (magic != RecordLayout.MESSAGE_MAGIC || size <= 0 || pos + size > readable) {
                            LOG.error("dispatcher found an invalid record at {} (magic {}, size {}); stopping",
                                    mf.getFileFromOffset() + pos, Integer.toHexString(magic), size);
                            stopped = true;
                            return progress;
                        }
                        dispatch(view, pos, mf.getFileFromOffset() + pos, size, true, true);
                        pos += size;
                        reputFromOffset = mf.getFileFromOffset() + pos;
                        progress = true;
                    }
                    if (pos >= mf.getFileSize()) {
                        reputFromOffset = mf.getFileFromOffset() + mf.getFileSize();
                        progress = true;
                    } else if (pos >= readable) {
                        reputFromOffset = mf.getFileFromOffset() + pos;
                        if (mf.getFileFromOffset() + readable >= end) {
                            return progress;
                        }
                    }
                } finally {
                    mf.release();
                }
                end = commitLog.getMaxOffset();
            }
            return progress;
        }
    }
}
