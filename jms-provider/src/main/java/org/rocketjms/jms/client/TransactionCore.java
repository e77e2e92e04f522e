package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;
import org.rocketjms.remoting.protocol.broker.TransactionAckListCodec;

/**
 * The client side of one JMS transacted session's local transactions. Sends made with {@link #sendHalf} are stored
 * by the broker as half messages (invisible); {@link #commit} sends one END_TRANSACTION per involved broker that
 * publishes them and applies the session's acks together; {@link #rollback} discards them and makes the given
 * consumed messages visible again (redelivery). After either call a new transaction begins with a fresh id.
 *
 * <p>Atomicity holds per broker: the broker records the decision durably before publishing and completes it after a
 * crash. Across brokers a commit is a sequence of per-broker commits. If the client disappears with an open
 * transaction, the broker rolls it back after {@code transactionTimeoutMillis}; a later commit then fails with
 * {@code TRANSACTION_NOT_FOUND} (the JMS layer raises {@code TransactionRolledBackException}). A commit a broker
 * refuses with an error code (e.g. it could not store the decision) is rolled back on that broker and also reported
 * as {@code TRANSACTION_NOT_FOUND}; a network failure leaves the outcome unknown. Not thread-safe (a
 * JMS session is single-threaded).
 */
public final class TransactionCore {
    private final ClientInstance client;
    private final ProducerCore producer;
    private final Set<String> brokers = new LinkedHashSet<>();
    /** Pipelined half-message sends of the current transaction not yet awaited ({@link #awaitSends}). */
    private final List<PipelinedHalf> sendsInFlight = new ArrayList<>();
    private String transactionId;

    /** A pipelined half send and the broker it was sent towards (the producer's sticky queue), if known. */
    private record PipelinedHalf(CompletableFuture<SendResult> result, String towards) {
    }

    /**
     * @param client   the connection's client core
     * @param producer the producer that sends the half messages (any group)
     */
    public TransactionCore(ClientInstance client, ProducerCore producer) {
        this.client = client;
        this.producer = producer;
        begin();
    }

    /** Starts a new transaction (discarding the bookkeeping of the current one) and returns its id. */
    public String begin() {
        brokers.clear();
        transactionId = client.clientId() + "-" + UUID.randomUUID();
        return transactionId;
    }

    /** The current transaction's id. */
    public String transactionId() {
        return transactionId;
    }

    /** Whether the current transaction has sent anything. */
    public boolean hasSends() {
        return !brokers.isEmpty() || !sendsInFlight.isEmpty();
    }

    /**
     * Sends messages of the current transaction as half messages (each one send; they become visible on commit).
     *
     * @return the send results in order
     */
    public List<SendResult> sendHalf(OutgoingMessage... msgs) throws ClientException {
        List<SendResult> out = new ArrayList<>(msgs.length);
        for (OutgoingMessage m : msgs) {
            out.add(sendHalf(producer, m));
        }
        return out;
    }

    /**
     * Sends one message of the current transaction as a half message through {@code via} (so the JMS producer's
     * stable queue, and with it per-producer order, is kept).
     */
    public SendResult sendHalf(ProducerCore via, OutgoingMessage m) throws ClientException {
        SendResult r = sendHalf(client, via, m, transactionId);
        brokers.add(r.queue().brokerName());
        return r;
    }

    /**
     * Sends one message of the current transaction as a half message without waiting for the broker's answer: through
     * {@code via}'s pipeline ({@link ProducerCore#sendPipelined}, so per-producer order holds and at most the
     * producer's window is in flight). The half is not forced on its own: the commit's decision record, appended
     * after it to the same log and forced, makes it durable together with the decision. {@link #commit} and
     * {@link #rollback} first wait for every pipelined send; one that failed is reported by {@link #awaitSends}.
     *
     * @throws ClientException when the send failed before anything was in flight (e.g. the first send to a topic,
     *                         sent alone with retries); the message is then not part of the transaction
     */
    public void sendHalfPipelined(ProducerCore via, OutgoingMessage m) throws ClientException {
        MessageQueue sticky = via.currentQueue(m.getTopic());
        CompletableFuture<SendResult> f = sendHalfPipelined(client, via, m, transactionId);
        if (f.isDone()) {
            brokers.add(f.join().queue().brokerName()); // (a failed one was thrown)
            return;
        }
        sendsInFlight.add(new PipelinedHalf(f, sticky == null ? null : sticky.brokerName()));
    }

