package io.osprey.mq.protocol.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.frame.RemotingCommandEncoder;
import io.osprey.mq.protocol.frame.RemotingFrameDecoder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connects to servers by {@code host:port}, one connection per address shared by all callers (as the stock
 * client does), reconnecting on the next call after a connection is lost. Requests the server sends on such a
 * connection are served by the given {@link HandlerTable}.
 */
public final class RemotingClient implements AutoCloseable {
    private static final RemotingCommandEncoder ENCODER = new RemotingCommandEncoder();

    private final ClientOptions options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final AtomicInteger opaqueSource = new AtomicInteger();
    private final ConcurrentHashMap<String, CompletableFuture<RemotingChannel>> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RemotingClient(ClientOptions options, HandlerTable handlers, ConnectionListener listener) {
        this.options = options;
        // a client reads every response it asked for: its budget only counts
        InFlightBudget budget = InFlightBudget.unlimited();
        RequestAdmission admission = new RequestAdmission(budget, handlers);
        this.group = EventLoops.group(options.ioThreads(), "osprey-" + options.name() + "-client");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EventLoops.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, options.channelIdleSeconds(), TimeUnit.SECONDS),
                                new RemotingFrameDecoder(options.maxFrameBytes(), admission),
                                ENCODER,
                                new CommandDispatchHandler(handlers, listener, opaqueSource, budget));
                    }
                });
    }

    public RemotingClient(ClientOptions options) {
        this(options, new HandlerTable(), ConnectionListener.NONE);
    }

    /** Sends {@code request} to {@code address} and completes with the response. */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMillis) {
        return channel(address).thenCompose(channel -> channel.invoke(request, timeoutMillis));
    }

    /** Sends a request that is never answered. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return channel(address).thenCompose(channel -> channel.sendOneway(request));
    }

    /** The live connection to {@code address}, made if there is none. */
    public CompletableFuture<RemotingChannel> channel(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RemotingConnectException("client closed"));
        }
        while (true) {
            CompletableFuture<RemotingChannel> existing = channels.get(address);
            if (existing != null && (!existing.isDone() || usable(existing))) {
                return existing;
            }
            CompletableFuture<RemotingChannel> fresh = new CompletableFuture<>();
            boolean installed = existing == null
                    ? channels.putIfAbsent(address, fresh) == null
                    : channels.replace(address, existing, fresh);
            if (installed) {
                connect(address, fresh);
                return fresh;
            }
            // another caller changed the entry meanwhile: look again, so every connection made is in the map
        }
    }

    private static boolean usable(CompletableFuture<RemotingChannel> future) {
        return !future.isCompletedExceptionally() && future.join().isActive();
    }

    private void connect(String address, CompletableFuture<RemotingChannel> result) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            result.completeExceptionally(new RemotingConnectException("bad address " + address + ", want host:port"));
            channels.remove(address, result);
            return;
        }
        String host = address.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            result.completeExceptionally(new RemotingConnectException("bad port in " + address));
            channels.remove(address, result);
            return;
        }
        ChannelFuture connecting = bootstrap.connect(host, port);
        connecting.addListener(future -> {
            if (future.isSuccess()) {
                Channel channel = connecting.channel();
                result.complete(RemotingChannel.attach(channel, opaqueSource));
            } else {
                channels.remove(address, result);
                result.completeExceptionally(new RemotingConnectException("cannot connect to " + address,
                        future.cause()));
            }
        });
    }

    /** Closes the connection to {@code address}, if any; the next call reconnects. */
    public void disconnect(String address) {
        CompletableFuture<RemotingChannel> channel = channels.remove(address);
        if (channel != null) {
            channel.thenAccept(RemotingChannel::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String address : channels.keySet()) {
            disconnect(address);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
