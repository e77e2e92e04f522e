package org.rocketjms.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The typed-read conversion tables of Jakarta Messaging: section 3.5.4 for properties and the tables of
 * {@code MapMessage} and {@code StreamMessage} (section 3.11.3), which add {@code char} and {@code byte[]}. A value
 * stored as the row type may be read as a column type when marked; every other combination throws
 * {@link MessageFormatException}. A {@code String} is parsed with the target type's {@code valueOf}, and a missing
 * (null) value read as a primitive behaves like {@code valueOf((String) null)}: {@code false} for boolean,
 * {@link NumberFormatException} for the integral types, {@link NullPointerException} for float and double, and
 * {@link NullPointerException} for char, which has no string conversion.
 *
 * <p>Every method receives where the value came from ({@code scope} and {@code id}) only to build an error message.
 */
final class TypeConversions {
    private TypeConversions() {
    }

    static boolean toBoolean(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.valueOf((String) v);
        }
        throw mismatch(v, "boolean", scope, id);
    }

    static byte toByte(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.valueOf((String) v);
        }
        throw mismatch(v, "byte", scope, id);
    }

    static short toShort(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Short.valueOf((String) v);
        }
        throw mismatch(v, "short", scope, id);
    }

    static char toChar(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("the " + describe(scope, id) + " is null, which cannot be read as a char");
        }
        throw mismatch(v, "char", scope, id);
    }

    static int toInt(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Integer.valueOf((String) v);
        }
        throw mismatch(v, "int", scope, id);
    }

    static long toLong(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Long.valueOf((String) v);
        }
        throw mismatch(v, "long", scope, id);
    }

    static float toFloat(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.valueOf((String) v);
        }
        throw mismatch(v, "float", scope, id);
    }

    static double toDouble(Object v, String scope, Object id) throws MessageFormatException {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Double.valueOf((String) v);
        }
        throw mismatch(v, "double", scope, id);
    }

    static String toStringValue(Object v, String scope, Object id) throws MessageFormatException {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[]) {
            throw mismatch(v, "String", scope, id);
        }
        return v.toString();
    }

    /** Returns the stored array itself (callers copy it) or null. */
    static byte[] toBytes(Object v, String scope, Object id) throws MessageFormatException {
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw mismatch(v, "byte[]", scope, id);
    }

    /** Whether a value may be stored as a message property (the eight property types; null is handled apart). */
    static boolean isPropertyType(Object v) {
        return v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte;
    }

    /** Whether a value may be stored in a map or stream body: the property types, {@code Character} and byte[]. */
    static boolean isBodyValueType(Object v) {
        return isPropertyType(v) || v instanceof Character || v instanceof byte[];
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[]) {
            return "byte[]";
        }
        return v.getClass().getSimpleName();
    }

    static String describe(String scope, Object id) {
        return id == null ? scope : scope + " '" + id + "'";
    }

    private static MessageFormatException mismatch(Object v, String target, String scope, Object id) {
        return new MessageFormatException("the " + describe(scope, id) + " holds a " + typeName(v)
                + ", which cannot be read as " + target);
    }
}
