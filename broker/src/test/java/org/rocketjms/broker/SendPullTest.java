package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ConsumerOffsetRequestHeader;
import org.rocketjms.remoting.protocol.broker.ExpressionType;
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.OffsetResponseHeader;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.PullMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.QueryMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.QueueRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.TopicConfigHeader;
import org.rocketjms.remoting.protocol.broker.TopicRequestHeader;
import org.rocketjms.remoting.protocol.broker.ViewMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/** Send, batch send, pull, long polling, filtering and the offset/admin requests against a real broker. */
class SendPullTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    TestClient client;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("maxMessageSize", "65536").set("mappedFileSizeCommitLog", String.valueOf(64 * 1024 * 1024))
                .build().start();
        client = new TestClient(broker.brokerAddress(), "c1");
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    @Test
    void tenThousandMessagesOverFourQueuesArriveExactlyOnceInOrder() throws Exception {
        int producers = 8;
        int perProducer = 1250;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<?>> fs = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int pid = p;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    RemotingCommand r = client.send("bulk", -1, pid + ":" + i);
                    assertEquals(0, r.getCode(), r.getRemark());
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long sum = 0;
        for (int q = 0; q < 4; q++) {
            sum += client.awaitMaxOffset("bulk", q, producers * perProducer / 4);
        }
        assertEquals(producers * perProducer, sum);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int q = 0; q < 4; q++) {
            long offset = 0;
            Map<Integer, Integer> lastSeq = new HashMap<>();
            while (true) {
                RemotingCommand r = client.pull("g", "bulk", q, offset, 32, 0, null, null);
                if (r.getCode() == BrokerResponseCode.PULL_NOT_FOUND) {
                    break;
                }
                assertEquals(0, r.getCode(), r.getRemark());
                for (WireMessage m : MessageListCodec.decode(r.getBody())) {
                    assertEquals(offset, m.queueOffset());
                    assertEquals(q, m.queueId());
                    offset++;
                    String body = new String(m.body(), StandardCharsets.UTF_8);
                    assertTrue(seen.add(body), "duplicate " + body);
                    String[] parts = body.split(":");
                    int pid = Integer.parseInt(parts[0]);
                    int seq = Integer.parseInt(parts[1]);
                    assertTrue(lastSeq.getOrDefault(pid, -1) < seq, "out of order in queue " + q + ": " + body);
                    lastSeq.put(pid, seq);
                    total++;
                }
                assertEquals(offset, PullMessageResponseHeader.decode(r.getExtFields()).nextBeginOffset());
            }
            assertTrue(offset > 2000, "round robin should spread messages: queue " + q + " has " + offset);
        }
        assertEquals(producers * perProducer, total);
    }

    @Test
    void heldPullReturnsPromptlyAfterASendAndEmptyAfterItsTimeout() throws Exception {
        assertEquals(0, client.send("lp", 0, "first").getCode());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RemotingCommand> held = pool.submit(() -> client.pull("g", "lp", 1, 0, 32, 10_000, null, null));
            Thread.sleep(300);
            assertTrue(!held.isDone(), "the pull should be held");
            long sent = System.nanoTime();
            assertEquals(0, client.send("lp", 1, "wake").getCode());
            RemotingCommand r = held.get(5, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - sent) / 1_000_000;
            assertEquals(0, r.getCode(), r.getRemark());
            assertTrue(ms < 500, "held pull answered after " + ms + " ms");
            assertEquals("wake", new String(MessageListCodec.decode(r.getBody()).get(0).body(), StandardCharsets.UTF_8));
        } finally {
            pool.shutdownNow();
        }
        long t0 = System.nanoTime();
        RemotingCommand empty = client.pull("g", "lp", 1, 1, 32, 400, null, null);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(BrokerResponseCode.PULL_NOT_FOUND, empty.getCode());
        assertTrue(waited >= 350 && waited < 3000, "waited " + waited);
        PullMessageResponseHeader h = PullMessageResponseHeader.decode(empty.getExtFields());
        assertEquals(1, h.nextBeginOffset());
        assertEquals(1, h.maxOffset());
    }

    @Test
    void aSendNeverRecreatesAGoneTemporaryDestination() throws Exception {
        RemotingCommand r = client.send("%TQ%gone-123", 0, "late reply");
        assertEquals(BrokerResponseCode.TOPIC_NOT_EXIST, r.getCode());
        assertTrue(r.getRemark().contains("temporary destinations"), r.getRemark());
        assertEquals(0, client.send("%Q%ordinary", 0, "auto-created").getCode(), "ordinary topics still auto-create");
    }

    @Test
    void offsetOutOfRangeAnswersOffsetMovedWithTheNextOffset() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, client.send("om", 2, "m" + i).getCode());
        }
        assertEquals(5, client.awaitMaxOffset("om", 2, 5));
        RemotingCommand r = client.pull("g", "om", 2, 1000, 32, 0, null, null);
        assertEquals(BrokerResponseCode.PULL_OFFSET_MOVED, r.getCode());
        assertEquals(5, PullMessageResponseHeader.decode(r.getExtFields()).nextBeginOffset());
    }

    @Test
    void tagAndSelectorFiltersAreAppliedOnTheBroker() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(0, client.send("flt", 0, "m" + i, TestClient.props("TAGS", i % 2 == 0 ? "even" : "odd",
                    "n", TypedPropertyCodec.encode(i), HeaderKeys.TYPE, TypedPropertyCodec.encode(i % 2 == 0 ? "even" : "odd"))).getCode());
        }
        assertEquals(20, client.awaitMaxOffset("flt", 0, 20));
        RemotingCommand r = client.pull("g", "flt", 0, 0, 32, 0, "odd", ExpressionType.TAG);
        List<WireMessage> odd = MessageListCodec.decode(r.getBody());
        assertEquals(10, odd.size());
        odd.forEach(m -> assertEquals("odd", m.properties().get("TAGS")));
        r = client.pull("g", "flt", 0, 0, 32, 0, "n >= 15 AND JMSType = 'odd'", ExpressionType.SQL92);
        List<WireMessage> sel = MessageListCodec.decode(r.getBody());
        assertEquals(List.of("m15", "m17", "m19"), sel.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList());
        r = client.pull("g", "flt", 0, 0, 32, 0, "n >>> 3", ExpressionType.SQL92);
        assertEquals(BrokerResponseCode.SUBSCRIPTION_PARSE_FAILED, r.getCode());
        assertNotNull(r.getRemark());
    }

    @Test
    void oversizedMessageIsRefusedWithARemarkNamingTheLimit() throws Exception {
        RemotingCommand r = client.send("big", 0, "x".repeat(70_000));
        assertEquals(BrokerResponseCode.MESSAGE_ILLEGAL, r.getCode());
        assertTrue(r.getRemark().contains("65536"), r.getRemark());
    }

    @Test
    void batchSendAndAdminRequests() throws Exception {
        List<MessageBatchCodec.Entry> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new MessageBatchCodec.Entry(0, System.currentTimeMillis(), Map.of("KEYS", "k" + i),
                    ("b" + i).getBytes(StandardCharsets.UTF_8)));
        }
        RemotingCommand r = client.sendBatch("batch", 1, batch);
        assertEquals(0, r.getCode(), r.getRemark());
        SendMessageResponseHeader sh = SendMessageResponseHeader.decode(r.getExtFields());
        assertEquals(10, sh.msgId().split(",").length);
        assertEquals(0, sh.queueOffset());
        long until = System.currentTimeMillis() + 5000;
        do {
            r = client.call(BrokerRequestCode.GET_MAX_OFFSET, new QueueRequestHeader("batch", 1), null, 5000);
        } while (OffsetResponseHeader.decode(r.getExtFields()).offset() < 10 && System.currentTimeMillis() < until);
        assertEquals(10, OffsetResponseHeader.decode(r.getExtFields()).offset());
        r = client.call(BrokerRequestCode.GET_MIN_OFFSET, new QueueRequestHeader("batch", 1), null, 5000);
        assertEquals(0, OffsetResponseHeader.decode(r.getExtFields()).offset());
        r = client.call(BrokerRequestCode.VIEW_MESSAGE_BY_OFFSET, new ViewMessageRequestHeader(sh.commitLogOffset()),
                null, 5000);
        assertEquals("b0", new String(MessageListCodec.decode(r.getBody()).get(0).body(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 5000;
        do {
            r = client.call(BrokerRequestCode.QUERY_MESSAGE, new QueryMessageRequestHeader("batch", "k3", 10, 0,
                    Long.MAX_VALUE), null, 5000);
        } while (r.getCode() != 0 && System.currentTimeMillis() < deadline);
        assertEquals(0, r.getCode(), r.getRemark());
        assertEquals("b3", new String(MessageListCodec.decode(r.getBody()).get(0).body(), StandardCharsets.UTF_8));
        r = client.call(BrokerRequestCode.UPDATE_CONSUMER_OFFSET, new ConsumerOffsetRequestHeader("g", "batch", 1, 7),
                null, 5000);
        assertEquals(0, r.getCode());
        r = client.call(BrokerRequestCode.QUERY_CONSUMER_OFFSET, new ConsumerOffsetRequestHeader("g", "batch", 1, -1),
                null, 5000);
        assertEquals(7, OffsetResponseHeader.decode(r.getExtFields()).offset());
        r = client.call(BrokerRequestCode.QUERY_CONSUMER_OFFSET, new ConsumerOffsetRequestHeader("x", "batch", 1, -1),
                null, 5000);
        assertEquals(BrokerResponseCode.CONSUMER_OFFSET_NOT_FOUND, r.getCode());
        r = client.call(BrokerRequestCode.UPDATE_AND_CREATE_TOPIC, new TopicConfigHeader("made", 8, 8, 6), null, 5000);
        assertEquals(0, r.getCode(), r.getRemark());
        r = client.call(BrokerRequestCode.GET_TOPIC_CONFIG, new TopicRequestHeader("made"), null, 5000);
        assertEquals(8, TopicConfigHeader.decode(r.getExtFields()).writeQueueNums());
        r = client.send("RJMS_SYS_ACK", 0, "nope");
        assertEquals(BrokerResponseCode.INVALID_REQUEST, r.getCode());
    }
}
