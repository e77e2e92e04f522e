package org.rocketjms.jms.client;

/** Receives the outcome of {@link ProducerCore#sendAsync}: exactly one of the two methods is called, once. */
public interface SendCallback {

    /** The message was stored. */
    void onSuccess(SendResult result);

    /** The send failed after all retries; usually a {@link ClientException}. */
    void onException(Throwable cause);
}
