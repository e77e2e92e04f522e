package org.rocketjms.remoting.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;

class RemotingCommandCodecTest {

    /** Encodes a full frame, length prefix included. */
    static byte[] frame(RemotingCommand cmd) throws RemotingCommandException {
        ByteBuf buf = Unpooled.buffer();
        RemotingCommandCodec.encode(cmd, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Decodes the content of a full frame (skipping its length prefix). */
    static RemotingCommand decodeFrame(byte[] frame) throws RemotingCommandException {
        return RemotingCommandCodec.decode(Unpooled.wrappedBuffer(frame, 4, frame.length - 4));
    }

    /** Decodes raw frame content (no length prefix). */
    static RemotingCommand decodeContent(ByteBuf content) throws RemotingCommandException {
        return RemotingCommandCodec.decode(content);
    }

    private static RemotingCommand roundTrip(RemotingCommand cmd) throws RemotingCommandException {
        byte[] f = frame(cmd);
        assertEquals(f.length - 4, Unpooled.wrappedBuffer(f).getInt(0), "frame length field");
        assertTrue(f.length <= RemotingCommandCodec.estimateFrameLength(cmd), "estimate is an upper bound");
        return decodeFrame(f);
    }

    @Test
    void roundTripMinimalCommand() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(300);
        byte[] f = frame(cmd);
        assertEquals(4 + 4 + RemotingCommandCodec.MIN_HEADER_LENGTH, f.length);
        RemotingCommand back = decodeFrame(f);
        assertEquals(300, back.getCode());
        assertEquals(cmd.getOpaque(), back.getOpaque());
        assertEquals(RemotingCommand.CURRENT_VERSION, back.getVersion());
        assertEquals(0, back.getFlags());
        assertNull(back.getRemark());
        assertNull(back.getExtFields());
        assertNull(back.getBody());
    }

    @Test
    void roundTripAllFields() throws Exception {
        RemotingCommand cmd = RemotingCommand.createResponse(ResponseCode.SYSTEM_ERROR, "fehlgeschlagen: ünïcødé ✓ 𝄞");
        cmd.setOpaque(-12345);
        cmd.setVersion(Integer.MAX_VALUE);
        cmd.setFlags(cmd.getFlags() | RemotingCommand.FLAG_ONEWAY | (1 << 20));
        cmd.addExtField("topic", "orders").addExtField("ключ", "значение").addExtField("empty", "")
                .addExtField("nullValue", null);
        cmd.setBody("hello".getBytes(StandardCharsets.UTF_8));
        RemotingCommand back = roundTrip(cmd);
        assertEquals(cmd.getCode(), back.getCode());
        assertEquals(-12345, back.getOpaque());
        assertEquals(Integer.MAX_VALUE, back.getVersion());
        assertEquals(cmd.getFlags(), back.getFlags());
        assertTrue(back.isResponse());
        assertTrue(back.isOneway());
        assertEquals(cmd.getRemark(), back.getRemark());
        assertEquals(cmd.getExtFields(), back.getExtFields());
        assertTrue(back.getExtFields().containsKey("nullValue"));
        assertArrayEquals(cmd.getBody(), back.getBody());
    }

    @Test
    void emptyAndNullBodiesDecodeAsNull() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(1);
        cmd.setRemark("");
        cmd.setBody(new byte[0]);
        RemotingCommand back = roundTrip(cmd);
        assertNull(back.getBody());
        assertEquals("", back.getRemark());
        cmd.setBody(null);
        assertNull(roundTrip(cmd).getBody());
        cmd.setExtFields(new HashMap<>());
        assertNull(roundTrip(cmd).getExtFields(), "no ext fields decode as null");
    }

