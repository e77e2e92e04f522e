package org.rocketjms.jms.client;

/**
 * Push-style delivery for a {@link PopConsumerCore}: called on the consumer's dispatch thread, one message at a
 * time, in buffer order. The handler acks or nacks through the consumer; an exception it throws is logged and
 * the message is released for redelivery.
 */
@FunctionalInterface
public interface MessageHandler {

    /** Handles one delivery. */
    void onMessage(ReceivedMessage message) throws Exception;
}
