package org.rocketjms.remoting.protocol.broker;

/**
 * How typed JMS property values travel as strings so the broker can evaluate selectors without knowing the
 * client: a one-letter type, a colon, the value ({@code i:42}, {@code l:7}, {@code s:text}, {@code b:true},
 * {@code d:1.5}, {@code f:1.5}, {@code y:3} byte, {@code h:3} short). A value without such a prefix is a plain
 * string (system properties such as TAGS or KEYS are stored that way).
 */
public final class PropertyValues {
    private PropertyValues() {
    }

    /** Encodes a Java value (String, Boolean, Byte, Short, Integer, Long, Float, Double). */
    public static String encode(Object v) {
        if (v instanceof String s) {
            return "s:" + s;
        } else if (v instanceof Boolean b) {
            return "b:" + b;
        } else if (v instanceof Byte b) {
            return "y:" + b;
        } else if (v instanceof Short s) {
            return "h:" + s;
        } else if (v instanceof Integer i) {
            return "i:" + i;
        } else if (v instanceof Long l) {
            return "l:" + l;
        } else if (v instanceof Float f) {
            return "f:" + f;
        } else if (v instanceof Double d) {
            return "d:" + d;
        }
        throw new IllegalArgumentException("unsupported property type " + (v == null ? "null" : v.getClass()));
    }

    /** Decodes a value written by {@link #encode}; an unprefixed or malformed value is returned as the raw string. */
    public static Object decode(String raw) {
        if (raw == null || raw.length() < 2 || raw.charAt(1) != ':') {
            return raw;
        }
        String v = raw.substring(2);
        try {
            return switch (raw.charAt(0)) {
                case 's' -> v;
                case 'b' -> Boolean.valueOf(v);
                case 'y' -> Byte.valueOf(v);
                case 'h' -> Short.valueOf(v);
                case 'i' -> Integer.valueOf(v);
                case 'l' -> Long.valueOf(v);
                case 'f' -> Float.valueOf(v);
                case 'd' -> Double.valueOf(v);
                default -> raw;
            };
        } catch (NumberFormatException e) {
            return raw;
        }
    }
}
