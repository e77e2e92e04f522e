package org.rocketjms.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BytesMessage: DataInput/DataOutput encodings, EOF, readBytes partial reads, writeObject and modes. */
class BytesMessageTest {

    @Test
    void everyTypeRoundTripsAndMatchesDataOutput() throws JMSException, IOException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeBoolean(true);
        m.writeBoolean(false);
        m.writeByte((byte) -3);
        m.writeShort((short) -1234);
        m.writeChar('\u20AC');
        m.writeInt(Integer.MIN_VALUE);
        m.writeLong(0x0102030405060708L);
        m.writeFloat(3.5f);
        m.writeDouble(-0.0d);
        m.writeUTF("h\u00e9llo \u0000 \uD83D\uDE00");
        m.writeBytes(new byte[] {9, 8});
        m.writeBytes(new byte[] {1, 2, 3, 4, 5}, 1, 3);
        m.writeByte((byte) 0xF0);
        m.writeShort((short) 0xFFEE);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.writeByte(-3);
            out.writeShort(-1234);
            out.writeChar('\u20AC');
            out.writeInt(Integer.MIN_VALUE);
            out.writeLong(0x0102030405060708L);
            out.writeFloat(3.5f);
            out.writeDouble(-0.0d);
            out.writeUTF("h\u00e9llo \u0000 \uD83D\uDE00");
            out.write(new byte[] {9, 8});
            out.write(new byte[] {2, 3, 4});
            out.writeByte(0xF0);
            out.writeShort(0xFFEE);
        }
        m.reset();
        assertArrayEquals(expected.toByteArray(), m.getBody(byte[].class));
        assertEquals(expected.size(), m.getBodyLength());

        assertTrue(m.readBoolean());
        assertFalse(m.readBoolean());
        assertEquals(-3, m.readByte());
        assertEquals(-1234, m.readShort());
        assertEquals('\u20AC', m.readChar());
        assertEquals(Integer.MIN_VALUE, m.readInt());
        assertEquals(0x0102030405060708L, m.readLong());
        assertEquals(3.5f, m.readFloat());
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(m.readDouble()));
        assertEquals("h\u00e9llo \u0000 \uD83D\uDE00", m.readUTF());
        byte[] five = new byte[5];
        assertEquals(5, m.readBytes(five));
        assertArrayEquals(new byte[] {9, 8, 2, 3, 4}, five);
        assertEquals(0xF0, m.readUnsignedByte());
        assertEquals(0xFFEE, m.readUnsignedShort());
        assertEquals(-1, m.readBytes(five));
    }

    @Test
    void eofForEveryReadConsumesNothing() throws JMSException {
        Map<String, Executable> reads = new LinkedHashMap<>();
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeByte((byte) 1);
        m.reset();
        reads.put("readShort", m::readShort);
        reads.put("readUnsignedShort", m::readUnsignedShort);
        reads.put("readChar", m::readChar);
        reads.put("readInt", m::readInt);
        reads.put("readLong", m::readLong);
        reads.put("readFloat", m::readFloat);
        reads.put("readDouble", m::readDouble);
        reads.put("readUTF", m::readUTF);
        for (Map.Entry<String, Executable> e : reads.entrySet()) {
            assertThrows(MessageEOFException.class, e.getValue(), e.getKey() + " with one byte left");
        }
        assertEquals(1, m.readByte(), "the failed reads consumed nothing");
        reads.put("readBoolean", m::readBoolean);
        reads.put("readByte", m::readByte);
        reads.put("readUnsignedByte", m::readUnsignedByte);
        for (Map.Entry<String, Executable> e : reads.entrySet()) {
            assertThrows(MessageEOFException.class, e.getValue(), e.getKey() + " at the end");
        }
        assertEquals(-1, m.readBytes(new byte[3]));
        assertEquals(-1, m.readBytes(new byte[3], 2));
    }

    @Test
    void truncatedUtfConsumesNothing() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeShort((short) 10);
        m.writeByte((byte) 'a');
        m.reset();
        assertThrows(MessageEOFException.class, m::readUTF);
        assertEquals(10, m.readShort());
    }

    @Test
    void malformedUtfIsAFormatError() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeShort((short) 2);
        m.writeByte((byte) 0xC3);
        m.writeByte((byte) 0x41);
        m.reset();
        assertThrows(MessageFormatException.class, m::readUTF);
        assertEquals(2, m.readShort());
    }

    @Test
    void readBytesPartialReads() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7});
        m.reset();
        byte[] buf = new byte[3];
        assertEquals(3, m.readBytes(buf), "array shorter than the rest: filled");
        assertArrayEquals(new byte[] {1, 2, 3}, buf);
        assertEquals(2, m.readBytes(buf, 2), "bounded by length");
        assertArrayEquals(new byte[] {4, 5, 3}, buf);
        assertEquals(0, m.readBytes(buf, 0));
        assertEquals(2, m.readBytes(buf), "fewer bytes left than the array: the rest");
        assertArrayEquals(new byte[] {6, 7, 3}, buf);
        assertEquals(-1, m.readBytes(buf), "then -1");
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, -1));
    }

    @Test
    void writeObjectTypes() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeObject(Boolean.TRUE);
        m.writeObject((byte) 1);
        m.writeObject((short) 2);
        m.writeObject('c');
        m.writeObject(3);
        m.writeObject(4L);
        m.writeObject(5f);
        m.writeObject(6d);
        m.writeObject("s");
        m.writeObject(new byte[] {7});
        assertThrows(MessageFormatException.class, () -> m.writeObject(new ArrayList<>()));
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(NullPointerException.class, () -> m.writeObject(null));
        m.reset();
        assertTrue(m.readBoolean());
        assertEquals(1, m.readByte());
        assertEquals(2, m.readShort());
        assertEquals('c', m.readChar());
        assertEquals(3, m.readInt());
        assertEquals(4L, m.readLong());
        assertEquals(5f, m.readFloat());
        assertEquals(6d, m.readDouble());
        assertEquals("s", m.readUTF());
        assertEquals(7, m.readByte());
        assertEquals(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8 + 3 + 1, m.getBodyLength());
    }

    @Test
    void writeUtfLimits() {
        RocketBytesMessage m = new RocketBytesMessage();
        assertThrows(NullPointerException.class, () -> m.writeUTF(null));
        assertThrows(MessageFormatException.class, () -> m.writeUTF("x".repeat(65536)));
    }

    @Test
    void writeOnlyUntilResetThenReadOnly() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeInt(7);
        assertReadsRefused(m);
        m.reset();
        assertWritesRefused(m);
        assertEquals(7, m.readInt());
        m.reset();
        assertEquals(4, m.getBodyLength());
        assertEquals(7, m.readInt(), "reset rewinds");
        m.clearBody();
        assertReadsRefused(m);
        m.reset();
        assertEquals(0, m.getBodyLength(), "clearBody emptied the body");
    }

    @Test
    void receivedMessageIsReadOnlyUntilClearBody() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeInt(7);
        m.onDelivery(1);
        assertEquals(4, m.getBodyLength());
        assertEquals(7, m.readInt());
        assertWritesRefused(m);
        m.clearBody();
        m.writeInt(8);
        m.reset();
        assertEquals(8, m.readInt());
    }

    @Test
    void getBodyDoesNotDisturbReading() throws JMSException {
        RocketBytesMessage m = new RocketBytesMessage();
        m.writeInt(1);
        m.writeInt(2);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0, 0, 0, 2}, m.getBody(byte[].class), "also in write-only mode");
        m.writeInt(3);
        m.reset();
        assertEquals(1, m.readInt());
        assertEquals(12, m.getBody(byte[].class).length);
        assertTrue(m.isBodyAssignableTo(byte[].class));
        assertEquals(2, m.readInt());
        assertEquals(12, ((byte[]) m.getBody(Object.class)).length);
        assertEquals(3, m.readInt());
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
        assertNull(new RocketBytesMessage().getBody(String.class), "no body: null for any type");
    }

    private static void assertReadsRefused(BytesMessage m) {
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        assertThrows(MessageNotReadableException.class, m::readBoolean);
        assertThrows(MessageNotReadableException.class, m::readByte);
        assertThrows(MessageNotReadableException.class, m::readUnsignedByte);
        assertThrows(MessageNotReadableException.class, m::readShort);
        assertThrows(MessageNotReadableException.class, m::readUnsignedShort);
        assertThrows(MessageNotReadableException.class, m::readChar);
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertThrows(MessageNotReadableException.class, m::readLong);
        assertThrows(MessageNotReadableException.class, m::readFloat);
        assertThrows(MessageNotReadableException.class, m::readDouble);
        assertThrows(MessageNotReadableException.class, m::readUTF);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1], 1));
    }

    private static void assertWritesRefused(BytesMessage m) {
        assertThrows(MessageNotWriteableException.class, () -> m.writeBoolean(true));
        assertThrows(MessageNotWriteableException.class, () -> m.writeByte((byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeShort((short) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeChar('c'));
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeLong(1L));
        assertThrows(MessageNotWriteableException.class, () -> m.writeFloat(1f));
        assertThrows(MessageNotWriteableException.class, () -> m.writeDouble(1d));
        assertThrows(MessageNotWriteableException.class, () -> m.writeUTF("s"));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1], 0, 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject(1));
    }
}
