package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocketjms.filter.tag.TagFilter;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.broker.HeartbeatData;
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.broker.processor.Responses;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.commitlog.RecordCodec;
import org.rocketjms.store.util.TagHash;

/** The broker protocol's headers and binary codecs round-trip and reject malformed input. */
class ProtocolCodecTest {

    @Test
    void filterTagHashAgreesWithTheStoreTagHash() {
        for (String tag : List.of("a", "TagA", "order.created", "ü-é-ß", "日本語", "x".repeat(300), " spaced ",
                "emoji \uD83D\uDE00", "lone \uD800 surrogate")) {
            assertEquals(TagHash.of(tag), TagFilter.tagHash(tag), tag);
        }
        assertEquals(TagHash.of(null), TagFilter.tagHash(null));
        assertEquals(0L, TagHash.of(null));
        // Known difference: the store hashes "" to 0 (no tag), the filter to the FNV basis. A subscription can never
        // name an empty tag (TagFilter.parse rejects it), so the two never have to agree on "".
        assertThrows(IllegalArgumentException.class, () -> TagFilter.parse("a || "));
    }

    @Test
    void messageListRoundTripsAndRejectsTruncation() throws Exception {
        WireMessage m = new WireMessage("t", 3, 42, 4242, 1000, 999, 2, 0, Map.of("k", "v", "TAGS", "x"),
                new byte[] {1, 2, 3}, "3:42:2:1000:t");
        byte[] enc = MessageListCodec.encode(List.of(m, m));
        List<WireMessage> back = MessageListCodec.decode(enc);
        assertEquals(2, back.size());
        WireMessage b = back.get(1);
        assertEquals(m.topic(), b.topic());
        assertEquals(m.queueOffset(), b.queueOffset());
        assertEquals(m.properties(), b.properties());
        assertArrayEquals(m.body(), b.body());
        assertEquals(m.receiptHandle(), b.receiptHandle());
        for (int cut = 1; cut < enc.length; cut += 7) {
            byte[] t = Arrays.copyOf(enc, cut);
            assertThrows(RemotingCommandException.class, () -> MessageListCodec.decode(t));
        }
        byte[] huge = {0x7f, -1, -1, -1};
        assertThrows(RemotingCommandException.class, () -> MessageListCodec.decode(huge));
    }

    @Test
    void aStoredMessagesPropertiesGoOnTheWireAsIfEncodedFromAMap() throws Exception {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("UNIQ_KEY", "C0A8000100002A9F0000000000000001");
        props.put("JMSType", "\u00e9v\u00e9nement \uD83D\uDE00");
        props.put("empty", "");
        StoreMessage sm = new StoreMessage("t", 1, new byte[] {5, 6}).setProperties(props);
        byte[] topic = "t".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int propLen = RecordCodec.propertiesLength(props);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(RecordCodec.encodedSize(sm, topic, propLen));
        RecordCodec.encode(sm, topic, propLen, buf);
        RecordCodec.seal(buf, 0, 7, 700, 1234, new java.util.zip.CRC32C());
        buf.flip();
        StoredMessage stored = RecordCodec.decode(buf, 0, true);

        WireMessage viaRaw = Responses.toWire(stored, 2, "r");
        WireMessage viaMap = new WireMessage(viaRaw.topic(), viaRaw.queueId(), viaRaw.queueOffset(),
                viaRaw.commitLogOffset(), viaRaw.storeTimestamp(), viaRaw.bornTimestamp(), 2, viaRaw.flags(),
                new java.util.LinkedHashMap<>(props), viaRaw.body(), "r");
        byte[] enc = MessageListCodec.encode(List.of(viaRaw));
        assertArrayEquals(MessageListCodec.encode(List.of(viaMap)), enc);
        assertEquals(props, viaRaw.properties()); // still readable as a map in the broker
        WireMessage back = MessageListCodec.decode(enc).get(0);
        assertEquals(props, back.properties());
        assertEquals(List.copyOf(props.keySet()), List.copyOf(back.properties().keySet()));
    }

    @Test
    void batchHeartbeatAndReceiptsRoundTrip() throws Exception {
        List<MessageBatchCodec.Entry> batch = MessageBatchCodec.decode(MessageBatchCodec.encode(List.of(
                new MessageBatchCodec.Entry(4, 7, Map.of("a", "b"), new byte[] {9}))));
        assertEquals(4, batch.get(0).flags());
        assertEquals("b", batch.get(0).properties().get("a"));
        assertThrows(RemotingCommandException.class, () -> MessageBatchCodec.decode(new byte[] {0, 0, 0, 0}));
        HeartbeatData hb = new HeartbeatData("cid", List.of("p1"),
                List.of(new HeartbeatData.ConsumerData("g", "t", "a || b", "TAG")));
        assertEquals(hb, HeartbeatData.decode(hb.encode()));
        assertThrows(RemotingCommandException.class, () -> HeartbeatData.decode(new byte[] {0, 0, 0, 5, 'a'}));
        ReceiptHandle h = new ReceiptHandle("top:ic", 1, 99, 3, 12345);
        assertEquals(h, ReceiptHandle.parse(h.encode()));
        assertEquals(List.of(h), ReceiptHandleListCodec.decode(ReceiptHandleListCodec.encode(List.of(h.encode()))));
        assertThrows(RemotingCommandException.class, () -> ReceiptHandle.parse("1:x:3:4:t"));
        assertThrows(RemotingCommandException.class, () -> ReceiptHandle.parse("1:2:3"));
    }

