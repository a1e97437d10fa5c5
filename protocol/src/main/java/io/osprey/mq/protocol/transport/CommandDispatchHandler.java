package io.osprey.mq.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.frame.InboundFrame;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every Osprey pipeline, client or server: responses complete the request waiting for
 * them, requests go to the {@link HandlerTable} with the lease of their frame's bytes in the {@link InFlightBudget},
 * and requests whose body admission refused are answered SYSTEM_BUSY. Malformed frames, idle timeouts and I/O
 * errors close the connection with one log line.
 */
final class CommandDispatchHandler extends SimpleChannelInboundHandler<InboundFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatchHandler.class);

    private final HandlerTable handlers;
    private final ConnectionListener listener;
    private final AtomicInteger opaqueSource;
    private final InFlightBudget budget;

    /** @param budget the budget the decoder's admission counts frames in; {@link InFlightBudget#unlimited()} if none */
    CommandDispatchHandler(HandlerTable handlers, ConnectionListener listener, AtomicInteger opaqueSource,
                           InFlightBudget budget) {
        this.handlers = handlers;
        this.listener = listener;
        this.opaqueSource = opaqueSource;
        this.budget = budget;
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
        try {
            listener.onClosed(channel);
        } finally {
            // what waited for output to drain is answered now: its write fails at once and ends its lease
            channel.runWritableWaiters();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            RemotingChannel.attach(ctx.channel(), opaqueSource).runWritableWaiters();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, InboundFrame frame) {
        RemotingChannel channel = RemotingChannel.attach(ctx.channel(), opaqueSource);
        RemotingCommand command = frame.command();
        if (frame instanceof InboundFrame.Skipped) {
            handlers.refuse(channel, command, budget);
        } else if (command.isResponse()) {
            budget.release(frame.frameBytes());
            if (!channel.inFlight().complete(command)) {
                LOG.debug("{} sent a response nobody waits for: {}", channel, command);
            }
        } else {
            handlers.dispatch(channel, command, budget.lease(frame.frameBytes()));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            String peer = RemotingChannel.describe(ctx.channel().remoteAddress());
            if (ctx.channel().isWritable()) {
                LOG.info("closing idle connection {}", peer);
            } else {
                LOG.warn("closing connection {}: it has not read its responses for the idle time, {} bytes are "
                        + "waiting", peer, RemotingChannel.attach(ctx.channel(), opaqueSource).pendingWriteBytes());
            }
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
