package org.rocketjms.broker.offset;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.rocketjms.broker.JsonSupport;
import org.rocketjms.store.meta.ConfigManager;

/**
 * Committed offsets of pull consumers per (topic, group, queue), persisted periodically and at shutdown in
 * {@code config/consumerOffset.json}.
 */
public final class ConsumerOffsetManager extends ConfigManager {
    private static final String SEP = "@";
    private final String path;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> table = new ConcurrentHashMap<>();

    /** @param configDir the directory holding the file */
    public ConsumerOffsetManager(File configDir) {
        this.path = new File(configDir, "consumerOffset.json").getPath();
    }

    /** Records a committed offset. */
    public void commitOffset(String group, String topic, int queueId, long offset) {
        table.computeIfAbsent(topic + SEP + group, k -> new ConcurrentHashMap<>()).put(queueId, offset);
    }

    /** Forgets the offsets of {@code group} (null = any) on {@code topic} (null = any). */
    public void remove(String group, String topic) {
        table.keySet().removeIf(k -> {
            int at = k.lastIndexOf(SEP);
            String t = k.substring(0, at);
            String g = k.substring(at + 1);
            return (group == null || group.equals(g)) && (topic == null || topic.equals(t));
        });
    }

    /** The committed offset, or -1 if none. */
    public long queryOffset(String group, String topic, int queueId) {
        Map<Integer, Long> m = table.get(topic + SEP + group);
        if (m == null) {
            return -1;
        }
        Long v = m.get(queueId);
        return v == null ? -1 : v;
    }

    /** Receives one committed offset. */
    @FunctionalInterface
    public interface OffsetVisitor {
        /** One (group, topic, queue) and its committed offset. */
        void visit(String group, String topic, int queueId, long offset);
    }

    /** Calls {@code visitor} for every committed offset (a weakly consistent view). */
    public void forEach(OffsetVisitor visitor) {
        table.forEach((k, m) -> {
            int at = k.lastIndexOf(SEP);
            String topic = k.substring(0, at);
            String group = k.substring(at + 1);
            m.forEach((q, o) -> visitor.visit(group, topic, q, o));
        });
    }

    @Override
    protected String configFilePath() {
        return path;
    }

    /** JSON document shape. */
    public static final class Doc {
        /** {@code topic@group} to queueId to offset. */
        public Map<String, Map<Integer, Long>> offsetTable = new TreeMap<>();
    }

    @Override
    public String encode(boolean pretty) {
        Doc d = new Doc();
        table.forEach((k, v) -> d.offsetTable.put(k, new TreeMap<>(v)));
        return JsonSupport.write(d, pretty);
    }

    @Override
    public void decode(String content) {
        Doc d = JsonSupport.read(content, Doc.class);
        table.clear();
        if (d.offsetTable != null) {
            d.offsetTable.forEach((k, v) -> table.put(k, new ConcurrentHashMap<>(v)));
        }
    }
}
