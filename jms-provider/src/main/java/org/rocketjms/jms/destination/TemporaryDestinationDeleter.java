package org.rocketjms.jms.destination;

import jakarta.jms.JMSException;

/**
 * Hook a connection installs on the temporary destinations it creates, so that {@code delete()} can check that no
 * consumer still uses the destination and remove it from the broker. The default hook does nothing.
 */
@FunctionalInterface
public interface TemporaryDestinationDeleter {
    /** A hook that does nothing, used by temporary destinations decoded from a message or created without owner. */
    TemporaryDestinationDeleter NO_OP = destination -> {
    };

    /**
     * Deletes the given temporary destination.
     *
     * @throws JMSException as {@code TemporaryQueue.delete()} / {@code TemporaryTopic.delete()} specify, for example
     *                      {@code IllegalStateException} while consumers are still open
     */
    void delete(RocketDestination destination) throws JMSException;
}
