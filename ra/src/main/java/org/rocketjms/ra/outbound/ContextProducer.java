package org.rocketjms.ra.outbound;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageProducer;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link JMSProducer} of a {@link ContextHandle}: send options, headers and properties applied to each message it
 * sends through the context's one anonymous {@link MessageProducer} (so its sends take part in the context's
 * transaction). Properties are kept in a message of the context's session, so names, types and the JMS conversion
 * table behave exactly as on a message. Asynchronous send is refused (not allowed in the EE web and EJB containers).
 */
final class ContextProducer implements JMSProducer {
    private final ContextHandle context;
    private final Message props;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageID;
    private boolean disableMessageTimestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    ContextProducer(ContextHandle context) {
        this.context = context;
        this.props = context.createMessage();
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
        MessageProducer p = context.producer();
        ContextHandle.call(() -> {
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
            for (Object name : Collections.list(props.getPropertyNames())) {
                message.setObjectProperty((String) name, props.getObjectProperty((String) name));
            }
            synchronized (p) {
                p.setDisableMessageID(disableMessageID);
                p.setDisableMessageTimestamp(disableMessageTimestamp);
                p.setDeliveryDelay(deliveryDelay);
                p.send(destination, message, deliveryMode, priority, timeToLive);
            }
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
            ContextHandle.call(() -> {
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
            ContextHandle.call(() -> {
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
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSRuntimeException("delivery mode " + mode + " is not PERSISTENT (" + DeliveryMode.PERSISTENT
                    + ") or NON_PERSISTENT (" + DeliveryMode.NON_PERSISTENT + ")");
        }
        deliveryMode = mode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int p) {
        if (p < 0 || p > 9) {
            throw new JMSRuntimeException("priority " + p + " is not between 0 and 9");
        }
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
        if (listener != null) {
            throw new IllegalStateRuntimeException("JMSProducer.setAsync must not be used in a Jakarta EE web or EJB"
                    + " container: asynchronous send is not allowed there");
        }
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return null;
    }

    // ------------------------------------------------------------------ properties

    private JMSProducer set(ContextHandle.Call<Void> c) {
        ContextHandle.call(c);
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
        return set(() -> {
            props.clearProperties();
            return null;
        });
    }

    @Override
    public boolean propertyExists(String name) {
        return ContextHandle.call(() -> props.propertyExists(name));
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return ContextHandle.call(() -> props.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return ContextHandle.call(() -> props.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return ContextHandle.call(() -> props.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return ContextHandle.call(() -> props.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return ContextHandle.call(() -> props.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return ContextHandle.call(() -> props.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return ContextHandle.call(() -> props.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return ContextHandle.call(() -> props.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return ContextHandle.call(() -> props.getObjectProperty(name));
    }

    @Override
    public Set<String> getPropertyNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Object name : ContextHandle.call(() -> Collections.list(props.getPropertyNames()))) {
            names.add((String) name);
        }
        return Collections.unmodifiableSet(names);
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
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
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
