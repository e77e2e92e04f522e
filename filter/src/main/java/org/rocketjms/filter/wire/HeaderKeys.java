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
}
