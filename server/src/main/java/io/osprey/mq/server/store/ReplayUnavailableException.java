package io.osprey.mq.server.store;

/**
 * The CommitLog does not hold the range an owner asked {@link MessageStore#replayRecords} to replay, so the
 * owner's state cannot be rebuilt from its snapshot: either retention deleted segments above the snapshot's
 * offset (nothing pinned it), or the log ends before that offset (the snapshot covers records that are not in
 * the log any more, e.g. written after an ASYNC_FLUSH power loss took them back, or taken of another store).
 */
public final class ReplayUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final long fromOffset;
    private final long commitLogMinOffset;
    private final long commitLogEndOffset;

    private ReplayUnavailableException(String message, long fromOffset, long commitLogMinOffset,
                                       long commitLogEndOffset) {
        super(message);
        this.fromOffset = fromOffset;
        this.commitLogMinOffset = commitLogMinOffset;
        this.commitLogEndOffset = commitLogEndOffset;
    }

    static ReplayUnavailableException deleted(short type, long from, long min, long end) {
        return new ReplayUnavailableException("cannot replay records of type " + type + " from physical offset "
                + from + ": the CommitLog now starts at physical offset " + min + " (retention deleted the segments"
                + " below it), so the owner's state cannot be rebuilt from its snapshot", from, min, end);
    }

    static ReplayUnavailableException beyondEnd(short type, long from, long min, long end) {
        return new ReplayUnavailableException("cannot replay records of type " + type + " from physical offset "
                + from + ": the CommitLog ends at physical offset " + end + ", before it — the owner's snapshot"
                + " covers records this log does not hold (write a snapshot only once the CommitLog is durable up"
                + " to its offset)", from, min, end);
    }

    /** Where the replay was asked to start. */
    public long fromOffset() {
        return fromOffset;
    }

    /** The oldest physical offset the CommitLog still holds. */
    public long commitLogMinOffset() {
        return commitLogMinOffset;
    }

    /** The CommitLog's recovered end (exclusive). */
    public long commitLogEndOffset() {
        return commitLogEndOffset;
    }
}
