package org.rocketjms.remoting.protocol.broker;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Bounds-checked big-endian reader for the broker body codecs; every read that would run past the end, and
 * every negative or oversized length, throws {@link RemotingCommandException} instead of allocating.
 */
public final class BodyReader {
    private final byte[] buf;
    private int pos;
    private final String what;

    /**
     * @param buf  the body (null is read as empty)
     * @param what what is being decoded, for error messages
     */
    public BodyReader(byte[] buf, String what) {
        this.buf = buf == null ? new byte[0] : buf;
        this.what = what;
    }

    private void need(int n) throws RemotingCommandException {
        if (n < 0 || pos + n > buf.length) {
            throw new RemotingCommandException("malformed " + what + ": needs " + n + " more bytes at position " + pos
                    + " of " + buf.length);
        }
    }

    /** Bytes left to read. */
    public int remaining() {
        return buf.length - pos;
    }

    /** Reads one byte. */
    public int getByte() throws RemotingCommandException {
        need(1);
        return buf[pos++];
    }

    /** Reads a big-endian int. */
    public int getInt() throws RemotingCommandException {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** Reads a big-endian long. */
    public long getLong() throws RemotingCommandException {
        long hi = getInt() & 0xffffffffL;
        long lo = getInt() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** Reads a count that must be in [0, max] and cannot exceed the bytes left (each item is at least minItemSize). */
    public int getCount(int max, int minItemSize) throws RemotingCommandException {
        int n = getInt();
        if (n < 0 || n > max || (long) n * Math.max(1, minItemSize) > remaining()) {
            throw new RemotingCommandException("malformed " + what + ": invalid count " + n + " at position "
                    + (pos - 4));
        }
        return n;
    }

    /** Reads a length-prefixed byte array (null for length -1). */
    public byte[] getBytes() throws RemotingCommandException {
        int len = getInt();
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw new RemotingCommandException("malformed " + what + ": negative length " + len);
        }
        need(len);
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    /** Reads a length-prefixed UTF-8 string (null for length -1). */
    public String getString() throws RemotingCommandException {
        byte[] b = getBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Reads a string map written by {@link BodyWriter#putStringMap}; null keys or values are rejected. */
    public Map<String, String> getStringMap() throws RemotingCommandException {
        int n = getCount(1 << 20, 8);
        Map<String, String> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            String k = getString();
            String v = getString();
            if (k == null || v == null) {
                throw new RemotingCommandException("malformed " + what + ": null property key or value");
            }
            map.put(k, v);
        }
        return map;
    }

    /** Throws unless every byte was consumed. */
    public void expectEnd() throws RemotingCommandException {
        if (pos != buf.length) {
            throw new RemotingCommandException("malformed " + what + ": " + (buf.length - pos) + " trailing bytes");
        }
    }
}
