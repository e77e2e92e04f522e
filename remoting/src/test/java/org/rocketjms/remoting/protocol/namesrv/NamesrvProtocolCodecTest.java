package org.rocketjms.remoting.protocol.namesrv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.rocketjms.remoting.protocol.route.BodyWriter;
import org.rocketjms.remoting.protocol.route.TopicPerm;

class NamesrvProtocolCodecTest {

    static RegisterBrokerBody sampleBody() {
        return new RegisterBrokerBody(new DataVersion(1_700_000_000_000L, 42),
                List.of(new TopicConfigData("orders", 8, 8, TopicPerm.READ_WRITE),
                        new TopicConfigData("audit", 1, 2, TopicPerm.READ)));
    }

    @Test
    void codesStayInTheirRanges() {
        for (int code : new int[] {NamesrvRequestCode.REGISTER_BROKER, NamesrvRequestCode.UNREGISTER_BROKER,
                NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC, NamesrvRequestCode.GET_BROKER_CLUSTER_INFO,
                NamesrvRequestCode.GET_ALL_TOPIC_LIST}) {
            assertTrue(code >= 100 && code <= 199, "request code " + code);
        }
        assertEquals(17, NamesrvResponseCode.TOPIC_NOT_EXIST);
        assertTrue(NamesrvResponseCode.INVALID_REQUEST >= 10);
    }

    @Test
    void registerBrokerRequestHeaderRoundTripsThroughACommand() throws Exception {
        RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader("DefaultCluster", "broker-a",
                "10.0.0.1:10911", 0, "10.0.0.1:10912");
        RemotingCommand cmd = RemotingCommand.createRequest(NamesrvRequestCode.REGISTER_BROKER, h);
        cmd.setBody(sampleBody().encode());
        RemotingCommand wire = viaWire(cmd);
        RegisterBrokerRequestHeader d = wire.decodeHeader(RegisterBrokerRequestHeader::decode);
        assertEquals("DefaultCluster", d.clusterName());
        assertEquals("broker-a", d.brokerName());
        assertEquals("10.0.0.1:10911", d.brokerAddr());
        assertEquals(0, d.brokerId());
        assertEquals("10.0.0.1:10912", d.haServerAddr());
        assertEquals(sampleBody(), RegisterBrokerBody.decode(wire.getBody()));

        RegisterBrokerRequestHeader noHa = RemotingCommand.createRequest(NamesrvRequestCode.REGISTER_BROKER,
                new RegisterBrokerRequestHeader("c", "b", "h:1", 3, null)).decodeHeader(RegisterBrokerRequestHeader::decode);
        assertNull(noHa.haServerAddr());
        assertEquals(3, noHa.brokerId());
    }

