package io.osprey.mq.server.store;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the oldest CommitLog segments — those last modified more than {@code fileReservedHours} ago, or, while
 * the disk is fuller than {@code diskMaxUsedSpaceRatio} percent, the oldest regardless of age — then raises
 * every consume queue's minimum past them. Never deletes the active (last) segment, nor one the reput thread
 * has not dispatched completely, nor one holding an offset at or above a {@link RetentionPins pin} (asked once
 * per round) — not even when the disk is full: a pin keeps records an owner cannot rebuild its state without.
 * Deletion stops at the first segment kept, so the CommitLog stays contiguous.
 */
final class Retention {
    static final String THREAD_NAME = "osprey-retention";
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final Clock clock;
    private final DoubleSupplier diskUsedPercent;
    private final LongSupplier dispatchedOffset;
    private final RetentionPins pins;
    private final long reservedMillis;
    private final int diskMaxUsedPercent;

    Retention(CommitLog log, ConsumeQueueTable queues, Clock clock, DoubleSupplier diskUsedPercent,
              LongSupplier dispatchedOffset, RetentionPins pins, double fileReservedHours, int diskMaxUsedPercent) {
        this.log = log;
        this.queues = queues;
        this.clock = clock;
        this.diskUsedPercent = diskUsedPercent;
        this.dispatchedOffset = dispatchedOffset;
        this.pins = pins;
        this.reservedMillis = (long) (fileReservedHours * 3_600_000);
        this.diskMaxUsedPercent = diskMaxUsedPercent;
    }

    /** Runs once; returns the number of CommitLog segments deleted. */
    synchronized int run() throws IOException {
        int deleted = 0;
        Optional<RetentionPins.Floor> floor = pins.floor();
        while (true) {
            List<SegmentFile> segments = log.segments();
            if (segments.size() < 2) {
                break;
            }
            SegmentFile oldest = segments.get(0);
            if (oldest.endOffset() > dispatchedOffset.getAsLong()) {
                break;
            }
            long ageMillis = clock.millis() - oldest.lastModifiedMillis();
            boolean expired = ageMillis > reservedMillis;
            double used = expired ? 0 : diskUsedPercent.getAsDouble();
            if (!expired && used <= diskMaxUsedPercent) {
                break;
            }
            if (floor.isPresent() && oldest.endOffset() > floor.get().keepFromOffset()) {
                logPinned(oldest, floor.get(), expired, used);
                break;
            }
            if (expired) {
                LOG.info("Retention: deleting CommitLog segment {}, last modified {} ms ago", oldest, ageMillis);
            } else {
                LOG.warn("Retention: disk {}% used (limit {}%), deleting the oldest CommitLog segment {} early",
                        String.format("%.1f", used), diskMaxUsedPercent, oldest);
            }
            log.retireOldest();
            deleted++;
        }
        if (deleted > 0) {
            queues.advanceMin(log.minOffset());
        }
        return deleted;
    }

    private void logPinned(SegmentFile oldest, RetentionPins.Floor floor, boolean expired, double used) {
        if (expired) {
            LOG.debug("Retention: keeping expired CommitLog segment {}: pin {} keeps physical offsets from {}",
                    oldest, floor.holder(), floor.keepFromOffset());
        } else {
            // once per round (the round stops here), naming who holds the log, so an operator knows what to
            // consume, unsubscribe or make room for; the store fails (and the broker stops) when a write finds
            // the disk full, it never deletes what a pin keeps
            LOG.warn("Retention: disk {}% used (limit {}%), but pin {} keeps CommitLog physical offsets from {}: "
                    + "segment {} and every later one stay", String.format("%.1f", used), diskMaxUsedPercent,
                    floor.holder(), floor.keepFromOffset(), oldest);
        }
    }
}
