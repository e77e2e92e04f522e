package org.rocketjms.jms.impl;

import java.util.List;

import jakarta.jms.JMSException;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;

/**
 * The unit of work of a transacted session: the sends and consumed messages since the last commit or rollback.
 * {@link LocalSessionTransaction} keeps it on the client; a later implementation can use the broker's half messages
 * and END_TRANSACTION without changing the session.
 */
public interface SessionTransaction {
    /** Records a send that becomes visible at commit. */
    void send(ProducerCore producer, OutgoingMessage message) throws JMSException;

    /** Records a consumed message that is acknowledged at commit. */
    void delivered(ReceivedMessage message);

    /** Publishes the sends, then acknowledges the consumed messages; the transaction is empty afterwards. */
    void commit() throws JMSException;

    /**
     * Discards the sends and makes the consumed messages (plus {@code alsoRelease}, e.g. prefetched ones) available
     * again; the transaction is empty afterwards.
     */
    void rollback(List<ReceivedMessage> alsoRelease) throws JMSException;
}
