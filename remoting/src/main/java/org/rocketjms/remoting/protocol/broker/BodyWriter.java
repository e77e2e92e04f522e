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
        return putBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
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
}
