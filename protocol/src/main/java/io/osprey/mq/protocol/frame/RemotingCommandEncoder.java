package io.osprey.mq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.osprey.mq.protocol.command.RemotingCommand;

/** Writes each outbound {@link RemotingCommand} as one frame. Stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
public final class RemotingCommandEncoder extends MessageToByteEncoder<RemotingCommand> {

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        CommandCodec.encode(command, out);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand command, boolean preferDirect) {
        int estimate = 256 + command.body().length + command.extFields().size() * 48;
        return preferDirect ? ctx.alloc().ioBuffer(estimate) : ctx.alloc().heapBuffer(estimate);
    }
}
