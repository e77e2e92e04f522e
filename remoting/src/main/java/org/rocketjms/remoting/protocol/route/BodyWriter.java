package org.rocketjms.remoting.protocol.route;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the binary body of a command: big-endian integers and length-prefixed UTF-8 strings in a
 * growable byte array. The counterpart of {@link BodyReader}.
 *
 * <p>Layout rules shared by every body codec: an {@code int} is 4 bytes, a {@code long} 8 bytes, both
 * big-endian; a string is a 4-byte byte count followed by that many bytes of UTF-8, and a null string
 * is written as count {@code -1}; a collection is a 4-byte element count followed by the elements.
 *
 * <p>Not thread-safe; one writer builds one body.
 */
public final class BodyWriter {

    private byte[] buf;
    private int size;

    /** Creates a writer with a small initial buffer that grows as needed. */
    public BodyWriter() {
        this(128);
    }

    /** Creates a writer whose buffer starts with {@code initialCapacity} bytes. */
    public BodyWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Appends one byte. */
    public BodyWriter writeByte(int value) {
        ensure(1);
        buf[size++] = (byte) value;
        return this;
    }

    /** Appends a big-endian 4-byte int. */
    public BodyWriter writeInt(int value) {
        ensure(4);
        buf[size] = (byte) (value >>> 24);
        buf[size + 1] = (byte) (value >>> 16);
        buf[size + 2] = (byte) (value >>> 8);
        buf[size + 3] = (byte) value;
        size += 4;
        return this;
    }

    /** Appends a big-endian 8-byte long. */
    public BodyWriter writeLong(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    /** Appends a non-null string as a byte count and its UTF-8 bytes. */
    public BodyWriter writeString(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a mandatory string field is null");
        }
        return writeNullableString(value);
    }

    /** Appends a string that may be null (written as count -1). */
    public BodyWriter writeNullableString(String value) {
        if (value == null) {
            return writeInt(-1);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Appends a collection's element count. */
    public BodyWriter writeCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        return writeInt(count);
    }

    /** Returns the number of bytes written so far. */
    public int size() {
        return size;
    }

    /** Returns a copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalStateException("body larger than 2 GiB");
        }
        if (needed > buf.length) {
            int grown = buf.length * 2;
            buf = Arrays.copyOf(buf, grown < 0 || grown < needed ? needed : grown);
        }
    }
}
