package org.rocketjms.remoting.protocol.broker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Growable big-endian byte writer used by the broker body codecs. Strings are written as an int length
 * followed by UTF-8 bytes (length -1 for null); byte arrays likewise.
 */
public final class BodyWriter {
    private byte[] buf;
    private int pos;

    /** Creates a writer with the given initial capacity. */
    public BodyWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    /** Writes one byte. */
    public BodyWriter putByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    /** Writes a big-endian int. */
    public BodyWriter putInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    /** Writes a big-endian long. */
    public BodyWriter putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    /** Writes a length-prefixed byte array (-1 for null). */
    public BodyWriter putBytes(byte[] b) {
        if (b == null) {
            return putInt(-1);
        }
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Writes a length-prefixed UTF-8 string (-1 for null). */
    public BodyWriter putString(String s) {
        if (s == null) {
            return putInt(-1);
        }
        // ASCII (topics, receipts, most property names and values) goes straight into the buffer
        int n = s.length();
        ensure(4 + n);
        int start = pos + 4;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return putBytes(s.getBytes(StandardCharsets.UTF_8)); // nothing of it written yet
            }
            buf[start + i] = (byte) c;
        }
        putInt(n);
        pos += n;
        return this;
    }

    /** Bytes {@link #putString} writes for {@code s}: 4 plus its UTF-8 length. */
    public static int sizeOf(String s) {
        if (s == null) {
            return 4;
        }
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // an unpaired surrogate is encoded as '?'
            } else {
                bytes += 3;
            }
        }
        return 4 + bytes;
    }

    /** Bytes {@link #putBytes} writes for {@code b}. */
    public static int sizeOf(byte[] b) {
        return 4 + (b == null ? 0 : b.length);
    }

    /** Bytes {@link #putStringMap} writes for {@code map}. */
    public static int sizeOf(Map<String, String> map) {
        if (map == null) {
            return 4;
        }
        if (map instanceof EncodedStringMap e) {
            return 4 + e.entries().length;
        }
        int size = 4;
        for (Map.Entry<String, String> e : map.entrySet()) {
            size += sizeOf(e.getKey()) + sizeOf(e.getValue());
        }
        return size;
    }

    /** Writes a string map: an int count then key/value strings. */
    public BodyWriter putStringMap(Map<String, String> map) {
        if (map == null) {
            return putInt(0);
        }
        if (map instanceof EncodedStringMap e) {
            putInt(e.size());
            byte[] b = e.entries();
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }
        putInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            putString(e.getKey());
            putString(e.getValue());
        }
        return this;
    }

    /** Returns a copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Returns the bytes written: the writer's own array, without a copy, when they fill it exactly (a writer created
     * with the exact size), else a copy. The writer must not be written to afterwards.
     */
    public byte[] finish() {
        return pos == buf.length ? buf : toByteArray();
    }
}
