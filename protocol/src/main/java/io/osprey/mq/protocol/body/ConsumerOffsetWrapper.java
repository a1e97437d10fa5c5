package io.osprey.mq.protocol.body;

import java.util.Map;

/**
 * GET_ALL_CONSUMER_OFFSET's body, shaped as the stock broker's {@code consumerOffset.json}: committed offsets by
 * {@code topic@group}, then by queue id.
 */
public record ConsumerOffsetWrapper(Map<String, Map<Integer, Long>> offsetTable) {
    public ConsumerOffsetWrapper {
        offsetTable = offsetTable == null ? Map.of() : offsetTable;
    }
}
