package org.rocketjms.jms.client;

/**
 * Names of the system properties the client core and the broker agree on. JMS properties and headers are
 * the facade's business; these are the ones the engine itself reads.
 */
public final class MessageConst {
    /** The message's tag (fast filter path); indexed by the consume queue. */
    public static final String TAGS = "TAGS";
    /** Space-separated business keys, indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The unique message id; the broker assigns one when the client did not. */
    public static final String UNIQ_KEY = "UNIQ_KEY";

    private MessageConst() {
    }
}
