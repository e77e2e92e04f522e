package org.rocketjms.filter.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tag expressions, exact and hash matching, and the persisted FNV-1a 64 tag hash. */
class TagFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "*", " * ", "a || *", "* || b"})
    void matchAllForms(String expression) {
        TagFilter filter = TagFilter.parse(expression);
        assertTrue(filter.isMatchAll());
        assertTrue(filter.matches("anything"));
        assertTrue(filter.matches(null));
        assertTrue(filter.mayMatch(12345L));
        assertTrue(filter.tags().isEmpty());
        assertTrue(filter.tagHashes().isEmpty());
    }

    @Test
    void nullIsMatchAll() {
        assertSame(TagFilter.matchAll(), TagFilter.parse(null));
        assertEquals("*", TagFilter.matchAll().expression());
    }

    @Test
    void listOfTags() {
        TagFilter filter = TagFilter.parse("a || b ||c");
        assertFalse(filter.isMatchAll());
        assertEquals(List.of("a", "b", "c"), List.copyOf(filter.tags()));
        assertTrue(filter.matches("a"));
        assertTrue(filter.matches("c"));
        assertFalse(filter.matches("A"));
        assertFalse(filter.matches("d"));
        assertFalse(filter.matches(""));
        assertFalse(filter.matches(null));
        assertEquals("a || b ||c", filter.expression());
    }

    @Test
    void singleTagAndInnerSpaces() {
        TagFilter filter = TagFilter.parse("  order created ");
        assertEquals(Set.of("order created"), filter.tags());
        assertTrue(filter.matches("order created"));
        assertFalse(filter.matches("order"));
    }

    @Test
    void hashesPreFilterExactly() {
        TagFilter filter = TagFilter.parse("red||green");
        assertEquals(Set.of(TagFilter.tagHash("red"), TagFilter.tagHash("green")), filter.tagHashes());
        assertTrue(filter.mayMatch(TagFilter.tagHash("red")));
        assertTrue(filter.mayMatch(TagFilter.tagHash("green")));
        assertFalse(filter.mayMatch(TagFilter.tagHash("blue")));
        assertFalse(filter.mayMatch(TagFilter.NO_TAG_HASH));
        assertThrows(UnsupportedOperationException.class, () -> filter.tagHashes().add(1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a || || b", "||", "a ||", "|| a"})
    void rejectsEmptyTags(String expression) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TagFilter.parse(expression));
        assertTrue(error.getMessage().contains(expression));
    }

    @Test
    void duplicatesCollapseAndEqualityIgnoresOrder() {
        assertEquals(Set.of("a", "b"), TagFilter.parse("a||b||a").tags());
        assertEquals(TagFilter.parse("a||b"), TagFilter.parse("b || a"));
        assertEquals(TagFilter.parse("a||b").hashCode(), TagFilter.parse("b || a").hashCode());
        assertNotEquals(TagFilter.parse("a"), TagFilter.parse("b"));
    }

    @Test
    void knownFnv1a64Vectors() {
        assertEquals(0xcbf29ce484222325L, TagFilter.tagHash(""));
        assertEquals(0xaf63dc4c8601ec8cL, TagFilter.tagHash("a"));
        assertEquals(0x85944171f73967e8L, TagFilter.tagHash("foobar"));
        assertEquals(TagFilter.NO_TAG_HASH, TagFilter.tagHash(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TagA", "caf\u00e9", "\u00ff\u0100\u07ff\u0800", "\u4e2d\u6587", "\uffff",
        "\uD83D\uDE00 emoji", "lone \uD800 high", "lone \uDC00 low", "end \uD83D"})
    void hashIsFnv1aOverUtf8Bytes(String tag) {
        assertEquals(reference(tag), TagFilter.tagHash(tag));
    }

    @Test
    void distinctTagsRarelyCollide() {
        Set<Long> hashes = java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> "tag-" + i)
                .map(TagFilter::tagHash)
                .collect(Collectors.toSet());
        assertEquals(100_000, hashes.size());
    }

    /** FNV-1a 64 over {@code String.getBytes(UTF_8)}, written the obvious way. */
    private static long reference(String tag) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
