package org.rocketjms.remoting.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;

class RemotingCommandTest {

    @Test
    void requestsGetDistinctOpaquesAndNoFlags() {
        RemotingCommand a = RemotingCommand.createRequest(7);
        RemotingCommand b = RemotingCommand.createRequest(7);
        assertNotEquals(a.getOpaque(), b.getOpaque());
        assertEquals(7, a.getCode());
        assertEquals(RemotingCommand.CURRENT_VERSION, a.getVersion());
        assertFalse(a.isResponse());
        assertFalse(a.isOneway());
        a.markOneway();
        assertTrue(a.isOneway());
        assertFalse(a.isResponse());
    }

    @Test
    void responseToCopiesOpaqueAndSetsResponseFlag() {
        RemotingCommand request = RemotingCommand.createRequest(1);
        RemotingCommand response = RemotingCommand.createResponseTo(request, ResponseCode.SYSTEM_BUSY, "later");
        assertEquals(request.getOpaque(), response.getOpaque());
        assertTrue(response.isResponse());
        assertEquals(ResponseCode.SYSTEM_BUSY, response.getCode());
        assertEquals("later", response.getRemark());

        RemotingCommand plain = RemotingCommand.createResponse(ResponseCode.SUCCESS, null);
        assertTrue(plain.isResponse());
        assertNull(plain.getRemark());
    }

    @Test
    void typedExtAccessors() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(1)
                .addExtField("l", "-9000000000")
                .addExtField("i", "42")
                .addExtField("b", "TRUE")
                .addExtField("bad", "x1");
        assertEquals(-9_000_000_000L, cmd.getExtLong("l", 0));
        assertEquals(42, cmd.getExtInt("i", 0));
        assertTrue(cmd.getExtBoolean("b", false));
        assertEquals(5, cmd.getExtInt("missing", 5));
        assertEquals(6L, cmd.getExtLong("missing", 6L));
        assertTrue(cmd.getExtBoolean("missing", true));
        assertNull(cmd.getExtField("missing"));
        assertThrows(RemotingCommandException.class, () -> cmd.getExtInt("bad", 0));
        assertThrows(RemotingCommandException.class, () -> cmd.getExtLong("bad", 0));
        assertThrows(RemotingCommandException.class, () -> cmd.getExtBoolean("bad", false));
        assertThrows(RemotingCommandException.class, () -> cmd.getExtInt("l", 0), "long does not fit an int");

        RemotingCommand empty = RemotingCommand.createRequest(1);
        assertNull(empty.getExtFields());
        assertEquals(3, empty.getExtInt("x", 3));
    }

    @Test
    void typedHeaderRoundTrip() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(11, new EchoHeader("orders", 3, 1234L, true));
        EchoHeader h = cmd.decodeHeader(EchoHeader::decode);
        assertEquals("orders", h.topic());
        assertEquals(3, h.queueId());
        assertEquals(1234L, h.timestamp());
        assertTrue(h.urgent());
    }

    @Test
    void typedHeaderReportsMissingAndInvalidFields() {
        RemotingCommand none = RemotingCommand.createRequest(11);
        RemotingCommandException missing =
                assertThrows(RemotingCommandException.class, () -> none.decodeHeader(EchoHeader::decode));
        assertTrue(missing.getMessage().contains("'topic'"), missing.getMessage());

        Map<String, String> ext = new HashMap<>();
        ext.put(EchoHeader.TOPIC, "t");
        ext.put(EchoHeader.QUEUE_ID, "three");
        RemotingCommand invalid = RemotingCommand.createRequest(11);
        invalid.setExtFields(ext);
        RemotingCommandException bad =
                assertThrows(RemotingCommandException.class, () -> invalid.decodeHeader(EchoHeader::decode));
        assertTrue(bad.getMessage().contains("'queueId'") && bad.getMessage().contains("three"), bad.getMessage());

        ext.put(EchoHeader.QUEUE_ID, "1");
        ext.put(EchoHeader.URGENT, "yes");
        RemotingCommandException badBool =
                assertThrows(RemotingCommandException.class, () -> invalid.decodeHeader(EchoHeader::decode));
        assertTrue(badBool.getMessage().contains("'urgent'"), badBool.getMessage());
    }
}
