package org.rocketjms.jms.message;

/**
 * The six JMS message kinds (plain {@code Message} and the five body types), with the short name under which the
 * kind travels in the wire form.
 */
public enum MessageKind {
    /** A plain {@code Message} without body. */
    MESSAGE("message"),
    /** A {@code TextMessage}. */
    TEXT("text"),
    /** A {@code BytesMessage}. */
    BYTES("bytes"),
    /** A {@code MapMessage}. */
    MAP("map"),
    /** A {@code StreamMessage}. */
    STREAM("stream"),
    /** An {@code ObjectMessage}. */
    OBJECT("object");

    private final String wireName;

    MessageKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the wire form. */
    public String wireName() {
        return wireName;
    }

    /** The kind with the given wire name, or null when none has it. */
    public static MessageKind fromWireName(String name) {
        for (MessageKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
