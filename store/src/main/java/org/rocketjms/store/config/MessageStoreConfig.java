package org.rocketjms.store.config;

import java.io.File;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of a {@code MessageStore}. Key names follow Apache RocketMQ where the meaning is the same, so
 * {@link #apply(Map)} accepts a {@code broker.conf}-style key/value map.
 */
public final class MessageStoreConfig {
    /** Root directory holding {@code commitlog/}, {@code consumequeue/}, {@code index/}, checkpoint and abort files. */
    private String storePathRootDir = System.getProperty("user.home") + File.separator + "rocketjms-store";
    /** Size of each commit-log file (bytes). */
    private int mappedFileSizeCommitLog = 1024 * 1024 * 1024;
    /** Size of each consume-queue file (bytes; rounded to a multiple of the 20-byte entry). */
    private int mappedFileSizeConsumeQueue = 300_000 * 20;
    /** SYNC_FLUSH or ASYNC_FLUSH. */
    private FlushDiskType flushDiskType = FlushDiskType.SYNC_FLUSH;
    /**
     * ASYNC_FLUSH: interval between flush checks of the commit log (ms); a check flushes when at least
     * {@code flushCommitLogLeastPages} pages are dirty. Short by default so writeback keeps pace with appends
     * instead of piling up (RocketMQ uses 500).
     */
    private int flushIntervalCommitLog = 10;
    /** ASYNC_FLUSH: flush only when this many pages are dirty, unless the thorough interval passed. */
    private int flushCommitLogLeastPages = 4;
    /** ASYNC_FLUSH: flush whatever is dirty at least this often (ms). */
    private int flushCommitLogThoroughInterval = 10_000;
    /** Interval between flushes of consume queues and the index (ms); also the checkpoint interval. */
    private int flushIntervalConsumeQueue = 1000;
    /** SYNC_FLUSH: how long an append waits for its force before reporting FLUSH_DISK_TIMEOUT (ms). */
    private int syncFlushTimeout = 5000;
    /**
     * SYNC_FLUSH: how long a lazy put (an AUTO_ACKNOWLEDGE consumer's acknowledgement) waits at most for a group commit
     * that other puts start before the store forces it itself (ms); 0 forces every lazy put at once.
     */
    private int lazyFlushMaxDelayMillis = 2;
    /** Hours a commit-log file is kept after its last write. */
    private int fileReservedTime = 72;
    /** Hour(s) of the day when expired files are deleted, e.g. {@code 04} or {@code 04;16}. */
    private String deleteWhen = "04";
    /** Disk usage ratio (percent, 10–95) above which files are deleted early, oldest first. */
    private int diskMaxUsedSpaceRatio = 75;
    /** Disk usage ratio (percent) above which new messages are refused. */
    private int diskSpaceWarningLevelRatio = 90;
    /** Largest accepted message body + properties (bytes). */
    private int maxMessageSize = 4 * 1024 * 1024;
    /** Interval of the retention check (ms). */
    private int cleanResourceInterval = 10_000;
    /** How many files retention deletes per run at most. */
    private int deleteCommitLogFilesMaxNum = 10;
    /** Grace period for readers of a file that retention wants to delete (ms). */
    private int destroyMapedFileIntervalForcibly = 120_000;
    /** Touch every page of a new commit-log file before use. */
    private boolean warmMapedFileEnable = false;
    /** Zero-fill each new commit-log file this many bytes ahead of the writer, so forces need not allocate blocks. */
    private int commitLogFillAheadBytes = 8 * 1024 * 1024;
    /** Build the key index. */
    private boolean messageIndexEnable = true;
    /** Hash slots per index file. */
    private int maxHashSlotNum = 500_000;
    /** Entries per index file. */
    private int maxIndexNum = 2_000_000;
    /** Bytes of messages one getMessage call returns at most. */
    private int maxTransferBytesOnMessageInMemory = 256 * 1024;
    /** Messages one getMessage call returns at most. */
    private int maxTransferCountOnMessageInMemory = 32;

    /**
     * Applies RocketMQ-style keys from a map (unknown keys are ignored and returned to the caller via the
     * map's remaining entries being untouched).
     *
     * @throws IllegalArgumentException naming the key for a malformed value
     */
    public MessageStoreConfig apply(Map<?, ?> props) {
        for (Map.Entry<?, ?> e : props.entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = String.valueOf(e.getValue()).trim();
            try {
                set(key, value);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("store setting " + key + "=" + value + " is not a number", ex);
            }
        }
        return this;
    }

    /** Applies a {@link Properties} object; see {@link #apply(Map)}. */
    public MessageStoreConfig apply(Properties props) {
        return apply((Map<?, ?>) props);
    }

    /** Sets one key; returns false if the key is not a store setting. */
    public boolean set(String key, String value) {
        switch (key) {
            case "storePathRootDir" -> storePathRootDir = value;
            case "mappedFileSizeCommitLog" -> mappedFileSizeCommitLog = Integer.parseInt(value);
            case "mappedFileSizeConsumeQueue" -> mappedFileSizeConsumeQueue = Integer.parseInt(value);
            case "flushDiskType" -> flushDiskType = FlushDiskType.valueOf(value.toUpperCase(Locale.ROOT));
            case "flushIntervalCommitLog" -> flushIntervalCommitLog = Integer.parseInt(value);
            case "flushCommitLogLeastPages" -> flushCommitLogLeastPages = Integer.parseInt(value);
            case "flushCommitLogThoroughInterval" -> flushCommitLogThoroughInterval = Integer.parseInt(value);
            case "flushIntervalConsumeQueue" -> flushIntervalConsumeQueue = Integer.parseInt(value);
            case "syncFlushTimeout" -> syncFlushTimeout = Integer.parseInt(value);
            case "lazyFlushMaxDelayMillis" -> lazyFlushMaxDelayMillis = Integer.parseInt(value);
            case "fileReservedTime" -> fileReservedTime = Integer.parseInt(value);
            case "deleteWhen" -> deleteWhen = value;
            case "diskMaxUsedSpaceRatio" -> diskMaxUsedSpaceRatio = Integer.parseInt(value);
            case "diskSpaceWarningLevelRatio" -> diskSpaceWarningLevelRatio = Integer.parseInt(value);
            case "maxMessageSize" -> maxMessageSize = Integer.parseInt(value);
            case "cleanResourceInterval" -> cleanResourceInterval = Integer.parseInt(value);
            case "deleteCommitLogFilesMaxNum" -> deleteCommitLogFilesMaxNum = Integer.parseInt(value);
            case "destroyMapedFileIntervalForcibly" -> destroyMapedFileIntervalForcibly = Integer.parseInt(value);
            case "warmMapedFileEnable" -> warmMapedFileEnable = Boolean.parseBoolean(value);
            case "commitLogFillAheadBytes" -> commitLogFillAheadBytes = Integer.parseInt(value);
            case "messageIndexEnable" -> messageIndexEnable = Boolean.parseBoolean(value);
            case "maxHashSlotNum" -> maxHashSlotNum = Integer.parseInt(value);
            case "maxIndexNum" -> maxIndexNum = Integer.parseInt(value);
            case "maxTransferBytesOnMessageInMemory" -> maxTransferBytesOnMessageInMemory = Integer.parseInt(value);
            case "maxTransferCountOnMessageInMemory" -> maxTransferCountOnMessageInMemory = Integer.parseInt(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Checks ranges; throws IllegalArgumentException naming the offending key. */
    public void validate() {
        require(mappedFileSizeCommitLog >= 4096, "mappedFileSizeCommitLog must be at least 4096");
        require(mappedFileSizeConsumeQueue >= 20 * 16, "mappedFileSizeConsumeQueue must hold at least 16 entries");
        require(maxMessageSize > 0, "maxMessageSize must be positive");
        require(lazyFlushMaxDelayMillis >= 0 && lazyFlushMaxDelayMillis < syncFlushTimeout,
                "lazyFlushMaxDelayMillis must be >= 0 (0 forces every acknowledgement at once) and below syncFlushTimeout ("
                        + syncFlushTimeout + ")");
        require(commitLogFillAheadBytes >= 0, "commitLogFillAheadBytes must be >= 0 (0 turns zero-filling off)");
        require(maxMessageSize + 1024 <= mappedFileSizeCommitLog,
                "maxMessageSize (" + maxMessageSize + ") must be smaller than mappedFileSizeCommitLog ("
                        + mappedFileSizeCommitLog + ") by at least 1 KiB of record headers");
        require(diskMaxUsedSpaceRatio >= 10 && diskMaxUsedSpaceRatio <= 95, "diskMaxUsedSpaceRatio must be 10..95");
        require(diskSpaceWarningLevelRatio >= 10 && diskSpaceWarningLevelRatio <= 99,
                "diskSpaceWarningLevelRatio must be 10..99");
        require(fileReservedTime >= 0, "fileReservedTime must be >= 0 hours");
        require(maxHashSlotNum > 0 && maxIndexNum > 0, "maxHashSlotNum and maxIndexNum must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public File commitLogDir() {
        return new File(storePathRootDir, "commitlog");
    }

    public File consumeQueueDir() {
        return new File(storePathRootDir, "consumequeue");
    }

    public File indexDir() {
        return new File(storePathRootDir, "index");
    }

    public File checkpointFile() {
        return new File(storePathRootDir, "checkpoint");
    }

    public File abortFile() {
        return new File(storePathRootDir, "abort");
    }

    public File configDir() {
        return new File(storePathRootDir, "config");
    }

    /** Consume-queue file size rounded down to whole 20-byte entries. */
    public int consumeQueueFileSizeRounded() {
        return mappedFileSizeConsumeQueue - (mappedFileSizeConsumeQueue % 20);
    }

    public String getStorePathRootDir() { return storePathRootDir; }
    public MessageStoreConfig setStorePathRootDir(String v) { storePathRootDir = v; return this; }
    public int getMappedFileSizeCommitLog() { return mappedFileSizeCommitLog; }
    public MessageStoreConfig setMappedFileSizeCommitLog(int v) { mappedFileSizeCommitLog = v; return this; }
    public int getMappedFileSizeConsumeQueue() { return mappedFileSizeConsumeQueue; }
    public MessageStoreConfig setMappedFileSizeConsumeQueue(int v) { mappedFileSizeConsumeQueue = v; return this; }
    public FlushDiskType getFlushDiskType() { return flushDiskType; }
    public MessageStoreConfig setFlushDiskType(FlushDiskType v) { flushDiskType = v; return this; }
    public int getFlushIntervalCommitLog() { return flushIntervalCommitLog; }
    public MessageStoreConfig setFlushIntervalCommitLog(int v) { flushIntervalCommitLog = v; return this; }
    public int getFlushCommitLogLeastPages() { return flushCommitLogLeastPages; }
    public MessageStoreConfig setFlushCommitLogLeastPages(int v) { flushCommitLogLeastPages = v; return this; }
    public int getFlushCommitLogThoroughInterval() { return flushCommitLogThoroughInterval; }
    public MessageStoreConfig setFlushCommitLogThoroughInterval(int v) { flushCommitLogThoroughInterval = v; return this; }
    public int getFlushIntervalConsumeQueue() { return flushIntervalConsumeQueue; }
    public MessageStoreConfig setFlushIntervalConsumeQueue(int v) { flushIntervalConsumeQueue = v; return this; }
    public int getSyncFlushTimeout() { return syncFlushTimeout; }
    public MessageStoreConfig setSyncFlushTimeout(int v) { syncFlushTimeout = v; return this; }
    public int getLazyFlushMaxDelayMillis() { return lazyFlushMaxDelayMillis; }
    public MessageStoreConfig setLazyFlushMaxDelayMillis(int v) { lazyFlushMaxDelayMillis = v; return this; }
    public int getFileReservedTime() { return fileReservedTime; }
    public MessageStoreConfig setFileReservedTime(int v) { fileReservedTime = v; return this; }
    public String getDeleteWhen() { return deleteWhen; }
    public MessageStoreConfig setDeleteWhen(String v) { deleteWhen = v; return this; }
    public int getDiskMaxUsedSpaceRatio() { return diskMaxUsedSpaceRatio; }
    public MessageStoreConfig setDiskMaxUsedSpaceRatio(int v) { diskMaxUsedSpaceRatio = v; return this; }
    public int getDiskSpaceWarningLevelRatio() { return diskSpaceWarningLevelRatio; }
    public MessageStoreConfig setDiskSpaceWarningLevelRatio(int v) { diskSpaceWarningLevelRatio = v; return this; }
    public int getMaxMessageSize() { return maxMessageSize; }
    public MessageStoreConfig setMaxMessageSize(int v) { maxMessageSize = v; return this; }
    public int getCleanResourceInterval() { return cleanResourceInterval; }
    public MessageStoreConfig setCleanResourceInterval(int v) { cleanResourceInterval = v; return this; }
    public int getDeleteCommitLogFilesMaxNum() { return deleteCommitLogFilesMaxNum; }
    public MessageStoreConfig setDeleteCommitLogFilesMaxNum(int v) { deleteCommitLogFilesMaxNum = v; return this; }
    public int getDestroyMapedFileIntervalForcibly() { return destroyMapedFileIntervalForcibly; }
    public MessageStoreConfig setDestroyMapedFileIntervalForcibly(int v) { destroyMapedFileIntervalForcibly = v; return this; }
    public boolean isWarmMapedFileEnable() { return warmMapedFileEnable; }
    public int getCommitLogFillAheadBytes() { return commitLogFillAheadBytes; }
    public MessageStoreConfig setCommitLogFillAheadBytes(int v) { commitLogFillAheadBytes = v; return this; }
    public MessageStoreConfig setWarmMapedFileEnable(boolean v) { warmMapedFileEnable = v; return this; }
    public boolean isMessageIndexEnable() { return messageIndexEnable; }
    public MessageStoreConfig setMessageIndexEnable(boolean v) { messageIndexEnable = v; return this; }
    public int getMaxHashSlotNum() { return maxHashSlotNum; }
    public MessageStoreConfig setMaxHashSlotNum(int v) { maxHashSlotNum = v; return this; }
    public int getMaxIndexNum() { return maxIndexNum; }
    public MessageStoreConfig setMaxIndexNum(int v) { maxIndexNum = v; return this; }
    public int getMaxTransferBytesOnMessageInMemory() { return maxTransferBytesOnMessageInMemory; }
    public MessageStoreConfig setMaxTransferBytesOnMessageInMemory(int v) { maxTransferBytesOnMessageInMemory = v; return this; }
    public int getMaxTransferCountOnMessageInMemory() { return maxTransferCountOnMessageInMemory; }
    public MessageStoreConfig setMaxTransferCountOnMessageInMemory(int v) { maxTransferCountOnMessageInMemory = v; return this; }
}
