package io.osprey.mq.server.broker.dispatch;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One subscription's progress through one queue of its topic. Every offset below {@link #floor} is done; above it an
 * offset is done (acknowledged, expired, or filtered out for good), in flight (delivered, not acknowledged),
 * available again (returned, or a delayed message now due, with the deliveries it had), delayed, or not looked at
 * yet (consumers find those by scanning from their own cursors).
 */
final class QueueState {
    private long floor;
    private final OffsetRanges done = new OffsetRanges();
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    /** offset → deliveries so far, for messages returned to the subscription (or due after a delay). */
    private final TreeMap<Long, Integer> available = new TreeMap<>();
    /** offset → due time (epoch millis) of messages held for their delivery time. */
    private final TreeMap<Long, Long> delayed = new TreeMap<>();

    QueueState(long floor) {
        this.floor = floor;
    }

    long floor() {
        return floor;
    }

    /** Whether a scan may offer {@code offset}: not done, not in flight, not held in another set. */
    boolean untouched(long offset) {
        return offset >= floor && !done.contains(offset) && !inFlight.containsKey(offset)
                && !available.containsKey(offset) && !delayed.containsKey(offset);
    }

    boolean isDone(long offset) {
        return offset < floor || done.contains(offset);
    }

    void markDone(long offset) {
        if (offset < floor) {
            return;
        }
        inFlight.remove(offset);
        available.remove(offset);
        delayed.remove(offset);
        done.add(offset);
        if (offset == floor) {
            floor = done.endOfRangeAt(floor);
            done.dropBelow(floor);
        }
    }

    /** The queue lost everything below {@code minOffset} (retention): those offsets are done. */
    void raiseFloor(long minOffset) {
        if (minOffset <= floor) {
            return;
        }
        floor = minOffset;
        done.dropBelow(floor);
        floor = done.endOfRangeAt(floor);
        done.dropBelow(floor);
        inFlight.headMap(floor).clear();
        available.headMap(floor).clear();
        delayed.headMap(floor).clear();
    }

    void deliver(long offset, InFlight delivery) {
        available.remove(offset);
        inFlight.put(offset, delivery);
    }

    InFlight inFlight(long offset) {
        return inFlight.get(offset);
    }

    /** Takes a delivery back: the next one counts {@code deliveries} before it. */
    void makeAvailable(long offset, int deliveries) {
        inFlight.remove(offset);
        if (!isDone(offset)) {
            available.put(offset, deliveries);
        }
    }

    void hold(long offset, long dueMillis) {
        delayed.put(offset, dueMillis);
    }

    /** Moves held messages due by {@code nowMillis} to the available ones; returns the earliest due time left. */
    long releaseDue(long nowMillis) {
        long next = Long.MAX_VALUE;
        for (Iterator<Map.Entry<Long, Long>> it = delayed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (e.getValue() <= nowMillis) {
                it.remove();
                available.put(e.getKey(), 0);
            } else {
                next = Math.min(next, e.getValue());
            }
        }
        return next;
    }

    TreeMap<Long, Integer> available() {
        return available;
    }

    TreeMap<Long, InFlight> inFlightEntries() {
        return inFlight;
    }

    /** Offsets done above the floor, in order. */
    void forEachDoneAboveFloor(java.util.function.LongConsumer action) {
        done.forEachOffset(action);
    }

    int heldCount() {
        return delayed.size();
    }
}
