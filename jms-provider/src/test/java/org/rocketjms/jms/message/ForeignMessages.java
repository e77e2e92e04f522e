package org.rocketjms.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A deliberately minimal "other provider": plain implementations of the standard interfaces for tests. */
final class ForeignMessages {
    private ForeignMessages() {
    }

    /** Another provider's queue. */
    record ForeignQueue(String name) implements Queue {
        @Override
        public String getQueueName() {
            return name;
        }
    }

    /** Another provider's temporary topic. */
    record ForeignTempTopic(String name) implements TemporaryTopic {
        @Override
        public String getTopicName() {
            return name;
        }

        @Override
        public void delete() {
        }
    }

    /** A destination that is neither queue nor topic. */
    record OddDestination() implements Destination {
    }

    /** Headers and properties held in plain fields. */
    static class Plain implements Message {
        String id;
        long timestamp;
        String correlationId;
        Destination replyTo;
        Destination destination;
        int deliveryMode = 2;
        boolean redelivered;
        String type;
        long expiration;
        long deliveryTime;
        int priority = 4;
        final Map<String, Object> props = new LinkedHashMap<>();

        @Override public String getJMSMessageID() { return id; }
        @Override public void setJMSMessageID(String v) { id = v; }
        @Override public long getJMSTimestamp() { return timestamp; }
        @Override public void setJMSTimestamp(long v) { timestamp = v; }
        @Override public byte[] getJMSCorrelationIDAsBytes() { throw new UnsupportedOperationException(); }
        @Override public void setJMSCorrelationIDAsBytes(byte[] v) { throw new UnsupportedOperationException(); }
        @Override public void setJMSCorrelationID(String v) { correlationId = v; }
        @Override public String getJMSCorrelationID() { return correlationId; }
        @Override public Destination getJMSReplyTo() { return replyTo; }
        @Override public void setJMSReplyTo(Destination v) { replyTo = v; }
        @Override public Destination getJMSDestination() { return destination; }
        @Override public void setJMSDestination(Destination v) { destination = v; }
        @Override public int getJMSDeliveryMode() { return deliveryMode; }
        @Override public void setJMSDeliveryMode(int v) { deliveryMode = v; }
        @Override public boolean getJMSRedelivered() { return redelivered; }
        @Override public void setJMSRedelivered(boolean v) { redelivered = v; }
        @Override public String getJMSType() { return type; }
        @Override public void setJMSType(String v) { type = v; }
        @Override public long getJMSExpiration() { return expiration; }
        @Override public void setJMSExpiration(long v) { expiration = v; }
        @Override public long getJMSDeliveryTime() { return deliveryTime; }
        @Override public void setJMSDeliveryTime(long v) { deliveryTime = v; }
        @Override public int getJMSPriority() { return priority; }
        @Override public void setJMSPriority(int v) { priority = v; }
        @Override public void clearProperties() { props.clear(); }
        @Override public boolean propertyExists(String n) { return props.containsKey(n); }
        @Override public boolean getBooleanProperty(String n) { return (Boolean) props.get(n); }
        @Override public byte getByteProperty(String n) { return (Byte) props.get(n); }
        @Override public short getShortProperty(String n) { return (Short) props.get(n); }
        @Override public int getIntProperty(String n) { return (Integer) props.get(n); }
        @Override public long getLongProperty(String n) { return (Long) props.get(n); }
        @Override public float getFloatProperty(String n) { return (Float) props.get(n); }
        @Override public double getDoubleProperty(String n) { return (Double) props.get(n); }
        @Override public String getStringProperty(String n) { return (String) props.get(n); }
        @Override public Object getObjectProperty(String n) { return props.get(n); }
        @Override public Enumeration<String> getPropertyNames() { return Collections.enumeration(props.keySet()); }
        @Override public void setBooleanProperty(String n, boolean v) { props.put(n, v); }
        @Override public void setByteProperty(String n, byte v) { props.put(n, v); }
        @Override public void setShortProperty(String n, short v) { props.put(n, v); }
        @Override public void setIntProperty(String n, int v) { props.put(n, v); }
        @Override public void setLongProperty(String n, long v) { props.put(n, v); }
        @Override public void setFloatProperty(String n, float v) { props.put(n, v); }
        @Override public void setDoubleProperty(String n, double v) { props.put(n, v); }
        @Override public void setStringProperty(String n, String v) { props.put(n, v); }
        @Override public void setObjectProperty(String n, Object v) { props.put(n, v); }
        @Override public void acknowledge() { }
        @Override public void clearBody() { }
        @Override public <T> T getBody(Class<T> c) { return null; }
        @Override @SuppressWarnings("rawtypes") public boolean isBodyAssignableTo(Class c) { return true; }
    }

    /** A foreign text message. */
    static class Text extends Plain implements TextMessage {
        String text;

        @Override public void setText(String v) { text = v; }
        @Override public String getText() { return text; }
    }

    /** A foreign object message (no copy on set: a careless provider). */
    static class Obj extends Plain implements ObjectMessage {
        Serializable object;

        @Override public void setObject(Serializable v) { object = v; }
        @Override public Serializable getObject() { return object; }
    }

    /** A foreign map message. */
    static class MapMsg extends Plain implements MapMessage {
        final Map<String, Object> map = new LinkedHashMap<>();

