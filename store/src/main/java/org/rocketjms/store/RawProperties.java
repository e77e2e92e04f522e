package org.rocketjms.store;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The property map of a stored record, kept as the record's bytes ({@code u16} key length, key, {@code i32} value
 * length, value; UTF-8) and decoded only when the whole map is asked for. Reading a message to hand it to a consumer
 * needs one or two properties (expiry, delivery mode) and then sends all of them on: looking single keys up in the
 * bytes and passing the bytes on ({@link #toIntPrefixedEntries()}) saves building a string per key and value only to
 * encode them again. Immutable; safe to share between threads (the decoded map is built at most once per thread that
 * races for it, all equal).
 */
public final class RawProperties extends AbstractMap<String, String> {
    private static final RawProperties EMPTY = new RawProperties(new byte[0]);

    private final byte[] raw;
    private volatile Map<String, String> decoded;

    /**
     * @param raw the property section of a record, as {@link org.rocketjms.store.commitlog.RecordCodec} writes it
     *            (not copied: the caller hands it over)
     */
    public RawProperties(byte[] raw) {
        this.raw = raw;
    }

    /** A map without properties. */
    public static RawProperties empty() {
        return EMPTY;
    }

    private int keyLengthAt(int at) {
        return ((raw[at] & 0xff) << 8) | (raw[at + 1] & 0xff);
    }

    private int intAt(int at) {
        return ((raw[at] & 0xff) << 24) | ((raw[at + 1] & 0xff) << 16) | ((raw[at + 2] & 0xff) << 8)
                | (raw[at + 3] & 0xff);
    }

    @Override
    public String get(Object key) {
        Map<String, String> d = decoded;
        if (d != null) {
            return d.get(key);
        }
        if (!(key instanceof String k)) {
            return null;
        }
        int at = 0;
        while (at < raw.length) {
            int kl = keyLengthAt(at);
            int vAt = at + 2 + kl;
            int vl = intAt(vAt);
            if (keyEquals(at + 2, kl, k)) {
                return new String(raw, vAt + 4, vl, StandardCharsets.UTF_8);
            }
            at = vAt + 4 + vl;
        }
        return null;
    }

    private boolean keyEquals(int at, int len, String key) {
        if (len == key.length()) {
            for (int i = 0; i < len; i++) {
                char c = key.charAt(i);
                if (c >= 0x80) {
                    return false; // a non-ASCII key is longer in UTF-8 than in chars: not this one
                }
                if (raw[at + i] != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        if (len < key.length()) {
            return false; // UTF-8 is never shorter than the number of chars
        }
        byte[] kb = key.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.equals(raw, at, at + len, kb, 0, kb.length);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null; // values are never null
    }

    @Override
    public boolean isEmpty() {
        return raw.length == 0;
    }

    @Override
    public int size() {
        Map<String, String> d = decoded;
        if (d != null) {
            return d.size();
        }
        int n = 0;
        int at = 0;
        while (at < raw.length) {
            int kl = keyLengthAt(at);
            int vAt = at + 2 + kl;
            int vl = intAt(vAt);
            at = vAt + 4 + vl;
            n++;
        }
        return n;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return decoded().entrySet();
    }

    private Map<String, String> decoded() {
        Map<String, String> d = decoded;
        if (d == null) {
            Map<String, String> m = new LinkedHashMap<>();
            int at = 0;
            while (at < raw.length) {
                int kl = keyLengthAt(at);
                String k = new String(raw, at + 2, kl, StandardCharsets.UTF_8);
                int vAt = at + 2 + kl;
                int vl = intAt(vAt);
                m.put(k, new String(raw, vAt + 4, vl, StandardCharsets.UTF_8));
                at = vAt + 4 + vl;
            }
            d = Collections.unmodifiableMap(m);
            decoded = d;
        }
        return d;
    }

    /**
     * The entries with both key and value as an {@code i32} length and UTF-8 bytes, one after another (the remoting
     * body codecs' string format), converted from the stored bytes without decoding a string.
     */
    public byte[] toIntPrefixedEntries() {
        int n = size();
        byte[] out = new byte[raw.length + 2 * n];
        int at = 0;
        int o = 0;
        while (at < raw.length) {
            int kl = keyLengthAt(at);
            out[o++] = 0;
            out[o++] = 0;
            System.arraycopy(raw, at, out, o, 2 + kl); // the u16 length is the low half of the i32 one, then the key
            o += 2 + kl;
            int vAt = at + 2 + kl;
            int vl = intAt(vAt);
            System.arraycopy(raw, vAt, out, o, 4 + vl);
            o += 4 + vl;
            at = vAt + 4 + vl;
        }
        return out;
    }
}
