package org.rocketjms.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.example.untrusted.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTemporaryQueue;
import org.rocketjms.jms.destination.RocketTopic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MessageCodec: wire keys, round trips of every kind and property type, and malformed input. */
class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    /** Every property type, including edge values that must survive exactly. */
    private static final Map<String, Object> PROPERTIES = new java.util.LinkedHashMap<>();

    static {
        PROPERTIES.put("bTrue", true);
        PROPERTIES.put("bFalse", false);
        PROPERTIES.put("byteMin", Byte.MIN_VALUE);
        PROPERTIES.put("shortMax", Short.MAX_VALUE);
        PROPERTIES.put("intMin", Integer.MIN_VALUE);
        PROPERTIES.put("longMax", Long.MAX_VALUE);
        PROPERTIES.put("floatNaN", Float.NaN);
        PROPERTIES.put("floatNegZero", -0.0f);
        PROPERTIES.put("floatTiny", Float.MIN_VALUE);
        PROPERTIES.put("doubleInf", Double.NEGATIVE_INFINITY);
        PROPERTIES.put("doublePi", Math.PI);
        PROPERTIES.put("str", "text with , commas = and \u00e9\u4e2d");
        PROPERTIES.put("strEmpty", "");
        PROPERTIES.put("strLooksTyped", "I42");
        PROPERTIES.put("JMSXGroupID", "group");
        PROPERTIES.put("JMSXGroupSeq", 2);
    }

    static List<Supplier<RocketMessage>> kinds() {
        return List.of(
                RocketMessage::new,
                () -> new RocketTextMessage("t\u00e9xt \uD83D\uDE00"),
                MessageCodecTest::bytes,
                MessageCodecTest::map,
                MessageCodecTest::stream,
                MessageCodecTest::object);
    }

    private static RocketMessage bytes() {
        try {
            RocketBytesMessage m = new RocketBytesMessage();
            m.writeInt(42);
            m.writeUTF("x");
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static final Object[] BODY_VALUES = {null, true, false, (byte) -1, (short) -2, '\uFFFF', 'a', -3, -4L,
            Float.NaN, -0.0f, Double.MAX_VALUE, -0.0d, "", "s\u0000\uD800lone", new byte[0], new byte[] {1, -1}};

    private static RocketMessage map() {
        try {
            RocketMapMessage m = new RocketMapMessage();
            for (int i = 0; i < BODY_VALUES.length; i++) {
                m.setObject("k" + i, BODY_VALUES[i]);
            }
            m.setString("\u00e9 name with spaces", "v");
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RocketMessage stream() {
        try {
            RocketStreamMessage m = new RocketStreamMessage();
            for (Object v : BODY_VALUES) {
                m.writeObject(v);
            }
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RocketMessage object() {
        try {
            RocketObjectMessage m = new RocketObjectMessage();
            m.setObject(new HashMap<>(Map.of("a", new ArrayList<>(List.of(1, 2L, "x")))));
            return m;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fill(RocketMessage m) throws JMSException {
        m.setJMSMessageID("ID:abc");
        m.setJMSTimestamp(123456789L);
        m.setJMSCorrelationID("corr");
        m.setJMSReplyTo(new RocketTemporaryQueue("tq-1"));
        m.setJMSDestination(new RocketTopic("orders"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSType("type");
        m.setJMSExpiration(999L);
        m.setJMSDeliveryTime(555L);
        m.setJMSPriority(9);
        for (Map.Entry<String, Object> e : PROPERTIES.entrySet()) {
            m.setObjectProperty(e.getKey(), e.getValue());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void roundTripPreservesHeadersPropertiesAndBody(Supplier<RocketMessage> factory) throws JMSException {
        RocketMessage m = factory.get();
        fill(m);
        WireMessage wire = codec.encode(m);
        RocketMessage back = codec.decode(wire, 3);

        assertEquals(m.getClass(), back.getClass());
        assertEquals(m.kind(), back.kind());
        assertEquals("ID:abc", back.getJMSMessageID());
        assertEquals(123456789L, back.getJMSTimestamp());
        assertEquals("corr", back.getJMSCorrelationID());
        assertFalse(back.isJMSCorrelationIDBytes());
        assertEquals(new RocketTemporaryQueue("tq-1"), back.getJMSReplyTo());
        assertEquals(new RocketTopic("orders"), back.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, back.getJMSDeliveryMode());
        assertEquals("type", back.getJMSType());
        assertEquals(999L, back.getJMSExpiration());
        assertEquals(555L, back.getJMSDeliveryTime());
        assertEquals(9, back.getJMSPriority());
        assertTrue(back.getJMSRedelivered());

        Set<String> expectedNames = new HashSet<>(PROPERTIES.keySet());
        expectedNames.add("JMSXDeliveryCount");
        assertEquals(expectedNames, new HashSet<>(Collections.list(back.getPropertyNames())));
        for (Map.Entry<String, Object> e : PROPERTIES.entrySet()) {
            Object actual = back.getObjectProperty(e.getKey());
            assertEquals(e.getValue().getClass(), actual.getClass(), e.getKey());
            assertEquals(e.getValue(), actual, e.getKey());
        }
        assertEquals(Float.floatToRawIntBits(-0.0f),
                Float.floatToRawIntBits((Float) back.getObjectProperty("floatNegZero")));
        assertEquals(3, back.getIntProperty("JMSXDeliveryCount"));
        assertTrue(back.isPropertiesReadOnly());
        assertTrue(back.isBodyReadOnly());
        assertThrows(MessageNotWriteableException.class, () -> back.setIntProperty("x", 1));

        assertBodyEquals(m, back);
    }

    private static void assertBodyEquals(RocketMessage sent, RocketMessage got) throws JMSException {
        switch (sent.kind()) {
            case TEXT:
                assertEquals(((TextMessage) sent).getText(), ((TextMessage) got).getText());
                break;
            case BYTES: {
                BytesMessage b = (BytesMessage) got;
                assertEquals(42, b.readInt());
                assertEquals("x", b.readUTF());
                assertThrows(MessageNotWriteableException.class, () -> b.writeInt(1));
                break;
            }
            case MAP: {
                MapMessage mm = (MapMessage) got;
                for (int i = 0; i < BODY_VALUES.length; i++) {
                    assertValueEquals(BODY_VALUES[i], mm.getObject("k" + i));
                }
                assertEquals("v", mm.getString("\u00e9 name with spaces"));
                assertEquals(BODY_VALUES.length + 1, Collections.list(((RocketMapMessage) mm).getMapNames()).size());
                break;
            }
            case STREAM: {
                StreamMessage sm = (StreamMessage) got;
                for (Object v : BODY_VALUES) {
                    assertValueEquals(v, sm.readObject());
                }
                assertThrows(jakarta.jms.MessageEOFException.class, sm::readObject);
                break;
            }
            case OBJECT:
                assertEquals(((ObjectMessage) sent).getObject(), ((ObjectMessage) got).getObject());
                break;
            default:
                assertNull(got.getBody(Object.class));
        }
    }

    private static void assertValueEquals(Object expected, Object actual) {
        if (expected == null) {
            assertNull(actual);
        } else if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual);
        } else {
            assertEquals(expected.getClass(), actual.getClass());
            if (expected instanceof Float f) {
                assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((Float) actual));
            } else if (expected instanceof Double d) {
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) actual));
            } else {
                assertEquals(expected, actual);
            }
        }
    }

    @Test
    void wireKeysAndEncodings() throws JMSException {
        RocketTextMessage m = new RocketTextMessage("h\u00e9");
        fill(m);
        m.setIntProperty("JMSXDeliveryCount", 7);
        WireMessage wire = codec.encode(m);
        Map<String, String> p = wire.properties();
        assertArrayEquals("h\u00e9".getBytes(StandardCharsets.UTF_8), wire.body());
        assertEquals("Stext", p.get(WireKeys.KIND));
        assertEquals("ID:abc", p.get(HeaderKeys.UNIQ_KEY)); // the engine's indexed unique key, not typed
        assertNull(p.get(HeaderKeys.MESSAGE_ID), "the id is not sent twice");
        assertEquals("J123456789", p.get(HeaderKeys.TIMESTAMP));
        assertEquals("Scorr", p.get(HeaderKeys.CORRELATION_ID));
        assertEquals("Stype", p.get(HeaderKeys.TYPE));
        assertEquals("I9", p.get(HeaderKeys.PRIORITY));
        assertEquals("I" + HeaderKeys.NON_PERSISTENT, p.get(HeaderKeys.DELIVERY_MODE));
        assertEquals("Stemp-queue://tq-1", p.get(WireKeys.REPLY_TO));
        assertEquals("Stopic://orders", p.get(WireKeys.DESTINATION));
        assertEquals("J999", p.get(WireKeys.EXPIRATION));
        assertEquals("J555", p.get(WireKeys.DELIVERY_TIME));
        assertEquals("I2", p.get("JMSXGroupSeq"));
        assertEquals("Zfalse", p.get("bFalse"));
        assertEquals(TypedPropertyCodec.encode(Math.PI), p.get("doublePi"));
        assertFalse(p.containsKey("JMSXDeliveryCount"), "set by the receiving side, never sent");
        assertFalse(p.containsKey(WireKeys.CORRELATION_ID_BYTES));
        for (String key : p.keySet()) {
            assertTrue(WireKeys.isReserved(key) || PROPERTIES.containsKey(key) || key.equals(HeaderKeys.UNIQ_KEY), key);
        }
        // the broker's selector view reads the same values
        var source = TypedPropertyCodec.propertySource(p);
        assertEquals("ID:abc", source.getValue("JMSMessageID"));
        assertEquals("NON_PERSISTENT", source.getValue("JMSDeliveryMode"));
        assertEquals(9, source.getValue("JMSPriority"));
        assertEquals("type", source.getValue("JMSType"));
        assertEquals(Long.MAX_VALUE, source.getValue("longMax"));
    }

    @Test
    void headersAtTheirDefaultAreLeftOutAndComeBackAsTheDefault() throws JMSException {
        RocketTextMessage m = new RocketTextMessage("x");
        m.setJMSMessageID("ID:def");
        m.setJMSTimestamp(1000L);
        m.setJMSDeliveryTime(1000L); // no delivery delay
        m.setJMSPriority(jakarta.jms.Message.DEFAULT_PRIORITY);
        m.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
        m.setJMSDestination(new RocketQueue("q"));
        Map<String, String> p = codec.encode(m).properties();
        for (String left : new String[] {HeaderKeys.MESSAGE_ID, HeaderKeys.PRIORITY, HeaderKeys.DELIVERY_MODE,
                WireKeys.DELIVERY_TIME}) {
            assertFalse(p.containsKey(left), left + " should be left out at its default: " + p);
        }
        RocketMessage back = codec.decode(new byte[] {'x'}, p, 1);
        assertEquals("ID:def", back.getJMSMessageID());
        assertEquals(4, back.getJMSPriority());
        assertEquals(DeliveryMode.PERSISTENT, back.getJMSDeliveryMode());
        assertEquals(1000L, back.getJMSDeliveryTime());
        assertEquals(1000L, back.getJMSTimestamp());
        // the broker's selectors see the defaults too
        var source = TypedPropertyCodec.propertySource(p);
        assertEquals(4, source.getValue("JMSPriority"));
        assertEquals("PERSISTENT", source.getValue("JMSDeliveryMode"));
        assertEquals("ID:def", source.getValue("JMSMessageID"));

        // a delivery delay and a disabled timestamp keep the delivery time
        m.setJMSTimestamp(0L);
        m.setJMSDeliveryTime(5000L);
        assertEquals(5000L, codec.decode(new byte[] {'x'}, codec.encode(m).properties(), 1).getJMSDeliveryTime());

        // a disabled id: the broker's own unique key (no ID: prefix) is not a JMSMessageID
        m.setJMSMessageID(null);
        Map<String, String> noId = new HashMap<>(codec.encode(m).properties());
        assertFalse(noId.containsKey(HeaderKeys.UNIQ_KEY));
        noId.put(HeaderKeys.UNIQ_KEY, "0A1B2C3D4E5F60718293A4B5C6D7E8F9");
        assertNull(codec.decode(new byte[] {'x'}, noId, 1).getJMSMessageID());
        assertNull(TypedPropertyCodec.propertySource(noId).getValue("JMSMessageID"));

        // a message in the earlier format (every header written, the id twice) still reads the same
        Map<String, String> earlier = new HashMap<>();
        earlier.put(WireKeys.KIND, TypedPropertyCodec.encode("text"));
        earlier.put(HeaderKeys.MESSAGE_ID, TypedPropertyCodec.encode("ID:old"));
        earlier.put(HeaderKeys.UNIQ_KEY, "ID:old");
        earlier.put("KEYS", "ID:old");
        earlier.put(HeaderKeys.TIMESTAMP, TypedPropertyCodec.encode(7L));
        earlier.put(WireKeys.DELIVERY_TIME, TypedPropertyCodec.encode(7L));
        earlier.put(HeaderKeys.PRIORITY, TypedPropertyCodec.encode(4));
        earlier.put(HeaderKeys.DELIVERY_MODE, TypedPropertyCodec.encode(DeliveryMode.PERSISTENT));
        RocketMessage old = codec.decode(new byte[] {'x'}, earlier, 1);
        assertEquals("ID:old", old.getJMSMessageID());
        assertEquals(7L, old.getJMSDeliveryTime());
        assertEquals(4, old.getJMSPriority());
        assertFalse(old.propertyExists("KEYS"));

        // a message without a JMS kind (sent through the engine API) gets no JMS defaults from the selector view
        assertNull(TypedPropertyCodec.propertySource(Map.of("UNIQ_KEY", "ID:x")).getValue("JMSPriority"));
    }

    @Test
    void correlationIdBytesRoundTrip() throws JMSException {
        RocketMessage m = new RocketMessage();
        byte[] raw = {0, 1, -1, -128, 127, 10};
        m.setJMSCorrelationIDAsBytes(raw);
        WireMessage wire = codec.encode(m);
        assertEquals("Ztrue", wire.properties().get(WireKeys.CORRELATION_ID_BYTES));
        RocketMessage back = codec.decode(wire, 1);
        assertTrue(back.isJMSCorrelationIDBytes());
        assertArrayEquals(raw, back.getJMSCorrelationIDAsBytes());
        assertFalse(back.getJMSRedelivered());
    }

    @Test
    void nullAndEmptyBodiesAreDistinguished() throws JMSException {
        RocketMessage nullText = codec.decode(codec.encode(new RocketTextMessage()), 1);
        assertNull(((TextMessage) nullText).getText());
        RocketMessage emptyText = codec.decode(codec.encode(new RocketTextMessage("")), 1);
        assertEquals("", ((TextMessage) emptyText).getText());
        RocketMessage nullObject = codec.decode(codec.encode(new RocketObjectMessage()), 1);
        assertNull(((ObjectMessage) nullObject).getObject());
        RocketMessage emptyMap = codec.decode(codec.encode(new RocketMapMessage()), 1);
        assertFalse(((MapMessage) emptyMap).getMapNames().hasMoreElements());
        RocketMessage emptyStream = codec.decode(codec.encode(new RocketStreamMessage()), 1);
        assertThrows(jakarta.jms.MessageEOFException.class, ((StreamMessage) emptyStream)::readObject);
        RocketMessage emptyBytes = codec.decode(codec.encode(new RocketBytesMessage()), 1);
        assertEquals(0, ((BytesMessage) emptyBytes).getBodyLength());
    }

    @Test
    void encodingDoesNotChangeAWriteOnlyMessage() throws JMSException {
        RocketBytesMessage b = new RocketBytesMessage();
        b.writeInt(1);
        codec.encode(b);
        b.writeInt(2);
        b.reset();
        assertEquals(8, b.getBodyLength());
        RocketStreamMessage s = new RocketStreamMessage();
        s.writeInt(1);
        codec.encode(s);
        s.writeInt(2);
        s.reset();
        assertEquals(1, s.readInt());
        assertEquals(2, s.readInt());
    }

    @Test
    void decodedObjectMessageUsesTheCodecPolicy() throws JMSException {
        RocketObjectMessage m = new RocketObjectMessage();
        m.setObject(new Payload("p"));
        WireMessage wire = codec.encode(m);
        MessageCodec strict = new MessageCodec(DefaultDestinationCodec.INSTANCE, TrustedPackages.defaults());
        assertThrows(MessageFormatException.class, ((ObjectMessage) strict.decode(wire, 1))::getObject);
        MessageCodec lenient = new MessageCodec(DefaultDestinationCodec.INSTANCE,
                TrustedPackages.defaults().plus("org.example.untrusted"));
        assertEquals(new Payload("p"), ((ObjectMessage) lenient.decode(wire, 1)).getObject());
    }

    @Test
    void engineKeysAddedToAJmsMessageAreNotProperties() throws JMSException {
        RocketTextMessage m = new RocketTextMessage("t");
        m.setIntProperty("n", 7);
        m.setStringProperty("nothing", null);
        WireMessage wire = codec.encode(m);
        Map<String, String> engine = new HashMap<>(wire.properties());
        engine.put("UNIQ_KEY", "id-1");
        engine.put("KEYS", "id-1");
        engine.put("TAGS", "x");
        engine.put("BROKER_ADDED", "y");
        RocketMessage r = codec.decode(wire.body(), engine, 1);
        Set<String> names = new java.util.TreeSet<>(Collections.list(r.getPropertyNames()));
        assertEquals(Set.of("n", "nothing", "JMSXDeliveryCount"), names);
        assertFalse(r.propertyExists("BROKER_ADDED"));
        assertEquals(7, r.getIntProperty("n"));
    }

    @Test
    void messagesWithoutKindFromNonJmsProducers() throws JMSException {
        RocketMessage withBody = codec.decode(new byte[] {1, 2},
                Map.of("TAGS", "tagA", "KEYS", "k1", "UNIQ_KEY", "u1", "RJMS_TRAN_ID", "t", "color", "red"), 1);
        assertInstanceOf(BytesMessage.class, withBody);
        assertEquals(2, ((BytesMessage) withBody).getBodyLength());
        assertEquals("red", withBody.getStringProperty("color"));
        for (String engineKey : new String[] {"TAGS", "KEYS", "UNIQ_KEY", "RJMS_TRAN_ID"}) {
            assertFalse(withBody.propertyExists(engineKey), engineKey);
        }
        assertEquals(Message4.DEFAULT_PRIORITY, withBody.getJMSPriority());
        RocketMessage without = codec.decode(null, Map.of("not a name", "x"), 1);
        assertEquals(MessageKind.MESSAGE, without.kind());
        assertFalse(without.propertyExists("not a name"));
    }

    /** Holder for the default priority constant, to keep the imports short. */
    private interface Message4 {
        int DEFAULT_PRIORITY = jakarta.jms.Message.DEFAULT_PRIORITY;
    }

    @Test
    void malformedHeadersAreFormatErrors() {
        assertThrows(MessageFormatException.class,
                () -> codec.decode(new byte[0], Map.of(WireKeys.KIND, "Sbogus"), 1));
        assertThrows(MessageFormatException.class,
                () -> codec.decode(new byte[0], Map.of(WireKeys.KIND, "I5"), 1));
        assertThrows(MessageFormatException.class,
                () -> codec.decode(new byte[0], Map.of(HeaderKeys.TIMESTAMP, "Sx"), 1));
        assertThrows(MessageFormatException.class,
                () -> codec.decode(new byte[0], Map.of(WireKeys.NULL_BODY, "I1"), 1));
        assertThrows(MessageFormatException.class,
                () -> codec.decode(new byte[0], Map.of(WireKeys.NULL_PROPERTIES, "Sa,b c"), 1));
        assertThrows(InvalidDestinationException.class,
                () -> codec.decode(new byte[0], Map.of(WireKeys.REPLY_TO, "Snowhere"), 1));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[0], Map.of(), 0));
    }

    static List<byte[]> malformedStreamBodies() throws JMSException {
        byte[] good = TypedBodyCodec.encodeStream(List.of(1, "ab", new byte[] {1}));
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[] {'X', 'S', 1, 0, 0, 0, 0});                        // bad magic
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 0});                        // map magic in a stream
        bad.add(new byte[] {'R', 'S', 2, 0, 0, 0, 0});                        // unknown version
        bad.add(new byte[] {'R', 'S', 1, 0, 0});                              // truncated count
        bad.add(new byte[] {'R', 'S', 1, -1, -1, -1, -1});                    // negative count
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 5, 0});                     // count larger than content
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 1, 99});                    // unknown tag
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 1, TypedBodyCodec.INT, 0}); // truncated int
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 1, TypedBodyCodec.STRING, -1, -1, -1, -1}); // negative length
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 1, TypedBodyCodec.STRING, 0, 0, 0, 9, 'a'}); // long length
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 1, TypedBodyCodec.STRING, 0, 0, 0, 1, (byte) 0xC3}); // bad utf
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 1, TypedBodyCodec.BYTES, 0, 0, 0, 3, 1}); // short bytes
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 0, 0});                     // trailing byte
        bad.add(Arrays.copyOf(good, good.length - 1));                        // cut short
        byte[] extra = Arrays.copyOf(good, good.length + 1);
        bad.add(extra);                                                        // trailing byte
        return bad;
    }

    @ParameterizedTest
    @MethodSource("malformedStreamBodies")
    void malformedStreamBodiesAreFormatErrors(byte[] body) {
        assertThrows(MessageFormatException.class,
                () -> codec.decode(body, Map.of(WireKeys.KIND, "Sstream"), 1));
    }

    static List<byte[]> malformedMapBodies() {
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[] {'R', 'S', 1, 0, 0, 0, 0});                        // stream magic in a map
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 1, 0, 0, 0, 0, 0});         // empty name
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 1, 'a', 0}); // duplicate
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 1, 0, 0, 0, 1, 'a'});       // missing value
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 1, 0, 0, 0, 1, 'a', 12});   // unknown tag
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 1, 0, 0, 0, 2, 'a'});       // name cut short
        bad.add(new byte[] {'R', 'M', 1, 0, 0, 0, 3, 0, 0, 0, 1, 'a', 0});    // count larger than content
        return bad;
    }

    @ParameterizedTest
    @MethodSource("malformedMapBodies")
    void malformedMapBodiesAreFormatErrors(byte[] body) {
        assertThrows(MessageFormatException.class, () -> codec.decode(body, Map.of(WireKeys.KIND, "Smap"), 1));
    }

    @Test
    void wellFormedHandWrittenBodies() throws JMSException {
        byte[] stream = {'R', 'S', 1, 0, 0, 0, 3, TypedBodyCodec.TRUE, TypedBodyCodec.SHORT, 1, 2,
                TypedBodyCodec.STRING, 0, 0, 0, 2, 'h', 'i'};
        StreamMessage s = (StreamMessage) codec.decode(stream, Map.of(WireKeys.KIND, "Sstream"), 1);
        assertTrue(s.readBoolean());
        assertEquals(0x0102, s.readShort());
        assertEquals("hi", s.readString());
        byte[] map = {'R', 'M', 1, 0, 0, 0, 1, 0, 0, 0, 1, 'k', TypedBodyCodec.LONG, 0, 0, 0, 0, 0, 0, 1, 0};
        MapMessage m = (MapMessage) codec.decode(map, Map.of(WireKeys.KIND, "Smap"), 1);
        assertEquals(256L, m.getLong("k"));
    }

    @Test
    void customDestinationCodecIsUsed() throws JMSException {
        DestinationCodec upper = new DestinationCodec() {
            @Override
            public String encode(jakarta.jms.Destination d) throws JMSException {
                return d == null ? null : "custom:" + ((RocketQueue) d).getQueueName();
            }

            @Override
            public jakarta.jms.Destination decode(String text) {
                return text == null ? null : new RocketQueue(text.substring("custom:".length()).toUpperCase());
            }
        };
        MessageCodec custom = new MessageCodec(upper, null);
        RocketMessage m = new RocketMessage();
        m.setJMSDestination(new RocketQueue("q"));
        WireMessage wire = custom.encode(m);
        assertEquals("Scustom:q", wire.properties().get(WireKeys.DESTINATION));
        assertEquals(new RocketQueue("Q"), custom.decode(wire, 1).getJMSDestination());
    }
}
