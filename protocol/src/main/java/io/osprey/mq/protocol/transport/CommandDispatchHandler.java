package io.osprey.mq.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.osprey.mq.protocol.command.RemotingCommand;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every Osprey pipeline, client or server: responses complete the request waiting for
 * them, requests go to the {@link HandlerTable}. Malformed frames, idle timeouts and I/O errors close the
 * connection with one log line.
 */
final class CommandDispatchHandler extends SimpleChannelInboundHandler<RemotingCommand> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatchHandler.class);

    private final HandlerTable handlers;
    private final ConnectionListener listener;
    private final AtomicInteger opaqueSource;

    CommandDispatchHandler(HandlerTable handlers, ConnectionListener listener, AtomicInteger opaqueSource) {
        this.handlers = handlers;
        this.listener = listener;
        this.opaqueSource = opaqueSource;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        listener.onConnected(RemotingChannel.attach(ctx.channel(), opaqueSource));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        RemotingChannel channel = RemotingChannel.attach(ctx.channel(), opaqueSource);
        channel.inFlight().failAll(new RemotingConnectException("connection to " + channel.remoteAddress()
                + " closed"));
        listener.onClosed(channel);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand command) {
        RemotingChannel channel = RemotingChannel.attach(ctx.channel(), opaqueSource);
        if (command.isResponse()) {
            if (!channel.inFlight().complete(command)) {
                LOG.debug("{} sent a response nobody waits for: {}", channel, command);
            }
        } else {
            handlers.dispatch(channel, command);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            LOG.info("closing idle connection {}", RemotingChannel.describe(ctx.channel().remoteAddress()));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String peer = RemotingChannel.describe(ctx.channel().remoteAddress());
        if (cause instanceof DecoderException) {
            Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
            LOG.warn("closing connection {}: malformed frame: {}", peer, reason.getMessage());
        } else {
            LOG.info("closing connection {}: {}", peer, cause.toString());
        }
        ctx.close();
    }
}
