package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * A JMS {@link ObjectMessage}. {@link #setObject} serializes the object at once (later changes to it are not
 * seen); {@link #getObject()} deserializes a new copy each time, admitting only classes the message's
 * {@link TrustedPackages} policy trusts (by default {@link TrustedPackages#fromSystemProperty()}). A refused class
 * throws {@link MessageFormatException} naming the class and the system property {@value
 * TrustedPackages#SYSTEM_PROPERTY}.
 */
public class RocketObjectMessage extends RocketMessage implements ObjectMessage {
    private static final Logger LOG = LoggerFactory.getLogger(RocketObjectMessage.class);

    private byte[] serialized;
    private TrustedPackages trustedPackages;

    /** Creates an empty, writable object message. */
    public RocketObjectMessage() {
    }

    @Override
    public MessageKind kind() {
        return MessageKind.OBJECT;
    }

    /** Uses the given policy for deserialization instead of the system-property default (null restores it). */
    public void setTrustedPackages(TrustedPackages policy) {
        this.trustedPackages = policy;
    }

    /** The policy {@link #getObject()} applies. */
    public TrustedPackages getTrustedPackages() {
        TrustedPackages p = trustedPackages;
        return p != null ? p : TrustedPackages.fromSystemProperty();
    }

    /**
     * Serializes and stores the object (null clears the body).
     *
     * @throws MessageFormatException when the object graph cannot be serialized
     */
    @Override
    public void setObject(Serializable object) throws JMSException {
        requireBodyWritable();
        serialized = object == null ? null : serialize(object);
    }

    /**
     * A new copy of the stored object, or null when there is none.
     *
     * @throws MessageFormatException when a class is not trusted, cannot be found, or the bytes are corrupt
     */
    @Override
    public Serializable getObject() throws JMSException {
        byte[] bytes = serialized;
        return bytes == null ? null : deserialize(bytes, getTrustedPackages());
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        serialized = null;
    }

    /** The serialized form, for encoding (null when there is no body). */
    byte[] serializedBytes() {
        return serialized;
    }

    /** Replaces the serialized form without mode checks (wire decoding). */
    void setSerializedUnchecked(byte[] bytes) {
        this.serialized = bytes;
    }

    /** The deserialized object when it is an instance of {@code c}; null when there is no body. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        Serializable object = getObject();
        if (object == null) {
            return null;
        }
        if (!c.isInstance(object)) {
            throw new MessageFormatException("the body of this ObjectMessage is a " + object.getClass().getName()
                    + " and cannot be returned as " + c.getName());
        }
        return c.cast(object);
    }

    /** True when there is no body, or it deserializes to an instance of {@code c}; false when deserialization fails. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        if (serialized == null) {
            return true;
        }
        Serializable object;
        try {
            object = getObject();
        } catch (MessageFormatException e) {
            LOG.debug("ObjectMessage body is not assignable to {} because it cannot be deserialized: {}",
                    c.getName(), e.getMessage());
            return false;
        }
        return c.isInstance(object);
    }

    static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(object);
        } catch (IOException e) {
            throw JmsErrors.format("cannot serialize the ObjectMessage body of type " + object.getClass().getName()
                    + ": " + e, e);
        }
        return out.toByteArray();
    }

    static Serializable deserialize(byte[] bytes, TrustedPackages policy) throws MessageFormatException {
        TrustedObjectInputStream in = null;
        try {
            in = new TrustedObjectInputStream(new ByteArrayInputStream(bytes), policy);
            Object o = in.readObject();
            if (!(o instanceof Serializable s)) {
                throw new MessageFormatException("the ObjectMessage body deserialized to a non-serializable "
                        + (o == null ? "null" : o.getClass().getName()));
            }
            return s;
        } catch (InvalidClassException e) {
            throw refusal(in, e);
        } catch (IOException | ClassNotFoundException e) {
            throw JmsErrors.format("cannot deserialize the ObjectMessage body: " + e, e);
        } finally {
            closeQuietlyLogged(in);
        }
    }

    private static MessageFormatException refusal(TrustedObjectInputStream in, InvalidClassException e) {
        Class<?> refused = in == null ? null : in.rejectedClass();
        while (refused != null && refused.isArray()) {
            refused = refused.getComponentType();
        }
        if (refused == null) {
            return JmsErrors.format("cannot deserialize the ObjectMessage body: " + e, e);
        }
        if (in.rejectedByJvmFilter()) {
            return JmsErrors.format("ObjectMessage body class " + refused.getName()
                    + " is rejected by the JVM-wide serialization filter (jdk.serialFilter)", e);
        }
        String pkg = refused.getPackageName();
        LOG.warn("refused to deserialize untrusted class {} in an ObjectMessage", refused.getName());
        String entry = pkg.isEmpty() ? "*" : pkg;
        return JmsErrors.format("ObjectMessage body class " + refused.getName() + " is not in a trusted package;"
                + " to allow it, add '" + entry + "' to the system property "
                + TrustedPackages.SYSTEM_PROPERTY + " (comma-separated packages, 'pkg.*' includes subpackages,"
                + " '*' trusts every class) or set a TrustedPackages policy on the connection factory", e);
    }

    private static void closeQuietlyLogged(TrustedObjectInputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing an in-memory object stream failed", e);
        }
    }
}
