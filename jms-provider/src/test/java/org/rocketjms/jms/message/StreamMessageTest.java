package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.StreamMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StreamMessage: conversions, position after failures, byte[] piecewise reads, EOF and modes. */
class StreamMessageTest {

    static List<ConversionTable.Cell> cells() {
        return ConversionTable.allCells();
    }

    static Object read(StreamMessage m, ConversionTable.Col col) throws JMSException {
        switch (col) {
            case BOOLEAN:
                return m.readBoolean();
            case BYTE:
                return m.readByte();
            case SHORT:
                return m.readShort();
            case CHAR:
                return m.readChar();
            case INT:
                return m.readInt();
            case LONG:
                return m.readLong();
            case FLOAT:
                return m.readFloat();
            case DOUBLE:
                return m.readDouble();
            case STRING:
                return m.readString();
            default: {
                byte[] buf = new byte[64];
                int n = m.readBytes(buf);
                return Arrays.copyOf(buf, n);
            }
        }
    }

    static void writeTyped(StreamMessage m, Object v) throws JMSException {
        if (v instanceof Boolean b) {
            m.writeBoolean(b);
        } else if (v instanceof Byte b) {
            m.writeByte(b);
        } else if (v instanceof Short s) {
            m.writeShort(s);
        } else if (v instanceof Character c) {
            m.writeChar(c);
        } else if (v instanceof Integer i) {
            m.writeInt(i);
        } else if (v instanceof Long l) {
            m.writeLong(l);
        } else if (v instanceof Float f) {
            m.writeFloat(f);
        } else if (v instanceof Double d) {
            m.writeDouble(d);
        } else if (v instanceof String s) {
            m.writeString(s);
        } else {
            m.writeBytes((byte[]) v);
        }
    }

    private static void check(StreamMessage m, ConversionTable.Cell cell) throws JMSException {
        if (cell.legal()) {
            ConversionTable.assertSame(cell.expected(), read(m, cell.col()));
            assertThrows(MessageEOFException.class, m::readObject, "the field was consumed");
        } else {
            assertThrows(MessageFormatException.class, () -> read(m, cell.col()), cell.toString());
            ConversionTable.assertSame(cell.row().value(), m.readObject());
        }
    }

