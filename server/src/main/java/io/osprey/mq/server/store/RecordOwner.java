package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Owns the CommitLog records of one type (the JMS dispatch state, transaction markers, …): the store appends
 * them like messages — same durability, same recovery, same replication — and hands each one to its owner on
 * the dispatch thread ({@code osprey-reput}), in CommitLog order.
 *
 * <h2>When records are handed over</h2>
 * <ol>
 *   <li><b>During {@link MessageStore#open open}</b>, before it returns, dispatch catches up from the store's own
 *       dispatch checkpoint to the recovered end of the CommitLog, on the opening thread. After a clean stop that
 *       is nothing; after an unclean one it may be records the owner has seen before. The physical offset
 *       identifies each record: an owner that rebuilds its state only from these keeps it idempotent by it.</li>
 *   <li><b>{@link MessageStore#replayRecords replayRecords}</b>, called by the owner after {@code open} and
 *       before {@link MessageStore#start start}, hands it every record of its type from an offset of its choice
 *       — the one its own snapshot covers up to, far below the store's checkpoint if need be — to the recovered
 *       end, in log order, and returns that end as {@link ReplayResult#endOffset()}.</li>
 *   <li><b>Once the store has started</b>, dispatch hands over each record from that end on, once each while
 *       the store runs.</li>
 * </ol>
 *
 * <p>An owner that keeps a snapshot ("covers every record of mine before physical offset P") therefore: opens
 * the store, ignoring what step 1 hands it (all of it lies below the replay's end, and the replay hands it again,
 * in order, from P); pins retention at P ({@link MessageStore#pinRetention}) so P's segment is never deleted;
 * loads its snapshot and replays from P; starts the store; and from then on applies a record only if its
 * physical offset is at or above the replay's {@code endOffset} — compare with that end, not with P, which can
 * lie above it. It writes a snapshot for offset P only once the CommitLog is durable up to P
 * ({@link MessageStore#waitForOffset waitForOffset(P, true)}), so that no power loss takes back a record the
 * snapshot holds, then advances its pin to P.
 *
 * <p>An exception thrown on the dispatch thread fails the store, as a failed write would: state that cannot be
 * applied must not be skipped. One thrown during a replay comes out of {@code replayRecords}.
 */
@FunctionalInterface
public interface RecordOwner {
    /**
     * @param physicalOffset where the record's frame starts: its identity in the CommitLog
     * @param payload        the record's bytes as appended (read-only, valid only during the call)
     */
    void onRecord(long physicalOffset, ByteBuffer payload) throws IOException;
}
