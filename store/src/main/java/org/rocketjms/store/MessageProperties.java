package org.rocketjms.store;

/** Property names the store itself reads from a message's property map. */
public final class MessageProperties {
    /** Tag of the message; its hash goes into the consume-queue entry. */
    public static final String TAGS = "TAGS";
    /** Space-separated business keys, indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The message's unique id, indexed for query by id. */
    public static final String UNIQ_KEY = "UNIQ_KEY";

    private MessageProperties() {
    }
}