    @ParameterizedTest(name = "typed write: {0}")
    @MethodSource("cells")
    void conversionTableAndPositionUnchangedAfterFailure(ConversionTable.Cell cell) throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        writeTyped(m, cell.row().value());
        m.reset();
        check(m, cell);
    }

    @ParameterizedTest(name = "writeObject: {0}")
    @MethodSource("cells")
    void conversionTableWithWriteObject(ConversionTable.Cell cell) throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.writeObject(cell.row().value());
        m.reset();
        check(m, cell);
    }

    @ParameterizedTest(name = "received: {0}")
    @MethodSource("cells")
    void conversionTableAfterWireRoundTrip(ConversionTable.Cell cell) throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        writeTyped(m, cell.row().value());
        MessageCodec codec = new MessageCodec();
        check((StreamMessage) codec.decode(codec.encode(m), 1), cell);
    }

    @Test
    void numberFormatExceptionAlsoLeavesThePositionUnchanged() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.writeString("abc");
        m.writeInt(5);
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(NumberFormatException.class, m::readLong);
        assertEquals("abc", m.readString());
        assertEquals(5, m.readInt());
    }

    @Test
    void nullField() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.writeString(null);
        m.writeObject(null);
        m.writeBytes(null);
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(NumberFormatException.class, m::readByte);
        assertThrows(NullPointerException.class, m::readFloat);
        assertThrows(NullPointerException.class, m::readDouble);
        assertThrows(NullPointerException.class, m::readChar);
        assertNull(m.readString());
        assertFalse(m.readBoolean());
        assertEquals(-1, m.readBytes(new byte[4]), "a null byte[] field reads as -1");
        assertThrows(MessageEOFException.class, m::readObject);
    }

    @Test
    void bytesFieldReadPiecewise() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        byte[] ten = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        m.writeBytes(ten);
        m.writeBytes(new byte[] {1, 2, 3, 4});
        m.writeBytes(new byte[0]);
        m.writeInt(42);
        m.reset();

        byte[] buf = new byte[4];
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, buf);
        assertThrows(MessageFormatException.class, m::readInt, "a started byte[] field must be finished first");
        assertThrows(MessageFormatException.class, m::readObject);
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {4, 5, 6, 7}, buf);
        assertEquals(2, m.readBytes(buf), "fewer than the buffer length ends the field");
        assertEquals(8, buf[0]);
        assertEquals(9, buf[1]);

        assertEquals(4, m.readBytes(buf), "exactly the buffer length: one more call is needed");
        assertArrayEquals(new byte[] {1, 2, 3, 4}, buf);
        assertEquals(-1, m.readBytes(buf), "then -1 ends the field");

        assertEquals(0, m.readBytes(buf), "an empty field reads as 0");
        assertEquals(42, m.readInt());
        assertThrows(MessageEOFException.class, () -> m.readBytes(buf));
    }

    @Test
    void readBytesOnOtherTypeFailsWithoutMoving() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.writeString("s");
        m.reset();
        assertThrows(MessageFormatException.class, () -> m.readBytes(new byte[2]));
        assertEquals("s", m.readString());
    }

    @Test
    void readObjectReturnsCopiesOfBytes() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        byte[] data = {1, 2};
        m.writeBytes(data);
        data[0] = 5;
        m.writeBytes(new byte[] {9, 8, 7, 6}, 1, 2);
        m.reset();
        byte[] first = (byte[]) m.readObject();
        assertArrayEquals(new byte[] {1, 2}, first);
        assertArrayEquals(new byte[] {8, 7}, (byte[]) m.readObject());
        m.reset();
        first[0] = 3;
        assertArrayEquals(new byte[] {1, 2}, (byte[]) m.readObject());
    }

    @Test
    void eofAtTheEndForEveryRead() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.reset();
        for (ConversionTable.Col col : ConversionTable.Col.values()) {
            assertThrows(MessageEOFException.class, () -> read(m, col), col.name());
        }
        assertThrows(MessageEOFException.class, m::readObject);
    }

    @Test
    void writeObjectRefusesOtherClasses() {
        RocketStreamMessage m = new RocketStreamMessage();
        assertThrows(MessageFormatException.class, () -> m.writeObject(new ArrayList<>()));
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
    }

    @Test
    void writeOnlyUntilResetThenReadOnly() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.writeInt(1);
        for (ConversionTable.Col col : ConversionTable.Col.values()) {
            assertThrows(MessageNotReadableException.class, () -> read(m, col), col.name());
        }
        assertThrows(MessageNotReadableException.class, m::readObject);
        m.reset();
        assertTrue(m.isBodyReadOnly());
        assertWritesRefused(m);
        assertEquals(1, m.readInt());
        m.reset();
        assertEquals(1, m.readInt(), "reset rewinds");
        m.clearBody();
        assertThrows(MessageNotReadableException.class, m::readInt, "clearBody returns to write-only mode");
        m.writeInt(2);
        m.reset();
        assertEquals(2, m.readInt());
        assertThrows(MessageEOFException.class, m::readInt, "clearBody emptied the stream");
    }

    @Test
    void receivedMessageIsReadOnly() throws JMSException {
        RocketStreamMessage m = new RocketStreamMessage();
        m.writeInt(1);
        m.onDelivery(1);
        assertEquals(1, m.readInt());
        assertWritesRefused(m);
        m.clearBody();
        m.writeInt(3);
        m.reset();
        assertEquals(3, m.readInt());
    }

    private static void assertWritesRefused(StreamMessage m) {
        assertThrows(MessageNotWriteableException.class, () -> m.writeBoolean(true));
        assertThrows(MessageNotWriteableException.class, () -> m.writeByte((byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeShort((short) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeChar('c'));
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeLong(1L));
        assertThrows(MessageNotWriteableException.class, () -> m.writeFloat(1f));
        assertThrows(MessageNotWriteableException.class, () -> m.writeDouble(1d));
        assertThrows(MessageNotWriteableException.class, () -> m.writeString("s"));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1], 0, 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject(1));
    }
}