    @Test
    void largeBodyAndManyFields() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(2);
        byte[] body = new byte[3 * 1024 * 1024 + 7];
        new Random(1).nextBytes(body);
        cmd.setBody(body);
        for (int i = 0; i < RemotingCommandCodec.MAX_EXT_FIELDS; i++) {
            cmd.addExtField("k" + i, "v" + i);
        }
        String longKey = "x".repeat(RemotingCommandCodec.MAX_EXT_KEY_LENGTH);
        cmd.getExtFields().remove("k0");
        cmd.addExtField(longKey, "y".repeat(100_000));
        RemotingCommand back = roundTrip(cmd);
        assertArrayEquals(body, back.getBody());
        assertEquals(cmd.getExtFields(), back.getExtFields());
    }

    @Test
    void encodeRefusesWhatTheDecoderWouldRefuseAndLeavesBufferUntouched() {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(0xCAFE);
        RemotingCommand longKey = RemotingCommand.createRequest(1)
                .addExtField("k".repeat(RemotingCommandCodec.MAX_EXT_KEY_LENGTH + 1), "v");
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.encode(longKey, out));
        assertEquals(4, out.writerIndex());

        RemotingCommand emptyKey = RemotingCommand.createRequest(1).addExtField("", "v");
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.encode(emptyKey, out));

        RemotingCommand tooMany = RemotingCommand.createRequest(1);
        for (int i = 0; i <= RemotingCommandCodec.MAX_EXT_FIELDS; i++) {
            tooMany.addExtField("k" + i, "v");
        }
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.encode(tooMany, out));

        RemotingCommand big = RemotingCommand.createRequest(1);
        big.setBody(new byte[1000]);
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.encode(big, out, 1000));
        RemotingCommand bigHeader = RemotingCommand.createRequest(1);
        bigHeader.setRemark("r".repeat(2000));
        assertThrows(RemotingCommandException.class, () -> RemotingCommandCodec.encode(bigHeader, out, 1000));
        assertEquals(4, out.writerIndex());
        assertEquals(0xCAFE, out.getInt(0));
    }

    // ------------------------------------------------------------------ malformed input

    /** Builds frame content (no length prefix) from a header written by {@code header}, plus a body. */
    private static ByteBuf content(HeaderWriter header, int bodyLength) {
        ByteBuf h = Unpooled.buffer();
        header.write(h);
        ByteBuf c = Unpooled.buffer();
        c.writeInt(h.readableBytes());
        c.writeBytes(h);
        c.writeZero(bodyLength);
        return c;
    }

    private interface HeaderWriter {
        void write(ByteBuf h);
    }

    private static void fixed(ByteBuf h) {
        h.writeInt(1).writeInt(1).writeInt(99).writeInt(0);
    }

    private static void assertMalformed(ByteBuf content, String expectedFragment) {
        RemotingCommandException e = assertThrows(RemotingCommandException.class, () -> decodeContent(content));
        if (expectedFragment != null) {
            assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        }
    }

    @Test
    void shortFramesAndBadHeaderLengths() {
        assertMalformed(Unpooled.buffer(), "too short");
        assertMalformed(Unpooled.wrappedBuffer(new byte[3]), "too short");
        assertMalformed(Unpooled.buffer().writeInt(-1), "below the minimum");
        assertMalformed(Unpooled.buffer().writeInt(Integer.MIN_VALUE), "below the minimum");
        assertMalformed(Unpooled.buffer().writeInt(RemotingCommandCodec.MIN_HEADER_LENGTH - 1).writeZero(100),
                "below the minimum");
        assertMalformed(Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeZero(100), "exceeds");
        assertMalformed(Unpooled.buffer().writeInt(RemotingCommandCodec.MIN_HEADER_LENGTH)
                .writeZero(RemotingCommandCodec.MIN_HEADER_LENGTH - 1), "exceeds");
    }

    @Test
    void badRemarkLengths() {
        assertMalformed(content(h -> { fixed(h); h.writeInt(-2); h.writeInt(0); }, 0), "negative");
        assertMalformed(content(h -> { fixed(h); h.writeInt(Integer.MIN_VALUE); h.writeInt(0); }, 0), "negative");
        assertMalformed(content(h -> { fixed(h); h.writeInt(5); h.writeInt(0); }, 100), "remark length 5 exceeds");
        assertMalformed(content(h -> { fixed(h); h.writeInt(Integer.MAX_VALUE); h.writeInt(0); }, 10), "exceeds");
        // Remark swallows the ext count: the count is missing.
        assertMalformed(content(h -> { fixed(h); h.writeInt(4); h.writeInt(0); }, 10), "ext field count");
    }

    @Test
    void badExtFieldCounts() {
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(-1); }, 0), "outside");
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(RemotingCommandCodec.MAX_EXT_FIELDS + 1); },
                0), "outside");
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(Integer.MAX_VALUE); }, 0), "outside");
        // A count that cannot fit in the remaining header bytes is refused before any map is sized.
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(1000); h.writeZero(20); }, 5000),
                "cannot fit");
        // Declares two fields, has one.
        assertMalformed(content(h -> {
            fixed(h);
            h.writeInt(-1);
            h.writeInt(2);
            writeField(h, "a", "b".repeat(20));
            h.writeShort(1).writeByte('k').writeShort(0); // second value length cut short
        }, 0), "truncated: ext field value length");
    }

    @Test
    void badKeyAndValueLengths() {
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(1); h.writeShort(0); h.writeZero(10); },
                0), "key length 0");
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(1); h.writeShort(-1); h.writeZero(10); },
                0), "key length -1");
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(1); h.writeShort(0x8000); h.writeZero(10); },
                0), "key length -32768");
        assertMalformed(content(h -> {
            fixed(h);
            h.writeInt(-1);
            h.writeInt(1);
            h.writeShort(RemotingCommandCodec.MAX_EXT_KEY_LENGTH + 1);
            h.writeZero(RemotingCommandCodec.MAX_EXT_KEY_LENGTH + 10);
        }, 0), "outside");
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(1); h.writeShort(50); h.writeZero(10); },
                100), "key length 50 exceeds");
        assertMalformed(content(h -> {
            fixed(h);
            h.writeInt(-1);
            h.writeInt(1);
            h.writeShort(1).writeByte('k');
            h.writeInt(-7);
        }, 0), "negative");
        assertMalformed(content(h -> {
            fixed(h);
            h.writeInt(-1);
            h.writeInt(1);
            h.writeShort(1).writeByte('k');
            h.writeInt(1000);
            h.writeZero(10);
        }, 2000), "value length 1000 exceeds");
    }

    @Test
    void trailingHeaderBytesAndDuplicateKeysAreRefused() {
        assertMalformed(content(h -> { fixed(h); h.writeInt(-1); h.writeInt(0); h.writeByte(1); }, 0), "trailing");
        assertMalformed(content(h -> {
            fixed(h);
            h.writeInt(-1);
            h.writeInt(2);
            writeField(h, "a", "1");
            writeField(h, "a", "2");
        }, 0), "duplicate");
    }

    @Test
    void everyTruncationInsideTheHeaderIsRefused() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(5);
        cmd.setRemark("remark");
        cmd.addExtField("a", "1").addExtField("bb", "22");
        cmd.setBody(new byte[] {1, 2, 3});
        byte[] f = frame(cmd);
        int headerEnd = 4 + 4 + Unpooled.wrappedBuffer(f).getInt(4);
        for (int cut = 4; cut < headerEnd; cut++) {
            int len = cut - 4;
            assertThrows(RemotingCommandException.class,
                    () -> RemotingCommandCodec.decode(Unpooled.wrappedBuffer(f, 4, len)), "cut at " + cut);
        }
        // Cutting the body only shortens it: the frame length decides where the body ends.
        RemotingCommand shorter = RemotingCommandCodec.decode(Unpooled.wrappedBuffer(f, 4, f.length - 5));
        assertArrayEquals(new byte[] {1, 2}, shorter.getBody());
    }

    private static void writeField(ByteBuf h, String k, String v) {
        byte[] kb = k.getBytes(StandardCharsets.UTF_8);
        byte[] vb = v.getBytes(StandardCharsets.UTF_8);
        h.writeShort(kb.length).writeBytes(kb).writeInt(vb.length).writeBytes(vb);
    }

    // ------------------------------------------------------------------ randomized mutation

    @Test
    void mutatedFramesOnlyEverDecodeOrFailWithRemotingCommandException() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(frame(RemotingCommand.createRequest(1)));
        RemotingCommand rich = RemotingCommand.createRequest(310);
        rich.setRemark("some remark");
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            ext.put("key" + i, "value-" + i);
        }
        rich.setExtFields(ext);
        rich.setBody(new byte[64]);
        seeds.add(frame(rich));
        RemotingCommand resp = RemotingCommand.createResponse(3, null);
        resp.addExtField("x", null);
        seeds.add(frame(resp));

        int[] interesting = {-1, 0, 1, 2, 4, 24, 0x7FFF, 0x8000, 0xFFFF, 1024, 1025, Integer.MAX_VALUE,
            Integer.MIN_VALUE, -2};
        Random random = new Random(20240601L);
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] m = Arrays.copyOfRange(seed, 4, seed.length); // frame content
            switch (random.nextInt(5)) {
                case 0 -> {
                    for (int n = 1 + random.nextInt(4); n > 0; n--) {
                        m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    int pos = random.nextInt(Math.max(1, m.length - 3));
                    int v = interesting[random.nextInt(interesting.length)];
                    if (pos + 4 <= m.length) {
                        Unpooled.wrappedBuffer(m).setInt(pos, v);
                    }
                }
                case 2 -> {
                    int pos = random.nextInt(Math.max(1, m.length - 1));
                    if (pos + 2 <= m.length) {
                        Unpooled.wrappedBuffer(m).setShort(pos, interesting[random.nextInt(interesting.length)]);
                    }
                }
                case 3 -> m = Arrays.copyOf(m, random.nextInt(m.length + 1));
                default -> {
                    byte[] extra = new byte[random.nextInt(32)];
                    random.nextBytes(extra);
                    int pos = random.nextInt(m.length + 1);
                    byte[] grown = new byte[m.length + extra.length];
                    System.arraycopy(m, 0, grown, 0, pos);
                    System.arraycopy(extra, 0, grown, pos, extra.length);
                    System.arraycopy(m, pos, grown, pos + extra.length, m.length - pos);
                    m = grown;
                }
            }
            try {
                RemotingCommand cmd = RemotingCommandCodec.decode(Unpooled.wrappedBuffer(m));
                assertTrue(cmd.getBody() == null || cmd.getBody().length < m.length);
                decoded++;
            } catch (RemotingCommandException e) {
                refused++;
            } catch (RuntimeException | Error e) {
                fail("mutation " + i + " escaped as " + e, e);
            }
        }
        assertTrue(decoded > 0 && refused > 0, "decoded=" + decoded + " refused=" + refused);
    }
}
