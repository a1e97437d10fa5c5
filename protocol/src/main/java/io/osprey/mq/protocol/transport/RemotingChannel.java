package io.osprey.mq.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.AttributeKey;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, on either side: answers requests, sends oneway requests, and sends requests that expect a
 * response (matched by opaque). The broker keeps these to reach consumers (NOTIFY_CONSUMER_IDS_CHANGED).
 */
public final class RemotingChannel {
    private static final Logger LOG = LoggerFactory.getLogger(RemotingChannel.class);
    private static final AttributeKey<RemotingChannel> KEY = AttributeKey.valueOf("osprey.remotingChannel");

    private final Channel channel;
    private final InFlightRequests inFlight;
    private final String remoteAddress;
    /** Actions waiting for the connection to drain its output ({@link #whenWritable}). */
    private final Queue<Runnable> writableWaiters = new ConcurrentLinkedQueue<>();

    private RemotingChannel(Channel channel, AtomicInteger opaqueSource) {
        this.channel = channel;
        this.inFlight = new InFlightRequests(opaqueSource);
        this.remoteAddress = describe(channel.remoteAddress());
    }

    static RemotingChannel attach(Channel channel, AtomicInteger opaqueSource) {
        RemotingChannel remoting = new RemotingChannel(channel, opaqueSource);
        RemotingChannel existing = channel.attr(KEY).setIfAbsent(remoting);
        return existing == null ? remoting : existing;
    }

    static RemotingChannel of(Channel channel) {
        return channel.attr(KEY).get();
    }

    InFlightRequests inFlight() {
        return inFlight;
    }

    /** {@code host:port} of the peer, as RocketMQ shows it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    public InetSocketAddress remoteSocketAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    public InetSocketAddress localSocketAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /**
     * Writes a response, or any already-complete command. A failed write closes the connection, with one log line
     * naming the peer and the reason: WARN while the connection was still open (this side gave up on it, and the
     * client's requests in flight on it fail), DEBUG when it had already closed (the peer went first).
     */
    public void write(RemotingCommand command) {
        channel.writeAndFlush(command).addListener(future -> {
            if (!future.isSuccess()) {
                closeAfterFailedWrite(command, future.cause());
            }
        });
    }

    /**
     * Writes a response whose bytes {@code lease} counts until the write ends, successfully or not (a closed
     * connection fails it at once). Failures to write close the connection.
     */
    void write(RemotingCommand response, Lease lease) {
        lease.resize(CommandSizeEstimator.bytes(response));
        channel.writeAndFlush(response).addListener(future -> {
            lease.release();
            if (!future.isSuccess()) {
                closeAfterFailedWrite(response, future.cause());
            }
        });
    }

    /**
     * Whether the connection takes more output without queuing it past its high water mark: false while the peer
     * does not read what was sent (and once the connection is closed).
     */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /**
     * Runs {@code action} once the connection is writable again: at once on the caller's thread if it is now,
     * otherwise on its event loop when its output drains below the low water mark, or when it closes (the action
     * then finds it inactive). Each action runs exactly once and must not block.
     */
    public void whenWritable(Runnable action) {
        writableWaiters.add(action);
        // the connection may have drained (or closed) between the caller's check and the add: look again, so that
        // no action waits for a change that already happened
        if (channel.isWritable() || !channel.isActive()) {
            runWritableWaiters();
        }
    }

    /** Runs every waiting {@link #whenWritable} action: on becoming writable, and on close. */
    void runWritableWaiters() {
        RuntimeException failed = null;
        Runnable action;
        while ((action = writableWaiters.poll()) != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // the other actions still run: each one answers a request
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Bytes written to this connection and not yet taken by the socket. */
    long pendingWriteBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    private void closeAfterFailedWrite(RemotingCommand command, Throwable cause) {
        if (channel.isOpen()) {
            LOG.warn("closing connection {}: writing {} failed: {}", remoteAddress, describe(command),
                    cause.toString());
            channel.close();
        } else {
            LOG.debug("{} to {} not written, the connection had closed: {}", describe(command), remoteAddress,
                    cause.toString());
        }
    }

    private static String describe(RemotingCommand command) {
        return (command.isResponse() ? "response " + ResponseCode.name(command.code())
                : "request " + RequestCode.name(command.code())) + " (opaque " + command.opaque() + ")";
    }

    /** Sends a request that is never answered. */
    public CompletableFuture<Void> sendOneway(RemotingCommand request) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        channel.writeAndFlush(request.withOpaque(inFlight.nextOpaque()).asOneway()).addListener(future -> {
            if (future.isSuccess()) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(new RemotingConnectException(
                        "oneway send to " + remoteAddress + " failed", future.cause()));
            }
        });
        return sent;
    }

    /** Sends a request and completes with its response, or fails on timeout or connection loss. */
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
        int opaque = inFlight.nextOpaque();
        CompletableFuture<RemotingCommand> response = inFlight.register(opaque, request.code(), timeoutMillis);
        channel.writeAndFlush(request.withOpaque(opaque)).addListener(future -> {
            if (!future.isSuccess()) {
                inFlight.fail(opaque, new RemotingConnectException(
                        "send to " + remoteAddress + " failed", future.cause()));
            }
        });
        return response;
    }

    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(future -> closed.complete(null));
        return closed;
    }

    @Override
    public String toString() {
        return "RemotingChannel[" + remoteAddress + ']';
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ':' + inet.getPort();
        }
        return String.valueOf(address);
    }
}
