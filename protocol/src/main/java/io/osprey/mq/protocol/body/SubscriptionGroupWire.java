package io.osprey.mq.protocol.body;

/**
 * A consumer group's configuration as the admin tool sends it in UPDATE_AND_CREATE_SUBSCRIPTIONGROUP and reads
 * it from GET_ALL_SUBSCRIPTIONGROUP_CONFIG (RocketMQ's {@code SubscriptionGroupConfig}). Fields are boxed: on
 * input a missing field is null and takes the stock default; 5.x-only fields (retry policy, attributes…) are
 * ignored.
 */
public record SubscriptionGroupWire(String groupName, Boolean consumeEnable, Boolean consumeFromMinEnable,
                                    Boolean consumeBroadcastEnable, Boolean consumeMessageOrderly,
                                    Integer retryQueueNums, Integer retryMaxTimes, Long brokerId,
                                    Long whichBrokerWhenConsumeSlowly, Boolean notifyConsumerIdsChangedEnable,
                                    Integer groupSysFlag, Integer consumeTimeoutMinute) {
}
