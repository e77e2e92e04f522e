package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.TransactionAckListCodec;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.commitlog.MessageFlags;

/** Shared setup of the JMS feature tests: a broker on a temporary directory, raw test clients, helpers. */
abstract class JmsFeatureTestBase {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    final List<TestClient> clients = new ArrayList<>();

    EmbeddedBroker startBroker(String... kv) {
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(64 * 1024 * 1024));
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1]);
        }
        broker = b.build().start();
        return broker;
    }

    void restartBroker(String... kv) {
        clients.forEach(TestClient::close);
        clients.clear();
        broker.close();
        startBroker(kv);
    }

    TestClient client(String id) throws Exception {
        TestClient c = new TestClient(broker.brokerAddress(), id);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
        if (broker != null) {
            broker.close();
        }
    }

    static String body(WireMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    static List<String> bodies(List<WireMessage> ms) {
        List<String> out = new ArrayList<>();
        for (WireMessage m : ms) {
            out.add(body(m));
        }
        return out;
    }

    static List<String> receipts(List<WireMessage> ms) {
        List<String> out = new ArrayList<>();
        for (WireMessage m : ms) {
            out.add(m.receiptHandle());
        }
        return out;
    }

    static RemotingCommand call(TestClient c, int code, CommandHeader header, Map<String, String> extra, byte[] body)
            throws Exception {
        RemotingCommand req = RemotingCommand.createRequest(code, header);
        Map<String, String> ext = new HashMap<>();
        if (header != null) {
            header.encode(ext);
        }
        ext.putAll(extra);
        req.setExtFields(ext);
        req.setBody(body);
        return c.remoting.invokeSync(c.addr, req, 15_000);
    }

    /** Sends one transactional (prepared) message of {@code txId} owned by the client. */
    static void sendHalf(TestClient c, String topic, int queueId, String body, String txId) throws Exception {
        Map<String, String> props = TestClient.props(EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID, txId,
                EndTransactionRequestHeader.PROPERTY_CLIENT_ID, c.clientId);
        RemotingCommand r = c.call(BrokerRequestCode.SEND_MESSAGE, new SendMessageRequestHeader("pg", topic, queueId,
                MessageFlags.TRANSACTION_PREPARED_TYPE, System.currentTimeMillis(), PropertiesCodec.encode(props),
                true), body.getBytes(StandardCharsets.UTF_8), 10_000);
        assertEquals(0, r.getCode(), r.getRemark());
    }

    static void send(TestClient c, String topic, int queueId, String body, String... kv) throws Exception {
        RemotingCommand r = c.send(topic, queueId, body, TestClient.props(kv));
        assertEquals(0, r.getCode(), r.getRemark());
    }

    static RemotingCommand endTx(TestClient c, String txId, boolean commit, List<TransactionAckListCodec.Entry> acks)
            throws Exception {
        return c.call(BrokerRequestCode.END_TRANSACTION, new EndTransactionRequestHeader(txId, commit, "pg",
                c.clientId), acks.isEmpty() ? null : TransactionAckListCodec.encode(acks), 15_000);
    }

    /** Pops until {@code n} messages arrived or the time is up. */
    static List<WireMessage> popN(TestClient c, String group, String topic, int n, long timeoutMillis)
            throws Exception {
        List<WireMessage> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (out.size() < n && System.currentTimeMillis() < deadline) {
            out.addAll(c.pop(group, topic, n - out.size(), 30_000, Math.max(1, deadline - System.currentTimeMillis()),
                    null));
        }
        return out;
    }

    static void awaitTrue(java.util.function.BooleanSupplier cond, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMillis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
