package io.osprey.mq.server.metadata;

/**
 * How the broker treats one consumer group (RocketMQ's {@code SubscriptionGroupConfig}).
 *
 * @param groupName                     name, same characters as a topic name, at most 255
 * @param consumeEnable                 pulls are served; false answers NO_PERMISSION
 * @param consumeBroadcastEnable        the group may consume in broadcasting mode
 * @param retryQueueNums                queues of the group's {@code %RETRY%} topic
 * @param retryMaxTimes                 deliveries before a message goes to the group's {@code %DLQ%} topic
 * @param brokerId                      the broker the group reads from by default (0 = master)
 * @param whichBrokerWhenConsumeSlowly  the broker a lagging consumer is redirected to
 * @param consumeMessageOrderly         the group consumes orderly (one consumer per queue at a time)
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeBroadcastEnable,
                                      int retryQueueNums, int retryMaxTimes, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean consumeMessageOrderly) {
    public static final int MAX_NAME_LENGTH = 255;

    public SubscriptionGroupConfig {
        validateName(groupName);
        if (retryQueueNums < 0 || retryMaxTimes < 0 || brokerId < 0 || whichBrokerWhenConsumeSlowly < 0) {
            throw new IllegalArgumentException("group " + groupName + ": retryQueueNums " + retryQueueNums
                    + ", retryMaxTimes " + retryMaxTimes + ", brokerId " + brokerId
                    + " and whichBrokerWhenConsumeSlowly " + whichBrokerWhenConsumeSlowly + " must be >= 0");
        }
    }

    /** A group as RocketMQ creates it on first heartbeat: enabled, one retry queue, 16 retries, reading the master. */
    public static SubscriptionGroupConfig defaults(String groupName) {
        return new SubscriptionGroupConfig(groupName, true, true, 1, 16, 0, 1, false);
    }

    /** @throws InvalidGroupNameException naming the rule the name breaks */
    public static void validateName(String groupName) {
        if (groupName == null || groupName.isEmpty()) {
            throw new InvalidGroupNameException("the consumer group name is empty");
        }
        if (groupName.length() > MAX_NAME_LENGTH) {
            throw new InvalidGroupNameException("the consumer group name is longer than " + MAX_NAME_LENGTH
                    + " characters: " + groupName.length());
        }
        if (!TopicConfig.VALID_NAME.matcher(groupName).matches()) {
            throw new InvalidGroupNameException("the consumer group name [" + groupName
                    + "] contains characters outside ^[%|a-zA-Z0-9_-]+$");
        }
    }
}
