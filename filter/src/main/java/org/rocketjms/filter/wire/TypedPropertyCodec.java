package org.rocketjms.filter.wire;

import java.util.Map;

/**
 * How a typed message property travels in the engine's {@code String -> String} property map, so that the
 * broker (evaluating selectors) and the client (rebuilding JMS properties) read the same value with the same
 * Java type.
 *
 * <p>A typed value is a one-character type tag followed by the value's canonical text:
 * <pre>
 *   S string    Z boolean ("true"/"false")   B byte    H short
 *   I int       J long                         F float   D double (Float/Double.toString, hex never used)
 * </pre>
 * A value with no known tag (for example the engine's own {@code TAGS} or {@code KEYS}) decodes as the raw
 * string. The JMS header fields a selector may name are stored under the keys of {@link HeaderKeys}, also
 * typed. Decoding never throws: a malformed number decodes as the raw string.
 */
public final class TypedPropertyCodec {
    public static final char STRING = 'S';
    public static final char BOOLEAN = 'Z';
    public static final char BYTE = 'B';
    public static final char SHORT = 'H';
    public static final char INT = 'I';
    public static final char LONG = 'J';
    public static final char FLOAT = 'F';
    public static final char DOUBLE = 'D';

    private TypedPropertyCodec() {
    }

    /**
     * Encodes a property value.
     *
     * @throws IllegalArgumentException for a type a message property cannot have
     */
    public static String encode(Object value) {
        if (value instanceof String s) {
            return STRING + s;
        }
        if (value instanceof Integer i) {
            return INT + i.toString();
        }
        if (value instanceof Long l) {
            return LONG + l.toString();
        }
        if (value instanceof Boolean b) {
            return BOOLEAN + b.toString();
        }
        if (value instanceof Double d) {
            return DOUBLE + d.toString();
        }
        if (value instanceof Float f) {
            return FLOAT + f.toString();
        }
        if (value instanceof Short s) {
            return SHORT + s.toString();
        }
        if (value instanceof Byte b) {
            return BYTE + b.toString();
        }
        throw new IllegalArgumentException("a message property cannot hold a "
                + (value == null ? "null" : value.getClass().getName()) + " value");
    }

    /** Decodes a value written by {@link #encode}; untagged or malformed text is returned as the raw string. */
    public static Object decode(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String v = text.substring(1);
        try {
            switch (text.charAt(0)) {
                case STRING:
                    return v;
                case BOOLEAN:
                    if (v.equals("true")) {
                        return Boolean.TRUE;
                    }
                    return v.equals("false") ? Boolean.FALSE : text;
                case BYTE:
                    return Byte.valueOf(v);
                case SHORT:
                    return Short.valueOf(v);
                case INT:
                    return Integer.valueOf(v);
                case LONG:
                    return Long.valueOf(v);
                case FLOAT:
                    return Float.valueOf(v);
                case DOUBLE:
                    return Double.valueOf(v);
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            return text; // not written by encode(): treat as an opaque engine property
        }
    }

    /**
     * A selector's view of an engine property map: identifiers are looked up as keys and decoded; the header
     * identifiers map to their {@link HeaderKeys} keys, {@code JMSDeliveryMode} to 'PERSISTENT' or
     * 'NON_PERSISTENT'.
     */
    public static org.rocketjms.filter.selector.PropertySource propertySource(Map<String, String> properties) {
        return identifier -> {
            String key = HeaderKeys.keyFor(identifier);
            String raw = properties.get(key);
            if (raw == null) {
                raw = HeaderKeys.defaultOf(key, properties); // a header a JMS client left out at its default
                if (raw == null) {
                    return null;
                }
            }
            if (key.equals(HeaderKeys.DELIVERY_MODE)) {
                Object mode = decode(raw);
                if (mode instanceof Integer i) {
                    return i == HeaderKeys.NON_PERSISTENT ? "NON_PERSISTENT" : "PERSISTENT";
                }
                return mode;
            }
            return decode(raw);
        };
    }
}
