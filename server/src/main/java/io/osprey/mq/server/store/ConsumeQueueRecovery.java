package io.osprey.mq.server.store;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the consume queues back to what the dispatch checkpoint proves, before dispatch resumes from it. The
 * checks, and the crash each survives:
 * <ol>
 *   <li>no usable checkpoint → nothing in any queue is proven: every queue is dropped and rebuilt from the
 *       start of the CommitLog;</li>
 *   <li>a queue the checkpoint does not know was created after it → dropped, re-dispatch creates it again;</li>
 *   <li>every other queue is cut back to the checkpointed [min, max): entries written after the checkpoint may
 *       have reached the disk in any order, a zeroed page before entries that did arrive, so none of them is
 *       trusted, on a clean stop too (the marker only vouches for the CommitLog);</li>
 *   <li>after an unclean stop every checkpointed entry is read (after a clean one: every file is there and the
 *       last entry written): a hole or a missing file below the checkpointed end (damage the checkpoint's fsyncs
 *       should have made impossible) cuts the queue back to the hole and moves re-dispatch back to the frame after
 *       the last good entry — never skipped, since a hole hides acknowledged messages from every consumer below
 *       it;</li>
 *   <li>checkpointed entries pointing at or past the checkpoint's own CommitLog offset (it contradicts itself)
 *       → cut back to them: dispatch from the offset refills them;</li>
 *   <li>a checkpoint past the recovered CommitLog end (the CommitLog lost data it had made durable) → entries
 *       pointing past the end are dropped and dispatch resumes at the end.</li>
 * </ol>
 */
final class ConsumeQueueRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueRecovery.class);

    /**
     * @param reputFrom      CommitLog offset dispatch must resume from
     * @param rebuilt        no checkpoint was usable: every queue is rebuilt from the start of the CommitLog
     * @param queuesCut      queues cut back to their checkpointed end, or dropped as unknown to it
     * @param holesRepaired  queues with a hole or missing file below their checkpointed end
     * @param droppedEntries entries dropped because they pointed past the CommitLog end
     */
    record Result(long reputFrom, boolean rebuilt, int queuesCut, int holesRepaired, long droppedEntries) {
    }

    private ConsumeQueueRecovery() {
    }

    static Result recover(ConsumeQueueTable queues, Optional<DispatchCheckpoint> checkpoint, long commitLogMin,
                          long commitLogEnd, boolean cleanStop) throws IOException {
        if (checkpoint.isEmpty()) {
            if (commitLogEnd == commitLogMin && queues.all().isEmpty()) {
                return new Result(commitLogMin, false, 0, 0, 0); // a new store
            }
            LOG.warn("No usable dispatch checkpoint: rebuilding every consume queue from CommitLog offset {}",
                    commitLogMin);
            for (ConsumeQueue queue : queues.all()) {
                queues.drop(queue.key());
            }
            return new Result(commitLogMin, true, 0, 0, 0);
        }
        DispatchCheckpoint cut = checkpoint.get();
        long from = Math.max(cut.reputOffset(), commitLogMin);
        int queuesCut = 0;
        int holes = 0;
        for (ConsumeQueue queue : queues.all()) {
            QueueBounds bounds = cut.queues().get(queue.key());
            if (bounds == null) {
                queues.drop(queue.key());
                queuesCut++;
                continue;
            }
            long min = cut.minimaKnown() ? bounds.minOffset()
                    : Math.min(queue.firstWritten(0), bounds.maxOffset());
            long max = queue.firstEndingAfter(cut.reputOffset(), min, bounds.maxOffset());
            if (max < bounds.maxOffset()) {
                // the checkpoint contradicts itself: it cannot prove entries for frames at or after its own offset
                LOG.warn("Consume queue {}: checkpointed entries from {} point at or past the checkpoint's CommitLog "
                        + "offset {}; cut back to them and dispatched again", queue.key(), max, cut.reputOffset());
            }
            if (queue.maxOffset() != max) {
                queuesCut++;
            }
            queue.cutTo(min, max);
            long hole = cleanStop ? queue.firstMissing(min, max) : queue.firstHole(min, max);
            if (hole < max) {
                holes++;
                from = Math.min(from, repairFrom(queue, min, hole, max, commitLogMin));
            }
        }
        for (Map.Entry<QueueKey, QueueBounds> e : cut.queues().entrySet()) {
            if (queues.get(e.getKey()) == null) {
                QueueBounds bounds = e.getValue();
                if (bounds.maxOffset() == bounds.minOffset()) {
                    queues.createAt(e.getKey(), bounds.maxOffset()); // nothing to refill; offsets go on
                    continue;
                }
                // its folder is gone: keep its offsets going, and refill what the CommitLog still has of it
                queues.createAt(e.getKey(), bounds.minOffset());
                holes++;
                LOG.warn("Consume queue {} is missing but its checkpoint holds entries [{}, {}); rebuilding it "
                        + "from CommitLog offset {}", e.getKey(), bounds.minOffset(), bounds.maxOffset(),
                        commitLogMin);
                from = commitLogMin;
            }
        }
        long dropped = 0;
        if (cut.reputOffset() > commitLogEnd) {
            LOG.error("The dispatch checkpoint is at CommitLog offset {} but the CommitLog now ends at {}: it lost "
                    + "data that had been fsynced (disk or file-system damage)", cut.reputOffset(), commitLogEnd);
            dropped = queues.truncateAhead(commitLogEnd);
            from = Math.min(from, commitLogEnd);
        }
        return new Result(from, false, queuesCut, holes, dropped);
    }

    /** Cuts {@code queue} back to {@code hole}; returns where re-dispatch must start to refill it. */
    private static long repairFrom(ConsumeQueue queue, long min, long hole, long max, long commitLogMin)
            throws IOException {
        long physical = commitLogMin;
        if (hole > min) {
            ConsumeQueue.Entry before = queue.entry(hole - 1);
            if (before != null && !before.isHole()) {
                physical = Math.max(commitLogMin, before.commitLogOffset() + before.size());
            }
        }
        LOG.warn("Consume queue {} has a hole at offset {} below its checkpointed end {}: cut back to it and "
                + "refilled from CommitLog offset {}", queue.key(), hole, max, physical);
        queue.cutTo(min, hole);
        return physical;
    }
}
