package io.osprey.mq.server.config;

import io.osprey.mq.protocol.transport.InFlightBudget;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * One Broker process (its store is configured by {@link StoreConfig}).
 *
 * @param brokerClusterName        cluster this broker belongs to
 * @param brokerName               name shared by a master and its slaves
 * @param brokerId                 0 = master, &gt; 0 = slave
 * @param namesrvAddr              NameServers to register with, {@code host:port;host:port}; empty = none
 * @param listenAddress            interface to bind (0.0.0.0 = all)
 * @param listenPort               TCP port; 0 picks a free one
 * @param brokerIP1                host advertised to clients in routes and message ids; empty = first non-loopback IPv4
 * @param autoCreateTopicEnable    create a topic on its first send (through TBW102, as RocketMQ)
 * @param defaultTopicQueueNums    read/write queues of a topic created without explicit counts
 * @param maxMessageBytes          largest message body accepted; a larger one gets MESSAGE_ILLEGAL
 * @param registerIntervalMillis   period of registration with every NameServer
 * @param consumerExpiryMillis     a client without heartbeat for this long is dropped from its groups
 * @param offsetPersistIntervalMillis how often consumer offsets are written to disk
 * @param maxReconsumeTimes        deliveries before a message goes to {@code %DLQ%group} (when the client sends none)
 * @param messageDelayLevel        the delay levels, space separated, units s m h d
 * @param sendThreads              threads appending sends
 * @param pullThreads              threads serving pulls
 * @param adminThreads             threads serving admin, heartbeat and offset calls
 * @param maxFrameBytes            largest accepted frame, length prefix included
 * @param channelIdleSeconds       a connection with no traffic for this long is closed, as is one that has not read
 *                                 its responses for this long
 * @param maxInFlightBytes         bytes of requests and responses the broker holds at once (from a request's header
 *                                 until its answer is written; a send until the store acknowledged it); a send that
 *                                 does not fit is answered SYSTEM_BUSY unread. 0 = a quarter of the maximum heap
 * @param jmsMaxDeliveries         deliveries of a JMS message to one subscription before it goes to
 *                                 {@code jmsDeadLetterQueue} instead of being delivered again; 0 = unlimited
 * @param jmsDeadLetterQueue       the JMS queue that receives messages delivered {@code jmsMaxDeliveries} times
 */
public record BrokerConfig(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String brokerClusterName,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String brokerName,
        @Min(0) long brokerId,
        @NotNull String namesrvAddr,
        @NotBlank String listenAddress,
        @Min(0) @Max(65535) int listenPort,
        @NotNull String brokerIP1,
        boolean autoCreateTopicEnable,
        @Min(1) @Max(1024) int defaultTopicQueueNums,
        @Min(1024) int maxMessageBytes,
        @Positive long registerIntervalMillis,
        @Positive long consumerExpiryMillis,
        @Positive long offsetPersistIntervalMillis,
        @Min(0) @Max(64) int maxReconsumeTimes,
        @NotBlank String messageDelayLevel,
        @Min(1) int sendThreads,
        @Min(1) int pullThreads,
        @Min(1) int adminThreads,
        @Min(1024) int maxFrameBytes,
        @Positive int channelIdleSeconds,
        @Min(0) long maxInFlightBytes,
        @Min(0) int jmsMaxDeliveries,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,127}") String jmsDeadLetterQueue) {

    public static final String DEFAULT_DELAY_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    public static BrokerConfig defaults() {
        return new BrokerConfig("DefaultCluster", "broker-a", 0, "127.0.0.1:9876", "0.0.0.0", 10911, "",
                true, 4, 4 * 1024 * 1024, 30_000, 120_000, 5_000, 16, DEFAULT_DELAY_LEVELS,
                2, 4, 2, 16 * 1024 * 1024, 120, 0, 10, "DLQ");
    }

    public BrokerConfig withNetwork(String namesrv, String address, int port, String advertisedIp) {
        return new BrokerConfig(brokerClusterName, brokerName, brokerId, namesrv, address, port, advertisedIp,
                autoCreateTopicEnable, defaultTopicQueueNums, maxMessageBytes, registerIntervalMillis,
                consumerExpiryMillis, offsetPersistIntervalMillis, maxReconsumeTimes, messageDelayLevel,
                sendThreads, pullThreads, adminThreads, maxFrameBytes, channelIdleSeconds, maxInFlightBytes,
                jmsMaxDeliveries, jmsDeadLetterQueue);
    }

    /** The same broker under another name, as a second master of the cluster is. */
    public BrokerConfig withBrokerName(String name) {
        return new BrokerConfig(brokerClusterName, name, brokerId, namesrvAddr, listenAddress, listenPort,
                brokerIP1, autoCreateTopicEnable, defaultTopicQueueNums, maxMessageBytes, registerIntervalMillis,
                consumerExpiryMillis, offsetPersistIntervalMillis, maxReconsumeTimes, messageDelayLevel,
                sendThreads, pullThreads, adminThreads, maxFrameBytes, channelIdleSeconds, maxInFlightBytes,
                jmsMaxDeliveries, jmsDeadLetterQueue);
    }

    /** The same broker with another dead-letter policy for JMS messages. */
    public BrokerConfig withJmsDeadLetters(int maxDeliveries, String deadLetterQueue) {
        return new BrokerConfig(brokerClusterName, brokerName, brokerId, namesrvAddr, listenAddress, listenPort,
                brokerIP1, autoCreateTopicEnable, defaultTopicQueueNums, maxMessageBytes, registerIntervalMillis,
                consumerExpiryMillis, offsetPersistIntervalMillis, maxReconsumeTimes, messageDelayLevel,
                sendThreads, pullThreads, adminThreads, maxFrameBytes, channelIdleSeconds, maxInFlightBytes,
                maxDeliveries, deadLetterQueue);
    }

    /**
     * The in-flight budget for a heap of {@code maxHeapBytes}: {@link #maxInFlightBytes} when set, else a quarter of
     * the heap (see {@code InFlightBudget.defaultLimitBytes} for why a quarter).
     */
    public long inFlightLimitBytes(long maxHeapBytes) {
        return maxInFlightBytes > 0 ? maxInFlightBytes : InFlightBudget.defaultLimitBytes(maxHeapBytes);
    }
}