        @Override public boolean getBoolean(String n) { return (Boolean) map.get(n); }
        @Override public byte getByte(String n) { return (Byte) map.get(n); }
        @Override public short getShort(String n) { return (Short) map.get(n); }
        @Override public char getChar(String n) { return (Character) map.get(n); }
        @Override public int getInt(String n) { return (Integer) map.get(n); }
        @Override public long getLong(String n) { return (Long) map.get(n); }
        @Override public float getFloat(String n) { return (Float) map.get(n); }
        @Override public double getDouble(String n) { return (Double) map.get(n); }
        @Override public String getString(String n) { return (String) map.get(n); }
        @Override public byte[] getBytes(String n) { return (byte[]) map.get(n); }
        @Override public Object getObject(String n) { return map.get(n); }
        @Override public Enumeration<String> getMapNames() { return Collections.enumeration(map.keySet()); }
        @Override public void setBoolean(String n, boolean v) { map.put(n, v); }
        @Override public void setByte(String n, byte v) { map.put(n, v); }
        @Override public void setShort(String n, short v) { map.put(n, v); }
        @Override public void setChar(String n, char v) { map.put(n, v); }
        @Override public void setInt(String n, int v) { map.put(n, v); }
        @Override public void setLong(String n, long v) { map.put(n, v); }
        @Override public void setFloat(String n, float v) { map.put(n, v); }
        @Override public void setDouble(String n, double v) { map.put(n, v); }
        @Override public void setString(String n, String v) { map.put(n, v); }
        @Override public void setBytes(String n, byte[] v) { map.put(n, v.clone()); }
        @Override public void setBytes(String n, byte[] v, int o, int l) { map.put(n, Arrays.copyOfRange(v, o, o + l)); }
        @Override public void setObject(String n, Object v) { map.put(n, v); }
        @Override public boolean itemExists(String n) { return map.containsKey(n); }
    }

    /** A foreign stream message supporting only writeObject/readObject/reset. */
    static class Stream extends Plain implements StreamMessage {
        final List<Object> fields = new ArrayList<>();
        int pos;

        @Override public Object readObject() throws JMSException {
            if (pos >= fields.size()) {
                throw new MessageEOFException("end");
            }
            return fields.get(pos++);
        }
        @Override public void writeObject(Object v) { fields.add(v); }
        @Override public void reset() { pos = 0; }
        @Override public boolean readBoolean() { throw new UnsupportedOperationException(); }
        @Override public byte readByte() { throw new UnsupportedOperationException(); }
        @Override public short readShort() { throw new UnsupportedOperationException(); }
        @Override public char readChar() { throw new UnsupportedOperationException(); }
        @Override public int readInt() { throw new UnsupportedOperationException(); }
        @Override public long readLong() { throw new UnsupportedOperationException(); }
        @Override public float readFloat() { throw new UnsupportedOperationException(); }
        @Override public double readDouble() { throw new UnsupportedOperationException(); }
        @Override public String readString() { throw new UnsupportedOperationException(); }
        @Override public int readBytes(byte[] v) { throw new UnsupportedOperationException(); }
        @Override public void writeBoolean(boolean v) { fields.add(v); }
        @Override public void writeByte(byte v) { fields.add(v); }
        @Override public void writeShort(short v) { fields.add(v); }
        @Override public void writeChar(char v) { fields.add(v); }
        @Override public void writeInt(int v) { fields.add(v); }
        @Override public void writeLong(long v) { fields.add(v); }
        @Override public void writeFloat(float v) { fields.add(v); }
        @Override public void writeDouble(double v) { fields.add(v); }
        @Override public void writeString(String v) { fields.add(v); }
        @Override public void writeBytes(byte[] v) { fields.add(v.clone()); }
        @Override public void writeBytes(byte[] v, int o, int l) { fields.add(Arrays.copyOfRange(v, o, o + l)); }
    }

    /** A foreign bytes message supporting raw writes, reset, getBodyLength and readBytes. */
    static class Bytes extends Plain implements BytesMessage {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] data;
        int pos;
        int resets;

        @Override public void reset() { data = out.toByteArray(); pos = 0; resets++; }
        @Override public long getBodyLength() { return data.length; }
        @Override public int readBytes(byte[] v) { return readBytes(v, v.length); }
        @Override public int readBytes(byte[] v, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 3), data.length - pos); // deliberately short reads
            System.arraycopy(data, pos, v, 0, n);
            pos += n;
            return n;
        }
        @Override public void writeBytes(byte[] v) { out.writeBytes(v); }
        @Override public void writeBytes(byte[] v, int o, int l) { out.write(v, o, l); }
        @Override public boolean readBoolean() { throw new UnsupportedOperationException(); }
        @Override public byte readByte() { throw new UnsupportedOperationException(); }
        @Override public int readUnsignedByte() { throw new UnsupportedOperationException(); }
        @Override public short readShort() { throw new UnsupportedOperationException(); }
        @Override public int readUnsignedShort() { throw new UnsupportedOperationException(); }
        @Override public char readChar() { throw new UnsupportedOperationException(); }
        @Override public int readInt() { throw new UnsupportedOperationException(); }
        @Override public long readLong() { throw new UnsupportedOperationException(); }
        @Override public float readFloat() { throw new UnsupportedOperationException(); }
        @Override public double readDouble() { throw new UnsupportedOperationException(); }
        @Override public String readUTF() { throw new UnsupportedOperationException(); }
        @Override public void writeBoolean(boolean v) { throw new UnsupportedOperationException(); }
        @Override public void writeByte(byte v) { out.write(v); }
        @Override public void writeShort(short v) { throw new UnsupportedOperationException(); }
        @Override public void writeChar(char v) { throw new UnsupportedOperationException(); }
        @Override public void writeInt(int v) { throw new UnsupportedOperationException(); }
        @Override public void writeLong(long v) { throw new UnsupportedOperationException(); }
        @Override public void writeFloat(float v) { throw new UnsupportedOperationException(); }
        @Override public void writeDouble(double v) { throw new UnsupportedOperationException(); }
        @Override public void writeUTF(String v) { throw new UnsupportedOperationException(); }
        @Override public void writeObject(Object v) { throw new UnsupportedOperationException(); }
    }
}
