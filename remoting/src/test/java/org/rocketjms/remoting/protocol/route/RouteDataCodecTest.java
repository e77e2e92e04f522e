package org.rocketjms.remoting.protocol.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;

class RouteDataCodecTest {

    /** A body decoder under test. */
    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] body) throws RemotingCommandException;
    }

    static BrokerData broker(String cluster, String name, String master, String slave) {
        Map<Long, String> addrs = new TreeMap<>();
        addrs.put(BrokerData.MASTER_ID, master);
        if (slave != null) {
            addrs.put(1L, slave);
        }
        return new BrokerData(cluster, name, addrs);
    }

    static TopicRouteData sampleRoute() {
        return new TopicRouteData(
                List.of(new QueueData("broker-b", 4, 4, TopicPerm.READ_WRITE), new QueueData("broker-a", 8, 2, TopicPerm.READ)),
                List.of(broker("c1", "broker-b", "10.0.0.2:10911", null),
                        broker("c1", "broker-a", "10.0.0.1:10911", "10.0.0.11:10911")));
    }

    @Test
    void topicRouteDataRoundTripsAndIsCanonical() throws Exception {
        TopicRouteData route = sampleRoute();
        byte[] body = route.encode();
        TopicRouteData decoded = TopicRouteData.decode(body);
        assertEquals(route, decoded);
        assertEquals(route.hashCode(), decoded.hashCode());
        assertArrayEquals(body, decoded.encode());
        assertEquals("broker-a", decoded.queueDatas().get(0).brokerName(), "sorted by broker name");
        assertEquals("10.0.0.1:10911", decoded.brokerData("broker-a").masterAddr());
        assertEquals("10.0.0.11:10911", decoded.brokerData("broker-a").brokerAddrs().get(1L));
        assertEquals(8, decoded.queueData("broker-a").readQueueNums());
        assertNull(decoded.brokerData("nope"));

        TopicRouteData sameContentOtherOrder = new TopicRouteData(
                List.of(new QueueData("broker-a", 8, 2, TopicPerm.READ), new QueueData("broker-b", 4, 4, TopicPerm.READ_WRITE)),
                List.of(broker("c1", "broker-a", "10.0.0.1:10911", "10.0.0.11:10911"),
                        broker("c1", "broker-b", "10.0.0.2:10911", null)));
        assertEquals(route, sameContentOtherOrder);

        TopicRouteData changed = new TopicRouteData(
                List.of(new QueueData("broker-a", 8, 2, TopicPerm.READ_WRITE), new QueueData("broker-b", 4, 4, TopicPerm.READ_WRITE)),
                route.brokerDatas());
        assertNotEquals(route, changed);
    }

    @Test
    void emptyRouteAndNonAsciiNamesRoundTrip() throws Exception {
        TopicRouteData empty = new TopicRouteData(List.of(), List.of());
        assertEquals(empty, TopicRouteData.decode(empty.encode()));
        TopicRouteData unicode = new TopicRouteData(List.of(new QueueData("brökér-\u4e2d", 1, 1, TopicPerm.WRITE)),
                List.of(broker("clüster", "brökér-\u4e2d", "h:1", null)));
        assertEquals(unicode, TopicRouteData.decode(unicode.encode()));
    }

    @Test
    void clusterInfoRoundTrips() throws Exception {
        Map<String, BrokerData> brokers = new TreeMap<>();
        brokers.put("broker-a", broker("c1", "broker-a", "h1:1", "h2:2"));
        brokers.put("broker-b", broker("c2", "broker-b", "h3:3", null));
        ClusterInfo info = new ClusterInfo(brokers, Map.of("c1", Set.of("broker-a"), "c2", Set.of("broker-b")));
        byte[] body = info.encode();
        ClusterInfo decoded = ClusterInfo.decode(body);
        assertEquals(info, decoded);
        assertEquals(info.hashCode(), decoded.hashCode());
        assertEquals(Set.of("broker-a"), decoded.clusterAddrTable().get("c1"));
        assertEquals("h3:3", decoded.brokerAddrTable().get("broker-b").masterAddr());
        assertEquals(new ClusterInfo(Map.of(), Map.of()), ClusterInfo.decode(new ClusterInfo(Map.of(), Map.of()).encode()));
        assertThrows(IllegalArgumentException.class,
                () -> new ClusterInfo(Map.of("x", broker("c", "y", "h:1", null)), Map.of()));
    }

    @Test
    void topicListRoundTrips() throws Exception {
        TopicList list = new TopicList(List.of("b", "a", "c"));
        TopicList decoded = TopicList.decode(list.encode());
        assertEquals(list, decoded);
        assertEquals(List.of("a", "b", "c"), List.copyOf(decoded.topics()));
        assertEquals(new TopicList(List.of()), TopicList.decode(new TopicList(List.of()).encode()));
    }

    @Test
    void permissionBits() {
        assertTrue(TopicPerm.isReadable(TopicPerm.READ_WRITE));
        assertTrue(TopicPerm.isWriteable(TopicPerm.READ_WRITE));
        assertTrue(!TopicPerm.isWriteable(TopicPerm.READ));
        assertEquals("R-", TopicPerm.toString(TopicPerm.READ));
        assertEquals("-W", TopicPerm.toString(TopicPerm.WRITE));
    }

    @Test
    void constructorsRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new QueueData(null, 1, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> new QueueData("b", -1, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> new BrokerData("c", "b", Map.of(-1L, "h:1")));
        assertThrows(IllegalArgumentException.class, () -> new TopicRouteData(
                List.of(new QueueData("b", 1, 1, 6), new QueueData("b", 2, 2, 6)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TopicList(Arrays.asList("a", null)));
    }

    // ------------------------------------------------------------------ malformed input

    @Test
    void missingBodyIsRejected() {
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(null));
        assertThrows(RemotingCommandException.class, () -> ClusterInfo.decode(null));
        assertThrows(RemotingCommandException.class, () -> TopicList.decode(null));
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(new byte[0]));
    }

    @Test
    void everyTruncationIsRejected() throws Exception {
        assertEveryPrefixRejected(sampleRoute().encode(), TopicRouteData::decode);
        Map<String, BrokerData> brokers = Map.of("broker-a", broker("c1", "broker-a", "h1:1", "h2:2"));
        assertEveryPrefixRejected(new ClusterInfo(brokers, Map.of("c1", Set.of("broker-a"))).encode(), ClusterInfo::decode);
        assertEveryPrefixRejected(new TopicList(List.of("t1", "t2")).encode(), TopicList::decode);
    }

    static void assertEveryPrefixRejected(byte[] body, Decoder decoder) {
        for (int len = 0; len < body.length; len++) {
            byte[] prefix = Arrays.copyOf(body, len);
            int l = len;
            assertThrows(RemotingCommandException.class, () -> decoder.decode(prefix), "prefix of length " + l);
        }
    }

    @Test
    void trailingBytesAndUnknownVersionAreRejected() {
        byte[] body = sampleRoute().encode();
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        RemotingCommandException e = assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        byte[] wrongVersion = body.clone();
        wrongVersion[0] = 99;
        e = assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(wrongVersion));
        assertTrue(e.getMessage().contains("format version"), e.getMessage());
    }

    @Test
    void forgedCountsAreRejectedBeforeAllocating() {
        // version 1, then a queue data count of 2^31-1 with nothing behind it
        byte[] huge = new BodyWriter().writeByte(1).writeInt(Integer.MAX_VALUE).toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(huge));
        assertThrows(RemotingCommandException.class, () -> ClusterInfo.decode(huge));
        assertThrows(RemotingCommandException.class, () -> TopicList.decode(huge));
        byte[] negative = new BodyWriter().writeByte(1).writeInt(-5).toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicList.decode(negative));
        byte[] hugeString = new BodyWriter().writeByte(1).writeInt(1).writeInt(Integer.MAX_VALUE).toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicList.decode(hugeString));
        byte[] negativeString = new BodyWriter().writeByte(1).writeInt(1).writeInt(-7).writeLong(0).toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicList.decode(negativeString));
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = new BodyWriter().writeByte(1).writeInt(1).writeInt(2).writeByte(0xC3).writeByte(0x28).toByteArray();
        RemotingCommandException e = assertThrows(RemotingCommandException.class, () -> TopicList.decode(body));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void semanticErrorsAreRejected() {
        BodyWriter dupQueues = new BodyWriter().writeByte(1).writeInt(2);
        new QueueData("b", 1, 1, 6).writeTo(dupQueues);
        new QueueData("b", 1, 1, 6).writeTo(dupQueues);
        dupQueues.writeInt(0);
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(dupQueues.toByteArray()));

        byte[] negativeQueues = new BodyWriter().writeByte(1).writeInt(1).writeString("b").writeInt(-1).writeInt(1)
                .writeInt(6).writeInt(0).toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(negativeQueues));

        byte[] nullName = new BodyWriter().writeByte(1).writeInt(1).writeNullableString(null).writeInt(1).writeInt(1)
                .writeInt(6).writeInt(0).toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(nullName));

        byte[] negativeBrokerId = new BodyWriter().writeByte(1).writeInt(0).writeInt(1).writeString("c").writeString("b")
                .writeInt(1).writeLong(-1).writeString("h:1").toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(negativeBrokerId));

        byte[] dupBrokerId = new BodyWriter().writeByte(1).writeInt(0).writeInt(1).writeString("c").writeString("b")
                .writeInt(2).writeLong(0).writeString("h:1").writeLong(0).writeString("h:2").toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicRouteData.decode(dupBrokerId));

        byte[] dupTopics = new BodyWriter().writeByte(1).writeInt(2).writeString("t").writeString("t").toByteArray();
        assertThrows(RemotingCommandException.class, () -> TopicList.decode(dupTopics));
    }

    @Test
    void randomCorruptionNeverEscapesAsUncheckedException() {
        Random random = new Random(42);
        List<byte[]> samples = List.of(sampleRoute().encode(),
                new ClusterInfo(Map.of("broker-a", broker("c1", "broker-a", "h1:1", "h2:2")),
                        Map.of("c1", Set.of("broker-a"))).encode(),
                new TopicList(List.of("t1", "t2", "t3")).encode());
        List<Decoder> decoders = List.of(TopicRouteData::decode, ClusterInfo::decode, TopicList::decode);
        for (int round = 0; round < 3000; round++) {
            byte[] body = samples.get(round % samples.size()).clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            for (Decoder d : decoders) {
                try {
                    d.decode(body);
                } catch (RemotingCommandException expected) {
                    // rejected cleanly: this is what the test wants for malformed input
                    assertTrue(expected.getMessage() != null);
                } catch (RuntimeException e) {
                    fail("unchecked exception for corrupted body " + Arrays.toString(body), e);
                }
            }
        }
    }
}
