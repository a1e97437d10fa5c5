package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.server.store.MessageToStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One XA branch on this broker: which connections are associated with it, and the work their associations handed it
 * (sends not yet stored, consumed messages locked to it). Dispatcher thread only.
 */
final class XaBranch {
    /** Where a branch is in its life. */
    enum State {
        /** Open to work; associated with connections or idle between associations. */
        ACTIVE,
        /** Its prepared record is being written. */
        PREPARING,
        /** Its prepared record is durable: only a commit or a rollback, from any connection, completes it. */
        PREPARED,
        /** Its commit or rollback is being written. */
        COMPLETING
    }

    /** A consumed message locked to the branch; {@code lock} is its in-flight entry while the branch holds it. */
    record Locked(Subscription subscription, QueueState state, int queueId, long offset, InFlight lock) {
        boolean stillLocked() {
            return state.inFlight(offset) == lock;
        }
    }

    private final XaBranchId id;
    /** The connection that started it: its end rolls back an unprepared branch. Null for a recovered one. */
    private final String owner;
    private final Map<String, Integer> associated = new HashMap<>();
    private final Map<String, Integer> suspended = new HashMap<>();
    private final List<Locked> consumed = new ArrayList<>();
    private final List<MessageToStore> sends = new ArrayList<>();
    private long heldBytes;
    private State state;
    private boolean prepared;
    /** Why the branch can only roll back, or null. */
    private String rollbackOnly;
    private ScheduledFuture<?> timeout;
    private long preparedAtMillis;

    XaBranch(XaBranchId id, String owner, State state) {
        this.id = id;
        this.owner = owner;
        this.state = state;
        this.prepared = state == State.PREPARED;
    }

    XaBranchId id() {
        return id;
    }

    String owner() {
        return owner;
    }

    State state() {
        return state;
    }

    void state(State next) {
        state = next;
        if (next == State.PREPARED) {
            prepared = true;
        }
    }

    /** Whether its prepared record is durable (it may be completing now). */
    boolean prepared() {
        return prepared;
    }

    long preparedAtMillis() {
        return preparedAtMillis;
    }

    void preparedAtMillis(long millis) {
        preparedAtMillis = millis;
    }

    String rollbackOnly() {
        return rollbackOnly;
    }

    /** Marks the branch as able only to roll back; the first reason stays. */
    void rollbackOnly(String reason) {
        if (rollbackOnly == null) {
            rollbackOnly = reason;
        }
    }

    void associate(String connectionId) {
        associated.merge(connectionId, 1, Integer::sum);
    }

    boolean isAssociated(String connectionId) {
        return associated.containsKey(connectionId);
    }

    boolean isSuspended(String connectionId) {
        return suspended.containsKey(connectionId);
    }

    /** Whether any connection is associated with it, or suspended its association. */
    boolean hasAssociations() {
        return !associated.isEmpty() || !suspended.isEmpty();
    }

    void dissociate(String connectionId) {
        decrement(associated, connectionId);
    }

    void suspend(String connectionId) {
        decrement(associated, connectionId);
        suspended.merge(connectionId, 1, Integer::sum);
    }

    void resume(String connectionId) {
        decrement(suspended, connectionId);
        associated.merge(connectionId, 1, Integer::sum);
    }

    void endSuspended(String connectionId) {
        decrement(suspended, connectionId);
    }

    /** Forgets every association of the connection; whether it had any. */
    boolean dropAssociations(String connectionId) {
        boolean had = associated.remove(connectionId) != null;
        return suspended.remove(connectionId) != null || had;
    }

    private static void decrement(Map<String, Integer> counts, String connectionId) {
        counts.computeIfPresent(connectionId, (id, n) -> n == 1 ? null : n - 1);
    }

    List<Locked> consumed() {
        return consumed;
    }

    List<MessageToStore> sends() {
        return sends;
    }

    long heldBytes() {
        return heldBytes;
    }

    void addSends(List<MessageToStore> more, long bytes) {
        sends.addAll(more);
        heldBytes += bytes;
    }

    boolean isEmpty() {
        return sends.isEmpty() && consumed.isEmpty();
    }

    void timeout(ScheduledFuture<?> future) {
        timeout = future;
    }

    void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    /** The name its locks carry as their holder (named in retention's and the log's messages). */
    static String holder(XaBranchId id) {
        return "(XA branch " + id.text() + ")";
    }

    @Override
    public String toString() {
        return "XA branch " + id.text() + " (" + state + ")";
    }
}
