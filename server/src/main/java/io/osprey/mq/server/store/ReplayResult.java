package io.osprey.mq.server.store;

/**
 * What {@link MessageStore#replayRecords} handed its sink.
 *
 * @param records   records of the replayed type handed over
 * @param endOffset where the replay stopped: the recovered end of the CommitLog, exclusive. Dispatch hands the
 *                  owner its records from here on once the store starts, and everything it handed the owner
 *                  before (during open) lies below it.
 */
public record ReplayResult(long records, long endOffset) {
}
