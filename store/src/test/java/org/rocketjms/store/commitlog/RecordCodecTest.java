package org.rocketjms.store.commitlog;

import org.junit.jupiter.api.Test;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.util.TagHash;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.*;

class RecordCodecTest {

    private static ByteBuffer encodeSealed(StoreMessage m, long queueOffset, long phy, long ts) {
        byte[] topic = m.getTopic().getBytes(StandardCharsets.UTF_8);
        int propLen = RecordCodec.propertiesLength(m.getProperties());
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.encodedSize(m, topic, propLen));
        RecordCodec.encode(m, topic, propLen, buf);
        RecordCodec.seal(buf, 0, queueOffset, phy, ts, new CRC32C());
        buf.flip();
        return buf;
    }

    @Test
    void roundTripKeepsEveryField() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("TAGS", "orders");
        props.put("KEYS", "k1 k2");
        props.put("unicode", "h\u00e9llo \u4e16\u754c \ud83d\ude00");
        props.put("empty", "");
        StoreMessage m = new StoreMessage("TopicA", 3, "payload".getBytes(StandardCharsets.UTF_8))
                .setProperties(props)
                .setFlags(MessageFlags.TRANSACTION_COMMIT_TYPE)
                .setBornTimestamp(1234L)
                .setBornHost(new InetSocketAddress("127.0.0.1", 5555))
                .setStoreHost(new InetSocketAddress("::1", 10911))
                .setDeliveryCount(7)
                .setPreparedTransactionOffset(99L);
        ByteBuffer buf = encodeSealed(m, 42, 4096, 5678);

        assertEquals(buf.limit(), RecordCodec.check(buf, 0, 4096, 1 << 20, new CRC32C()));
        StoredMessage d = RecordCodec.decode(buf, 0, true);
        assertEquals("TopicA", d.topic());
        assertEquals(3, d.queueId());
        assertEquals(MessageFlags.TRANSACTION_COMMIT_TYPE, d.flags());
        assertEquals(42, d.queueOffset());
        assertEquals(4096, d.physicalOffset());
        assertEquals(buf.limit(), d.storeSize());
        assertEquals(1234L, d.bornTimestamp());
        assertEquals(5678L, d.storeTimestamp());
        assertEquals(new InetSocketAddress("127.0.0.1", 5555).getPort(), d.bornHost().getPort());
        assertEquals("127.0.0.1", d.bornHost().getAddress().getHostAddress());
        assertEquals(10911, d.storeHost().getPort());
        assertEquals(7, d.deliveryCount());
        assertEquals(99L, d.preparedTransactionOffset());
        assertEquals(TagHash.of("orders"), d.tagsCode());
        assertEquals("payload", new String(d.body(), StandardCharsets.UTF_8));
        assertEquals(props, d.properties());
        assertEquals(props, RecordCodec.propertiesOf(buf, 0));
        assertEquals("TopicA", RecordCodec.topicOf(buf, 0));
    }

    @Test
    void emptyBodyNoPropertiesNoHosts() {
        StoreMessage m = new StoreMessage("t", 0, null);
        ByteBuffer buf = encodeSealed(m, 0, 0, 1);
        assertEquals(RecordLayout.recordSize(0, 1, 0), buf.limit());
        StoredMessage d = RecordCodec.decode(buf, 0, true);
        assertEquals(0, d.body().length);
        assertTrue(d.properties().isEmpty());
        assertNull(d.bornHost());
        assertEquals(0L, d.tagsCode());
    }

    @Test
    void everySingleBitFlipIsDetected() {
        StoreMessage m = new StoreMessage("flip", 1, new byte[100]).putProperty("a", "b");
        ByteBuffer clean = encodeSealed(m, 5, 777, 9);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < clean.limit(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                ByteBuffer copy = ByteBuffer.allocate(clean.limit());
                copy.put(clean.duplicate()).flip();
                copy.put(i, (byte) (copy.get(i) ^ (1 << bit)));
                int result = RecordCodec.check(copy, 0, 777, 1 << 20, crc);
                assertTrue(result < 0, "flip of bit " + bit + " in byte " + i + " went unnoticed");
            }
        }
    }

    @Test
    void wrongPhysicalOffsetAndTruncationAreCorrupt() {
        ByteBuffer buf = encodeSealed(new StoreMessage("t", 0, new byte[10]), 0, 100, 1);
        CRC32C crc = new CRC32C();
        assertEquals(RecordCodec.CHECK_CORRUPT, RecordCodec.check(buf, 0, 200, 1 << 20, crc));
        ByteBuffer cut = buf.duplicate();
        cut.limit(buf.limit() - 1);
        assertEquals(RecordCodec.CHECK_CORRUPT, RecordCodec.check(cut, 0, 100, 1 << 20, crc));
        assertEquals(RecordCodec.CHECK_CORRUPT, RecordCodec.check(ByteBuffer.allocate(64), 0, 0, 1 << 20, crc),
                "zeroed bytes are not a record");
    }

    @Test
    void blankMarkerIsRecognised() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        buf.putInt(0, 64).putInt(4, RecordLayout.BLANK_MAGIC);
        assertEquals(RecordCodec.CHECK_BLANK, RecordCodec.check(buf, 0, 0, 1 << 20, new CRC32C()));
    }

    @Test
    void randomRecordsRoundTrip() {
        Random rnd = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] body = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(body);
            StoreMessage m = new StoreMessage("topic-" + rnd.nextInt(50), rnd.nextInt(8), body);
            for (int p = rnd.nextInt(5); p > 0; p--) {
                m.putProperty("p" + p, Long.toString(rnd.nextLong()));
            }
            long phy = rnd.nextInt(1 << 30);
            ByteBuffer buf = encodeSealed(m, i, phy, i);
            assertEquals(buf.limit(), RecordCodec.check(buf, 0, phy, 1 << 20, new CRC32C()));
            StoredMessage d = RecordCodec.decode(buf, 0, true);
            assertArrayEquals(body, d.body());
            assertEquals(m.getTopic(), d.topic());
            assertEquals(m.getProperties(), d.properties());
        }
    }

    @Test
    void propertiesAreLookedUpInTheRecordBytesAndPassedOnWithoutDecoding() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("KEY", "v1");
        props.put("KEYS", "longer key");
        props.put("\u00e9t\u00e9", "\u4e16\u754c \ud83d\ude00");
        props.put("K\u00c9", "same length in chars as KEY+1");
        props.put("empty", "");
        StoreMessage m = new StoreMessage("T", 0, new byte[] {1}).setProperties(props);
        StoredMessage d = RecordCodec.decode(encodeSealed(m, 0, 0, 0), 0, true);
        Map<String, String> p = d.properties();
        assertTrue(p instanceof org.rocketjms.store.RawProperties, p.getClass().getName());
        for (Map.Entry<String, String> e : props.entrySet()) {
            assertEquals(e.getValue(), p.get(e.getKey()), e.getKey());
            assertTrue(p.containsKey(e.getKey()));
        }
        assertNull(p.get("KE"));
        assertNull(p.get("KEYSS"));
        assertNull(p.get("\u00e9t"));
        assertNull(p.get(42));
        assertEquals(5, p.size());
        assertEquals(props, p); // decodes the whole map, in stored order
        assertEquals(new java.util.ArrayList<>(props.keySet()), new java.util.ArrayList<>(p.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> p.put("x", "y"));

        // the remoting format: count-less entries, key and value each an int length and UTF-8 bytes
        ByteBuffer wire = ByteBuffer.wrap(((org.rocketjms.store.RawProperties) p).toIntPrefixedEntries());
        Map<String, String> back = new LinkedHashMap<>();
        while (wire.hasRemaining()) {
            byte[] k = new byte[wire.getInt()];
            wire.get(k);
            byte[] v = new byte[wire.getInt()];
            wire.get(v);
            back.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8));
        }
        assertEquals(props, back);
        assertEquals(new java.util.ArrayList<>(props.keySet()), new java.util.ArrayList<>(back.keySet()));

        StoredMessage none = RecordCodec.decode(encodeSealed(new StoreMessage("T", 0, new byte[0]), 0, 0, 0), 0, true);
        assertTrue(none.properties().isEmpty());
        assertEquals(0, none.properties().size());
        assertNull(none.property("KEY"));
    }
}
