package org.rocketjms.jms.message;

import org.rocketjms.filter.wire.HeaderKeys;

/**
 * The reserved engine property keys {@link MessageCodec} writes besides user properties. All start with
 * {@code #}, which cannot start a Java identifier, so no property name collides with them. Values are typed with
 * {@link org.rocketjms.filter.wire.TypedPropertyCodec}. The six selectable headers use {@link HeaderKeys}.
 */
public final class WireKeys {
    /** JMSMessageID, typed String. */
    public static final String MESSAGE_ID = HeaderKeys.MESSAGE_ID;
    /** JMSTimestamp, typed long. */
    public static final String TIMESTAMP = HeaderKeys.TIMESTAMP;
    /** JMSCorrelationID, typed String (the ISO-8859-1 string of the bytes when set as bytes). */
    public static final String CORRELATION_ID = HeaderKeys.CORRELATION_ID;
    /** JMSType, typed String. */
    public static final String TYPE = HeaderKeys.TYPE;
    /** JMSPriority, typed int. */
    public static final String PRIORITY = HeaderKeys.PRIORITY;
    /** JMSDeliveryMode, typed int (1 non-persistent, 2 persistent). */
    public static final String DELIVERY_MODE = HeaderKeys.DELIVERY_MODE;

    /** Typed boolean true when JMSCorrelationID was set as bytes; absent otherwise. */
    public static final String CORRELATION_ID_BYTES = "#JMSCorrelationIDBytes";
    /** JMSReplyTo, typed String in the {@link DestinationCodec} form. */
    public static final String REPLY_TO = "#JMSReplyTo";
    /** JMSDestination, typed String in the {@link DestinationCodec} form. */
    public static final String DESTINATION = "#JMSDestination";
    /** JMSExpiration, typed long; absent means 0. */
    public static final String EXPIRATION = "#JMSExpiration";
    /** JMSDeliveryTime, typed long; absent means 0. */
    public static final String DELIVERY_TIME = "#JMSDeliveryTime";
    /** The message kind, typed String: one of {@link MessageKind#wireName()}. */
    public static final String KIND = "#kind";
    /** Typed boolean true when a text or object message has a null body (distinguishes null from empty). */
    public static final String NULL_BODY = "#nullBody";
    /** Typed String: comma-separated names of properties whose value is null. */
    public static final String NULL_PROPERTIES = "#nullProperties";
    /**
     * Typed String: comma-separated names of the non-null JMS properties the message carries. A decoder of a JMS
     * message (one with {@link #KIND}) takes only these keys as properties, so keys the client core or the broker
     * add to the engine message ({@code UNIQ_KEY}, {@code KEYS}, {@code TAGS}, transaction markers …) never show up
     * as JMS properties.
     */
    public static final String PROPERTY_NAMES = "#props";

    private WireKeys() {
    }

    /**
     * Whether the key is one the client core or the broker sets for the engine's own use ({@code TAGS},
     * {@code KEYS}, {@code UNIQ_KEY}, anything starting with {@code RJMS_}); such keys are never JMS properties, even
     * on a message from a non-JMS producer.
     */
    public static boolean isEngineKey(String key) {
        return key.equals("TAGS") || key.equals("KEYS") || key.equals("UNIQ_KEY") || key.startsWith("RJMS_");
    }

    /** Whether the key is reserved (starts with {@code #}) rather than a property name. */
    public static boolean isReserved(String key) {
        return !key.isEmpty() && key.charAt(0) == '#';
    }
}
