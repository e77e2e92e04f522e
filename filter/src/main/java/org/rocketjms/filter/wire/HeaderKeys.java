package org.rocketjms.filter.wire;

/**
 * Engine property keys under which the client stores the JMS header fields that selectors can read, so the
 * broker evaluates {@code JMSPriority > 4} or {@code JMSType = 'x'} without knowing JMS. Each key starts with
 * a character that cannot begin a Java identifier, so no user property can collide with it.
 */
public final class HeaderKeys {
    public static final String MESSAGE_ID = "#JMSMessageID";
    public static final String TIMESTAMP = "#JMSTimestamp";
    public static final String CORRELATION_ID = "#JMSCorrelationID";
    public static final String TYPE = "#JMSType";
    public static final String PRIORITY = "#JMSPriority";
    /** Typed int: 2 = PERSISTENT, 1 = NON_PERSISTENT (the values of jakarta.jms.DeliveryMode). */
    public static final String DELIVERY_MODE = "#JMSDeliveryMode";
    public static final int NON_PERSISTENT = 1;
    public static final int PERSISTENT = 2;
    /**
     * Present on every message a JMS client sent (its message type). Such a message leaves headers that have their
     * default out: no {@link #PRIORITY} means 4, no {@link #DELIVERY_MODE} means PERSISTENT, and no
     * {@link #MESSAGE_ID} means the engine's {@link #UNIQ_KEY} when that starts with {@code ID:} (else the id was
     * disabled).
     */
    public static final String KIND = "#kind";
    /** The engine's unique message key (indexed); a JMS client puts its JMSMessageID there. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final int DEFAULT_PRIORITY = 4;

    private HeaderKeys() {
    }

    /** The engine key a selector identifier reads: a header key for the six selectable headers, else itself. */
    public static String keyFor(String identifier) {
        switch (identifier) {
            case "JMSMessageID":
                return MESSAGE_ID;
            case "JMSTimestamp":
                return TIMESTAMP;
            case "JMSCorrelationID":
                return CORRELATION_ID;
            case "JMSType":
                return TYPE;
            case "JMSPriority":
                return PRIORITY;
            case "JMSDeliveryMode":
                return DELIVERY_MODE;
            default:
                return identifier;
        }
    }

    /**
     * The value of a header a JMS message left out because it had its default (see {@link #KIND}), encoded as the
     * header would have been, or null if {@code key} is not such a header or {@code properties} is not a JMS
     * message's.
     */
    public static String defaultOf(String key, java.util.Map<String, String> properties) {
        switch (key) {
            case PRIORITY:
                return properties.get(KIND) == null ? null : TypedPropertyCodec.encode(DEFAULT_PRIORITY);
            case DELIVERY_MODE:
                return properties.get(KIND) == null ? null : TypedPropertyCodec.encode(PERSISTENT);
            case MESSAGE_ID:
                String uniq = properties.get(KIND) == null ? null : properties.get(UNIQ_KEY);
                return uniq != null && uniq.startsWith("ID:") ? TypedPropertyCodec.encode(uniq) : null;
            default:
                return null;
        }
    }
}
