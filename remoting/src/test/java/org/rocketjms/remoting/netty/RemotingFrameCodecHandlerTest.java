package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;

/** The frame decoder and encoder in an embedded pipeline: splitting, limits, and closing on bad input. */
class RemotingFrameCodecHandlerTest {

    private static final int MAX = 64 * 1024;

    private static ByteBuf frame(RemotingCommand cmd) throws RemotingCommandException {
        ByteBuf buf = Unpooled.buffer();
        RemotingCommandCodec.encode(cmd, buf);
        return buf;
    }

    @Test
    void decodesFramesSplitAndCoalescedArbitrarily() throws Exception {
        ByteBuf all = Unpooled.buffer();
        for (int i = 0; i < 20; i++) {
            RemotingCommand cmd = RemotingCommand.createRequest(i);
            cmd.setBody(new byte[i * 37]);
            cmd.addExtField("i", Integer.toString(i));
            all.writeBytes(frame(cmd));
        }
        EmbeddedChannel ch = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
        Random random = new Random(7);
        while (all.isReadable()) {
            int n = Math.min(all.readableBytes(), 1 + random.nextInt(200));
            ch.writeInbound(all.readRetainedSlice(n));
        }
        for (int i = 0; i < 20; i++) {
            RemotingCommand cmd = ch.readInbound();
            assertEquals(i, cmd.getCode());
            assertEquals(Integer.toString(i), cmd.getExtField("i"));
            assertEquals(i * 37, cmd.getBody() == null ? 0 : cmd.getBody().length);
        }
        assertNull(ch.readInbound());
        assertTrue(ch.isActive());
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedLengthClosesTheChannelBeforeTheBodyArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
        ch.writeInbound(Unpooled.buffer().writeInt(MAX + 1).writeZero(16));
        assertFalse(ch.isActive());
        assertNull(ch.readInbound());

        EmbeddedChannel huge = new EmbeddedChannel(new RemotingFrameDecoder(RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH));
        huge.writeInbound(Unpooled.buffer().writeInt(0x80000000).writeZero(16)); // claims 2 GiB
        assertFalse(huge.isActive());
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() throws Exception {
        RemotingCommand cmd = RemotingCommand.createRequest(1);
        cmd.setBody(new byte[MAX - 4 - RemotingCommandCodec.MIN_HEADER_LENGTH]);
        ByteBuf f = frame(cmd);
        assertEquals(MAX, f.getInt(0));
        EmbeddedChannel ch = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
        ch.writeInbound(f);
        RemotingCommand back = ch.readInbound();
        assertEquals(cmd.getBody().length, back.getBody().length);
        assertTrue(ch.isActive());
        ch.finishAndReleaseAll();
    }

    @Test
    void malformedHeaderClosesTheChannelAndLaterBytesAreIgnored() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
        ByteBuf bad = Unpooled.buffer().writeInt(8).writeInt(5000).writeInt(0);
        bad.writeBytes(frame(RemotingCommand.createRequest(1))); // a valid frame after the bad one
        ch.writeInbound(bad);
        assertFalse(ch.isActive());
        assertNull(ch.readInbound(), "nothing after a malformed frame is decoded");
        // A zero-length frame has no header length field.
        EmbeddedChannel empty = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
        empty.writeInbound(Unpooled.buffer().writeInt(0));
        assertFalse(empty.isActive());
    }

    @Test
    void randomBytesNeverEscapeThePipelineAsExceptions() {
        Random random = new Random(99);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length >= 4) {
                // a plausible small length so the header parser gets exercised too
                Unpooled.wrappedBuffer(garbage).setInt(0, random.nextInt(garbage.length));
            }
            EmbeddedChannel ch = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
            ch.writeInbound(Unpooled.wrappedBuffer(garbage)); // throws if an exception reaches the tail
            ch.checkException();
            Object msg;
            while ((msg = ch.readInbound()) != null) {
                assertTrue(msg instanceof RemotingCommand);
            }
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void encoderWritesOneFrameAndRefusesOversizedCommandsWithoutClosing() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new RemotingFrameEncoder(MAX));
        RemotingCommand cmd = RemotingCommand.createRequest(9);
        cmd.setRemark("r");
        cmd.setBody(new byte[] {4, 5, 6});
        assertTrue(ch.writeOutbound(cmd));
        ByteBuf out = ch.readOutbound();
        assertEquals(out.readableBytes() - 4, out.getInt(0));
        RemotingCommand back = RemotingCommandCodec.decode(out.skipBytes(4));
        assertArrayEquals(new byte[] {4, 5, 6}, back.getBody());
        assertEquals("r", back.getRemark());
        out.release();

        RemotingCommand big = RemotingCommand.createRequest(9);
        big.setBody(new byte[MAX]);
        assertThrows(EncoderException.class, () -> ch.writeOutbound(big));
        assertTrue(ch.isActive());
        ch.finishAndReleaseAll();
    }
}
