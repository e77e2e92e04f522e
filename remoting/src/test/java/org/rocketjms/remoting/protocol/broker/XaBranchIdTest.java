package org.rocketjms.remoting.protocol.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;

/** The full Xid encoding shared by the wire and the broker's op log. */
class XaBranchIdTest {

    @Test
    void everyByteSurvivesTheTextForm() throws Exception {
        byte[] g = new byte[64];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) (i * 37 - 128);
        }
        byte[] b = {0, ':', (byte) 0xff};
        XaBranchId x = new XaBranchId(-2, g, b);
        XaBranchId back = XaBranchId.parse(x.encode());
        assertEquals(x, back);
        assertEquals(-2, back.formatId());
        assertArrayEquals(g, back.gtrid());
        assertArrayEquals(b, back.bqual());
        assertTrue(XaBranchId.isXa(x.encode()));
        assertFalse(XaBranchId.isXa("client-1234"));
        assertEquals(new XaBranchId(1, new byte[] {1}, new byte[0]), XaBranchId.parse("XA:1:01:"));
    }

    @Test
    void invalidPartsAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new XaBranchId(-1, new byte[1], new byte[0]))
                .getMessage().contains("null XID"));
        assertNotNull(XaBranchId.check(1, new byte[0], new byte[0]));
        assertNotNull(XaBranchId.check(1, new byte[65], new byte[0]));
        assertNotNull(XaBranchId.check(1, new byte[1], new byte[65]));
        for (String bad : List.of("XA:1:zz:00", "XA:1:00", "XA:x:00:00", "nope", "XA:-1:00:00")) {
            assertThrows(RemotingCommandException.class, () -> XaBranchId.parse(bad), bad);
        }
    }

    @Test
    void branchListRoundTrip() throws Exception {
        List<XaBranchId> l = List.of(new XaBranchId(1, new byte[] {1}, new byte[] {2}),
                new XaBranchId(2, new byte[] {3, 4}, new byte[0]));
        assertEquals(l, XaBranchListCodec.decode(XaBranchListCodec.encode(l)));
        assertEquals(List.of(), XaBranchListCodec.decode(null));
    }
}
