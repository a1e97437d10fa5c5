package io.osprey.mq.protocol.body;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET_ALL_DELAY_OFFSET's body, and the broker's {@code delayOffset.json}: per delay level (1-based), the next
 * offset of {@code SCHEDULE_TOPIC_XXXX} queue {@code level - 1} the delay scheduler will deliver.
 */
public record DelayOffsetTable(Map<Integer, Long> offsetTable) {
    public DelayOffsetTable {
        offsetTable = offsetTable == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(offsetTable));
    }
}
