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
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client-side {@link SessionTransaction}: sends are buffered and sent at commit, consecutive sends of one producer
 * to one destination as one batch (stored together by the broker); consumed messages are acked after the sends
 * succeeded. Not atomic across several batches or brokers: a commit whose sends fail part-way rolls back the
 * consumed messages and reports a {@link TransactionRolledBackException}, but batches already stored stay. Broker
 * half messages will close that gap. Used by one session thread at a time.
 */
public final class LocalSessionTransaction implements SessionTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSessionTransaction.class);

    private final ClientInstance instance;
    private final List<ProducerCore> producers = new ArrayList<>();
    private final List<OutgoingMessage> sends = new ArrayList<>();
    private final List<ReceivedMessage> consumed = new ArrayList<>();

    /** @param instance the connection's client, used to ack and release consumed messages */
    public LocalSessionTransaction(ClientInstance instance) {
        this.instance = instance;
    }

    @Override
    public synchronized void send(ProducerCore producer, OutgoingMessage message) {
        producers.add(producer);
        sends.add(message);
    }

    @Override
    public synchronized void delivered(ReceivedMessage message) {
        consumed.add(message);
    }

    @Override
    public synchronized void commit() throws JMSException {
        try {
            int i = 0;
            while (i < sends.size()) {
                ProducerCore p = producers.get(i);
                String topic = sends.get(i).getTopic();
                boolean persistent = sends.get(i).isWaitStoreMsgOK();
                int j = i + 1;
                while (j < sends.size() && j - i < MessageBatchCodec.MAX_MESSAGES && producers.get(j) == p
                        && sends.get(j).getTopic().equals(topic) && sends.get(j).isWaitStoreMsgOK() == persistent) {
                    j++;
                }
                if (j - i == 1) {
                    p.send(sends.get(i));
                } else {
                    p.sendBatch(new ArrayList<>(sends.subList(i, j)));
                }
                i = j;
            }
        } catch (ClientException | RuntimeException e) {
            List<ReceivedMessage> release = new ArrayList<>(consumed);
            clear();
            release(release);
            throw JmsExceptions.link(new TransactionRolledBackException("commit failed while sending, the transaction"
                    + " was rolled back (sends already stored stay): " + e.getMessage()), e);
        }
        List<ReceivedMessage> ack = new ArrayList<>(consumed);
        clear();
        try {
            instance.ack(ack);
        } catch (ClientException e) {
            throw JmsExceptions.of("acknowledging " + ack.size() + " consumed message(s) at commit", e);
        }
    }

    @Override
    public synchronized void rollback(List<ReceivedMessage> alsoRelease) throws JMSException {
        List<ReceivedMessage> release = new ArrayList<>(consumed);
        release.addAll(alsoRelease);
        clear();
        release(release);
    }

    private void release(List<ReceivedMessage> msgs) {
        try {
            instance.changeInvisibleTime(msgs, 0);
        } catch (ClientException e) {
            LOG.warn("releasing {} message(s) after rollback failed; the broker redelivers them after their invisible"
                    + " time: {}", msgs.size(), e.getMessage());
        }
    }

    private void clear() {
        producers.clear();
        sends.clear();
        consumed.clear();
    }
}
