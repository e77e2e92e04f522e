package org.rocketjms.broker.subscription;

/** Settings of one consumer group as persisted in {@code config/subscriptionGroup.json}. A JSON bean. */
public final class SubscriptionGroupConfig {
    private String groupName;
    private boolean consumeEnable = true;
    private int retryMaxTimes = 16;

    /** For Jackson. */
    public SubscriptionGroupConfig() {
    }

    /** A group with defaults. */
    public SubscriptionGroupConfig(String groupName) {
        this.groupName = groupName;
    }

    /** The group name. */
    public String getGroupName() { return groupName; }
    /** Sets the name. */
    public void setGroupName(String v) { groupName = v; }
    /** Whether the group may consume. */
    public boolean isConsumeEnable() { return consumeEnable; }
    /** Enables or disables consumption. */
    public void setConsumeEnable(boolean v) { consumeEnable = v; }
    /**
     * Redeliveries allowed: a message delivered more than this many times without an ack goes to the group's
     * dead-letter topic {@code %DLQ%<group>} (0 or less = never).
     */
    public int getRetryMaxTimes() { return retryMaxTimes; }
    /** Sets the maximum redeliveries. */
    public void setRetryMaxTimes(int v) { retryMaxTimes = v; }
}