    /**
     * Waits for the current transaction's pipelined sends and records the brokers they reached.
     *
     * @return null when every one was stored, else the first failure (the others suppressed in it)
     */
    public ClientException awaitSends() {
        ClientException first = null;
        long timeout = client.config().getSendMsgTimeoutMillis() + client.config().getRequestTimeoutMillis();
        for (PipelinedHalf h : sendsInFlight) {
            ClientException failure = awaitHalf(h.result(), timeout, transactionId);
            if (failure == null) {
                brokers.add(h.result().join().queue().brokerName());
                continue;
            }
            if (h.towards() != null) {
                brokers.add(h.towards()); // it may have been stored there: the end request must reach that broker
            }
            if (first == null) {
                first = failure;
            } else {
                first.addSuppressed(failure);
            }
        }
        sendsInFlight.clear();
        return first;
    }

    /**
     * Waits for one pipelined half send: null once the broker stored it, else why not ({@code transactionId}, of a
     * local transaction or an XA branch, names it in a timeout or interruption).
     */
    public static ClientException awaitHalf(CompletableFuture<?> sent, long timeoutMillis, String transactionId) {
        try {
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return asClientException(e);
        } catch (TimeoutException e) {
            return new ClientException(ClientException.TIMEOUT, "a message of transaction " + transactionId
                    + " was not answered within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ClientException(ClientException.INTERRUPTED, "interrupted while waiting for the sends"
                    + " of transaction " + transactionId, e);
        }
    }

