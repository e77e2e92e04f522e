package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.TransactionAckListCodec;
import org.rocketjms.remoting.protocol.broker.XaRequestHeader;

/**
 * The wire side of XA: sends one XA request (XA_START … XA_FORGET, XA_RECOVER) to one broker and returns its answer,
 * and lists the brokers of the cluster an XA call must reach. The XA rules (states, error codes, merging the answers
 * of several brokers) live in the JMS facade. Thread-safe.
 */
public final class XaCore {
    /**
     * One broker's answer.
     *
     * @param brokerName the broker
     * @param code       the response code (0 = SUCCESS)
     * @param remark     the broker's explanation, or null
     * @param body       the response body, or null
     */
    public record Reply(String brokerName, int code, String remark, byte[] body) {
    }

    private final ClientInstance client;

    /** @param client the connection's client core */
    public XaCore(ClientInstance client) {
        this.client = client;
    }

    /** The client id sent with every request. */
    public String clientId() {
        return client.clientId();
    }

    /** The name-server addresses of the connection (identifies the resource manager: one RocketJMS cluster). */
    public List<String> namesrvAddrs() {
        return client.routes().namesrvAddrs();
    }

    /**
     * Master addresses of every broker of the cluster, by name (sorted); asks the name servers when {@code refresh}
     * or when no broker is known yet.
     *
     * @throws ClientException when no name server answers and nothing is known, or no broker is registered
     */
    public Map<String, String> brokers(boolean refresh) throws ClientException {
        Map<String, String> known = client.routes().knownBrokers();
        if (refresh || known.isEmpty()) {
            try {
                client.routes().fetchClusterInfo();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException(ClientException.INTERRUPTED, "interrupted while looking up the brokers", e);
            } catch (ClientException e) {
                if (known.isEmpty()) {
                    throw e;
                }
            }
            known = client.routes().knownBrokers();
        }
        if (known.isEmpty()) {
            throw new ClientException(ClientException.NO_ROUTE, "no broker is registered with the name servers "
                    + namesrvAddrs());
        }
        return new TreeMap<>(known);
    }

    /**
     * Sends one XA request and waits for the answer.
     *
     * @param body the request body or null
     * @throws ClientException when the broker cannot be reached or does not answer in time
     */
    public Reply call(String brokerName, String addr, int code, XaRequestHeader header, byte[] body)
            throws ClientException {
        RemotingCommand req = RemotingCommand.createRequest(code, header);
        if (body != null) {
            req.setBody(body);
        }
        RemotingCommand resp;
        try {
            resp = client.invoke(addr, req, client.config().getRequestTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted during an XA call to " + brokerName, e);
        }
        return new Reply(brokerName, resp.getCode(), resp.getRemark(), resp.getBody());
    }

    /** The popped messages by broker name. */
    public static Map<String, List<ReceivedMessage>> byBroker(Collection<ReceivedMessage> msgs) {
        Map<String, List<ReceivedMessage>> out = new LinkedHashMap<>();
        for (ReceivedMessage m : msgs) {
            out.computeIfAbsent(m.getBrokerName(), b -> new ArrayList<>()).add(m);
        }
        return out;
    }

    /** The XA_END body acknowledging {@code msgs} (all of one broker) when the branch commits; null if none. */
    public static byte[] ackBody(Collection<ReceivedMessage> msgs) {
        if (msgs.isEmpty()) {
            return null;
        }
        Map<List<String>, List<String>> grouped = new LinkedHashMap<>();
        for (ReceivedMessage m : msgs) {
            if (m.getReceiptHandle() == null || m.getGroup() == null) {
                throw new IllegalArgumentException("message " + m + " was not popped; it has no receipt handle");
            }
            grouped.computeIfAbsent(List.of(m.getGroup(), m.getTopic()), k -> new ArrayList<>())
                    .add(m.getReceiptHandle());
        }
        List<TransactionAckListCodec.Entry> entries = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> e : grouped.entrySet()) {
            entries.add(new TransactionAckListCodec.Entry(e.getKey().get(0), e.getKey().get(1), e.getValue()));
        }
        return TransactionAckListCodec.encode(entries);
    }

    /** Makes {@code msgs} visible again at once (best effort is the caller's choice). */
    public void release(Collection<ReceivedMessage> msgs) throws ClientException {
        client.changeInvisibleTime(msgs, 0);
    }

    /**
     * Sends a message of an XA branch through {@code via}'s pipeline without waiting (see
     * {@link TransactionCore#sendHalfPipelined(ClientInstance, ProducerCore, OutgoingMessage, String)}): the branch's
     * PREPARE record, or a one-phase commit's decision record, forced after it in the same log makes it durable.
     */
    public CompletableFuture<SendResult> sendHalfPipelined(ProducerCore via, OutgoingMessage m, String branchId)
            throws ClientException {
        return TransactionCore.sendHalfPipelined(client, via, m, branchId);
    }
}
