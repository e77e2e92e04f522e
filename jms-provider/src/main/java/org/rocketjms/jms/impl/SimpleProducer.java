package org.rocketjms.jms.impl;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import org.rocketjms.jms.message.RocketMessage;

/**
 * The simplified API's producer: a fluent set of send options, headers and message properties applied to every
 * message it sends through its context's session. Properties follow the JMS conversion table on read; invalid
 * values or names fail with the runtime exceptions the specification names.
 */
public final class SimpleProducer implements JMSProducer {
    /** How a producer hands a message, with the options set on it, to its context's session. */
    @FunctionalInterface
    public interface Sender {
        /** Sends {@code message} to {@code destination} with these options. */
        void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                  long deliveryDelay, boolean disableMessageID, boolean disableMessageTimestamp,
                  CompletionListener async) throws JMSException;
    }

    private final JMSContext context;
    private final Sender sender;
    private final String asyncRefusal;
    private final RocketMessage props = new RocketMessage();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive;
    private long deliveryDelay;
    private boolean disableMessageID;
    private boolean disableMessageTimestamp;
    private CompletionListener async;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    /**
     * @param context      creates the messages of the {@code send(destination, body)} variants
     * @param sender       sends through the context's session
     * @param asyncRefusal null if {@link #setAsync} is allowed, else why not ({@code IllegalStateRuntimeException})
     */
    public SimpleProducer(JMSContext context, Sender sender, String asyncRefusal) {
        this.context = context;
        this.sender = sender;
        this.asyncRefusal = asyncRefusal;
    }

    private static <T> T call(JmsContext.Call<T> c) {
        return JmsContext.call(c);
    }

    // ------------------------------------------------------------------ sends

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("the message must not be null");
        }
        if (destination == null) {
            throw new InvalidDestinationRuntimeException("the destination must not be null");
        }
        call(() -> {
            if (correlationIdBytes != null) {
                message.setJMSCorrelationIDAsBytes(correlationIdBytes);
            } else if (correlationId != null) {
                message.setJMSCorrelationID(correlationId);
            }
            if (type != null) {
                message.setJMSType(type);
            }
            if (replyTo != null) {
                message.setJMSReplyTo(replyTo);
            }
            for (String name : Collections.list(props.getPropertyNames())) {
                message.setObjectProperty(name, props.getObjectProperty(name));
            }
            sender.send(destination, message, deliveryMode, priority, timeToLive, deliveryDelay, disableMessageID,
                    disableMessageTimestamp, async);
            return null;
        });
        return this;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, context.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            call(() -> {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
                return null;
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            call(() -> {
                m.writeBytes(body);
                return null;
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        return send(destination, context.createObjectMessage(body));
    }

    // ------------------------------------------------------------------ options

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageID = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageID;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableMessageTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int mode) {
        call(() -> {
            JmsMessageProducer.checkDeliveryMode(mode);
            return null;
        });
        deliveryMode = mode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int p) {
        call(() -> {
            JmsMessageProducer.checkPriority(p);
            return null;
        });
        priority = p;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long ttl) {
        timeToLive = ttl;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long delay) {
        deliveryDelay = delay;
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public JMSProducer setAsync(CompletionListener listener) {
        if (listener != null && asyncRefusal != null) {
            throw new IllegalStateRuntimeException(asyncRefusal);
        }
        async = listener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    // ------------------------------------------------------------------ properties

    private JMSProducer set(JmsContext.Call<Void> c) {
        try {
            c.run();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return set(() -> {
            props.setBooleanProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return set(() -> {
            props.setByteProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return set(() -> {
            props.setShortProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return set(() -> {
            props.setIntProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return set(() -> {
            props.setLongProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return set(() -> {
            props.setFloatProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return set(() -> {
            props.setDoubleProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return set(() -> {
            props.setStringProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return set(() -> {
            props.setObjectProperty(name, value);
            return null;
        });
    }

    @Override
    public JMSProducer clearProperties() {
        props.clearProperties();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return props.propertyExists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return call(() -> props.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return call(() -> props.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return call(() -> props.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return call(() -> props.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return call(() -> props.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return call(() -> props.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return call(() -> props.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return call(() -> props.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return props.getObjectProperty(name);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Collections.list(props.getPropertyNames())));
    }

    // ------------------------------------------------------------------ headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] id) {
        if (id == null || id.length == 0) {
            throw new JMSRuntimeException("a correlation ID as bytes must not be null or empty");
        }
        correlationIdBytes = id.clone();
        correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String id) {
        correlationId = id;
        correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String t) {
        type = t;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination d) {
        replyTo = d;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
