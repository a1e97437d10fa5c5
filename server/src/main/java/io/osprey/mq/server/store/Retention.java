package io.osprey.mq.server.store;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the oldest CommitLog segments — those last modified more than {@code fileReservedHours} ago, or, while
 * the disk is fuller than {@code diskMaxUsedSpaceRatio} percent, the oldest regardless of age — then raises
 * every consume queue's minimum past them. Never deletes the active (last) segment, nor one the reput thread
 * has not dispatched completely. Deletion stops at the first segment kept, so the CommitLog stays contiguous.
 */
final class Retention {
    static final String THREAD_NAME = "osprey-retention";
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final Clock clock;
    private final DoubleSupplier diskUsedPercent;
    private final LongSupplier dispatchedOffset;
    private final long reservedMillis;
    private final int diskMaxUsedPercent;

    Retention(CommitLog log, ConsumeQueueTable queues, Clock clock, DoubleSupplier diskUsedPercent,
              LongSupplier dispatchedOffset, double fileReservedHours, int diskMaxUsedPercent) {
        this.log = log;
        this.queues = queues;
        this.clock = clock;
        this.diskUsedPercent = diskUsedPercent;
        this.dispatchedOffset = dispatchedOffset;
        this.reservedMillis = (long) (fileReservedHours * 3_600_000);
        this.diskMaxUsedPercent = diskMaxUsedPercent;
    }

    /** Runs once; returns the number of CommitLog segments deleted. */
    synchronized int run() throws IOException {
        int deleted = 0;
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
}
