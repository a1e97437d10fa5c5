package io.osprey.mq.server.broker.dispatch;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of queue offsets kept as disjoint half-open ranges, so that a queue acknowledged in order costs one range
 * however many messages it held, and one left behind by a selector costs one more.
 */
final class OffsetRanges {
    /** start → end (exclusive); ranges never touch (adjacent ones are merged). */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    boolean contains(long offset) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(offset);
        return floor != null && offset < floor.getValue();
    }

    void add(long offset) {
        if (contains(offset)) {
            return;
        }
        long start = offset;
        long end = offset + 1;
        Map.Entry<Long, Long> before = ranges.floorEntry(offset);
        if (before != null && before.getValue() == offset) {
            start = before.getKey();
        }
        Long after = ranges.get(end);
        if (after != null) {
            ranges.remove(end);
            end = after;
        }
        ranges.put(start, end);
    }

    /** Removes every offset below {@code floor}. */
    void dropBelow(long floor) {
        while (!ranges.isEmpty()) {
            Map.Entry<Long, Long> first = ranges.firstEntry();
            if (first.getKey() >= floor) {
                return;
            }
            ranges.pollFirstEntry();
            if (first.getValue() > floor) {
                ranges.put(floor, first.getValue());
                return;
            }
        }
    }

    /** The end of the range starting at {@code offset}, or {@code offset} itself when none starts there. */
    long endOfRangeAt(long offset) {
        Long end = ranges.get(offset);
        return end == null ? offset : end;
    }

    /** Every offset in the set, in order. */
    void forEachOffset(java.util.function.LongConsumer action) {
        for (Map.Entry<Long, Long> range : ranges.entrySet()) {
            for (long offset = range.getKey(); offset < range.getValue(); offset++) {
                action.accept(offset);
            }
        }
    }

    int rangeCount() {
        return ranges.size();
    }
}