    /** The failure of a send future ({@link CompletionException} / {@link ExecutionException} unwrapped). */
    private static ClientException asClientException(Throwable failure) {
        Throwable t = (failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof ClientException ce ? ce
                : new ClientException(ClientException.BROKER_UNREACHABLE, "sending a half message failed: " + t, t);
    }

    private static void markHalf(ClientInstance client, OutgoingMessage m, String transactionId) {
        m.setFlags((m.getFlags() & ~EndTransactionRequestHeader.TRANSACTION_TYPE_MASK)
                | EndTransactionRequestHeader.PREPARED_FLAG);
        m.putProperty(EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID, transactionId);
        m.putProperty(EndTransactionRequestHeader.PROPERTY_CLIENT_ID, client.clientId());
    }

    /**
     * Sends {@code m} through {@code via} as a half message of transaction {@code transactionId} (a local transaction
     * or an XA branch, whose id is an {@code XaBranchId} text): stored by the broker, invisible until the transaction
     * commits.
     */
    public static SendResult sendHalf(ClientInstance client, ProducerCore via, OutgoingMessage m, String transactionId)
            throws ClientException {
        markHalf(client, m, transactionId);
        return via.send(m);
    }

    /**
     * Sends a half message through {@code via}'s pipeline and returns at once (blocking only while the producer's
     * window is full); it is not forced on its own, the transaction's decision or prepare record forced after it is.
     *
     * @return completes once the broker stored it (and knows it as part of {@code transactionId})
     * @throws ClientException when the send failed before anything was in flight
     */
    public static CompletableFuture<SendResult> sendHalfPipelined(ClientInstance client, ProducerCore via,
                                                                  OutgoingMessage m, String transactionId)
            throws ClientException {
        markHalf(client, m, transactionId);
        m.setWaitStoreMsgOK(false);
        CompletableFuture<SendResult> f = via.sendPipelined(m);
        if (f.isCompletedExceptionally()) {
            try {
                f.join();
            } catch (CompletionException e) {
                throw asClientException(e);
            }
        }
        return f;
    }

    /**
     * Commits: publishes the half messages and acks {@code consumed} (messages the session received by pop) on every
     * involved broker, then begins a new transaction.
     *
     * @throws ClientException the first broker refusal (e.g. TRANSACTION_NOT_FOUND when the broker already rolled
     *                         the transaction back) or network failure; the transaction is over either way
     */
    public void commit(Collection<ReceivedMessage> consumed) throws ClientException {
        end(true, consumed);
    }

    /**
     * Rolls back: discards the half messages and makes {@code consumed} visible again at once, then begins a new
     * transaction.
     */
    public void rollback(Collection<ReceivedMessage> consumed) throws ClientException {
        end(false, consumed);
    }

    private void end(boolean commit, Collection<ReceivedMessage> consumed) throws ClientException {
        ClientException sendFailure = awaitSends();
        if (sendFailure != null && commit) {
            throw new IllegalStateException("commit with a failed send: call awaitSends() first and roll back",
                    sendFailure);
        }
        Map<String, Map<List<String>, List<String>>> acksByBroker = new LinkedHashMap<>();
        Map<String, String> addrByBroker = new LinkedHashMap<>();
        for (ReceivedMessage m : consumed) {
            if (m.getReceiptHandle() == null || m.getGroup() == null) {
                throw new IllegalArgumentException("message " + m + " was not popped; it has no receipt handle");
            }
            acksByBroker.computeIfAbsent(m.getBrokerName(), b -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(m.getGroup(), m.getTopic()), k -> new ArrayList<>())
                    .add(m.getReceiptHandle());
            addrByBroker.putIfAbsent(m.getBrokerName(), m.getBrokerAddr());
        }
        Set<String> involved = new LinkedHashSet<>(brokers);
        involved.addAll(acksByBroker.keySet());
        String id = transactionId;
        begin();
        ClientException first = null;
        for (String brokerName : involved) {
            String addr = client.brokerAddress(brokerName);
            if (addr == null) {
                addr = addrByBroker.get(brokerName);
            }
            try {
                if (addr == null) {
                    throw new ClientException(ClientException.NO_ROUTE, "the address of broker " + brokerName
                            + " is unknown");
                }
                Map<List<String>, List<String>> acks = acksByBroker.getOrDefault(brokerName, Map.of());
                try {
                    endOn(addr, id, commit, acks);
                } catch (ClientException refused) {
                    if (!commit || refused.getCode() < 0
                            || refused.getCode() == BrokerResponseCode.TRANSACTION_NOT_FOUND) {
                        throw refused;
                    }
                    // the broker refused the commit (e.g. it could not store the decision): the transaction is still
                    // open there, so roll it back rather than leave it hanging
                    endOn(addr, id, false, acks);
                    throw new ClientException(BrokerResponseCode.TRANSACTION_NOT_FOUND, "broker " + brokerName
                            + " refused the commit (" + refused.getMessage() + "); the transaction was rolled back",
                            refused);
                }
            } catch (ClientException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void endOn(String addr, String id, boolean commit, Map<List<String>, List<String>> acks)
            throws ClientException {
        List<TransactionAckListCodec.Entry> entries = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> e : acks.entrySet()) {
            entries.add(new TransactionAckListCodec.Entry(e.getKey().get(0), e.getKey().get(1), e.getValue()));
        }
        RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.END_TRANSACTION,
                new EndTransactionRequestHeader(id, commit, producer.group(), client.clientId()));
        if (!entries.isEmpty()) {
            req.setBody(TransactionAckListCodec.encode(entries));
        }
        RemotingCommand resp;
        try {
            resp = client.invoke(addr, req, client.config().getRequestTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while ending transaction " + id, e);
        }
        if (resp.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(resp.getCode(), resp.getRemark());
        }
    }
}
