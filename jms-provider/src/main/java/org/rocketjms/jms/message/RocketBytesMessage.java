package org.rocketjms.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;

import java.io.UTFDataFormatException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JMS {@link BytesMessage}: a stream of uninterpreted bytes written and read with {@link java.io.DataOutput} /
 * {@link java.io.DataInput} encodings (big-endian, modified UTF-8 with a two-byte length for {@code writeUTF}).
 *
 * <p>A new message is write-only: reads throw {@link MessageNotReadableException} until {@link #reset()}, which
 * makes it read-only from the first byte. A delivered message is read-only. {@link #clearBody()} empties it and
 * returns it to write-only mode. A read that would run past the end throws {@link MessageEOFException} and consumes
 * nothing; {@link #getBody(Class)} returns a copy of the whole body without moving the read position.
 */
public class RocketBytesMessage extends RocketMessage implements BytesMessage {
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_UTF_LENGTH = 0xFFFF;

    private byte[] buffer = EMPTY;
    private int length;
    private int position;

    /** Creates an empty message in write-only mode. */
    public RocketBytesMessage() {
    }

    @Override
    public MessageKind kind() {
        return MessageKind.BYTES;
    }

    // ---------------------------------------------------------------------------------------------- mode

    /** Puts the body in read-only mode positioned at the first byte. */
    @Override
    public void reset() {
        makeBodyReadOnly();
    }

    @Override
    void makeBodyReadOnly() {
        super.makeBodyReadOnly();
        position = 0;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        buffer = EMPTY;
        length = 0;
        position = 0;
    }

    /** The body length in bytes; only in read-only mode. */
    @Override
    public long getBodyLength() throws JMSException {
        requireReadable();
        return length;
    }

    private void requireReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("this BytesMessage is in write-only mode; call reset() before"
                    + " reading it");
        }
    }

    // --------------------------------------------------------------------------------------------- reads

    private int take(int n, String what) throws JMSException {
        requireReadable();
        int remaining = length - position;
        if (remaining < n) {
            throw new MessageEOFException("end of BytesMessage: reading " + what + " needs " + n + " byte(s) but "
                    + remaining + " remain");
        }
        int at = position;
        position += n;
        return at;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return buffer[take(1, "a boolean")] != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        return buffer[take(1, "a byte")];
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return buffer[take(1, "an unsigned byte")] & 0xFF;
    }

    @Override
    public short readShort() throws JMSException {
        return (short) getShortAt(take(2, "a short"));
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return getShortAt(take(2, "an unsigned short"));
    }

    @Override
    public char readChar() throws JMSException {
        return (char) getShortAt(take(2, "a char"));
    }

    @Override
    public int readInt() throws JMSException {
        return getIntAt(take(4, "an int"));
    }

    @Override
    public long readLong() throws JMSException {
        int at = take(8, "a long");
        return ((long) getIntAt(at) << 32) | (getIntAt(at + 4) & 0xFFFF_FFFFL);
    }

    @Override
    public float readFloat() throws JMSException {
        return Float.intBitsToFloat(getIntAt(take(4, "a float")));
    }

    @Override
    public double readDouble() throws JMSException {
        int at = take(8, "a double");
        return Double.longBitsToDouble(((long) getIntAt(at) << 32) | (getIntAt(at + 4) & 0xFFFF_FFFFL));
    }

    /** Reads a two-byte length and that many bytes of modified UTF-8; on any failure nothing is consumed. */
    @Override
    public String readUTF() throws JMSException {
        requireReadable();
        int start = position;
        int utfLength = getShortAt(take(2, "a UTF string length"));
        try {
            int at = take(utfLength, "a UTF string of " + utfLength + " bytes");
            return ModifiedUtf8.decode(buffer, at, utfLength);
        } catch (MessageEOFException e) {
            position = start;
            throw e;
        } catch (UTFDataFormatException e) {
            position = start;
            throw JmsErrors.format("malformed modified UTF-8 in BytesMessage at offset " + start + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code value.length} bytes. Returns how many were read; fewer than the array length means the
     * end was reached, and -1 is returned once no byte is left.
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /**
     * Reads up to {@code length} bytes into the start of {@code value}; -1 when no byte is left.
     *
     * @throws IndexOutOfBoundsException when {@code length} is negative or larger than the array
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        requireReadable();
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("readBytes length " + length + " is outside 0.." + value.length);
        }
        int remaining = this.length - position;
        if (remaining == 0) {
            return -1;
        }
        int n = Math.min(length, remaining);
        System.arraycopy(buffer, position, value, 0, n);
        position += n;
        return n;
    }

    private int getShortAt(int at) {
        return ((buffer[at] & 0xFF) << 8) | (buffer[at + 1] & 0xFF);
    }

    private int getIntAt(int at) {
        return ((buffer[at] & 0xFF) << 24) | ((buffer[at + 1] & 0xFF) << 16) | ((buffer[at + 2] & 0xFF) << 8)
                | (buffer[at + 3] & 0xFF);
    }

    // -------------------------------------------------------------------------------------------- writes

    private int reserve(int n) throws JMSException {
        requireBodyWritable();
        int needed = length + n;
        if (needed < 0) {
            throw new MessageFormatException("a BytesMessage body cannot exceed " + Integer.MAX_VALUE + " bytes");
        }
        if (needed > buffer.length) {
            int grown = Math.max(needed, Math.max(64, buffer.length * 2));
            if (grown < 0) {
                grown = needed;
            }
            buffer = Arrays.copyOf(buffer, grown);
        }
        int at = length;
        length = needed;
        return at;
    }

    private void putShortAt(int at, int v) {
        buffer[at] = (byte) (v >>> 8);
        buffer[at + 1] = (byte) v;
    }

    private void putIntAt(int at, int v) {
        buffer[at] = (byte) (v >>> 24);
        buffer[at + 1] = (byte) (v >>> 16);
        buffer[at + 2] = (byte) (v >>> 8);
        buffer[at + 3] = (byte) v;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        int at = reserve(1);
        buffer[at] = (byte) (value ? 1 : 0);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        int at = reserve(1);
        buffer[at] = value;
    }

    @Override
    public void writeShort(short value) throws JMSException {
        putShortAt(reserve(2), value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        putShortAt(reserve(2), value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        putIntAt(reserve(4), value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        int at = reserve(8);
        putIntAt(at, (int) (value >>> 32));
        putIntAt(at + 4, (int) value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        putIntAt(reserve(4), Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        long bits = Double.doubleToLongBits(value);
        int at = reserve(8);
        putIntAt(at, (int) (bits >>> 32));
        putIntAt(at + 4, (int) bits);
    }

    /**
     * Writes a two-byte length and the modified UTF-8 of the string.
     *
     * @throws NullPointerException   when the string is null
     * @throws MessageFormatException when the encoding is longer than 65535 bytes
     */
    @Override
    public void writeUTF(String value) throws JMSException {
        Objects.requireNonNull(value, "writeUTF value");
        requireBodyWritable();
        int utfLength = ModifiedUtf8.encodedLength(value);
        if (utfLength > MAX_UTF_LENGTH) {
            throw new MessageFormatException("writeUTF: the string encodes to " + utfLength
                    + " bytes, more than the 65535 a UTF string can hold");
        }
        int at = reserve(2 + utfLength);
        putShortAt(at, utfLength);
        ModifiedUtf8.encode(value, buffer, at + 2);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        writeBytes(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        int at = reserve(length);
        System.arraycopy(value, offset, buffer, at, length);
    }

    /**
     * Writes a {@code Boolean, Byte, Short, Character, Integer, Long, Float, Double, String} (as UTF) or
     * {@code byte[]} with the matching typed write.
     *
     * @throws NullPointerException   when the value is null
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        Objects.requireNonNull(value, "writeObject value");
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("BytesMessage.writeObject cannot write a " + value.getClass().getName()
                    + ": only primitive wrappers, String and byte[] are allowed");
        }
    }

    // ---------------------------------------------------------------------------------------------- body

    /** A copy of the whole body, in either mode. */
    byte[] bodyBytes() {
        return Arrays.copyOf(buffer, length);
    }

    /** Replaces the body without mode checks (wire decoding); the mode is left unchanged. */
    void setBodyUnchecked(byte[] body) {
        buffer = body;
        length = body.length;
        position = 0;
    }

    /**
     * The whole body as {@code byte[]}, or null when it is empty. The read position and mode are not changed, so
     * reading can continue where it was.
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (length == 0) {
            return null;
        }
        if (!c.isAssignableFrom(byte[].class)) {
            throw new MessageFormatException("the body of a BytesMessage is a byte[] and cannot be returned as "
                    + c.getName());
        }
        return c.cast(bodyBytes());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        Class<?> type = c;
        return length == 0 || type.isAssignableFrom(byte[].class);
    }
}
