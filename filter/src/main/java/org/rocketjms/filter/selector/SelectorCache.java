package org.rocketjms.filter.selector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, thread-safe cache of compiled selectors keyed by their exact text, evicting the least
 * recently used entry when full. The broker keeps one so that many subscriptions with the same
 * selector share one compiled tree and a selector is parsed once, not per pull.
 *
 * <p>Guarantees: {@link #get(String)} returns a selector equal to {@link Selector#parse(String)} of
 * the same text, or throws the same {@link SelectorParseException}; invalid selectors are never
 * cached; the cache never holds more than {@link #capacity()} entries. Parsing happens outside the
 * lock, so two threads missing on the same text at once may both parse it; one result is kept.
 */
public final class SelectorCache {

    /** Capacity used by {@link #SelectorCache()}. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final LinkedHashMap<String, Selector> entries;

    /** Creates a cache of {@link #DEFAULT_CAPACITY} entries. */
    public SelectorCache() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a cache.
     *
     * @param capacity the maximum number of compiled selectors kept, at least 1
     */
    public SelectorCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Selector> eldest) {
                return size() > SelectorCache.this.capacity;
            }
        };
    }

    /**
     * Returns the compiled selector for a text, parsing it on a miss.
     *
     * @param expression the selector text; null or blank gives {@link Selector#matchAll()} and is not
     *        stored
     * @return the compiled selector
     * @throws SelectorParseException when the text is not a valid selector
     */
    public Selector get(String expression) throws SelectorParseException {
        if (expression == null || SelectorLexer.isBlank(expression)) {
            return Selector.matchAll();
        }
        synchronized (entries) {
            Selector cached = entries.get(expression);
            if (cached != null) {
                return cached;
            }
        }
        Selector parsed = Selector.parse(expression);
        synchronized (entries) {
            Selector raced = entries.putIfAbsent(expression, parsed);
            return raced != null ? raced : parsed;
        }
    }

    /** @return the number of compiled selectors currently held */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** @return the maximum number of compiled selectors held */
    public int capacity() {
        return capacity;
    }

    /** Drops every entry. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
