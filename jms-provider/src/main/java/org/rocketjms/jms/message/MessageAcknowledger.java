package org.rocketjms.jms.message;

import jakarta.jms.JMSException;

/**
 * What {@code Message.acknowledge()} calls on a received message: the session that delivered it installs one, and it
 * acknowledges every message that session has consumed (CLIENT_ACKNOWLEDGE) or does nothing (other modes). A message
 * that was never delivered has none and {@code acknowledge()} is a no-op.
 */
@FunctionalInterface
public interface MessageAcknowledger {
    /**
     * Acknowledges on behalf of the given message.
     *
     * @throws JMSException for example {@code IllegalStateException} when the session is closed
     */
    void acknowledge(RocketMessage message) throws JMSException;
}
