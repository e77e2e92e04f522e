package org.rocketjms.jms.impl;

import java.util.List;

import jakarta.jms.JMSException;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;

/**
 * The unit of work of a transacted session: the sends and consumed messages since the last commit or rollback.
 * {@link BrokerSessionTransaction} implements it with the broker's half messages and END_TRANSACTION.
 */
public interface SessionTransaction {
    /**
     * Sends a message that becomes visible at commit. It may return before the broker stored it (a failure to store
     * it then makes {@link #commit} roll back and raise {@code TransactionRolledBackException}).
     */
    void send(ProducerCore producer, OutgoingMessage message) throws JMSException;

    /** Like {@link #send}, but returns only once the broker stored the message (for a CompletionListener). */
    default void sendAndWait(ProducerCore producer, OutgoingMessage message) throws JMSException {
        send(producer, message);
    }

    /** Records a consumed message that is acknowledged at commit. */
    void delivered(ReceivedMessage message);

    /** Publishes the sends and acknowledges the consumed messages together; the transaction is empty afterwards. */
    void commit() throws JMSException;

    /**
     * Discards the sends and makes the consumed messages (plus {@code alsoRelease}, e.g. prefetched ones) available
     * again; the transaction is empty afterwards.
     */
    void rollback(List<ReceivedMessage> alsoRelease) throws JMSException;

    /** Releases the resources of the transaction (after the final rollback of a closing session). */
    default void close() {
    }
}
