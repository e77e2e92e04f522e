package org.rocketjms.remoting.protocol.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;

class RouteBodyReaderTest {

    @Test
    void primitivesRoundTrip() throws Exception {
        byte[] body = new BodyWriter(1).writeByte(0xFE).writeInt(-2).writeLong(Long.MIN_VALUE + 3)
                .writeString("héllo").writeNullableString(null).writeString("").writeCount(7).toByteArray();
        BodyReader r = new BodyReader(body, "test");
        assertEquals(0xFE, r.readByte("b"));
        assertEquals(-2, r.readInt("i"));
        assertEquals(Long.MIN_VALUE + 3, r.readLong("l"));
        assertEquals("héllo", r.readString("s"));
        assertNull(r.readNullableString("n"));
        assertEquals("", r.readString("e"));
        assertEquals(7, r.readCount("c", 0));
        assertEquals(0, r.remaining());
        r.expectEnd();
    }

    @Test
    void writerGrowsPastItsInitialCapacity() throws Exception {
        BodyWriter w = new BodyWriter(16);
        for (int i = 0; i < 1000; i++) {
            w.writeLong(i);
        }
        assertEquals(8000, w.size());
        BodyReader r = new BodyReader(w.toByteArray(), "test");
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, r.readLong("l"));
        }
    }

    @Test
    void readerRejectsNullStringWhereMandatoryAndImplausibleCounts() throws Exception {
        BodyReader r = new BodyReader(new BodyWriter().writeNullableString(null).toByteArray(), "test");
        assertThrows(RemotingCommandException.class, () -> r.readString("s"));
        BodyReader counts = new BodyReader(new BodyWriter().writeInt(3).writeLong(0).toByteArray(), "test");
        assertThrows(RemotingCommandException.class, () -> counts.readCount("c", 4));
        assertThrows(IllegalArgumentException.class, () -> new BodyWriter().writeString(null));
    }
}
