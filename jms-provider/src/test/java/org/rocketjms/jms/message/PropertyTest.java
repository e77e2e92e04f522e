package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message properties: the full conversion table of section 3.5.4, missing values, names and modes. */
class PropertyTest {

    static List<ConversionTable.Cell> propertyCells() {
        return ConversionTable.propertyCells();
    }

    static Object read(Message m, String name, ConversionTable.Col col) throws JMSException {
        switch (col) {
            case BOOLEAN:
                return m.getBooleanProperty(name);
            case BYTE:
                return m.getByteProperty(name);
            case SHORT:
                return m.getShortProperty(name);
            case INT:
                return m.getIntProperty(name);
            case LONG:
                return m.getLongProperty(name);
            case FLOAT:
                return m.getFloatProperty(name);
            case DOUBLE:
                return m.getDoubleProperty(name);
            case STRING:
                return m.getStringProperty(name);
            default:
                throw new IllegalArgumentException(col.name());
        }
    }

    /** Sets the property with the typed setter matching the value's class. */
    static void writeTyped(Message m, String name, Object v) throws JMSException {
        if (v instanceof Boolean b) {
            m.setBooleanProperty(name, b);
        } else if (v instanceof Byte b) {
            m.setByteProperty(name, b);
        } else if (v instanceof Short s) {
            m.setShortProperty(name, s);
        } else if (v instanceof Integer i) {
            m.setIntProperty(name, i);
        } else if (v instanceof Long l) {
            m.setLongProperty(name, l);
        } else if (v instanceof Float f) {
            m.setFloatProperty(name, f);
        } else if (v instanceof Double d) {
            m.setDoubleProperty(name, d);
        } else {
            m.setStringProperty(name, (String) v);
        }
    }

    @ParameterizedTest(name = "typed setter: {0}")
    @MethodSource("propertyCells")
    void conversionTableWithTypedSetters(ConversionTable.Cell cell) throws JMSException {
        RocketMessage m = new RocketMessage();
        writeTyped(m, "p", cell.row().value());
        check(m, cell);
    }

