package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.DefaultMessageStore;

/**
 * Pops and acks processed on the connection's I/O thread ({@code consumeOnIoThread=true}, the default) and on the
 * pull and ack pools (false) behave the same: every message is handed out once, a client's pipelined acks are each
 * answered only after a force that followed them and they share forces instead of paying one each, and an acked
 * message does not come back when its invisibility would have run out.
 */
class ConsumeDispatchModeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "consumeOnIoThread={0}")
    @ValueSource(booleans = {true, false})
    void popsAndPipelinedAcksWorkAndAcksAreDurableWhenAnsweredAndShareForces(boolean onIoThread) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("consumeOnIoThread", Boolean.toString(onIoThread)).build().start();
             TestClient client = new TestClient(broker.brokerAddress(), "c1")) {
            int n = 200;
            for (int i = 0; i < n; i++) {
                assertEquals(0, client.send("cq", 0, "m" + i).getCode());
            }
            List<WireMessage> got = new ArrayList<>();
            while (got.size() < n) {
                List<WireMessage> batch = client.pop("g", "cq", 32, 3_000, 1_000, null);
                assertTrue(!batch.isEmpty(), "only " + got.size() + " of " + n + " messages were handed out");
                got.addAll(batch);
            }
            Set<String> bodies = ConcurrentHashMap.newKeySet();
            got.forEach(m -> bodies.add(new String(m.body())));
            assertEquals(n, bodies.size(), "a message was handed out twice");

            DefaultMessageStore store = (DefaultMessageStore) broker.brokerController().getMessageStore();
            long logEndBeforeAcks = store.getCommitLog().getMaxOffset(); // the ack records are appended after this
            long forcesBefore = store.stats().forceCount();
            Map<Integer, String> failures = new ConcurrentHashMap<>();
            CountDownLatch answered = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int seq = i;
                RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.ACK_MESSAGE,
                        new AckMessageRequestHeader("g", "cq"));
                req.setBody(ReceiptHandleListCodec.encode(List.of(got.get(i).receiptHandle())));
                client.remoting.invokeAsync(client.addr, req, 10_000, f -> {
                    try {
                        RemotingCommand r = f.getResponse();
                        if (r == null || r.getCode() != 0) {
                            failures.put(seq, r == null ? String.valueOf(f.getCause()) : r.getRemark());
                        } else if (store.getCommitLog().getFlushedWhere() <= logEndBeforeAcks) {
                            failures.put(seq, "answered before a force that followed it");
                        }
                    } finally {
                        answered.countDown();
                    }
                });
            }
            assertTrue(answered.await(30, TimeUnit.SECONDS), "not every ack was answered");
            assertEquals(Map.of(), failures);
            long forces = store.stats().forceCount() - forcesBefore;
            assertTrue(forces >= 1 && forces < n / 2, n + " pipelined acks took " + forces + " forces");

            Thread.sleep(3_500); // past the invisibility the messages were popped with
            assertEquals(List.of(), client.pop("g", "cq", 32, 3_000, 500, null), "an acked message came back");
        }
    }
}
