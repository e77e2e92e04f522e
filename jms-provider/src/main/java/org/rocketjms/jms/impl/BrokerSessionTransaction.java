package org.rocketjms.jms.impl;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.TransactionRolledBackException;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.ClientInstance;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.client.TransactionCore;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionTransaction} on the broker's half messages ({@link TransactionCore}): every send is stored as an
 * invisible half message (through the JMS producer's own core, so per-producer order holds). A send does not wait for
 * the broker's answer (up to the producer's {@code asyncSendWindow} are in flight, as ActiveMQ and Artemis send in
 * transactions); {@code commit} first waits for them, and if one could not be stored it rolls the transaction back
 * and raises {@link TransactionRolledBackException} naming the cause. {@code commit}
 * is one END_TRANSACTION per involved broker that publishes the sends and acknowledges the consumed messages
 * together; {@code rollback} discards the sends and makes the consumed messages visible again (redelivered with
 * {@code JMSRedelivered=true} and a higher {@code JMSXDeliveryCount}).
 *
 * <p>Atomicity is per broker: a transaction whose sends or consumed messages span several brokers commits broker by
 * broker, so a failure part-way can leave the first brokers committed. A commit the broker no longer knows (it rolled
 * the transaction back, e.g. after this client was unreachable for {@code transactionTimeoutMillis}) or refused and
 * rolled back raises {@link TransactionRolledBackException}; if the outcome cannot be known (network failure during
 * commit) a plain {@link JMSException} says so. Used by one session thread at a time.
 */
public final class BrokerSessionTransaction implements SessionTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSessionTransaction.class);

    private final ClientInstance client;
    private final ProducerCore endProducer;
    private final TransactionCore core;
    private final List<ReceivedMessage> consumed = new ArrayList<>();

    /** @param client the connection's client core */
    public BrokerSessionTransaction(ClientInstance client) {
        this.client = client;
        this.endProducer = client.createProducer("rocketjms-tx");
        this.core = new TransactionCore(client, endProducer);
    }

    @Override
    public synchronized void send(ProducerCore producer, OutgoingMessage message) throws JMSException {
        try {
            core.sendHalfPipelined(producer, message);
        } catch (ClientException e) {
            throw JmsExceptions.of("sending to " + message.getTopic() + " in transaction " + core.transactionId(), e);
        }
    }

    @Override
    public synchronized void sendAndWait(ProducerCore producer, OutgoingMessage message) throws JMSException {
        try {
            core.sendHalf(producer, message);
        } catch (ClientException e) {
            throw JmsExceptions.of("sending to " + message.getTopic() + " in transaction " + core.transactionId(), e);
        }
    }

    @Override
    public synchronized void delivered(ReceivedMessage message) {
        consumed.add(message);
    }

    @Override
    public synchronized void commit() throws JMSException {
        List<ReceivedMessage> ack = new ArrayList<>(consumed);
        consumed.clear();
        String id = core.transactionId();
        ClientException sendFailure = core.awaitSends();
        if (sendFailure != null) {
            try {
                core.rollback(ack);
            } catch (ClientException e) {
                release(ack);
                sendFailure.addSuppressed(e);
            }
            throw JmsExceptions.link(new TransactionRolledBackException("transaction " + id + " was rolled back"
                    + " instead of committed: a message sent in it could not be stored: " + sendFailure.getMessage(),
                    String.valueOf(sendFailure.getCode())), sendFailure);
        }
        try {
            core.commit(ack);
        } catch (ClientException e) {
            release(ack);
            if (e.getCode() == BrokerResponseCode.TRANSACTION_NOT_FOUND) {
                throw JmsExceptions.link(new TransactionRolledBackException("transaction " + id + " was rolled back"
                        + " instead of committed: " + e.getMessage(), String.valueOf(e.getCode())), e);
            }
            throw JmsExceptions.of("committing transaction " + id + " (its outcome is unknown: the broker may or may"
                    + " not have committed it)", e);
        }
    }

    @Override
    public synchronized void rollback(List<ReceivedMessage> alsoRelease) throws JMSException {
        List<ReceivedMessage> back = new ArrayList<>(consumed);
        consumed.clear();
        String id = core.transactionId();
        try {
            core.rollback(back);
        } catch (ClientException e) {
            release(back);
            release(alsoRelease);
            throw JmsExceptions.of("rolling back transaction " + id + " (the broker rolls it back once this"
                    + " connection is gone)", e);
        }
        release(alsoRelease);
    }

    private void release(List<ReceivedMessage> msgs) {
        if (msgs.isEmpty()) {
            return;
        }
        try {
            client.changeInvisibleTime(msgs, 0);
        } catch (ClientException e) {
            LOG.warn("releasing {} message(s) failed; the broker redelivers them after their invisible time: {}",
                    msgs.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        endProducer.close();
    }
}