    @ParameterizedTest(name = "setObjectProperty: {0}")
    @MethodSource("propertyCells")
    void conversionTableWithSetObjectProperty(ConversionTable.Cell cell) throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setObjectProperty("p", cell.row().value());
        check(m, cell);
        assertEquals(cell.row().value(), m.getObjectProperty("p"), "getObjectProperty returns the stored type");
    }

    @ParameterizedTest(name = "received: {0}")
    @MethodSource("propertyCells")
    void conversionTableAfterWireRoundTrip(ConversionTable.Cell cell) throws JMSException {
        RocketMessage m = new RocketMessage();
        writeTyped(m, "p", cell.row().value());
        MessageCodec codec = new MessageCodec();
        RocketMessage received = codec.decode(codec.encode(m), 1);
        check(received, cell);
    }

    private static void check(Message m, ConversionTable.Cell cell) throws JMSException {
        if (cell.legal()) {
            ConversionTable.assertSame(cell.expected(), read(m, "p", cell.col()));
        } else {
            assertThrows(MessageFormatException.class, () -> read(m, "p", cell.col()), cell.toString());
        }
    }

    @Test
    void stringTrueReadsAsBoolean() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setStringProperty("t", "true");
        m.setStringProperty("u", "TRUE");
        assertTrue(m.getBooleanProperty("t"));
        assertTrue(m.getBooleanProperty("u"));
        m.setStringProperty("f", "1.5e3");
        assertEquals(1500f, m.getFloatProperty("f"));
        assertEquals(1500d, m.getDoubleProperty("f"));
    }

    @Test
    void unparsableStringThrowsNumberFormatException() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setStringProperty("s", "abc");
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("s"));
        assertThrows(NumberFormatException.class, () -> m.getShortProperty("s"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("s"));
        assertThrows(NumberFormatException.class, () -> m.getLongProperty("s"));
        assertThrows(NumberFormatException.class, () -> m.getFloatProperty("s"));
        assertThrows(NumberFormatException.class, () -> m.getDoubleProperty("s"));
        assertFalse(m.getBooleanProperty("s"));
        m.setStringProperty("big", "300");
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("big"), "300 is out of byte range");
    }

    @Test
    void missingPropertyBehavesLikeValueOfNull() throws JMSException {
        RocketMessage m = new RocketMessage();
        assertFalse(m.getBooleanProperty("missing"));
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("missing"));
        assertThrows(NumberFormatException.class, () -> m.getShortProperty("missing"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("missing"));
        assertThrows(NumberFormatException.class, () -> m.getLongProperty("missing"));
        assertThrows(NullPointerException.class, () -> m.getFloatProperty("missing"), "Float.valueOf(null)");
        assertThrows(NullPointerException.class, () -> m.getDoubleProperty("missing"), "Double.valueOf(null)");
        assertNull(m.getStringProperty("missing"));
        assertNull(m.getObjectProperty("missing"));
        assertFalse(m.propertyExists("missing"));
        assertFalse(m.propertyExists(null));
    }

    @Test
    void nullStringPropertyExistsAndReadsAsNull() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setStringProperty("n", null);
        assertTrue(m.propertyExists("n"));
        assertNull(m.getStringProperty("n"));
        assertNull(m.getObjectProperty("n"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("n"));
        MessageCodec codec = new MessageCodec();
        RocketMessage back = codec.decode(codec.encode(m), 1);
        assertTrue(back.propertyExists("n"));
        assertNull(back.getStringProperty("n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "a.b", "#x", "NULL", "null", "TRUE", "false", "NOT", "and",
            "Or", "BETWEEN", "like", "IN", "is", "Escape"})
    void invalidNamesAreRefusedByEverySetter(String name) {
        RocketMessage m = new RocketMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setBooleanProperty(name, true));
        assertThrows(IllegalArgumentException.class, () -> m.setByteProperty(name, (byte) 1));
        assertThrows(IllegalArgumentException.class, () -> m.setShortProperty(name, (short) 1));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(name, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setLongProperty(name, 1L));
        assertThrows(IllegalArgumentException.class, () -> m.setFloatProperty(name, 1f));
        assertThrows(IllegalArgumentException.class, () -> m.setDoubleProperty(name, 1d));
        assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(name, "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setObjectProperty(name, 1));
    }

    @Test
    void nullNameIsRefused() {
        RocketMessage m = new RocketMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setObjectProperty(null, "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_x", "$y", "camelCase9", "JMSXGroupID", "JMS_Rocket_x", "ünïcödé", "nullable",
            "Innocent", "isX"})
    void validNamesAreAccepted(String name) throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setStringProperty(name, "v");
        assertEquals("v", m.getStringProperty(name));
    }

    @Test
    void setObjectPropertyRefusesOtherClasses() {
        RocketMessage m = new RocketMessage();
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("c", 'c'));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("b", new byte[1]));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("l", new ArrayList<>()));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("o", new Object()));
    }

    @Test
    void groupPropertiesAreSettableWithTheirTypes() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setStringProperty("JMSXGroupID", "g1");
        m.setIntProperty("JMSXGroupSeq", 3);
        assertEquals("g1", m.getStringProperty("JMSXGroupID"));
        assertEquals(3, m.getIntProperty("JMSXGroupSeq"));
        assertThrows(MessageFormatException.class, () -> m.setIntProperty("JMSXGroupID", 1));
        assertThrows(MessageFormatException.class, () -> m.setStringProperty("JMSXGroupSeq", "1"));
        assertThrows(MessageFormatException.class, () -> m.setLongProperty("JMSXGroupSeq", 1L));
    }

    @Test
    void propertyNamesExistsAndClear() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setIntProperty("a", 1);
        m.setStringProperty("b", "x");
        m.setBooleanProperty("c", true);
        Set<String> names = new HashSet<>(Collections.list(m.getPropertyNames()));
        assertEquals(Set.of("a", "b", "c"), names);
        assertTrue(m.propertyExists("a"));
        m.setIntProperty("a", 2);
        assertEquals(3, Collections.list(m.getPropertyNames()).size(), "overwriting does not duplicate");
        m.clearProperties();
        assertFalse(m.getPropertyNames().hasMoreElements());
        assertFalse(m.propertyExists("a"));
    }

    @Test
    void receivedPropertiesAreReadOnlyUntilCleared() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.setIntProperty("a", 1);
        m.onDelivery(2);
        assertEquals(1, m.getIntProperty("a"));
        assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
        assertTrue(m.getJMSRedelivered());
        assertThrows(MessageNotWriteableException.class, () -> m.setBooleanProperty("x", true));
        assertThrows(MessageNotWriteableException.class, () -> m.setByteProperty("x", (byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setShortProperty("x", (short) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("x", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setLongProperty("x", 1L));
        assertThrows(MessageNotWriteableException.class, () -> m.setFloatProperty("x", 1f));
        assertThrows(MessageNotWriteableException.class, () -> m.setDoubleProperty("x", 1d));
        assertThrows(MessageNotWriteableException.class, () -> m.setStringProperty("x", "v"));
        assertThrows(MessageNotWriteableException.class, () -> m.setObjectProperty("x", "v"));
        m.setJMSType("headers stay writable");
        m.setJMSPriority(9);
        m.clearProperties();
        assertFalse(m.propertyExists("a"));
        m.setIntProperty("x", 5);
        assertEquals(5, m.getIntProperty("x"));
    }

    @Test
    void firstDeliveryIsNotRedelivered() throws JMSException {
        RocketMessage m = new RocketMessage();
        m.onDelivery(1);
        assertFalse(m.getJMSRedelivered());
        assertEquals(1, m.getIntProperty("JMSXDeliveryCount"));
        assertThrows(IllegalArgumentException.class, () -> new RocketMessage().onDelivery(0));
    }
}
