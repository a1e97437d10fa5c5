package io.osprey.mq.protocol.transport;

import java.util.Objects;

/**
 * How a {@link RemotingClient} connects.
 *
 * @param name                 role name for threads and logs
 * @param maxFrameBytes        largest frame accepted, length prefix included
 * @param connectTimeoutMillis TCP connect timeout
 * @param channelIdleSeconds   close a connection silent for this long
 * @param ioThreads            event-loop threads
 */
public record ClientOptions(String name, int maxFrameBytes, int connectTimeoutMillis, int channelIdleSeconds,
                            int ioThreads) {
    public ClientOptions {
        Objects.requireNonNull(name, "name");
        if (maxFrameBytes < 1024 || connectTimeoutMillis <= 0 || channelIdleSeconds <= 0 || ioThreads <= 0) {
            throw new IllegalArgumentException("client options must be positive (maxFrameBytes >= 1024)");
        }
    }

    public static ClientOptions defaults(String name) {
        return new ClientOptions(name, 16 * 1024 * 1024, 3_000, 120, 1);
    }
}
