package org.rocketjms.broker.topic;

/** One topic's settings as persisted in {@code config/topics.json}. A plain JSON bean. */
public final class TopicConfig {
    /** Readable permission bit. */
    public static final int PERM_READ = 4;
    /** Writable permission bit. */
    public static final int PERM_WRITE = 2;

    private String topicName;
    private int readQueueNums;
    private int writeQueueNums;
    private int perm = PERM_READ | PERM_WRITE;
    private boolean system;
    private boolean temporary;
    private String ownerClientId;

    /** For Jackson. */
    public TopicConfig() {
    }

    /** A read/write topic with {@code queueNums} queues. */
    public TopicConfig(String topicName, int queueNums) {
        this.topicName = topicName;
        this.readQueueNums = queueNums;
        this.writeQueueNums = queueNums;
    }

    /** The topic name. */
    public String getTopicName() { return topicName; }
    /** Sets the topic name. */
    public void setTopicName(String v) { topicName = v; }
    /** Queues consumers read. */
    public int getReadQueueNums() { return readQueueNums; }
    /** Sets the read queue count. */
    public void setReadQueueNums(int v) { readQueueNums = v; }
    /** Queues producers write. */
    public int getWriteQueueNums() { return writeQueueNums; }
    /** Sets the write queue count. */
    public void setWriteQueueNums(int v) { writeQueueNums = v; }
    /** Permission bits. */
    public int getPerm() { return perm; }
    /** Sets the permission bits. */
    public void setPerm(int v) { perm = v; }
    /** True for the broker's own topics (not writable by clients). */
    public boolean isSystem() { return system; }
    /** Marks a system topic. */
    public void setSystem(boolean v) { system = v; }
    /** True for a temporary topic (deleted with its creating connection). */
    public boolean isTemporary() { return temporary; }
    /** Marks a temporary topic. */
    public void setTemporary(boolean v) { temporary = v; }
    /** Client id owning a temporary topic (may be null). */
    public String getOwnerClientId() { return ownerClientId; }
    /** Sets the owner's client id. */
    public void setOwnerClientId(String v) { ownerClientId = v; }
}
