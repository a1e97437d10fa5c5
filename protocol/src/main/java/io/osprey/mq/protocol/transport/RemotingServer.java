package io.osprey.mq.protocol.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.osprey.mq.protocol.frame.RemotingCommandEncoder;
import io.osprey.mq.protocol.frame.RemotingFrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections and serves requests through a {@link HandlerTable}. Used by the broker and the
 * NameServer. Closing stops accepting first, then closes the open connections.
 *
 * <p>Memory is bounded on both sides of a connection. Inbound, every frame is admitted against one
 * {@link InFlightBudget} before its body is read ({@link RequestAdmission}). Outbound, each connection has write
 * water marks: past the high one it is unwritable, so its reading pauses ({@link ReadPauseWhileUnwritable}) and
 * handlers that would answer with much data (pulls) wait for it to drain ({@link RemotingChannel#whenWritable});
 * a connection that stays that way for the idle time is closed with a warning.
 */
public final class RemotingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);
    private static final RemotingCommandEncoder ENCODER = new RemotingCommandEncoder();
    /**
     * Output queued per connection beyond what its socket took: unwritable above 4 MiB, writable again below 1 MiB.
     * A reading consumer rarely gets near (the kernel takes a few MiB first); one that stopped reading holds this
     * plus the few answers that were being built when it crossed the mark.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final ServerOptions options;
    private final HandlerTable handlers;
    private final ConnectionListener listener;
    private final InFlightBudget budget;
    private final RequestAdmission admission;
    private final AtomicInteger opaqueSource = new AtomicInteger();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private boolean closed;

    public RemotingServer(ServerOptions options, HandlerTable handlers, ConnectionListener listener) {
        this.options = options;
        this.handlers = handlers;
        this.listener = listener;
        this.budget = new InFlightBudget(options.maxInFlightBytes());
        this.admission = new RequestAdmission(budget, handlers);
    }

    /** Binds and starts accepting. @throws java.io.UncheckedIOException-like failures when the port is taken */
    public synchronized void start() throws InterruptedException {
        acceptor = EventLoops.group(1, "osprey-" + options.name() + "-accept");
        workers = EventLoops.group(options.ioThreads(), "osprey-" + options.name() + "-io");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, CommandSizeEstimator.INSTANCE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, options.channelIdleSeconds(), TimeUnit.SECONDS),
                                new RemotingFrameDecoder(options.maxFrameBytes(), admission),
                                ENCODER,
                                ReadPauseWhileUnwritable.INSTANCE,
                                new CommandDispatchHandler(handlers, listener, opaqueSource, budget));
                    }
                });
        try {
            serverChannel = bootstrap.bind(options.bindAddress(), options.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw e;
        }
        LOG.info("{} listening on {}:{} ({}, at most {} bytes of requests in flight)", options.name(),
                options.bindAddress(), port(), EventLoops.epoll() ? "epoll" : "nio", budget.limitBytes());
    }

    /** The bound port (useful when configured with 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Bytes of requests and responses held right now (see {@link InFlightBudget}). */
    public long inFlightBytes() {
        return budget.usedBytes();
    }

    /** Stops accepting new connections; open ones keep being served. */
    public synchronized void stopAccepting() {
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAccepting();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
