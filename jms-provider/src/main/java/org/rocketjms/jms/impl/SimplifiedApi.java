package org.rocketjms.jms.impl;

import jakarta.jms.JMSConsumer;
import jakarta.jms.MessageConsumer;

/**
 * Entry points for code that builds its own {@code JMSContext} over RocketJMS connections and sessions (the resource
 * adapter's container context): the simplified-API consumer of a RocketJMS {@link MessageConsumer}, with the
 * provider's {@code receiveBody} rules (a body of the wrong type throws {@code MessageFormatRuntimeException} and, in
 * AUTO/DUPS_OK, leaves the message for the next receive), which the classic API alone cannot express.
 */
public final class SimplifiedApi {
    private SimplifiedApi() {
    }

    /**
     * The {@link JMSConsumer} view of {@code consumer}, a consumer made by a RocketJMS session.
     *
     * @throws IllegalArgumentException when {@code consumer} is not a RocketJMS consumer
     */
    public static JMSConsumer consumer(MessageConsumer consumer) {
        if (consumer instanceof JmsMessageConsumer c) {
            return new SimpleConsumer(c);
        }
        throw new IllegalArgumentException("not a RocketJMS consumer: " + consumer);
    }
}
