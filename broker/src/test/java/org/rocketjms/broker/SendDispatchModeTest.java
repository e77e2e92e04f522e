package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/**
 * Sends processed on the connection's I/O thread ({@code sendMessageOnIoThread=true}, the default) and on the send
 * pool (false) behave the same: a client's pipelined persistent sends are stored in the order sent, each is answered
 * only once durable, and they share forces instead of paying one each.
 */
class SendDispatchModeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "sendMessageOnIoThread={0}")
    @ValueSource(booleans = {true, false})
    void pipelinedPersistentSendsKeepOrderAreDurableWhenAnsweredAndShareForces(boolean onIoThread) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("sendMessageOnIoThread", Boolean.toString(onIoThread)).build().start();
             TestClient client = new TestClient(broker.brokerAddress(), "c1")) {
            assertEquals(0, client.send("ordered", 0, "first").getCode()); // creates the topic
            var store = (org.rocketjms.store.DefaultMessageStore) broker.brokerController().getMessageStore();
            long forcesBefore = store.stats().forceCount();
            int n = 500;
            Map<Integer, Long> offsetOf = new ConcurrentHashMap<>();
            Map<Integer, String> failures = new ConcurrentHashMap<>();
            CountDownLatch answered = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int seq = i;
                RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.SEND_MESSAGE,
                        new SendMessageRequestHeader("pg", "ordered", 0, 0, System.currentTimeMillis(),
                                PropertiesCodec.encode(Map.of()), true));
                req.setBody(("m" + i).getBytes());
                client.remoting.invokeAsync(client.addr, req, 10_000, f -> {
                    try {
                        RemotingCommand r = f.getResponse();
                        if (r == null || r.getCode() != 0) {
                            failures.put(seq, r == null ? String.valueOf(f.getCause()) : r.getRemark());
                            return;
                        }
                        SendMessageResponseHeader h = r.decodeHeader(SendMessageResponseHeader::decode);
                        // answered only once durable: the force covering this record has happened
                        if (store.getCommitLog().getFlushedWhere() <= h.commitLogOffset()) {
                            failures.put(seq, "answered before its record was flushed");
                        }
                        offsetOf.put(seq, h.queueOffset());
                    } catch (Exception e) {
                        failures.put(seq, e.toString());
                    } finally {
                        answered.countDown();
                    }
                });
            }
            assertTrue(answered.await(30, TimeUnit.SECONDS), "not every send was answered");
            assertEquals(Map.of(), failures);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1L, offsetOf.get(i), "send " + i + " was stored out of order");
            }
            long forces = store.stats().forceCount() - forcesBefore;
            assertTrue(forces >= 1 && forces < n / 2, n + " pipelined sends took " + forces + " forces");

            List<WireMessage> got = client.pop("g", "ordered", 32, 30_000, 1_000, null);
            assertEquals("first", new String(got.get(0).body()));
            assertEquals("m0", new String(got.get(1).body()));
        }
    }
}
