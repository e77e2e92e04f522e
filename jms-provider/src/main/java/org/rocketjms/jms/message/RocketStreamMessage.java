package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A JMS {@link StreamMessage}: a sequence of typed fields read back in order with the conversion table of Jakarta
 * Messaging 3.11.3.
 *
 * <p>A new message is write-only until {@link #reset()}; a delivered message is read-only; {@link #clearBody()}
 * empties it and returns it to write-only mode. A read that fails with {@link MessageFormatException} or
 * {@link NumberFormatException} leaves the position on the same field, so it can be read again with another type. A
 * {@code byte[]} field is read whole by {@link #readObject()} or piecewise by {@link #readBytes(byte[])}; once a
 * piecewise read has started, the field must be finished before any other read.
 */
public class RocketStreamMessage extends RocketMessage implements StreamMessage {
    private static final String SCOPE = "StreamMessage field";

    private final List<Object> fields = new ArrayList<>();
    private int index;
    /** Offset inside the current byte[] field during a piecewise readBytes, or -1 when none is in progress. */
    private int bytesOffset = -1;

    /** Creates an empty message in write-only mode. */
    public RocketStreamMessage() {
    }

    @Override
    public MessageKind kind() {
        return MessageKind.STREAM;
    }

    // ---------------------------------------------------------------------------------------------- mode

    /** Puts the body in read-only mode positioned at the first field. */
    @Override
    public void reset() {
        makeBodyReadOnly();
    }

    @Override
    void makeBodyReadOnly() {
        super.makeBodyReadOnly();
        index = 0;
        bytesOffset = -1;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        fields.clear();
        index = 0;
        bytesOffset = -1;
    }

    // --------------------------------------------------------------------------------------------- reads

    private Object current(String type) throws JMSException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("this StreamMessage is in write-only mode; call reset() before"
                    + " reading it");
        }
        if (bytesOffset >= 0) {
            throw new MessageFormatException("the byte[] field #" + index + " is being read with readBytes; read it"
                    + " to its end before reading a " + type);
        }
        if (index >= fields.size()) {
            throw new MessageEOFException("end of StreamMessage: no field left to read as " + type);
        }
        return fields.get(index);
    }

    @Override
    public boolean readBoolean() throws JMSException {
        boolean v = TypeConversions.toBoolean(current("boolean"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public byte readByte() throws JMSException {
        byte v = TypeConversions.toByte(current("byte"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public short readShort() throws JMSException {
        short v = TypeConversions.toShort(current("short"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public char readChar() throws JMSException {
        char v = TypeConversions.toChar(current("char"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public int readInt() throws JMSException {
        int v = TypeConversions.toInt(current("int"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public long readLong() throws JMSException {
        long v = TypeConversions.toLong(current("long"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public float readFloat() throws JMSException {
        float v = TypeConversions.toFloat(current("float"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public double readDouble() throws JMSException {
        double v = TypeConversions.toDouble(current("double"), SCOPE, index);
        index++;
        return v;
    }

    @Override
    public String readString() throws JMSException {
        String v = TypeConversions.toStringValue(current("String"), SCOPE, index);
        index++;
        return v;
    }

    /** Reads the next field as its own type; a {@code byte[]} field is returned as a new array. */
    @Override
    public Object readObject() throws JMSException {
        Object v = current("Object");
        index++;
        return v instanceof byte[] b ? b.clone() : v;
    }

    /**
     * Reads the current {@code byte[]} field piecewise. Returns the number of bytes copied; a value equal to the
     * buffer length means more calls are needed; a smaller value ends the field; -1 ends it when nothing was left
     * (and is returned at once for a null field); 0 is returned for an empty field.
     *
     * @throws MessageFormatException when the current field is not a byte[] (the position is unchanged)
     * @throws MessageEOFException    when no field is left
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        Objects.requireNonNull(value, "readBytes buffer");
        if (bytesOffset < 0) {
            Object field = current("byte[]");
            if (field == null) {
                index++;
                return -1;
            }
            if (!(field instanceof byte[] bytes)) {
                throw new MessageFormatException("the " + SCOPE + " '" + index + "' holds a "
                        + TypeConversions.typeName(field) + ", which cannot be read with readBytes");
            }
            if (bytes.length == 0) {
                index++;
                return 0;
            }
            bytesOffset = 0;
        }
        byte[] bytes = (byte[]) fields.get(index);
        int remaining = bytes.length - bytesOffset;
        if (remaining == 0) {
            endBytesField();
            return -1;
        }
        int n = Math.min(value.length, remaining);
        System.arraycopy(bytes, bytesOffset, value, 0, n);
        bytesOffset += n;
        if (n < value.length) {
            endBytesField();
        }
        return n;
    }

    private void endBytesField() {
        bytesOffset = -1;
        index++;
    }

    // -------------------------------------------------------------------------------------------- writes

    private void append(Object value) throws JMSException {
        requireBodyWritable();
        fields.add(value);
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        append(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        append(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        append(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        append(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        append(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        append(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        append(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        append(value);
    }

    /** Writes a String field; null is written as a null field. */
    @Override
    public void writeString(String value) throws JMSException {
        append(value);
    }

    /** Writes a copy of the array as one byte[] field; null is written as a null field. */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        append(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        append(Arrays.copyOfRange(value, offset, offset + length));
    }

    /**
     * Writes a primitive wrapper, {@code Character}, String or byte[] (copied) as a field of that type; null writes
     * a null field.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value != null && !TypeConversions.isBodyValueType(value)) {
            throw new MessageFormatException("StreamMessage.writeObject cannot write a " + value.getClass().getName()
                    + ": only primitive wrappers, Character, String and byte[] are allowed");
        }
        append(value instanceof byte[] b ? b.clone() : value);
    }

    // ---------------------------------------------------------------------------------------------- body

    /** The live field list, for encoding. */
    List<Object> fieldList() {
        return fields;
    }

    /** Replaces the fields without mode checks (wire decoding); the caller then sets the mode. */
    void setFieldsUnchecked(List<Object> values) {
        fields.clear();
        fields.addAll(values);
        index = 0;
        bytesOffset = -1;
    }

    /** Always throws: the body of a StreamMessage cannot be returned by getBody. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("getBody cannot be used on a StreamMessage; read its fields instead");
    }

    /** Always false for a StreamMessage. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return false;
    }
}
