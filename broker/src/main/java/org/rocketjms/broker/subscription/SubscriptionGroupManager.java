package org.rocketjms.broker.subscription;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.rocketjms.broker.JsonSupport;
import org.rocketjms.store.meta.ConfigManager;

/**
 * Consumer groups known to the broker, created on first use and persisted in {@code config/subscriptionGroup.json}.
 */
public final class SubscriptionGroupManager extends ConfigManager {
    private final String path;
    private final ConcurrentHashMap<String, SubscriptionGroupConfig> table = new ConcurrentHashMap<>();
    private volatile boolean dirty;
    private volatile int defaultRetryMaxTimes = 16;

    /** @param configDir the directory holding the file */
    public SubscriptionGroupManager(File configDir) {
        this.path = new File(configDir, "subscriptionGroup.json").getPath();
    }

    /** The group's config, created with defaults if unknown. */
    public SubscriptionGroupConfig getOrCreate(String group) {
        SubscriptionGroupConfig c = table.get(group);
        if (c != null) {
            return c;
        }
        return table.computeIfAbsent(group, g -> {
            dirty = true;
            SubscriptionGroupConfig n = new SubscriptionGroupConfig(g);
            n.setRetryMaxTimes(defaultRetryMaxTimes);
            return n;
        });
    }

    /** The {@code retryMaxTimes} of groups created implicitly (broker key {@code maxDeliveryAttempts}). */
    public void setDefaultRetryMaxTimes(int v) {
        this.defaultRetryMaxTimes = v;
    }

    /** The group's config or null. */
    public SubscriptionGroupConfig get(String group) {
        return table.get(group);
    }

    /** Creates or replaces a group's settings and persists. */
    public void update(SubscriptionGroupConfig config) {
        table.put(config.getGroupName(), config);
        persist();
    }

    /**
     * Removes a group. A group with settings of its own (consumption disabled, another retry limit) is persisted at
     * once, so a crash cannot bring those settings back; a group with the defaults (every group a consumer created
     * by using it, e.g. each non-durable topic subscriber's) is written with the next periodic persist, like its
     * creation: should the broker crash first, the group comes back with the defaults it would be created with
     * anyway. Rewriting the whole file for each of thousands of subscribers closing at once made the admin threads
     * the bottleneck.
     */
    public void remove(String group) {
        SubscriptionGroupConfig old = table.remove(group);
        if (old == null) {
            return;
        }
        if (old.isConsumeEnable() && old.getRetryMaxTimes() == defaultRetryMaxTimes) {
            dirty = true;
        } else {
            persist();
        }
    }

    /** Persists if a group was added since the last call. */
    public void persistIfDirty() {
        if (dirty) {
            dirty = false;
            persist();
        }
    }

    @Override
    protected String configFilePath() {
        return path;
    }

    /** JSON document shape. */
    public static final class Doc {
        /** Groups by name. */
        public Map<String, SubscriptionGroupConfig> subscriptionGroupTable = new TreeMap<>();
    }

    @Override
    public String encode(boolean pretty) {
        Doc d = new Doc();
        d.subscriptionGroupTable.putAll(table);
        return JsonSupport.write(d, pretty);
    }

    @Override
    public void decode(String content) {
        Doc d = JsonSupport.read(content, Doc.class);
        table.clear();
        if (d.subscriptionGroupTable != null) {
            table.putAll(d.subscriptionGroupTable);
        }
    }
}
