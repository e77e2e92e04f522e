package org.rocketjms.remoting.netty;

import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into frames and decodes each into a {@link RemotingCommand}.
 *
 * <p>A frame whose length field exceeds the configured maximum is refused as soon as the length is
 * read, before any buffer for it is allocated. On an oversized or malformed frame the decoder logs a
 * warning naming the peer and the reason, closes the connection and discards everything that
 * arrives afterwards. Stateful: one instance per channel.
 */
public final class RemotingFrameDecoder extends LengthFieldBasedFrameDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingFrameDecoder.class);

    private final int maxFrameLength;
    private boolean rejected;

    /**
     * Creates a decoder.
     *
     * @param maxFrameLength largest accepted value of the frame length field, in bytes
     */
    public RemotingFrameDecoder(int maxFrameLength) {
        super(maxFrameLength + RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH,
                0, RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH,
                0, RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH,
                true);
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (in.readableBytes() >= RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameLength) {
                reject(ctx, in, "frame length " + length + " exceeds the limit of " + maxFrameLength + " bytes");
                return null;
            }
        }
        ByteBuf frame;
        try {
            frame = (ByteBuf) super.decode(ctx, in);
        } catch (TooLongFrameException | CorruptedFrameException e) {
            reject(ctx, in, e.getMessage());
            return null;
        }
        if (frame == null) {
            return null;
        }
        try {
            return RemotingCommandCodec.decode(frame);
        } catch (RemotingCommandException e) {
            reject(ctx, in, "malformed frame: " + e.getMessage());
            return null;
        } finally {
            frame.release();
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        rejected = true;
        in.skipBytes(in.readableBytes());
        LOG.warn("Closing connection from {}: {}", Objects.toString(ctx.channel().remoteAddress(), "unknown"), reason);
        ctx.close();
    }
}
