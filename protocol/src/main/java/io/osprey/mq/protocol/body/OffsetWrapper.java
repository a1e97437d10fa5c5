package io.osprey.mq.protocol.body;

/**
 * One queue's consumption progress in GET_CONSUME_STATS.
 *
 * @param brokerOffset   next logical offset to be written (the queue's max offset)
 * @param consumerOffset the group's committed offset, 0 when it never committed one
 * @param pullOffset     how far the group has pulled; never behind {@code consumerOffset}
 * @param lastTimestamp  store time of the last consumed message ({@code consumerOffset - 1}), 0 when unknown
 */
public record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
}
