package io.osprey.mq.protocol.transport;

import java.util.Objects;

/**
 * How a {@link RemotingServer} listens.
 *
 * @param name               role name for threads and logs ({@code broker}, {@code namesrv})
 * @param bindAddress        interface to bind; {@code 0.0.0.0} for all
 * @param port               0 = any free port ({@link RemotingServer#port()} tells which)
 * @param maxFrameBytes      largest frame accepted, length prefix included
 * @param channelIdleSeconds close a connection silent for this long (or that has not read its responses for as long)
 * @param ioThreads          event-loop threads
 * @param maxInFlightBytes   the {@link InFlightBudget}: bytes of requests and responses held at once before
 *                           requests are refused as busy
 */
public record ServerOptions(String name, String bindAddress, int port, int maxFrameBytes, int channelIdleSeconds,
                            int ioThreads, long maxInFlightBytes) {
    public ServerOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes < 1024: " + maxFrameBytes);
        }
        if (channelIdleSeconds <= 0 || ioThreads <= 0) {
            throw new IllegalArgumentException("channelIdleSeconds and ioThreads must be positive");
        }
        if (maxInFlightBytes <= 0) {
            throw new IllegalArgumentException("maxInFlightBytes must be positive: " + maxInFlightBytes);
        }
    }
}
