package io.osprey.mq.protocol.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Server side only: stops reading a connection while its output is past the high water mark, and reads again once
 * it drains. A peer that does not read its responses cannot send more requests to answer, so the responses queued
 * for it stay bounded by what it sent before. (Never on a client: if both ends stopped reading while they could not
 * write, neither would ever drain.)
 *
 * <p>The decoder still completes the frame it is in when reading pauses, so one more request may arrive.
 */
@ChannelHandler.Sharable
final class ReadPauseWhileUnwritable extends ChannelInboundHandlerAdapter {
    static final ReadPauseWhileUnwritable INSTANCE = new ReadPauseWhileUnwritable();

    private ReadPauseWhileUnwritable() {
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }
}
