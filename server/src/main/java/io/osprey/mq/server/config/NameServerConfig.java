package io.osprey.mq.server.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * One NameServer process.
 *
 * @param listenAddress          interface to bind (0.0.0.0 = all)
 * @param listenPort             TCP port; 0 picks a free one
 * @param brokerExpiryMillis     a broker that has not registered for this long is removed from routes
 * @param brokerScanIntervalMillis how often expired brokers are looked for
 * @param maxFrameBytes          largest accepted frame, length prefix included
 * @param channelIdleSeconds     a connection with no traffic for this long is closed, as is one that has not read
 *                               its responses for this long
 */
public record NameServerConfig(
        @NotBlank String listenAddress,
        @Min(0) @Max(65535) int listenPort,
        @Positive long brokerExpiryMillis,
        @Positive long brokerScanIntervalMillis,
        @Min(1024) int maxFrameBytes,
        @Positive int channelIdleSeconds) {

    public static NameServerConfig defaults() {
        return new NameServerConfig("0.0.0.0", 9876, 120_000, 5_000, 16 * 1024 * 1024, 120);
    }

    public NameServerConfig withListen(String address, int port) {
        return new NameServerConfig(address, port, brokerExpiryMillis, brokerScanIntervalMillis, maxFrameBytes,
                channelIdleSeconds);
    }

    public NameServerConfig withBrokerExpiry(long expiryMillis, long scanIntervalMillis) {
        return new NameServerConfig(listenAddress, listenPort, expiryMillis, scanIntervalMillis, maxFrameBytes,
                channelIdleSeconds);
    }
}