    @Test
    void headersAndPropertiesRoundTrip() throws Exception {
        Map<String, String> props = Map.of("JMSType", "s:x", "n", "i:5");
        SendMessageRequestHeader h = new SendMessageRequestHeader("pg", "t", -1, 0, 5, PropertiesCodec.encode(props),
                false);
        Map<String, String> ext = new HashMap<>();
        h.encode(ext);
        SendMessageRequestHeader back = SendMessageRequestHeader.decode(ext);
        assertEquals(h, back);
        assertEquals(props, PropertiesCodec.decode(back.properties()));
        assertThrows(RemotingCommandException.class, () -> PropertiesCodec.decode("no-separators"));
        assertThrows(IllegalArgumentException.class, () -> PropertiesCodec.encode(Map.of("k", "bad\u0001value")));
        Map<String, String> pop = new HashMap<>();
        pop.put("consumerGroup", "g");
        assertThrows(RemotingCommandException.class, () -> PopMessageRequestHeader.decode(pop));
        pop.put("topic", "t");
        pop.put("maxMsgNums", "many");
        assertThrows(RemotingCommandException.class, () -> PopMessageRequestHeader.decode(pop));
        assertEquals(5, TypedPropertyCodec.decode(TypedPropertyCodec.encode(5)));
        assertEquals(5L, TypedPropertyCodec.decode(TypedPropertyCodec.encode(5L)));
        assertEquals(true, TypedPropertyCodec.decode(TypedPropertyCodec.encode(true)));
        assertEquals("Sx", TypedPropertyCodec.encode("x"));
        assertEquals("plain", TypedPropertyCodec.decode("plain"));
    }

    @Test
    void storeFailuresMapToResponseCodesWithTheStoreRemark() {
        org.rocketjms.remoting.protocol.RemotingCommand req = org.rocketjms.remoting.protocol.RemotingCommand
                .createRequest(300);
        for (var c : List.of(new Object[] {org.rocketjms.store.PutMessageStatus.DISK_FULL,
                        org.rocketjms.remoting.protocol.broker.BrokerResponseCode.DISK_FULL},
                new Object[] {org.rocketjms.store.PutMessageStatus.FLUSH_DISK_TIMEOUT,
                        org.rocketjms.remoting.protocol.broker.BrokerResponseCode.FLUSH_DISK_TIMEOUT},
                new Object[] {org.rocketjms.store.PutMessageStatus.MESSAGE_ILLEGAL,
                        org.rocketjms.remoting.protocol.broker.BrokerResponseCode.MESSAGE_ILLEGAL},
                new Object[] {org.rocketjms.store.PutMessageStatus.SERVICE_NOT_AVAILABLE,
                        org.rocketjms.remoting.protocol.broker.BrokerResponseCode.SERVICE_NOT_AVAILABLE},
                new Object[] {org.rocketjms.store.PutMessageStatus.UNKNOWN_ERROR,
                        org.rocketjms.remoting.protocol.broker.BrokerResponseCode.STORE_ERROR})) {
            var status = (org.rocketjms.store.PutMessageStatus) c[0];
            var resp = org.rocketjms.broker.processor.Responses.putFailure(req,
                    org.rocketjms.store.PutMessageResult.failure(status, "why: " + status));
            assertEquals((int) (Integer) c[1], resp.getCode());
            assertEquals("why: " + status, resp.getRemark());
            assertEquals(req.getOpaque(), resp.getOpaque());
        }
    }

    @Test
    void brokerConfigAppliesBrokerAndStoreKeys() {
        BrokerConfig c = new BrokerConfig();
        Map<String, String> m = new HashMap<>();
        m.put("brokerName", "b1");
        m.put("defaultTopicQueueNums", "8");
        m.put("maxMessageSize", "1234");
        m.put("flushDiskType", "ASYNC_FLUSH");
        m.put("noSuchKey", "x");
        assertEquals(List.of("noSuchKey"), c.apply(m));
        assertEquals("b1", c.getBrokerName());
        assertEquals(8, c.getDefaultTopicQueueNums());
        assertEquals(1234, c.getStoreConfig().getMaxMessageSize());
        assertThrows(IllegalArgumentException.class, () -> c.apply(Map.of("listenPort", "abc")));
        assertThrows(IllegalArgumentException.class, () -> c.apply(Map.of("autoCreateTopicEnable", "yes")));
    }
}
