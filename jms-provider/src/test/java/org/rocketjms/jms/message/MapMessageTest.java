package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MapMessage: the conversion table of section 3.11.3, names, copies and modes. */
class MapMessageTest {

    static List<ConversionTable.Cell> cells() {
        return ConversionTable.allCells();
    }

    static Object read(MapMessage m, String name, ConversionTable.Col col) throws JMSException {
        switch (col) {
            case BOOLEAN:
                return m.getBoolean(name);
            case BYTE:
                return m.getByte(name);
            case SHORT:
                return m.getShort(name);
            case CHAR:
                return m.getChar(name);
            case INT:
                return m.getInt(name);
            case LONG:
                return m.getLong(name);
            case FLOAT:
                return m.getFloat(name);
            case DOUBLE:
                return m.getDouble(name);
            case STRING:
                return m.getString(name);
            default:
                return m.getBytes(name);
        }
    }

    static void writeTyped(MapMessage m, String name, Object v) throws JMSException {
        if (v instanceof Boolean b) {
            m.setBoolean(name, b);
        } else if (v instanceof Byte b) {
            m.setByte(name, b);
        } else if (v instanceof Short s) {
            m.setShort(name, s);
        } else if (v instanceof Character c) {
            m.setChar(name, c);
        } else if (v instanceof Integer i) {
            m.setInt(name, i);
        } else if (v instanceof Long l) {
            m.setLong(name, l);
        } else if (v instanceof Float f) {
            m.setFloat(name, f);
        } else if (v instanceof Double d) {
            m.setDouble(name, d);
        } else if (v instanceof String s) {
            m.setString(name, s);
        } else {
            m.setBytes(name, (byte[]) v);
        }
    }

    private static void check(MapMessage m, ConversionTable.Cell cell) throws JMSException {
        if (cell.legal()) {
            ConversionTable.assertSame(cell.expected(), read(m, "k", cell.col()));
        } else {
            assertThrows(MessageFormatException.class, () -> read(m, "k", cell.col()), cell.toString());
        }
    }

