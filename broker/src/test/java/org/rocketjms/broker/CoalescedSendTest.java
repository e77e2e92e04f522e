package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/**
 * SEND_BATCH_MESSAGE marked coalesced (independent sends a client put into one request): a message above
 * maxMessageSize is refused alone, the others are stored in request order, also when they need several commit-log
 * record batches.
 */
class CoalescedSendTest {
    private static final int MAX = 4096;

    @TempDir
    Path dir;
    EmbeddedBroker broker;
    TestClient client;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("maxMessageSize", String.valueOf(MAX)).set("mappedFileSizeCommitLog", "65536")
                .build().start();
        client = new TestClient(broker.brokerAddress(), "c1");
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    private RemotingCommand sendCoalesced(String topic, List<MessageBatchCodec.Entry> entries) throws Exception {
        RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.SEND_BATCH_MESSAGE,
                new SendMessageRequestHeader("pg", topic, 0, 0, System.currentTimeMillis(), null, false));
        SendMessageRequestHeader.markCoalesced(req);
        req.setBody(MessageBatchCodec.encode(entries));
        return client.remoting.invokeSync(client.addr, req, 10_000);
    }

    private static MessageBatchCodec.Entry entry(String text, int size) {
        byte[] body = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), size);
        return new MessageBatchCodec.Entry(0, System.currentTimeMillis(), Map.of("n", text), body);
    }

    private List<String> drain(String topic, int expected) throws Exception {
        client.awaitMaxOffset(topic, 0, expected);
        List<String> got = new ArrayList<>();
        while (got.size() < expected) {
            RemotingCommand r = client.pull("g", topic, 0, got.size(), 32, 0, null, null);
            assertEquals(0, r.getCode(), r.getRemark());
            for (WireMessage m : MessageListCodec.decode(r.getBody())) {
                got.add(m.properties().get("n"));
            }
        }
        return got;
    }

    @Test
    void aMessageAboveTheLimitIsRefusedAloneAndTheOthersAreStoredInOrder() throws Exception {
        List<MessageBatchCodec.Entry> entries = List.of(entry("m0", 100), entry("m1", 100), entry("big", MAX + 1),
                entry("m3", 100));
        RemotingCommand r = sendCoalesced("co", entries);
        assertEquals(0, r.getCode(), r.getRemark());
        assertNull(SendMessageResponseHeader.refusal(r.getExtFields(), 0));
        assertNull(SendMessageResponseHeader.refusal(r.getExtFields(), 1));
        assertNull(SendMessageResponseHeader.refusal(r.getExtFields(), 3));
        SendMessageResponseHeader.Refusal big = SendMessageResponseHeader.refusal(r.getExtFields(), 2);
        assertNotNull(big, "the message above maxMessageSize is refused");
        assertEquals(BrokerResponseCode.MESSAGE_ILLEGAL, big.code());
        assertTrue(big.remark().contains("exceeds maxMessageSize " + MAX), big.remark());
        assertEquals(4, SendMessageResponseHeader.decode(r.getExtFields()).msgId().split(",").length);
        assertEquals(List.of("m0", "m1", "m3"), drain("co", 3));
    }

    @Test
    void aBatchLargerThanACommitLogFileIsStoredInSeveralRecordBatchesInOrder() throws Exception {
        List<MessageBatchCodec.Entry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(entry("m" + i, 1500)); // 50 x 1.5 KiB: more than a 64 KiB commit-log file together
            names.add("m" + i);
        }
        RemotingCommand r = sendCoalesced("chunks", entries);
        assertEquals(0, r.getCode(), r.getRemark());
        for (int i = 0; i < 50; i++) {
            assertNull(SendMessageResponseHeader.refusal(r.getExtFields(), i), "message " + i);
        }
        assertEquals(names, drain("chunks", 50));
    }

    @Test
    void anUnmarkedBatchIsStillAllOrNothing() throws Exception {
        RemotingCommand r = client.sendBatch("plain", 0, List.of(entry("a", 100), entry("big", MAX + 1)));
        assertEquals(BrokerResponseCode.MESSAGE_ILLEGAL, r.getCode());
        assertTrue(r.getRemark().contains("exceeds maxMessageSize " + MAX), r.getRemark());
    }
}
