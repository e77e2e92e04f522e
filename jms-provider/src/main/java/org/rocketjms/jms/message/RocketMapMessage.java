package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JMS {@link MapMessage}: named typed entries read with the same conversion table as stream fields (Jakarta
 * Messaging 3.11.3). Names must be non-null and non-empty; values are primitive wrappers, {@code Character},
 * String, byte[] (copied in and out) or null. Read-only once delivered until {@link #clearBody()}.
 */
public class RocketMapMessage extends RocketMessage implements MapMessage {
    private static final String SCOPE = "MapMessage entry";

    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** Creates an empty, writable map message. */
    public RocketMapMessage() {
    }

    @Override
    public MessageKind kind() {
        return MessageKind.MAP;
    }

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return TypeConversions.toBoolean(entries.get(name), SCOPE, name);
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return TypeConversions.toByte(entries.get(name), SCOPE, name);
    }

    @Override
    public short getShort(String name) throws JMSException {
        return TypeConversions.toShort(entries.get(name), SCOPE, name);
    }

    @Override
    public char getChar(String name) throws JMSException {
        return TypeConversions.toChar(entries.get(name), SCOPE, name);
    }

    @Override
    public int getInt(String name) throws JMSException {
        return TypeConversions.toInt(entries.get(name), SCOPE, name);
    }

    @Override
    public long getLong(String name) throws JMSException {
        return TypeConversions.toLong(entries.get(name), SCOPE, name);
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return TypeConversions.toFloat(entries.get(name), SCOPE, name);
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return TypeConversions.toDouble(entries.get(name), SCOPE, name);
    }

    @Override
    public String getString(String name) throws JMSException {
        return TypeConversions.toStringValue(entries.get(name), SCOPE, name);
    }

    /** A copy of the byte[] entry, or null when there is no such entry. */
    @Override
    public byte[] getBytes(String name) throws JMSException {
        byte[] b = TypeConversions.toBytes(entries.get(name), SCOPE, name);
        return b == null ? null : b.clone();
    }

    /** The entry in objectified form (byte[] copied), or null when there is no such entry. */
    @Override
    public Object getObject(String name) {
        Object v = entries.get(name);
        return v instanceof byte[] b ? b.clone() : v;
    }

    /** The entry names (a snapshot). */
    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(entries.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return name != null && entries.containsKey(name);
    }

    private void put(String name, Object value) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a MapMessage entry name must not be null or empty");
        }
        requireBodyWritable();
        entries.put(name, value);
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    /** Stores a copy of the array (null stores a null entry). */
    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    /**
     * Stores a primitive wrapper, {@code Character}, String, byte[] (copied) or null.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (value != null && !TypeConversions.isBodyValueType(value)) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a MapMessage entry name must not be null or empty");
            }
            throw new MessageFormatException("MapMessage entry '" + name + "' cannot hold a "
                    + value.getClass().getName() + ": only primitive wrappers, Character, String and byte[] are"
                    + " allowed");
        }
        put(name, value instanceof byte[] b ? b.clone() : value);
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        entries.clear();
    }

    /** The live entry map, for encoding. */
    Map<String, Object> entryMap() {
        return entries;
    }

    /**
     * A new modifiable map holding the entries (byte[] values copied) when {@code c} is {@code Map} or a supertype;
     * null when the map is empty.
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (entries.isEmpty()) {
            return null;
        }
        if (!c.isAssignableFrom(Map.class)) {
            throw new MessageFormatException("the body of a MapMessage is a java.util.Map and cannot be returned as "
                    + c.getName());
        }
        Map<String, Object> copy = new LinkedHashMap<>(entries.size() * 2);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Object v = e.getValue();
            copy.put(e.getKey(), v instanceof byte[] b ? b.clone() : v);
        }
        return c.cast(copy);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        Class<?> type = c;
        return entries.isEmpty() || type.isAssignableFrom(Map.class);
    }
}
