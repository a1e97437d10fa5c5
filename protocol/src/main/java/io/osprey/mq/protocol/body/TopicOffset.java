package io.osprey.mq.protocol.body;

/**
 * One queue's span in GET_TOPIC_STATS_INFO.
 *
 * @param minOffset           smallest readable logical offset
 * @param maxOffset           next logical offset to be written
 * @param lastUpdateTimestamp store time of the last message (offset {@code maxOffset - 1}), 0 when empty
 */
public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
}
