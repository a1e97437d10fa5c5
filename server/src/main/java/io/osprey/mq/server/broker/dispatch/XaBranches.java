package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.protocol.xa.XaEndHeader;
import io.osprey.mq.protocol.xa.XaStartHeader;
import io.osprey.mq.server.store.MessageToStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XA branches of this broker, kept on the dispatcher's thread beside the subscriptions whose messages they lock.
 *
 * <p>A branch begins with a connection's {@code XA_START} and gathers what the associations of one or more
 * connections did, handed over at each {@code XA_END}: sends, held here unstored, and consumed messages, taken from
 * the connection and locked to the branch (in flight under the branch's name, so neither an acknowledgement nor the
 * connection's end touches them). Until it is prepared it lives in memory only: its owner's end, its timeout or a
 * rollback returns the consumed messages redelivered and drops the sends, and after a crash it simply never was.
 *
 * <p>{@code XA_PREPARE} writes an {@link XaRecords.Prepared} dispatch record holding all of its work and answers once
 * that record is durable per the flush mode; from then on the branch belongs to no connection and survives restarts
 * (replayed from the log, carried by the snapshot) with its messages locked, until a commit writes its sends, the
 * acknowledgements and an {@link XaRecords.Committed} marker as one CommitLog batch, or a rollback writes an
 * {@link XaRecords.RolledBack} marker. A one-phase commit writes the batch without markers, as a local transaction's
 * commit does.
 */
final class XaBranches {
    private static final Logger LOG = LoggerFactory.getLogger(XaBranches.class);
    /** Seconds an unprepared branch lives when its start asked for the broker's default. */
    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    /** Branches rolled back by their timeout that the broker still answers XA_RBTIMEOUT for. */
    private static final int TIMED_OUT_REMEMBERED = 10_000;

    /** What the branches use of the dispatcher's state; every method runs on the dispatcher's thread. */
    interface Host {
        /** The connection's session; UNKNOWN_SESSION when it is not open here. */
        JmsConnection connection(String connectionId);

        /** The queue state in which the connection holds the tagged message, or null when it does not hold it. */
        QueueState heldBy(String connectionId, DeliveryTag tag);

        /** The subscription of that key, or null. */
        Subscription subscription(String key);

        /** Returns a message to its subscription, delivered {@code deliveries} times so far, and serves fetches. */
        void giveBack(Subscription subscription, int queueId, QueueState state, long offset, int deliveries);

        /** Messages of the subscription became done: fetches a draining message group held back may go on. */
        void acknowledged(Subscription subscription);

        /** The sends the connection staged under {@code transactionId}, no longer held by it. */
        List<MessageToStore> takeStaged(JmsConnection connection, String transactionId);

        /** A write the snapshot must not cover begins; run the answer once it completed. */
        Runnable writeStarted();

        /** Runs a command on the dispatcher's thread. */
        void execute(Runnable command);
    }

    private final Host host;
    private final DispatchJournal journal;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final long maxHeldBytes = Runtime.getRuntime().maxMemory() / 8;
    private long heldBytes;
    private final Map<XaBranchId, XaBranch> branches = new LinkedHashMap<>();
    private final Map<XaBranchId, Boolean> timedOut = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<XaBranchId, Boolean> eldest) {
            return size() > TIMED_OUT_REMEMBERED;
        }
    };

    XaBranches(Host host, DispatchJournal journal, ScheduledExecutorService scheduler, Clock clock) {
        this.host = host;
        this.journal = journal;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- associations

    /** Begins a connection's association: with a new branch, or one it joins, or one it suspended. */
    CompletableFuture<Void> start(String connectionId, XaBranchId id, XaStartHeader.Mode mode, int timeoutSeconds) {
        return onThread(() -> {
            host.connection(connectionId);
            XaBranch branch = branches.get(id);
            if (mode == XaStartHeader.Mode.NEW) {
                if (branch != null || timedOut.containsKey(id)) {
                    throw refused(ResponseCode.XA_DUPLICATE_BRANCH, id, "it exists already");
                }
                XaBranch created = new XaBranch(id, connectionId, XaBranch.State.ACTIVE);
                created.associate(connectionId);
                branches.put(id, created);
                int seconds = timeoutSeconds == 0 ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
                created.timeout(scheduler.schedule(() -> host.execute(() -> expire(created, seconds)), seconds,
                        TimeUnit.SECONDS));
                return null;
            }
            XaBranch known = existing(id, branch);
            if (known.state() != XaBranch.State.ACTIVE) {
                throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(known) + ": no work joins it");
            }
            if (mode == XaStartHeader.Mode.JOIN) {
                known.associate(connectionId);
            } else if (known.isSuspended(connectionId)) {
                known.resume(connectionId);
            } else {
                throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "connection " + connectionId
                        + " has no suspended association with it to resume");
            }
            return null;
        });
    }

    /**
     * Ends a connection's association, handing the branch what it did: the admitted {@code sends}, what the
     * connection staged under {@code stagedAs}, and the {@code consumed} messages it holds. {@code refusal} (a send
     * the broker would not take) leaves the branch able only to roll back. When the branch cannot take the work (it
     * is unknown, timed out, not associated with the connection) the consumed messages return to their
     * subscriptions, redelivered, and the staged sends are dropped, so that nothing of it is left behind.
     */
    CompletableFuture<Void> end(String connectionId, XaBranchId id, XaEndHeader.Mode mode, String stagedAs,
                                List<MessageToStore> sends, List<DeliveryTag> consumed, String refusal) {
        return onThread(() -> {
            JmsConnection connection = host.connection(connectionId);
            List<MessageToStore> staged = stagedAs == null ? List.of() : host.takeStaged(connection, stagedAs);
            XaBranch branch = branches.get(id);
            RequestException notTaken = null;
            if (branch == null) {
                notTaken = timedOut.containsKey(id) ? timedOutError(id) : unknown(id);
            } else if (branch.state() != XaBranch.State.ACTIVE) {
                notTaken = refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(branch)
                        + ": its work has ended");
            } else if (!branch.isAssociated(connectionId)
                    && (mode == XaEndHeader.Mode.SUSPEND || !branch.isSuspended(connectionId))) {
                notTaken = refused(ResponseCode.XA_PROTOCOL_ERROR, id, "connection " + connectionId
                        + " is not associated with it");
            }
            if (notTaken != null) {
                returnHeld(connectionId, consumed);
                throw notTaken;
            }
            boolean lost = lock(branch, connectionId, consumed);
            long bytes = bytesOf(sends) + bytesOf(staged);
            String problem = refusal;
            if (problem == null && heldBytes + bytes > maxHeldBytes) {
                problem = "the broker holds " + heldBytes + " bytes of unfinished XA work, its limit is "
                        + maxHeldBytes;
            }
            if (problem == null) {
                branch.addSends(staged, bytesOf(staged));
                branch.addSends(sends, bytesOf(sends));
                heldBytes += bytes;
            } else {
                branch.rollbackOnly(problem);
            }
            if (lost) {
                problem = "a message it consumed is no longer held by connection " + connectionId + " (returned"
                        + " when its consumer or connection closed)";
                branch.rollbackOnly(problem);
            }
            switch (mode) {
                case SUCCESS -> endOne(branch, connectionId);
                case FAIL -> {
                    endOne(branch, connectionId);
                    branch.rollbackOnly("an association ended with TMFAIL");
                }
                case SUSPEND -> branch.suspend(connectionId);
            }
            if (problem != null) {
                throw refused(ResponseCode.XA_ROLLED_BACK, id, "it can only roll back: " + problem);
            }
            return null;
        });
    }

    private static void endOne(XaBranch branch, String connectionId) {
        if (branch.isAssociated(connectionId)) {
            branch.dissociate(connectionId);
        } else {
            branch.endSuspended(connectionId);
        }
    }

    /** Locks the held consumed messages to the branch; whether one of them was not held. */
    private boolean lock(XaBranch branch, String connectionId, List<DeliveryTag> consumed) {
        boolean lost = false;
        for (DeliveryTag tag : consumed) {
            QueueState state = host.heldBy(connectionId, tag);
            if (state == null) {
                lost = true;
                continue;
            }
            InFlight lock = new InFlight(XaBranch.holder(branch.id()), 0,
                    state.inFlight(tag.queueOffset()).deliveryCount(), true);
            state.deliver(tag.queueOffset(), lock);
            branch.consumed().add(new XaBranch.Locked(host.subscription(tag.subscription()), state, tag.queueId(),
                    tag.queueOffset(), lock));
        }
        return lost;
    }

    /** Returns what the connection holds of {@code tags}, as delivered: their next delivery is a redelivery. */
    private void returnHeld(String connectionId, List<DeliveryTag> tags) {
        for (DeliveryTag tag : tags) {
            QueueState state = host.heldBy(connectionId, tag);
            if (state != null) {
                host.giveBack(host.subscription(tag.subscription()), tag.queueId(), state, tag.queueOffset(),
                        state.inFlight(tag.queueOffset()).deliveryCount());
            }
        }
    }

    // ---------------------------------------------------------------- completion

    /**
     * Prepares a branch no connection is associated with. Completes with true when it did nothing (it is forgotten:
     * XA_RDONLY), with false once its prepared record is durable per the flush mode.
     */
    CompletableFuture<Boolean> prepare(String connectionId, XaBranchId id) {
        return onThread(() -> {
            host.connection(connectionId);
            XaBranch branch = takeable(id);
            if (branch.state() != XaBranch.State.ACTIVE) {
                throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(branch));
            }
            checkReadyToComplete(branch);
            if (branch.isEmpty()) {
                remove(branch);
                return CompletableFuture.completedFuture(Boolean.TRUE);
            }
            branch.cancelTimeout();
            branch.state(XaBranch.State.PREPARING);
            branch.preparedAtMillis(clock.millis());
            XaRecords.Prepared record = preparedRecord(branch);
            Runnable finished = host.writeStarted();
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            written(() -> journal.append(record)).whenComplete((result, failure) -> host.execute(() -> {
                finished.run();
                if (failure == null) {
                    branch.state(XaBranch.State.PREPARED);
                    LOG.debug("{} prepared: {} sends, {} consumed", branch, branch.sends().size(),
                            branch.consumed().size());
                    answer.complete(Boolean.FALSE);
                } else {
                    rollBackNow(branch);
                    answer.completeExceptionally(refused(ResponseCode.XA_ROLLED_BACK, id, "it is rolled back: its"
                            + " prepared state could not be written: " + cause(failure).getMessage()));
                }
            }));
            return answer;
        }).thenCompose(answer -> answer);
    }

    /**
     * Commits a branch: {@code onePhase} one that was not prepared (it may still roll back, answered XA_RBROLLBACK),
     * otherwise a prepared one. Its sends, its acknowledgements and, after a prepare, the commit marker are one
     * CommitLog batch; the answer comes once it is durable per the flush mode.
     */
    CompletableFuture<Void> commit(String connectionId, XaBranchId id, boolean onePhase) {
        return onThread(() -> {
            host.connection(connectionId);
            XaBranch branch = takeable(id);
            if (onePhase) {
                if (branch.state() != XaBranch.State.ACTIVE) {
                    throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(branch)
                            + (branch.prepared() ? ": commit it in two phases" : ""));
                }
                checkReadyToComplete(branch);
                branch.cancelTimeout();
                return complete(branch, List.of(), failure -> {
                    rollBackNow(branch);
                    return refused(ResponseCode.XA_ROLLED_BACK, id, "it is rolled back: the store refused its"
                            + " commit: " + cause(failure).getMessage());
                });
            }
            if (branch.state() != XaBranch.State.PREPARED) {
                throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(branch)
                        + (branch.state() == XaBranch.State.ACTIVE ? ": prepare it, or commit it in one phase" : ""));
            }
            return complete(branch, List.of(new XaRecords.Committed(id)), failure -> {
                branch.state(XaBranch.State.PREPARED);
                return refused(ResponseCode.XA_RESOURCE_ERROR, id, "its commit could not be written, it stays"
                        + " prepared: " + cause(failure).getMessage());
            });
        }).thenCompose(answer -> answer);
    }

    /** Rolls a branch back: an unprepared one at once, a prepared one once its rollback marker is durable. */
    CompletableFuture<Void> rollback(String connectionId, XaBranchId id) {
        return onThread(() -> {
            host.connection(connectionId);
            XaBranch branch = branches.get(id);
            if (branch == null) {
                if (timedOut.remove(id) != null) {
                    return CompletableFuture.<Void>completedFuture(null); // its timeout rolled it back
                }
                throw unknown(id);
            }
            if (branch.state() == XaBranch.State.ACTIVE) {
                if (branch.hasAssociations()) {
                    throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "a connection is still associated with it:"
                            + " end the association first");
                }
                rollBackNow(branch);
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (branch.state() != XaBranch.State.PREPARED) {
                throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(branch));
            }
            branch.state(XaBranch.State.COMPLETING);
            Runnable finished = host.writeStarted();
            CompletableFuture<Void> answer = new CompletableFuture<>();
            written(() -> journal.append(new XaRecords.RolledBack(id))).whenComplete((result, failure) ->
                    host.execute(() -> {
                        finished.run();
                        if (failure == null) {
                            rollBackNow(branch);
                            answer.complete(null);
                        } else {
                            branch.state(XaBranch.State.PREPARED);
                            answer.completeExceptionally(refused(ResponseCode.XA_RESOURCE_ERROR, id, "its rollback"
                                    + " could not be written, it stays prepared: " + cause(failure).getMessage()));
                        }
                    }));
            return answer;
        }).thenCompose(answer -> answer);
    }

    /** The broker never completes a branch heuristically, so there is never one to forget. */
    CompletableFuture<Void> forget(String connectionId, XaBranchId id) {
        return onThread(() -> {
            host.connection(connectionId);
            XaBranch branch = branches.get(id);
            if (branch == null) {
                throw unknown(id);
            }
            throw refused(ResponseCode.XA_PROTOCOL_ERROR, id, "it is " + describe(branch) + ", not heuristically"
                    + " completed (this broker never completes a branch heuristically)");
        });
    }

    /** The prepared branches, in the order they were prepared or restored. */
    CompletableFuture<List<XaBranchId>> recover(String connectionId) {
        return onThread(() -> {
            host.connection(connectionId);
            List<XaBranchId> prepared = new ArrayList<>();
            for (XaBranch branch : branches.values()) {
                if (branch.prepared()) {
                    prepared.add(branch.id());
                }
            }
            return prepared;
        });
    }

    /** A connection ended: the unprepared branches it started roll back, the others lose its associations. */
    void connectionEnded(String connectionId) {
        for (XaBranch branch : List.copyOf(branches.values())) {
            if (branch.state() != XaBranch.State.ACTIVE) {
                branch.dropAssociations(connectionId);
            } else if (connectionId.equals(branch.owner())) {
                LOG.debug("{} rolled back: connection {} that started it ended", branch, connectionId);
                rollBackNow(branch);
            } else if (branch.dropAssociations(connectionId)) {
                branch.rollbackOnly("connection " + connectionId + " ended while associated with it");
            }
        }
    }

    private void expire(XaBranch branch, int seconds) {
        if (branches.get(branch.id()) == branch && branch.state() == XaBranch.State.ACTIVE) {
            LOG.info("{} rolled back: not prepared within its timeout of {} s", branch, seconds);
            rollBackNow(branch);
            timedOut.put(branch.id(), Boolean.TRUE);
        }
    }

    /** A branch an XA call may complete; XA_RBTIMEOUT (forgetting it) for one its timeout rolled back. */
    private XaBranch takeable(XaBranchId id) {
        XaBranch branch = branches.get(id);
        if (branch == null && timedOut.remove(id) != null) {
            throw timedOutError(id);
        }
        return existing(id, branch);
    }

    private XaBranch existing(XaBranchId id, XaBranch branch) {
        if (branch == null) {
            throw timedOut.containsKey(id) ? timedOutError(id) : unknown(id);
        }
        return branch;
    }

    /** Refuses to prepare or commit a branch still associated; rolls back (XA_RBROLLBACK) a rollback-only one. */
    private void checkReadyToComplete(XaBranch branch) {
        if (branch.hasAssociations()) {
            throw refused(ResponseCode.XA_PROTOCOL_ERROR, branch.id(), "a connection is still associated with it:"
                    + " end every association first");
        }
        if (branch.rollbackOnly() != null) {
            String reason = branch.rollbackOnly();
            rollBackNow(branch);
            throw refused(ResponseCode.XA_ROLLED_BACK, branch.id(), "it is rolled back: " + reason);
        }
    }

    /**
     * Writes the branch's sends, the acknowledgements of its consumed messages (the durable subscriptions' done
     * records) and {@code markers} as one batch; settles the consumed messages when it is durable.
     */
    private CompletableFuture<Void> complete(XaBranch branch, List<DispatchRecord> markers,
                                             Function<Throwable, RequestException> onFailure) {
        branch.state(XaBranch.State.COMPLETING);
        Map<Subscription, List<DispatchRecord.Position>> done = new LinkedHashMap<>();
        for (XaBranch.Locked locked : branch.consumed()) {
            if (locked.stillLocked() && locked.subscription() != null && locked.subscription().type().durable()) {
                done.computeIfAbsent(locked.subscription(), s -> new ArrayList<>())
                        .add(new DispatchRecord.Position(locked.queueId(), locked.offset(), 0));
            }
        }
        List<DispatchRecord> records = new ArrayList<>();
        done.forEach((subscription, positions) ->
                records.add(new DispatchRecord.Done(subscription.key().value(), positions)));
        records.addAll(markers);
        if (branch.sends().isEmpty() && records.isEmpty()) {
            settleCommitted(branch);
            return CompletableFuture.completedFuture(null);
        }
        Runnable finished = host.writeStarted();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        written(() -> journal.appendAtomically(branch.sends(), records)).whenComplete((results, failure) ->
                host.execute(() -> {
                    finished.run();
                    if (failure == null) {
                        settleCommitted(branch);
                        answer.complete(null);
                    } else {
                        answer.completeExceptionally(onFailure.apply(failure));
                    }
                }));
        return answer;
    }

    private void settleCommitted(XaBranch branch) {
        remove(branch);
        for (XaBranch.Locked locked : branch.consumed()) {
            if (locked.stillLocked()) {
                locked.state().markDone(locked.offset());
                if (locked.subscription() != null) {
                    host.acknowledged(locked.subscription());
                }
            }
        }
        LOG.debug("{} committed: {} sends, {} consumed", branch, branch.sends().size(), branch.consumed().size());
    }

    /** Drops the branch: its sends go, its consumed messages return to their subscriptions, redelivered. */
    private void rollBackNow(XaBranch branch) {
        remove(branch);
        for (XaBranch.Locked locked : branch.consumed()) {
            if (locked.stillLocked()) {
                host.giveBack(locked.subscription(), locked.queueId(), locked.state(), locked.offset(),
                        locked.lock().deliveryCount());
            }
        }
    }

    private void remove(XaBranch branch) {
        if (branches.remove(branch.id(), branch)) {
            heldBytes -= branch.heldBytes();
        }
        branch.cancelTimeout();
    }

    // ---------------------------------------------------------------- durability

    /** Applies a replayed or snapshotted XA record; applying one twice changes nothing. */
    void apply(DispatchRecord.Xa record) {
        if (record instanceof XaRecords.Prepared p) {
            if (branches.containsKey(p.branch())) {
                return;
            }
            XaBranch branch = new XaBranch(p.branch(), null, XaBranch.State.PREPARED);
            branch.preparedAtMillis(p.preparedAtMillis());
            for (XaRecords.Consumed c : p.consumed()) {
                Subscription subscription = host.subscription(c.subscription());
                QueueState state = subscription == null ? null : subscription.queue(c.queueId());
                if (state == null || state.isDone(c.offset())) {
                    continue; // a non-durable subscription, gone with the last run
                }
                InFlight lock = new InFlight(XaBranch.holder(p.branch()), 0, c.deliveries(), true);
                state.deliver(c.offset(), lock);
                branch.consumed().add(new XaBranch.Locked(subscription, state, c.queueId(), c.offset(), lock));
            }
            long bytes = bytesOf(p.sends());
            branch.addSends(p.sends(), bytes);
            heldBytes += bytes;
            branches.put(p.branch(), branch);
        } else {
            XaBranchId id = record instanceof XaRecords.Committed c ? c.branch()
                    : ((XaRecords.RolledBack) record).branch();
            XaBranch branch = branches.get(id);
            if (branch == null) {
                return;
            }
            remove(branch);
            for (XaBranch.Locked locked : branch.consumed()) {
                if (!locked.stillLocked()) {
                    continue;
                }
                if (record instanceof XaRecords.Committed) {
                    locked.state().markDone(locked.offset());
                } else {
                    locked.state().makeAvailable(locked.offset(), locked.lock().deliveryCount());
                }
            }
        }
    }

    /** The prepared branches as records, for the snapshot (after the subscriptions whose messages they lock). */
    void capture(List<DispatchRecord> out) {
        for (XaBranch branch : branches.values()) {
            if (branch.prepared()) {
                out.add(preparedRecord(branch));
            }
        }
    }

    /** Logs what a restart restored. */
    void restored() {
        long prepared = branches.values().stream().filter(XaBranch::prepared).count();
        if (prepared > 0) {
            LOG.info("{} prepared XA branches restored, waiting for their transaction manager's commit or rollback",
                    prepared);
        }
    }

    private static XaRecords.Prepared preparedRecord(XaBranch branch) {
        List<XaRecords.Consumed> consumed = new ArrayList<>(branch.consumed().size());
        for (XaBranch.Locked locked : branch.consumed()) {
            if (locked.stillLocked() && locked.subscription() != null) {
                consumed.add(new XaRecords.Consumed(locked.subscription().key().value(), locked.queueId(),
                        locked.offset(), locked.lock().deliveryCount()));
            }
        }
        return new XaRecords.Prepared(branch.id(), branch.preparedAtMillis(), consumed, branch.sends());
    }

    // ---------------------------------------------------------------- helpers

    private <T> CompletableFuture<T> onThread(Supplier<T> command) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        host.execute(() -> {
            try {
                answer.complete(command.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** A store write; one that throws instead of failing its future fails the future. */
    private static CompletableFuture<?> written(Supplier<CompletableFuture<?>> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static long bytesOf(List<MessageToStore> sends) {
        long bytes = 0;
        for (MessageToStore m : sends) {
            bytes += m.body().length + m.properties().length() + m.topic().length();
        }
        return bytes;
    }

    private static String describe(XaBranch branch) {
        return switch (branch.state()) {
            case ACTIVE -> "not prepared";
            case PREPARING -> "being prepared";
            case PREPARED -> "prepared";
            case COMPLETING -> "being completed";
        };
    }

    private static RequestException unknown(XaBranchId id) {
        return new RequestException(ResponseCode.XA_UNKNOWN_BRANCH, "this broker holds no XA branch " + id.text());
    }

    private static RequestException timedOutError(XaBranchId id) {
        return new RequestException(ResponseCode.XA_TIMED_OUT, "XA branch " + id.text() + " was rolled back: it was"
                + " not prepared within its timeout");
    }

    private static RequestException refused(int code, XaBranchId id, String why) {
        return new RequestException(code, "XA branch " + id.text() + ": " + why);
    }
}
