package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Owns the CommitLog records of one type (the JMS dispatch state, transaction markers, …): the store appends
 * them like messages — same durability, same recovery, same replication — and hands each one to its owner on
 * the dispatch thread ({@code osprey-reput}), in CommitLog order.
 *
 * <p>After an unclean stop the store re-dispatches from its last checkpoint, so an owner may be handed records it
 * has already seen; the physical offset identifies each one, and an owner keeps its own state idempotent with it.
 * An exception fails the store, as a failed write would: state that cannot be applied must not be skipped.
 */
@FunctionalInterface
public interface RecordOwner {
    /**
     * @param physicalOffset where the record's frame starts: its identity in the CommitLog
     * @param payload        the record's bytes as appended (read-only, valid only during the call)
     */
    void onRecord(long physicalOffset, ByteBuffer payload) throws IOException;
}