    @ParameterizedTest(name = "typed setter: {0}")
    @MethodSource("cells")
    void conversionTableWithTypedSetters(ConversionTable.Cell cell) throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        writeTyped(m, "k", cell.row().value());
        check(m, cell);
    }

    @ParameterizedTest(name = "setObject: {0}")
    @MethodSource("cells")
    void conversionTableWithSetObject(ConversionTable.Cell cell) throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        m.setObject("k", cell.row().value());
        check(m, cell);
        ConversionTable.assertSame(cell.row().value(), m.getObject("k"));
    }

    @ParameterizedTest(name = "received: {0}")
    @MethodSource("cells")
    void conversionTableAfterWireRoundTrip(ConversionTable.Cell cell) throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        writeTyped(m, "k", cell.row().value());
        MessageCodec codec = new MessageCodec();
        check((MapMessage) codec.decode(codec.encode(m), 1), cell);
    }

    @Test
    void missingEntries() throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        assertFalse(m.getBoolean("x"));
        assertThrows(NumberFormatException.class, () -> m.getByte("x"));
        assertThrows(NumberFormatException.class, () -> m.getShort("x"));
        assertThrows(NumberFormatException.class, () -> m.getInt("x"));
        assertThrows(NumberFormatException.class, () -> m.getLong("x"));
        assertThrows(NullPointerException.class, () -> m.getFloat("x"));
        assertThrows(NullPointerException.class, () -> m.getDouble("x"));
        assertThrows(NullPointerException.class, () -> m.getChar("x"));
        assertNull(m.getString("x"));
        assertNull(m.getBytes("x"));
        assertNull(m.getObject("x"));
        assertFalse(m.itemExists("x"));
        assertFalse(m.itemExists(null));
    }

    @Test
    void nullAndEmptyNamesAreRefusedByEverySetter() {
        RocketMapMessage m = new RocketMapMessage();
        for (String name : new String[] {null, ""}) {
            assertThrows(IllegalArgumentException.class, () -> m.setBoolean(name, true));
            assertThrows(IllegalArgumentException.class, () -> m.setByte(name, (byte) 1));
            assertThrows(IllegalArgumentException.class, () -> m.setShort(name, (short) 1));
            assertThrows(IllegalArgumentException.class, () -> m.setChar(name, 'c'));
            assertThrows(IllegalArgumentException.class, () -> m.setInt(name, 1));
            assertThrows(IllegalArgumentException.class, () -> m.setLong(name, 1L));
            assertThrows(IllegalArgumentException.class, () -> m.setFloat(name, 1f));
            assertThrows(IllegalArgumentException.class, () -> m.setDouble(name, 1d));
            assertThrows(IllegalArgumentException.class, () -> m.setString(name, "v"));
            assertThrows(IllegalArgumentException.class, () -> m.setBytes(name, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> m.setBytes(name, new byte[2], 0, 1));
            assertThrows(IllegalArgumentException.class, () -> m.setObject(name, 1));
        }
    }

    @Test
    void setObjectRefusesOtherClasses() {
        RocketMapMessage m = new RocketMapMessage();
        assertThrows(MessageFormatException.class, () -> m.setObject("a", new ArrayList<>()));
        assertThrows(MessageFormatException.class, () -> m.setObject("a", new Byte[] {1}));
        assertThrows(MessageFormatException.class, () -> m.setObject("a", new Object()));
    }

    @Test
    void bytesAreCopiedInAndOut() throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        byte[] data = {1, 2, 3};
        m.setBytes("b", data);
        data[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.getBytes("b"));
        m.getBytes("b")[1] = 9;
        ((byte[]) m.getObject("b"))[2] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.getBytes("b"));
        m.setBytes("part", new byte[] {1, 2, 3, 4, 5}, 1, 3);
        assertArrayEquals(new byte[] {2, 3, 4}, m.getBytes("part"));
        assertThrows(IndexOutOfBoundsException.class, () -> m.setBytes("bad", new byte[2], 1, 2));
        byte[] viaObject = {7};
        m.setObject("o", viaObject);
        viaObject[0] = 0;
        assertArrayEquals(new byte[] {7}, m.getBytes("o"));
    }

    @Test
    void namesAndItemExists() throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        m.setInt("a", 1);
        m.setString("b", null);
        m.setObject("c", null);
        assertEquals(new HashSet<>(List.of("a", "b", "c")), new HashSet<>(Collections.list(m.getMapNames())));
        assertTrue(m.itemExists("b"));
        assertNull(m.getString("b"));
        assertNull(m.getBytes("c"));
        m.setInt("a", 2);
        assertEquals(3, Collections.list(m.getMapNames()).size());
    }

    @Test
    void readOnlyAfterDeliveryUntilClearBody() throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        m.setInt("a", 1);
        m.onDelivery(1);
        assertEquals(1, m.getInt("a"));
        assertThrows(MessageNotWriteableException.class, () -> m.setBoolean("x", true));
        assertThrows(MessageNotWriteableException.class, () -> m.setByte("x", (byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setShort("x", (short) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setChar("x", 'c'));
        assertThrows(MessageNotWriteableException.class, () -> m.setInt("x", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setLong("x", 1L));
        assertThrows(MessageNotWriteableException.class, () -> m.setFloat("x", 1f));
        assertThrows(MessageNotWriteableException.class, () -> m.setDouble("x", 1d));
        assertThrows(MessageNotWriteableException.class, () -> m.setString("x", "v"));
        assertThrows(MessageNotWriteableException.class, () -> m.setBytes("x", new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.setBytes("x", new byte[1], 0, 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setObject("x", 1));
        m.clearBody();
        assertFalse(m.itemExists("a"));
        m.setInt("x", 3);
        assertEquals(3, m.getInt("x"));
    }

    @Test
    void getBodyReturnsACopyOfTheEntries() throws JMSException {
        RocketMapMessage m = new RocketMapMessage();
        m.setInt("a", 1);
        m.setBytes("b", new byte[] {1});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        assertEquals(Set.of("a", "b"), body.keySet());
        assertEquals(1, body.get("a"));
        body.put("z", 1);
        assertFalse(m.itemExists("z"));
    }
}
