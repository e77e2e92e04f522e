package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** getBody / isBodyAssignableTo for every kind, with and without body. */
class GetBodyTest {
    private static final List<Class<?>> ANY_TYPES = List.of(String.class, byte[].class, Map.class,
            Serializable.class, Object.class, Integer.class, List.class);

    /** Name, message factory (with body), types that fit, types that do not. */
    static List<Arguments> withBody() {
        return List.of(
                arguments("text", (Supplier<Message>) () -> text("hello"),
                        List.of(String.class, Object.class, CharSequence.class, Serializable.class,
                                Comparable.class),
                        List.of(byte[].class, Map.class, Integer.class, StringBuilder.class)),
                arguments("bytes", (Supplier<Message>) GetBodyTest::bytes,
                        List.of(byte[].class, Object.class), List.of(String.class, Map.class, Byte[].class)),
                arguments("map", (Supplier<Message>) GetBodyTest::map,
                        List.of(Map.class, Object.class), List.of(String.class, byte[].class, java.util.HashMap.class)),
                arguments("object", (Supplier<Message>) () -> object(new ArrayList<>(List.of("x"))),
                        List.of(Serializable.class, ArrayList.class, List.class, Object.class),
                        List.of(String.class, Map.class, byte[].class)));
    }

    static List<Arguments> withoutBody() {
        return List.of(
                arguments("message", (Supplier<Message>) RocketMessage::new),
                arguments("text", (Supplier<Message>) RocketTextMessage::new),
                arguments("bytes", (Supplier<Message>) RocketBytesMessage::new),
                arguments("map", (Supplier<Message>) RocketMapMessage::new),
                arguments("object", (Supplier<Message>) RocketObjectMessage::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withBody")
    void bodyIsReturnedForFittingTypesOnly(String kind, Supplier<Message> factory, List<Class<?>> fits,
                                           List<Class<?>> misfits) throws JMSException {
        Message m = factory.get();
        for (Class<?> c : fits) {
            assertTrue(m.isBodyAssignableTo(c), kind + " -> " + c);
            Object body = m.getBody(c);
            assertTrue(c.isInstance(body), kind + " -> " + c);
        }
        for (Class<?> c : misfits) {
            assertFalse(m.isBodyAssignableTo(c), kind + " -> " + c);
            assertThrows(MessageFormatException.class, () -> m.getBody(c), kind + " -> " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutBody")
    void noBodyMeansNullForAnyType(String kind, Supplier<Message> factory) throws JMSException {
        Message m = factory.get();
        for (Class<?> c : ANY_TYPES) {
            assertTrue(m.isBodyAssignableTo(c), kind + " -> " + c);
            assertNull(m.getBody(c), kind + " -> " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutBody")
    void plainMessageAndEmptyBodiesAfterDelivery(String kind, Supplier<Message> factory) throws JMSException {
        RocketMessage m = (RocketMessage) factory.get();
        m.onDelivery(1);
        assertNull(m.getBody(Object.class));
        assertTrue(m.isBodyAssignableTo(Integer.class));
    }

    @org.junit.jupiter.api.Test
    void streamMessageNeverGivesItsBody() throws JMSException {
        RocketStreamMessage empty = new RocketStreamMessage();
        RocketStreamMessage full = new RocketStreamMessage();
        full.writeInt(1);
        for (RocketStreamMessage m : List.of(empty, full)) {
            for (Class<?> c : ANY_TYPES) {
                assertFalse(m.isBodyAssignableTo(c));
                assertThrows(MessageFormatException.class, () -> m.getBody(c));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void bodyValues() throws JMSException {
        assertEquals("hello", text("hello").getBody(String.class));
        assertArrayEquals(new byte[] {1, 2}, bytes().getBody(byte[].class));
        assertEquals(Map.of("k", 1), map().getBody(Map.class));
        assertEquals(List.of("x"), object(new ArrayList<>(List.of("x"))).getBody(List.class));
        assertEquals("", text("").getBody(String.class), "an empty string is a body");
    }

    private static RocketTextMessage text(String s) {
        return new RocketTextMessage(s);
    }

    private static Message bytes() {
        try {
            RocketBytesMessage m = new RocketBytesMessage();
            m.writeBytes(new byte[] {1, 2});
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Message map() {
        try {
            RocketMapMessage m = new RocketMapMessage();
            m.setInt("k", 1);
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Message object(Serializable o) {
        try {
            RocketObjectMessage m = new RocketObjectMessage();
            m.setObject(o);
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
