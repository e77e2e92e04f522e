package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.example.untrusted.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ObjectMessage: serialization at set time and deserialization limited to trusted packages. */
class ObjectMessageTest {

    static List<Serializable> trustedByDefault() {
        ArrayList<Object> list = new ArrayList<>(List.of(1, "two", 3.0));
        HashMap<String, Object> map = new HashMap<>(Map.of("k", 1L, "nested", new ArrayList<>(List.of("x"))));
        return List.of("text", new StringBuffer("buffer"), list, map, new BigDecimal("1.25"),
                LocalDate.of(2026, 11, 23), Duration.ofSeconds(5), new int[] {1, 2}, new String[][] {{"a"}},
                Integer.valueOf(7), Boolean.TRUE);
    }

    @ParameterizedTest
    @MethodSource("trustedByDefault")
    void trustedClassesDeserialize(Serializable value) throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setTrustedPackages(TrustedPackages.defaults());
        m.setObject(value);
        Serializable back = m.getObject();
        assertNotSame(value, back);
        if (value instanceof int[] ints) {
            assertArrayEquals(ints, (int[]) back);
        } else if (value instanceof String[][] strings) {
            assertArrayEquals(strings, (String[][]) back);
        } else if (value instanceof StringBuffer sb) {
            assertEquals(sb.toString(), back.toString());
        } else {
            assertEquals(value, back);
        }
    }

    @Test
    void untrustedClassIsRefusedNamingClassAndKey() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setTrustedPackages(TrustedPackages.defaults());
        m.setObject(new Payload("p"));
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getMessage().contains(Payload.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TrustedPackages.SYSTEM_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains("org.example.untrusted"), e.getMessage());
        assertFalse(m.isBodyAssignableTo(Serializable.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(Serializable.class));
    }

    @Test
    void untrustedClassNestedInTrustedContainersIsRefused() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setTrustedPackages(TrustedPackages.defaults());
        m.setObject(new ArrayList<>(List.of("ok", new Payload("hidden"))));
        assertThrows(MessageFormatException.class, m::getObject);
        m.setObject(new Payload[] {new Payload("in array")});
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getMessage().contains(Payload.class.getName()), e.getMessage());
    }

    @Test
    void subpackagesAreNotTrustedUnlessAsked() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setTrustedPackages(TrustedPackages.defaults());
        m.setObject(new ConcurrentHashMap<>(Map.of("a", 1)));
        assertThrows(MessageFormatException.class, m::getObject, "java.util.concurrent is not java.util");
        m.setTrustedPackages(TrustedPackages.defaults().plus("java.util.*"));
        assertEquals(Map.of("a", 1), m.getObject());
    }

    @Test
    void policiesCanTrustMore() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setObject(new Payload("p"));
        m.setTrustedPackages(TrustedPackages.defaults().plus("org.example.untrusted"));
        assertEquals(new Payload("p"), m.getObject());
        m.setTrustedPackages(TrustedPackages.of("org.example.*", "java.lang"));
        assertEquals(new Payload("p"), m.getObject());
        m.setTrustedPackages(TrustedPackages.all());
        assertEquals(new Payload("p"), m.getObject());
        assertEquals(new Payload("p"), m.getBody(Payload.class));
        assertTrue(m.isBodyAssignableTo(Payload.class));
        assertFalse(m.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
    }

    @Test
    void systemPropertyAddsToTheDefaults() throws JMSException {
        String old = System.getProperty(TrustedPackages.SYSTEM_PROPERTY);
        try {
            RocketObjectMessage m = new RocketObjectMessage();
            m.setObject(new Payload("p"));
            System.clearProperty(TrustedPackages.SYSTEM_PROPERTY);
            assertThrows(MessageFormatException.class, m::getObject);
            System.setProperty(TrustedPackages.SYSTEM_PROPERTY, " com.acme , org.example.untrusted");
            assertEquals(new Payload("p"), m.getObject());
            m.setObject("still trusted");
            assertEquals("still trusted", m.getObject());
            System.setProperty(TrustedPackages.SYSTEM_PROPERTY, "*");
            assertTrue(TrustedPackages.fromSystemProperty().trustsAll());
        } finally {
            if (old == null) {
                System.clearProperty(TrustedPackages.SYSTEM_PROPERTY);
            } else {
                System.setProperty(TrustedPackages.SYSTEM_PROPERTY, old);
            }
        }
    }

    @Test
    void objectIsCopiedWhenSet() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        m.setObject(list);
        list.add("b");
        assertEquals(List.of("a"), m.getObject());
    }

    @Test
    void notSerializableGraphIsAFormatError() {
        RocketObjectMessage m = new RocketObjectMessage();
        ArrayList<Object> list = new ArrayList<>();
        list.add(new Object());
        assertThrows(MessageFormatException.class, () -> m.setObject(list));
    }

    @Test
    void corruptBytesAreAFormatError() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setSerializedUnchecked(new byte[] {1, 2, 3});
        assertThrows(MessageFormatException.class, m::getObject);
        assertFalse(m.isBodyAssignableTo(Object.class));
    }

    @Test
    void nullBodyAndModes() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        assertNull(m.getObject());
        m.setObject("x");
        m.setObject(null);
        assertNull(m.getObject());
        m.setObject("x");
        m.onDelivery(1);
        assertEquals("x", m.getObject());
        assertThrows(MessageNotWriteableException.class, () -> m.setObject("y"));
        m.clearBody();
        assertNull(m.getObject());
        m.setObject("y");
        assertEquals("y", m.getObject());
    }

    @Test
    void trustedPackagesPolicy() {
        TrustedPackages p = TrustedPackages.of("com.acme", "org.x.*");
        assertTrue(p.isTrusted(int.class));
        assertTrue(p.isTrusted(long[][].class));
        assertFalse(p.isTrusted(String.class));
        assertFalse(p.isTrusted(String[].class));
        assertTrue(p.isTrusted(Payload.class) == false);
        assertEquals(List.of("com.acme", "org.x.*"), p.entries());
        assertTrue(TrustedPackages.defaults().isTrusted(String[].class));
        assertTrue(TrustedPackages.defaultsPlus("org.example.untrusted").isTrusted(Payload[].class));
        assertFalse(TrustedPackages.defaultsPlus(null).trustsAll());
        assertTrue(TrustedPackages.defaultsPlus("a, *").trustsAll());
    }
}
