package org.rocketjms.jms.message;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Converts a {@link RocketMessage} to the engine's form (body bytes plus a string property map) and back.
 *
 * <p>Properties: every user and JMSX property under its own name, typed by {@link TypedPropertyCodec}
 * ({@code JMSXDeliveryCount} is not sent: the receiving side sets it); the names of null-valued properties under
 * {@link WireKeys#NULL_PROPERTIES}. Headers: the six selectable ones under the {@code HeaderKeys} keys, the others and
 * the message kind under the other {@link WireKeys} constants; {@code JMSRedelivered} is not sent.
 *
 * <p>Bodies: text as UTF-8; bytes raw; map and stream in the typed layout of {@link TypedBodyCodec}; object as its
 * Java serialization bytes; a plain message as no bytes. A null text or object body is flagged with
 * {@link WireKeys#NULL_BODY}. A message without {@link WireKeys#KIND} (for example from a non-JMS producer) decodes
 * as a BytesMessage when it has body bytes, else as a plain Message. A JMS message (one with {@link WireKeys#KIND})
 * gets exactly the properties listed under {@link WireKeys#PROPERTY_NAMES} (plus the null ones), so keys the client
 * core or broker add never show up as properties; for a message from a non-JMS producer, engine keys that are
 * reserved, {@link WireKeys#isEngineKey engine keys} or not valid property names are ignored and the others show up
 * as properties.
 *
 * <p>Decoding takes ownership of the body array. Thread-safe when the destination codec is.
 */
public final class MessageCodec {
    private static final Logger LOG = LoggerFactory.getLogger(MessageCodec.class);
    private static final byte[] NO_BODY = new byte[0];

    private final DestinationCodec destinations;
    private final TrustedPackages trustedPackages;

    /** A codec using {@link DefaultDestinationCodec} and the system-property trusted packages. */
    public MessageCodec() {
        this(DefaultDestinationCodec.INSTANCE, null);
    }

    /**
     * @param destinations    converts JMSDestination and JMSReplyTo
     * @param trustedPackages installed on decoded object messages; null keeps the system-property default
     */
    public MessageCodec(DestinationCodec destinations, TrustedPackages trustedPackages) {
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.trustedPackages = trustedPackages;
    }

    // -------------------------------------------------------------------------------------------- encode

    /**
     * The wire form of a message, in any mode (a write-only bytes or stream message is encoded with everything
     * written so far, without changing its state).
     *
     * @throws JMSException when a destination cannot be encoded
     */
    public WireMessage encode(RocketMessage message) throws JMSException {
        Map<String, String> p = new LinkedHashMap<>();
        MessageKind kind = message.kind();
        p.put(WireKeys.KIND, TypedPropertyCodec.encode(kind.wireName()));
        // the id goes as the engine's unique key (indexed; a query by JMSMessageID finds it), not a second time as
        // a header; headers at their default are left out (decode and the broker's selectors assume the default)
        String id = message.getJMSMessageID();
        if (id != null) {
            p.put(HeaderKeys.UNIQ_KEY, id);
        }
        long timestamp = message.getJMSTimestamp();
        p.put(WireKeys.TIMESTAMP, TypedPropertyCodec.encode(timestamp));
        String correlationId = message.getJMSCorrelationID();
        if (correlationId != null) {
            p.put(WireKeys.CORRELATION_ID, TypedPropertyCodec.encode(correlationId));
            if (message.isJMSCorrelationIDBytes()) {
                p.put(WireKeys.CORRELATION_ID_BYTES, TypedPropertyCodec.encode(Boolean.TRUE));
            }
        }
        putIfNotNull(p, WireKeys.TYPE, message.getJMSType());
        if (message.getJMSPriority() != HeaderKeys.DEFAULT_PRIORITY) {
            p.put(WireKeys.PRIORITY, TypedPropertyCodec.encode(message.getJMSPriority()));
        }
        if (message.getJMSDeliveryMode() != HeaderKeys.PERSISTENT) {
            p.put(WireKeys.DELIVERY_MODE, TypedPropertyCodec.encode(message.getJMSDeliveryMode()));
        }
        putIfNotNull(p, WireKeys.REPLY_TO, destinations.encode(message.getJMSReplyTo()));
        putIfNotNull(p, WireKeys.DESTINATION, destinations.encode(message.getJMSDestination()));
        if (message.getJMSExpiration() != 0) {
            p.put(WireKeys.EXPIRATION, TypedPropertyCodec.encode(message.getJMSExpiration()));
        }
        if (message.getJMSDeliveryTime() != 0 && message.getJMSDeliveryTime() != timestamp) {
            p.put(WireKeys.DELIVERY_TIME, TypedPropertyCodec.encode(message.getJMSDeliveryTime()));
        }

        StringJoiner nulls = null;
        StringJoiner names = null;
        for (Map.Entry<String, Object> e : message.propertyMap().entrySet()) {
            String name = e.getKey();
            if (name.equals(PropertyNames.JMSX_DELIVERY_COUNT)) {
                continue;
            }
            Object value = e.getValue();
            if (value == null) {
                if (nulls == null) {
                    nulls = new StringJoiner(",");
                }
                nulls.add(name);
            } else {
                p.put(name, TypedPropertyCodec.encode(value));
                if (names == null) {
                    names = new StringJoiner(",");
                }
                names.add(name);
            }
        }
        if (names != null) {
            p.put(WireKeys.PROPERTY_NAMES, TypedPropertyCodec.encode(names.toString()));
        }
        if (nulls != null) {
            p.put(WireKeys.NULL_PROPERTIES, TypedPropertyCodec.encode(nulls.toString()));
        }
        return new WireMessage(encodeBody(message, p), p);
    }

    private static byte[] encodeBody(RocketMessage message, Map<String, String> p) {
        switch (message.kind()) {
            case TEXT: {
                String text = ((RocketTextMessage) message).getText();
                if (text == null) {
                    p.put(WireKeys.NULL_BODY, TypedPropertyCodec.encode(Boolean.TRUE));
                    return NO_BODY;
                }
                return text.getBytes(StandardCharsets.UTF_8);
            }
            case BYTES:
                return ((RocketBytesMessage) message).bodyBytes();
            case MAP:
                return TypedBodyCodec.encodeMap(((RocketMapMessage) message).entryMap());
            case STREAM:
                return TypedBodyCodec.encodeStream(((RocketStreamMessage) message).fieldList());
            case OBJECT: {
                byte[] serialized = ((RocketObjectMessage) message).serializedBytes();
                if (serialized == null) {
                    p.put(WireKeys.NULL_BODY, TypedPropertyCodec.encode(Boolean.TRUE));
                    return NO_BODY;
                }
                return serialized.clone();
            }
            default:
                return NO_BODY;
        }
    }

    private static void putIfNotNull(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, TypedPropertyCodec.encode(value));
        }
    }

    // -------------------------------------------------------------------------------------------- decode

    /** Same as {@link #decode(byte[], Map, int)} on the parts of a {@link WireMessage}. */
    public RocketMessage decode(WireMessage wire, int deliveryCount) throws JMSException {
        return decode(wire.body(), wire.properties(), deliveryCount);
    }

    /**
     * Rebuilds a received message: headers, properties and body, then {@link RocketMessage#onDelivery(int)} (read-only
     * properties and body, {@code JMSXDeliveryCount = deliveryCount}, {@code JMSRedelivered = deliveryCount > 1}).
     *
     * @param body          the body bytes (null is treated as empty); the message takes ownership
     * @param properties    the engine properties
     * @param deliveryCount deliveries so far including this one, at least 1
     * @throws MessageFormatException when a reserved key or the body is malformed
     * @throws JMSException           when a destination cannot be decoded
     */
    public RocketMessage decode(byte[] body, Map<String, String> properties, int deliveryCount) throws JMSException {
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("a delivery count starts at 1, got " + deliveryCount);
        }
        byte[] bytes = body == null ? NO_BODY : body;
        String kindName = stringHeader(properties, WireKeys.KIND);
        MessageKind kind;
        if (kindName == null) {
            kind = bytes.length > 0 ? MessageKind.BYTES : MessageKind.MESSAGE;
        } else {
            kind = MessageKind.fromWireName(kindName);
            if (kind == null) {
                throw new MessageFormatException("unknown message kind '" + kindName + "' under " + WireKeys.KIND);
            }
        }
        boolean nullBody = booleanHeader(properties, WireKeys.NULL_BODY);
        RocketMessage m = decodeBody(kind, bytes, nullBody);

        String id = stringHeader(properties, WireKeys.MESSAGE_ID);
        if (id == null && kindName != null) {
            // sent as the engine's unique key; one the broker made up (the id was disabled) has no ID: prefix
            String uniq = properties.get(HeaderKeys.UNIQ_KEY);
            id = uniq != null && uniq.startsWith("ID:") ? uniq : null;
        }
        m.setJMSMessageID(id);
        long timestamp = longHeader(properties, WireKeys.TIMESTAMP, 0L);
        m.setJMSTimestamp(timestamp);
        m.setCorrelationIdRaw(stringHeader(properties, WireKeys.CORRELATION_ID),
                booleanHeader(properties, WireKeys.CORRELATION_ID_BYTES));
        m.setJMSType(stringHeader(properties, WireKeys.TYPE));
        m.setJMSPriority((int) longHeader(properties, WireKeys.PRIORITY, jakarta.jms.Message.DEFAULT_PRIORITY));
        m.setJMSDeliveryMode((int) longHeader(properties, WireKeys.DELIVERY_MODE,
                jakarta.jms.Message.DEFAULT_DELIVERY_MODE));
        m.setJMSReplyTo(destination(properties, WireKeys.REPLY_TO));
        m.setJMSDestination(destination(properties, WireKeys.DESTINATION));
        m.setJMSExpiration(longHeader(properties, WireKeys.EXPIRATION, 0L));
        // left out when it equals the timestamp (no delivery delay)
        m.setJMSDeliveryTime(longHeader(properties, WireKeys.DELIVERY_TIME, kindName != null ? timestamp : 0L));

        if (kindName != null) {
            // a JMS message: exactly the properties its producer listed; other engine keys are not properties
            String names = stringHeader(properties, WireKeys.PROPERTY_NAMES);
            if (names != null && !names.isEmpty()) {
                for (String name : names.split(",")) {
                    String raw = properties.get(name);
                    if (!PropertyNames.isValid(name) || raw == null) {
                        throw new MessageFormatException("malformed " + WireKeys.PROPERTY_NAMES + ": '" + name
                                + "' is not a property name with a value");
                    }
                    m.putPropertyUnchecked(name, TypedPropertyCodec.decode(raw));
                }
            }
        } else {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                String key = e.getKey();
                if (key == null || WireKeys.isReserved(key) || WireKeys.isEngineKey(key)) {
                    continue;
                }
                if (!PropertyNames.isValid(key)) {
                    LOG.debug("ignoring engine property '{}': not a valid JMS property name", key);
                    continue;
                }
                m.putPropertyUnchecked(key, TypedPropertyCodec.decode(e.getValue()));
            }
        }
        String nullNames = stringHeader(properties, WireKeys.NULL_PROPERTIES);
        if (nullNames != null && !nullNames.isEmpty()) {
            for (String name : nullNames.split(",")) {
                if (!PropertyNames.isValid(name)) {
                    throw new MessageFormatException("malformed " + WireKeys.NULL_PROPERTIES + ": '" + name
                            + "' is not a property name");
                }
                m.putPropertyUnchecked(name, null);
            }
        }
        m.onDelivery(deliveryCount);
        return m;
    }

    private RocketMessage decodeBody(MessageKind kind, byte[] bytes, boolean nullBody) throws JMSException {
        switch (kind) {
            case TEXT:
                return new RocketTextMessage(nullBody ? null : new String(bytes, StandardCharsets.UTF_8));
            case BYTES: {
                RocketBytesMessage m = new RocketBytesMessage();
                m.setBodyUnchecked(bytes);
                return m;
            }
            case MAP: {
                RocketMapMessage m = new RocketMapMessage();
                m.entryMap().putAll(TypedBodyCodec.decodeMap(bytes));
                return m;
            }
            case STREAM: {
                RocketStreamMessage m = new RocketStreamMessage();
                List<Object> fields = TypedBodyCodec.decodeStream(bytes);
                m.setFieldsUnchecked(fields);
                return m;
            }
            case OBJECT: {
                RocketObjectMessage m = new RocketObjectMessage();
                m.setSerializedUnchecked(nullBody ? null : bytes);
                if (trustedPackages != null) {
                    m.setTrustedPackages(trustedPackages);
                }
                return m;
            }
            default:
                return new RocketMessage();
        }
    }

    private Destination destination(Map<String, String> p, String key) throws JMSException {
        return destinations.decode(stringHeader(p, key));
    }

    private static Object typed(Map<String, String> p, String key) {
        String raw = p.get(key);
        return raw == null ? null : TypedPropertyCodec.decode(raw);
    }

    private static String stringHeader(Map<String, String> p, String key) throws MessageFormatException {
        Object v = typed(p, key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new MessageFormatException("malformed header " + key + ": expected a String, got a "
                + v.getClass().getSimpleName());
    }

    private static long longHeader(Map<String, String> p, String key, long absent) throws MessageFormatException {
        Object v = typed(p, key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new MessageFormatException("malformed header " + key + ": expected an integer, got '" + p.get(key)
                + "'");
    }

    private static boolean booleanHeader(Map<String, String> p, String key) throws MessageFormatException {
        Object v = typed(p, key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new MessageFormatException("malformed header " + key + ": expected a boolean, got '" + p.get(key)
                + "'");
    }
}
