package org.rocketjms.remoting.protocol.route;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Reads a body written by {@link BodyWriter}, checking every length and count against the bytes that
 * are actually left before allocating anything.
 *
 * <p>Guarantee: whatever the input, every method either returns a value or throws a
 * {@link RemotingCommandException} that names what was being read; no unchecked exception escapes and
 * a forged count can never make the reader allocate more than the input's size. Strings must be valid
 * UTF-8. Not thread-safe.
 */
public final class BodyReader {

    private final byte[] data;
    private final String what;
    private int pos;

    /**
     * Creates a reader over a whole body.
     *
     * @param data the body; null is reported as a missing body
     * @param what a name for the body used in error messages, e.g. {@code "TopicRouteData"}
     * @throws RemotingCommandException if {@code data} is null
     */
    public BodyReader(byte[] data, String what) throws RemotingCommandException {
        if (data == null) {
            throw new RemotingCommandException(what + ": the command has no body");
        }
        this.data = data;
        this.what = what;
    }

    /** Returns the number of unread bytes. */
    public int remaining() {
        return data.length - pos;
    }

    /** Reads one byte as an unsigned value 0-255. */
    public int readByte(String field) throws RemotingCommandException {
        need(1, field);
        return data[pos++] & 0xFF;
    }

    /** Reads a big-endian 4-byte int. */
    public int readInt(String field) throws RemotingCommandException {
        need(4, field);
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16)
                | ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Reads a big-endian 8-byte long. */
    public long readLong(String field) throws RemotingCommandException {
        need(8, field);
        long hi = readInt(field) & 0xFFFFFFFFL;
        long lo = readInt(field) & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    /** Reads a string that must not be null. */
    public String readString(String field) throws RemotingCommandException {
        String s = readNullableString(field);
        if (s == null) {
            throw fail("field '" + field + "' must not be null");
        }
        return s;
    }

    /** Reads a string that may be null (byte count -1). */
    public String readNullableString(String field) throws RemotingCommandException {
        int len = readInt(field + ".length");
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw fail("field '" + field + "' has a negative length " + len);
        }
        need(len, field);
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, pos, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RemotingCommandException(what + ": field '" + field + "' is not valid UTF-8", e);
        }
        pos += len;
        return s;
    }

    /**
     * Reads a collection's element count and checks it is plausible: not negative and not more
     * elements than the remaining bytes could hold when each takes at least {@code minElementBytes}.
     */
    public int readCount(String field, int minElementBytes) throws RemotingCommandException {
        int count = readInt(field + ".count");
        if (count < 0) {
            throw fail("field '" + field + "' has a negative count " + count);
        }
        if (minElementBytes > 0 && count > remaining() / minElementBytes) {
            throw fail("field '" + field + "' claims " + count + " elements but only " + remaining()
                    + " bytes are left");
        }
        return count;
    }

    /** Throws unless every byte has been read; bodies never carry trailing bytes. */
    public void expectEnd() throws RemotingCommandException {
        if (pos != data.length) {
            throw fail((data.length - pos) + " unexpected trailing bytes");
        }
    }

    /** Returns an exception for a semantic error found by a body codec (duplicate key, bad value ...). */
    public RemotingCommandException fail(String message) {
        return new RemotingCommandException(what + ": " + message + " (at byte " + pos + " of " + data.length + ')');
    }

    private void need(int n, String field) throws RemotingCommandException {
        if (n > data.length - pos) {
            throw fail("truncated while reading '" + field + "': need " + n + " bytes, " + (data.length - pos)
                    + " left");
        }
    }
}