    @Test
    void registerBrokerRequestHeaderRejectsMissingOrInvalidFields() {
        Map<String, String> full = new HashMap<>();
        new RegisterBrokerRequestHeader("c", "b", "h:1", 0, null).encode(full);
        for (String key : List.of("clusterName", "brokerName", "brokerAddr", "brokerId")) {
            Map<String, String> missing = new HashMap<>(full);
            missing.remove(key);
            RemotingCommandException e = assertThrows(RemotingCommandException.class,
                    () -> RegisterBrokerRequestHeader.decode(missing));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        Map<String, String> empty = new HashMap<>(full);
        empty.put("brokerName", "");
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerRequestHeader.decode(empty));
        Map<String, String> negativeId = new HashMap<>(full);
        negativeId.put("brokerId", "-1");
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerRequestHeader.decode(negativeId));
        Map<String, String> badId = new HashMap<>(full);
        badId.put("brokerId", "zero");
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerRequestHeader.decode(badId));
    }

    @Test
    void otherHeadersRoundTrip() throws Exception {
        Map<String, String> ext = new HashMap<>();
        new UnregisterBrokerRequestHeader("c", "b", "h:1", 2).encode(ext);
        UnregisterBrokerRequestHeader u = UnregisterBrokerRequestHeader.decode(ext);
        assertEquals("c", u.clusterName());
        assertEquals("b", u.brokerName());
        assertEquals("h:1", u.brokerAddr());
        assertEquals(2, u.brokerId());
        ext.remove("brokerAddr");
        assertThrows(RemotingCommandException.class, () -> UnregisterBrokerRequestHeader.decode(ext));

        Map<String, String> route = new HashMap<>();
        new GetRouteInfoRequestHeader("orders").encode(route);
        assertEquals("orders", GetRouteInfoRequestHeader.decode(route).topic());
        assertThrows(RemotingCommandException.class, () -> GetRouteInfoRequestHeader.decode(Map.of()));
        assertThrows(RemotingCommandException.class, () -> GetRouteInfoRequestHeader.decode(Map.of("topic", "")));

        Map<String, String> resp = new HashMap<>();
        new RegisterBrokerResponseHeader("m:1", "m:2").encode(resp);
        RegisterBrokerResponseHeader r = RegisterBrokerResponseHeader.decode(resp);
        assertEquals("m:1", r.masterAddr());
        assertEquals("m:2", r.haServerAddr());
        Map<String, String> none = new HashMap<>();
        new RegisterBrokerResponseHeader(null, null).encode(none);
        assertTrue(none.isEmpty());
        assertNull(RegisterBrokerResponseHeader.decode(none).masterAddr());
    }

    @Test
    void registerBrokerBodyRoundTrips() throws Exception {
        RegisterBrokerBody body = sampleBody();
        byte[] bytes = body.encode();
        RegisterBrokerBody decoded = RegisterBrokerBody.decode(bytes);
        assertEquals(body, decoded);
        assertEquals(body.hashCode(), decoded.hashCode());
        assertArrayEquals(bytes, decoded.encode());
        assertEquals(List.of("audit", "orders"), List.copyOf(decoded.topicConfigs().keySet()));
        assertEquals(new DataVersion(1_700_000_000_000L, 42), decoded.dataVersion());
        assertEquals(8, decoded.topicConfigs().get("orders").writeQueueNums());

        RegisterBrokerBody empty = new RegisterBrokerBody(new DataVersion(0, 0), List.of());
        assertEquals(empty, RegisterBrokerBody.decode(empty.encode()));
    }

    @Test
    void dataVersionOrdersChanges() {
        DataVersion v = DataVersion.initial();
        DataVersion n = v.next();
        assertEquals(v.counter() + 1, n.counter());
        assertNotEquals(v, n);
        assertEquals(new DataVersion(5, 6), new DataVersion(5, 6));
        assertEquals(new DataVersion(5, 6).hashCode(), new DataVersion(5, 6).hashCode());
    }

    @Test
    void malformedRegisterBrokerBodiesAreRejected() {
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(null));
        byte[] bytes = sampleBody().encode();
        for (int len = 0; len < bytes.length; len++) {
            byte[] prefix = Arrays.copyOf(bytes, len);
            assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(prefix));
        }
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 3);
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(trailing));
        byte[] version = bytes.clone();
        version[0] = 2;
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(version));

        byte[] hugeCount = new BodyWriter().writeByte(1).writeLong(1).writeLong(1).writeInt(1 << 30).toByteArray();
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(hugeCount));

        BodyWriter dup = new BodyWriter().writeByte(1).writeLong(1).writeLong(1).writeInt(2);
        new TopicConfigData("t", 1, 1, 6).writeTo(dup);
        new TopicConfigData("t", 2, 2, 6).writeTo(dup);
        RemotingCommandException e = assertThrows(RemotingCommandException.class,
                () -> RegisterBrokerBody.decode(dup.toByteArray()));
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());

        byte[] emptyName = new BodyWriter().writeByte(1).writeLong(1).writeLong(1).writeInt(1).writeString("")
                .writeInt(1).writeInt(1).writeInt(6).toByteArray();
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(emptyName));

        byte[] negative = new BodyWriter().writeByte(1).writeLong(1).writeLong(1).writeInt(1).writeString("t")
                .writeInt(1).writeInt(-4).writeInt(6).toByteArray();
        assertThrows(RemotingCommandException.class, () -> RegisterBrokerBody.decode(negative));

        assertThrows(IllegalArgumentException.class, () -> new TopicConfigData("", 1, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> new RegisterBrokerBody(null, List.of()));
    }

    @Test
    void randomCorruptionOfRegisterBrokerBodyNeverThrowsUnchecked() {
        Random random = new Random(7);
        byte[] sample = sampleBody().encode();
        for (int round = 0; round < 3000; round++) {
            byte[] body = sample.clone();
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            try {
                RegisterBrokerBody.decode(body);
            } catch (RemotingCommandException expected) {
                // rejected cleanly, which is the guarantee under test
                assertTrue(expected.getMessage() != null);
            } catch (RuntimeException e) {
                fail("unchecked exception for " + Arrays.toString(body), e);
            }
        }
    }

    private static RemotingCommand viaWire(RemotingCommand cmd) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(cmd, buf);
            buf.skipBytes(RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH);
            return RemotingCommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }
}
