package org.rocketjms.filter.tag;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A subscription's tag filter: {@code *} (or an empty expression) accepts every message, otherwise
 * {@code a || b || c} accepts messages whose tag is exactly one of the listed tags (case-sensitive,
 * surrounding whitespace of each tag ignored).
 *
 * <p>Each consume-queue entry stores the 8-byte {@link #tagHash(String)} of its message's tag, so the
 * broker first calls {@link #mayMatch(long)} on the stored hash (no allocation, no commit-log read)
 * and confirms with {@link #matches(String)} on the real tag, since different tags may share a hash.
 * Instances are immutable and thread-safe.
 */
public final class TagFilter {

    /** The expression that accepts every tag. */
    public static final String MATCH_ALL_EXPRESSION = "*";

    /** The hash {@link #tagHash(String)} gives a message without a tag. */
    public static final long NO_TAG_HASH = 0L;

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static final TagFilter MATCH_ALL = new TagFilter(MATCH_ALL_EXPRESSION, Set.of());

    private final String expression;
    private final Set<String> tags;
    private final Set<Long> hashSet;
    /** The tags' hashes, sorted, for allocation-free lookups. */
    private final long[] hashes;

    private TagFilter(String expression, Set<String> tags) {
        this.expression = expression;
        this.tags = Collections.unmodifiableSet(tags);
        this.hashes = tags.stream().mapToLong(TagFilter::tagHash).sorted().distinct().toArray();
        Set<Long> hashSet = new LinkedHashSet<>();
        for (long hash : hashes) {
            hashSet.add(hash);
        }
        this.hashSet = Collections.unmodifiableSet(hashSet);
    }

    /**
     * Parses a tag expression.
     *
     * @param expression {@code null}, empty, blank or {@code *} for all tags; otherwise tags separated
     *        by {@code ||}. A {@code *} among the tags also makes the filter accept all tags.
     * @return the filter
     * @throws IllegalArgumentException when a tag between separators is empty, as in {@code a || || b}
     */
    public static TagFilter parse(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals(MATCH_ALL_EXPRESSION)) {
            return MATCH_ALL;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String part : expression.split("\\|\\|", -1)) {
            String tag = part.trim();
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("Invalid tag expression \"" + expression
                        + "\": empty tag between '||' separators");
            }
            if (tag.equals(MATCH_ALL_EXPRESSION)) {
                return MATCH_ALL;
            }
            tags.add(tag);
        }
        return new TagFilter(expression, tags);
    }

    /** @return the filter that accepts every tag */
    public static TagFilter matchAll() {
        return MATCH_ALL;
    }

    /** @return whether every message passes, with or without a tag */
    public boolean isMatchAll() {
        return tags.isEmpty();
    }

    /**
     * Exact check.
     *
     * @param tag the message's tag, or {@code null} for a message without one
     * @return whether the message passes; a message without a tag passes only {@link #matchAll()}
     */
    public boolean matches(String tag) {
        return isMatchAll() || (tag != null && tags.contains(tag));
    }

    /**
     * Hash pre-check on a consume-queue entry. {@code false} is definitive; {@code true} must be
     * confirmed with {@link #matches(String)}. Allocates nothing.
     *
     * @param tagHash the stored {@link #tagHash(String)} of the message's tag
     * @return whether the message may pass
     */
    public boolean mayMatch(long tagHash) {
        return isMatchAll() || Arrays.binarySearch(hashes, tagHash) >= 0;
    }

    /** @return the tags accepted, in expression order; empty for {@link #matchAll()}; unmodifiable */
    public Set<String> tags() {
        return tags;
    }

    /** @return the {@link #tagHash(String)} of every accepted tag; empty for {@link #matchAll()}; unmodifiable */
    public Set<Long> tagHashes() {
        return hashSet;
    }

    /** @return the expression as given to {@link #parse(String)}, or {@code *} for all tags */
    public String expression() {
        return expression;
    }

    /**
     * The stable 64-bit hash stored for a tag: FNV-1a 64 (offset basis {@code 0xcbf29ce484222325},
     * prime {@code 0x100000001b3}) over the tag's UTF-8 bytes, with an unpaired surrogate encoded as
     * {@code '?'} exactly as {@code String.getBytes(UTF_8)} does. The value never changes between
     * versions, because it is persisted. Allocates nothing.
     *
     * @param tag the tag, or {@code null}
     * @return the hash, or {@link #NO_TAG_HASH} for {@code null}
     */
    public static long tagHash(String tag) {
        if (tag == null) {
            return NO_TAG_HASH;
        }
        long hash = FNV_OFFSET_BASIS;
        int length = tag.length();
        for (int i = 0; i < length; i++) {
            char c = tag.charAt(i);
            if (c < 0x80) {
                hash = mix(hash, c);
            } else if (c < 0x800) {
                hash = mix(hash, 0xC0 | (c >> 6));
                hash = mix(hash, 0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(tag.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, tag.charAt(++i));
                    hash = mix(hash, 0xF0 | (cp >> 18));
                    hash = mix(hash, 0x80 | ((cp >> 12) & 0x3F));
                    hash = mix(hash, 0x80 | ((cp >> 6) & 0x3F));
                    hash = mix(hash, 0x80 | (cp & 0x3F));
                } else {
                    hash = mix(hash, '?');
                }
            } else {
                hash = mix(hash, 0xE0 | (c >> 12));
                hash = mix(hash, 0x80 | ((c >> 6) & 0x3F));
                hash = mix(hash, 0x80 | (c & 0x3F));
            }
        }
        return hash;
    }

    private static long mix(long hash, int octet) {
        return (hash ^ (octet & 0xFF)) * FNV_PRIME;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TagFilter && ((TagFilter) other).tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }

    @Override
    public String toString() {
        return "TagFilter[" + expression + "]";
    }
}
