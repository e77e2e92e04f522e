package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded LRU cache of compiled selectors. */
class SelectorCacheTest {

    @Test
    void returnsTheSameCompiledSelectorOnAHit() throws SelectorParseException {
        SelectorCache cache = new SelectorCache(4);
        Selector first = cache.get("a = 1");
        assertSame(first, cache.get("a = 1"));
        assertEquals(1, cache.size());
        assertEquals("a = 1", first.expression());
    }

    @Test
    void evictsTheLeastRecentlyUsedEntry() throws SelectorParseException {
        SelectorCache cache = new SelectorCache(2);
        Selector a = cache.get("a = 1");
        Selector b = cache.get("b = 1");
        assertSame(a, cache.get("a = 1")); // a is now the most recently used
        cache.get("c = 1");                // evicts b
        assertEquals(2, cache.size());
        assertSame(a, cache.get("a = 1"));
        assertNotSame(b, cache.get("b = 1"));
    }

    @Test
    void neverCachesInvalidOrBlankSelectors() throws SelectorParseException {
        SelectorCache cache = new SelectorCache(4);
        SelectorParseException error = assertThrows(SelectorParseException.class, () -> cache.get("a ="));
        assertEquals(3, error.getPosition());
        assertThrows(SelectorParseException.class, () -> cache.get("a ="));
        assertSame(Selector.matchAll(), cache.get(null));
        assertSame(Selector.matchAll(), cache.get("  "));
        assertEquals(0, cache.size());
    }

    @Test
    void clearAndCapacity() throws SelectorParseException {
        SelectorCache cache = new SelectorCache(3);
        cache.get("a = 1");
        cache.clear();
        assertEquals(0, cache.size());
        assertEquals(3, cache.capacity());
        assertEquals(SelectorCache.DEFAULT_CAPACITY, new SelectorCache().capacity());
        assertThrows(IllegalArgumentException.class, () -> new SelectorCache(0));
    }

    @Test
    void staysBoundedAndConsistentUnderConcurrentUse() throws Exception {
        SelectorCache cache = new SelectorCache(16);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        int n = (i * 31 + seed) % 40;
                        Selector selector = cache.get("n = " + n);
                        assertEquals("n = " + n, selector.expression());
                        assertTrue(selector.matches(name -> n));
                        assertTrue(cache.size() <= 16);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(cache.size() <= 16);
    }
}
