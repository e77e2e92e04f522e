package org.rocketjms.remoting.protocol.broker;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A string map already in the body codecs' format ({@code count} entries, key and value each an {@code i32} length
 * and UTF-8 bytes), which {@link BodyWriter#putStringMap} copies as it is. The broker builds one from a stored
 * record's properties to send them to a consumer without turning every key and value into a string and back.
 * Decoded only if read as a map. Immutable.
 */
public final class EncodedStringMap extends AbstractMap<String, String> {
    private final int count;
    private final byte[] entries;
    private volatile Map<String, String> decoded;

    /**
     * @param count   number of entries
     * @param entries the entries in the format above (not copied: the caller hands it over)
     */
    public EncodedStringMap(int count, byte[] entries) {
        this.count = count;
        this.entries = entries;
    }

    /** The entries' bytes, as {@link BodyWriter#putStringMap} writes them after the count (not a copy). */
    byte[] entries() {
        return entries;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Map<String, String> d = decoded;
        if (d == null) {
            Map<String, String> m = new LinkedHashMap<>(Math.max(4, count * 2));
            int at = 0;
            for (int i = 0; i < count; i++) {
                int kl = intAt(at);
                String k = new String(entries, at + 4, kl, StandardCharsets.UTF_8);
                at += 4 + kl;
                int vl = intAt(at);
                m.put(k, new String(entries, at + 4, vl, StandardCharsets.UTF_8));
                at += 4 + vl;
            }
            d = Collections.unmodifiableMap(m);
            decoded = d;
        }
        return d.entrySet();
    }

    private int intAt(int at) {
        return ((entries[at] & 0xff) << 24) | ((entries[at + 1] & 0xff) << 16) | ((entries[at + 2] & 0xff) << 8)
                | (entries[at + 3] & 0xff);
    }
}
