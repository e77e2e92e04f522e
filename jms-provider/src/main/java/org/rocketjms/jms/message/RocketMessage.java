package org.rocketjms.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JMS message without body, and the base of the five body kinds: the header fields, the typed properties with the
 * conversion table of Jakarta Messaging 3.5.4, and the read-only state of a received message.
 *
 * <p>Header fields are always writable. Properties and body become read-only when the message is delivered
 * ({@link #onDelivery(int)}); {@link #clearProperties()} and {@link #clearBody()} make them writable again.
 * {@code JMSCorrelationID} set as bytes is kept as the ISO-8859-1 string of those bytes, so it round-trips exactly
 * and a selector can still compare it. Not thread-safe.
 */
public class RocketMessage implements Message {
    static final String PROPERTY_SCOPE = "property";

    private String messageId;
    private long timestamp;
    private String correlationId;
    private boolean correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private boolean propertiesReadOnly;
    /** True once the body may only be read: after delivery, or after {@code reset()} of a bytes/stream message. */
    boolean bodyReadOnly;
    private MessageAcknowledger acknowledger;

    /** Creates an empty, writable message. */
    public RocketMessage() {
    }

    /** The kind of this message, as carried in the wire form. */
    public MessageKind kind() {
        return MessageKind.MESSAGE;
    }

    // ------------------------------------------------------------------------------------------------ headers

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    /** Sets the message ID; the provider sets an {@code ID:} prefixed value on send, any string is accepted here. */
    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /**
     * Returns the correlation ID as bytes: the bytes given to {@link #setJMSCorrelationIDAsBytes}, or the UTF-8
     * encoding of a string correlation ID; null when none is set.
     */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationId == null) {
            return null;
        }
        return correlationId.getBytes(correlationIdBytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] id) {
        if (id == null) {
            correlationId = null;
            correlationIdBytes = false;
        } else {
            correlationId = new String(id, StandardCharsets.ISO_8859_1);
            correlationIdBytes = true;
        }
    }

    @Override
    public void setJMSCorrelationID(String id) {
        this.correlationId = id;
        this.correlationIdBytes = false;
    }

    /** The correlation ID; when it was set as bytes, the ISO-8859-1 string of those bytes. */
    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    /** Whether the correlation ID was set with {@link #setJMSCorrelationIDAsBytes}. */
    public boolean isJMSCorrelationIDBytes() {
        return correlationIdBytes;
    }

    void setCorrelationIdRaw(String id, boolean asBytes) {
        this.correlationId = id;
        this.correlationIdBytes = id != null && asBytes;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // --------------------------------------------------------------------------------------------- properties

    /** Removes every property (including provider-set JMSX ones) and makes the properties writable. */
    @Override
    public void clearProperties() {
        properties.clear();
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return name != null && properties.containsKey(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return TypeConversions.toBoolean(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return TypeConversions.toByte(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return TypeConversions.toShort(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return TypeConversions.toInt(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return TypeConversions.toLong(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return TypeConversions.toFloat(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return TypeConversions.toDouble(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return TypeConversions.toStringValue(properties.get(name), PROPERTY_SCOPE, name);
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    /** The property names (a snapshot: changing properties while enumerating is safe). Headers are not included. */
    @Override
    public Enumeration<String> getPropertyNames() {
        return Collections.enumeration(new ArrayList<>(properties.keySet()));
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        putProperty(name, value);
    }

    /** Sets a String property; a null value is kept as a property whose value is null. */
    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        putProperty(name, value);
    }

    /**
     * Sets a property from one of {@code Boolean, Byte, Short, Integer, Long, Float, Double, String} (or null);
     * any other class throws {@link MessageFormatException}.
     */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        if (value != null && !TypeConversions.isPropertyType(value)) {
            PropertyNames.validate(name);
            throw new MessageFormatException("property '" + name + "' cannot hold a " + value.getClass().getName()
                    + ": only Boolean, Byte, Short, Integer, Long, Float, Double and String are allowed");
        }
        putProperty(name, value);
    }

    private void putProperty(String name, Object value) throws JMSException {
        PropertyNames.validate(name);
        if (propertiesReadOnly) {
            throw new MessageNotWriteableException("the properties of this message are read-only (it was received);"
                    + " call clearProperties() before setting property '" + name + "'");
        }
        if (PropertyNames.JMSX_GROUP_ID.equals(name) && value != null && !(value instanceof String)) {
            throw new MessageFormatException("JMSXGroupID must be a String, not a " + TypeConversions.typeName(value));
        }
        if (PropertyNames.JMSX_GROUP_SEQ.equals(name) && value != null && !(value instanceof Integer)) {
            throw new MessageFormatException("JMSXGroupSeq must be an int, not a " + TypeConversions.typeName(value));
        }
        properties.put(name, value);
    }

    /** Stores a property without name or mode checks (wire decoding and provider-set JMSX properties). */
    void putPropertyUnchecked(String name, Object value) {
        properties.put(name, value);
    }

    /** The live property map, for encoding. */
    Map<String, Object> propertyMap() {
        return properties;
    }

    /** Whether the properties are read-only (the message was delivered and clearProperties() not called since). */
    public boolean isPropertiesReadOnly() {
        return propertiesReadOnly;
    }

    /** Whether the body is read-only (delivered, or a bytes/stream message after reset()). */
    public boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    // ------------------------------------------------------------------------------------- delivery and body

    /**
     * Marks this message as delivered to a consumer: properties and body become read-only (a bytes or stream
     * message is positioned at the start of its body for reading), {@code JMSXDeliveryCount} is set to the given
     * count and {@code JMSRedelivered} to {@code deliveryCount > 1}.
     *
     * @param deliveryCount how many times the message has been delivered, this delivery included (at least 1)
     * @throws IllegalArgumentException when the count is below 1
     */
    public void onDelivery(int deliveryCount) {
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("a delivery count starts at 1, got " + deliveryCount);
        }
        properties.put(PropertyNames.JMSX_DELIVERY_COUNT, deliveryCount);
        redelivered = deliveryCount > 1;
        propertiesReadOnly = true;
        makeBodyReadOnly();
    }

    /** Puts the body in read-only mode, positioned at its start. Subclasses with a read position reset it. */
    void makeBodyReadOnly() {
        bodyReadOnly = true;
    }

    /** Installs what {@link #acknowledge()} calls; the delivering session does this. */
    public void setAcknowledger(MessageAcknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    /** Acknowledges through the delivering session's hook; a no-op on a message that was not delivered. */
    @Override
    public void acknowledge() throws JMSException {
        MessageAcknowledger hook = acknowledger;
        if (hook != null) {
            hook.acknowledge(this);
        }
    }

    /** Empties the body and makes it writable. Headers and properties are untouched. */
    @Override
    public void clearBody() throws JMSException {
        bodyReadOnly = false;
    }

    /** A plain message has no body: always null, whatever the type. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        return null;
    }

    /** A plain message has no body: always true. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        return true;
    }

    /** Throws {@link MessageNotWriteableException} when the body is read-only. */
    final void requireBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException("the body of this " + kindName() + " is read-only;"
                    + " call clearBody() before writing to it");
        }
    }

    final String kindName() {
        switch (kind()) {
            case TEXT:
                return "TextMessage";
            case BYTES:
                return "BytesMessage";
            case MAP:
                return "MapMessage";
            case STREAM:
                return "StreamMessage";
            case OBJECT:
                return "ObjectMessage";
            default:
                return "Message";
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination
                + ", properties=" + properties.keySet() + "]";
    }
}
