package org.rocketjms.remoting.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;

/**
 * Writes a {@link RemotingCommand} as one frame into a single buffer sized up front, so header and
 * body are copied exactly once. A command that breaks a protocol limit (including the configured
 * maximum frame length) fails its write promise and leaves the connection untouched. Stateless and
 * shareable between channels.
 */
@Sharable
public final class RemotingFrameEncoder extends MessageToByteEncoder<RemotingCommand> {

    private final int maxFrameLength;

    /**
     * Creates an encoder.
     *
     * @param maxFrameLength largest frame length this side may send, matching the peer's limit
     */
    public RemotingFrameEncoder(int maxFrameLength) {
        super(RemotingCommand.class, true);
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand msg, boolean preferDirect) {
        int size = RemotingCommandCodec.estimateFrameLength(msg);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand msg, ByteBuf out) throws Exception {
        RemotingCommandCodec.encode(msg, out, maxFrameLength);
    }
}
