package io.osprey.mq.server.store;

/**
 * What the last {@link MessageStore#open} found and repaired.
 *
 * @param cleanShutdown              a valid clean-shutdown marker was found
 * @param fullScan                   the last CommitLog segment was scanned frame by frame (crash, or the
 *                                   marker did not match the tail)
 * @param commitLogEnd               the CommitLog is valid up to here (exclusive)
 * @param truncatedBytes             bytes cut off after {@code commitLogEnd}
 * @param truncationReason           why they were cut; null when nothing was
 * @param consumeQueueEntriesDropped entries removed because they pointed past {@code commitLogEnd}
 * @param consumeQueuesRebuilt       no usable dispatch checkpoint: every consume queue was rebuilt from the
 *                                   start of the CommitLog
 * @param consumeQueuesCut           queues cut back to their checkpointed end, or dropped as newer than it
 * @param consumeQueueHolesRepaired  queues with a hole or a missing file below their checkpointed end (damage:
 *                                   never expected when every fsync did what it promised), refilled from the
 *                                   CommitLog
 * @param dispatchedFrom             CommitLog offset dispatch resumed from during open
 * @param dispatchedFrames           CommitLog frames (records and segment end markers) dispatched during open
 */
public record RecoveryReport(boolean cleanShutdown, boolean fullScan, long commitLogEnd, long truncatedBytes,
                             String truncationReason, long consumeQueueEntriesDropped, boolean consumeQueuesRebuilt,
                             int consumeQueuesCut, int consumeQueueHolesRepaired,
                             long dispatchedFrom, long dispatchedFrames) {
}
