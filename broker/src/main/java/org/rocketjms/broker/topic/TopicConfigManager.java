package org.rocketjms.broker.topic;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.rocketjms.broker.JsonSupport;
import org.rocketjms.store.meta.ConfigManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's topics, persisted atomically in {@code <storePathRootDir>/config/topics.json}. Creating a topic
 * persists at once; topics are never lost once a send to them was acknowledged.
 */
public final class TopicConfigManager extends ConfigManager {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigManager.class);
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.%|$#-]{1,127}");

    private final String path;
    private final ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
    private volatile Runnable changeListener = () -> { };

    /** @param configDir the directory holding the file */
    public TopicConfigManager(File configDir) {
        this.path = new File(configDir, "topics.json").getPath();
    }

    /** Prefixes of topics that a send never auto-creates: temporary destinations (JMS temp queues and topics). */
    private static final String[] EXPLICIT_ONLY_PREFIXES = {"%TQ%", "%TT%"};

    /**
     * True for topics that exist only while their creator keeps them (temporary destinations): a send to one that
     * is gone must fail instead of silently recreating it as an ordinary topic nobody deletes.
     */
    public static boolean isExplicitOnly(String topic) {
        for (String p : EXPLICIT_ONLY_PREFIXES) {
            if (topic.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Null if the name is acceptable, else why not. */
    public static String validateName(String topic) {
        if (topic == null || !VALID_NAME.matcher(topic).matches()) {
            return "invalid topic name '" + topic + "': 1-127 characters of A-Z a-z 0-9 _ . % | $ # -";
        }
        return null;
    }

    /** Called after a topic was created or changed (e.g. to re-register with the name servers). */
    public void setChangeListener(Runnable listener) {
        this.changeListener = listener;
    }

    /** The topic's config or null. */
    public TopicConfig get(String topic) {
        return table.get(topic);
    }

    /** All topics (live view). */
    public Map<String, TopicConfig> all() {
        return table;
    }

    /** Creates the topic with {@code queueNums} queues if it does not exist, persisting the change; returns it. */
    public TopicConfig createIfAbsent(String topic, int queueNums, boolean system) {
        TopicConfig existing = table.get(topic);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        TopicConfig tc = table.computeIfAbsent(topic, t -> {
            created[0] = true;
            TopicConfig c = new TopicConfig(t, queueNums);
            c.setSystem(system);
            return c;
        });
        if (created[0]) {
            LOG.info("created topic {} with {} queues", topic, queueNums);
            persist();
            changeListener.run();
        }
        return tc;
    }

    /** Removes a topic's config and persists; returns what was removed or null. */
    public TopicConfig remove(String topic) {
        TopicConfig tc = table.remove(topic);
        if (tc != null) {
            LOG.info("deleted topic {}", topic);
            persist();
            changeListener.run();
        }
        return tc;
    }

    /** Creates or replaces a topic's config and persists. */
    public void update(TopicConfig tc) {
        table.put(tc.getTopicName(), tc);
        LOG.info("updated topic {}: read {} write {} perm {}", tc.getTopicName(), tc.getReadQueueNums(),
                tc.getWriteQueueNums(), tc.getPerm());
        persist();
        changeListener.run();
    }

    @Override
    protected String configFilePath() {
        return path;
    }

    /** JSON document shape. */
    public static final class Doc {
        /** Topics by name. */
        public Map<String, TopicConfig> topicConfigTable = new TreeMap<>();
    }

    @Override
    public String encode(boolean pretty) {
        Doc d = new Doc();
        d.topicConfigTable.putAll(table);
        return JsonSupport.write(d, pretty);
    }

    @Override
    public void decode(String content) {
        Doc d = JsonSupport.read(content, Doc.class);
        table.clear();
        if (d.topicConfigTable != null) {
            table.putAll(d.topicConfigTable);
        }
    }
}
