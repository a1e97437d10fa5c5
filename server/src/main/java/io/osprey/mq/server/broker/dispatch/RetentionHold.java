package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.PinnedOffset;
import io.osprey.mq.server.store.TagFilter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What JMS dispatch needs retention to keep of the CommitLog (DESIGN.md, "How the broker keeps JMS state": JMS
 * promises delivery, so retention's age and disk limits do not apply to what a JMS subscription still needs):
 * <ul>
 *   <li><b>messages</b>: in every queue of every subscription, each offset below the queue's floor is done
 *   (acknowledged, expired, or not for that subscription), and the floor is the oldest one that is not — delivered
 *   and unacknowledged, returned for redelivery, delayed, or not yet delivered. A consume queue lists its messages in
 *   CommitLog order, so the floor message's physical offset is the lowest that queue needs; the lowest over all
 *   queues is what dispatch needs. Messages not yet in a consume queue lie at or above the store's dispatched
 *   offset, which bounds it too, so a subscription caught up now still keeps what arrives next;</li>
 *   <li><b>its own records</b>: a start restores the last snapshot, then replays the dispatch records from the
 *   offset it covers (and refuses to start when retention deleted any of them). Records before that offset are
 *   restated by the snapshot, so they may go; those after it may not — even with no durable subscription now, as
 *   one created later journals its subscription after that offset. When that offset alone holds the oldest
 *   segment, retention's round takes a fresh snapshot first, so that the 30 s between snapshots (or a broker that
 *   has not written one yet) never holds back more than the newest segment.</li>
 * </ul>
 *
 * <p>The floors live on the dispatch thread. {@link #refresh} runs there (asked once per retention round) and
 * publishes the result; retention's thread waits briefly for it, and on a timeout uses the last published one. A
 * published offset is only ever at or below the truth, never above: floors only rise, messages arriving later lie
 * above the dispatched offset it counted, and a subscription or queue that starts below it (a queue keeps what was
 * stored before its first consumer) first drops the published offset to "keep everything" until the next refresh.
 *
 * <p>The refresh also lets expired messages go, as DESIGN.md allows: while a queue's floor message has expired, or
 * is one a topic subscription's selector does not take, and no consumer has looked at it, it is done for good, so
 * the floor moves past it without waiting for a consumer to scan it (an inactive durable subscription would
 * otherwise hold its expired backlog for ever). Those are the verdicts the dispatcher's own scan reaches, and like
 * the scan's they are not journaled: after a restart they are reached again, or the message is gone and the queue's
 * floor rises to the new minimum. Each queue's floor message is read once per change, not once per round.
 */
final class RetentionHold {
    static final String PIN_NAME = "jms-dispatch";
    /** How long a retention round waits for the dispatch thread's answer, or a snapshot, before it goes without. */
    private static final long ANSWER_MILLIS = 2_000;
    /** Floor messages a refresh lets go per queue, so that one long expired backlog does not stall dispatch. */
    private static final int SWEEP_LIMIT = 1_024;
    private static final int READ_BATCH = 32;
    private static final int READ_BYTES = 1024 * 1024;
    private static final PinnedOffset NOTHING = new PinnedOffset(Long.MAX_VALUE, "");

    private final MessageStore store;
    private final Clock clock;
    private final LongSupplier snapshotFrom;
    private final Supplier<CompletableFuture<Void>> snapshotNow;
    /** The messages' part, as the dispatch thread last computed it; read by retention's thread. */
    private volatile PinnedOffset messages = keepAll("dispatch has not counted its subscriptions yet");
    /** Dispatch thread only: each queue's floor message as last read, so that an unchanged floor costs no read. */
    private Map<QueueState, FloorMessage> floorMessages = new IdentityHashMap<>();

    /**
     * A queue's floor message: its queue offset (the floor then), physical offset, and when it expires ({@link
     * Long#MAX_VALUE}: never; now: read it again next time).
     */
    private record FloorMessage(long floor, long physicalOffset, long expiresAtMillis) {
    }

    /**
     * @param snapshotFrom where the replay of dispatch records starts at the next start (the last snapshot's
     *                     offset)
     * @param snapshotNow  writes a snapshot; completes once it is durable and {@code snapshotFrom} has moved
     */
    RetentionHold(MessageStore store, Clock clock, LongSupplier snapshotFrom,
                  Supplier<CompletableFuture<Void>> snapshotNow) {
        this.store = store;
        this.clock = clock;
        this.snapshotFrom = snapshotFrom;
        this.snapshotNow = snapshotNow;
    }

    /**
     * A subscription or queue was added whose floor may lie below what was published (dispatch thread): keep
     * everything until the next refresh counts it.
     */
    void subscriptionAdded(Subscription subscription) {
        messages = keepAll("subscription " + subscription.key() + " was added; not yet counted");
    }

    /**
     * Retention's question, on its thread: the lowest offset dispatch needs. {@code refreshed} queues {@link #refresh}
     * on the dispatch thread. When the snapshot alone holds the oldest segment (and that is not the active one,
     * which retention keeps anyway), a fresh snapshot is taken first.
     */
    PinnedOffset neededNow(Supplier<CompletableFuture<PinnedOffset>> refreshed) {
        PinnedOffset forMessages = awaitOr(onDispatchThread(refreshed), messages);
        PinnedOffset forRecovery = forRecovery();
        long segmentBytes = store.commitLogSegmentBytes();
        long end = store.commitLogMaxOffset();
        if (forRecovery.keepFromOffset() < forMessages.keepFromOffset()
                && forRecovery.keepFromOffset() < store.commitLogMinOffset() + segmentBytes
                && forRecovery.keepFromOffset() < end - end % segmentBytes) {
            awaitOr(onDispatchThread(snapshotNow), null);
            forRecovery = forRecovery();
        }
        return forRecovery.keepFromOffset() < forMessages.keepFromOffset() ? forRecovery : forMessages;
    }

    private PinnedOffset forRecovery() {
        return new PinnedOffset(snapshotFrom.getAsLong(),
                "the dispatch records after the last snapshot, which a restart replays");
    }

    /** The command queued on the dispatch thread; once that has stopped, null: what it last published holds. */
    private static <T> CompletableFuture<T> onDispatchThread(Supplier<CompletableFuture<T>> command) {
        try {
            return command.get();
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * The future's value within {@link #ANSWER_MILLIS}; {@code otherwise} when it is null or late. A failure fails
     * retention's round too.
     */
    private static <T> T awaitOr(CompletableFuture<T> future, T otherwise) {
        try {
            T value = future.get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
            return value == null ? otherwise : value;
        } catch (TimeoutException e) {
            return otherwise;
        } catch (InterruptedException e) {
            // the store is closing: answer without waiting, the round ends anyway
            Thread.currentThread().interrupt();
            return otherwise;
        } catch (ExecutionException e) {
            // fails the round: nothing is deleted while dispatch cannot say what it needs
            throw new IllegalStateException("JMS dispatch could not say what it needs of the CommitLog",
                    e.getCause());
        }
    }

    /** Counts what the subscriptions need now and publishes it (dispatch thread). */
    PinnedOffset refresh(Collection<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            floorMessages = new IdentityHashMap<>();
            messages = NOTHING;
            return NOTHING;
        }
        // read before the queues: whatever they do not list yet lies at or above it
        long dispatched = store.dispatchedOffset();
        PinnedOffset lowest = new PinnedOffset(dispatched, "messages JMS subscriptions have not seen yet");
        long now = clock.millis();
        Map<QueueState, FloorMessage> seen = new IdentityHashMap<>();
        Subscription holder = null;
        int holderQueue = 0;
        for (Subscription subscription : subscriptions) {
            for (Map.Entry<Integer, QueueState> queue : subscription.queues().entrySet()) {
                FloorMessage floor = floorMessage(subscription, queue.getKey(), queue.getValue(), now);
                if (floor != null) {
                    seen.put(queue.getValue(), floor);
                    if (floor.physicalOffset() < lowest.keepFromOffset()) {
                        lowest = new PinnedOffset(floor.physicalOffset(), "");
                        holder = subscription;
                        holderQueue = queue.getKey();
                    }
                }
            }
        }
        if (holder != null) {
            lowest = new PinnedOffset(lowest.keepFromOffset(), reason(holder, holderQueue,
                    holder.queue(holderQueue), seen.get(holder.queue(holderQueue))));
        }
        floorMessages = seen;
        messages = lowest;
        return lowest;
    }

    /** The queue's floor message once expired and unwanted ones are let go; null when there is none yet. */
    private FloorMessage floorMessage(Subscription subscription, int queueId, QueueState state, long now) {
        FloorMessage known = floorMessages.get(state);
        if (known != null && known.floor() == state.floor() && known.expiresAtMillis() > now) {
            return known;
        }
        String topic = subscription.topic();
        int swept = 0;
        long lastSwept = -1;
        for (int reads = 0; reads <= SWEEP_LIMIT / READ_BATCH; reads++) {
            long floor = state.floor();
            long maxOffset = store.maxOffset(topic, queueId);
            if (floor > maxOffset) {
                return recreated(topic, queueId, state, now);
            }
            if (floor == maxOffset) {
                return null;
            }
            GetMessagesResult result = store.getMessages(topic, queueId, floor, READ_BATCH, READ_BYTES,
                    TagFilter.ALL);
            switch (result.status()) {
                case FOUND -> {
                    ByteBuffer records = ByteBuffer.wrap(result.body());
                    while (records.hasRemaining()) {
                        byte[] bytes = new byte[records.getInt(records.position())];
                        records.get(bytes);
                        MessageRecord record = MessageRecordCodec.decode(bytes);
                        if (record.queueOffset() < state.floor()) {
                            continue;
                        }
                        if (record.queueOffset() > state.floor() || !state.untouched(record.queueOffset())
                                || !doneForGood(subscription, record, now) || swept >= SWEEP_LIMIT) {
                            // (a record above the floor: the floor's own is gone, so this one is the oldest)
                            return new FloorMessage(state.floor(), record.physicalOffset(), expiresAt(record));
                        }
                        state.markDone(record.queueOffset());
                        lastSwept = record.physicalOffset();
                        swept++;
                    }
                }
                case OFFSET_TOO_SMALL -> state.raiseFloor(result.minOffset());
                case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> {
                    // the floor's entry points at nothing any more: keep from the log's start rather than guess
                    return new FloorMessage(floor, store.commitLogMinOffset(), now);
                }
                default -> {
                    return null;
                }
            }
        }
        // read as much as one refresh may: keep from the last message let go, the next refresh goes on
        return new FloorMessage(state.floor(), lastSwept < 0 ? store.commitLogMinOffset() : lastSwept, now);
    }

    /**
     * The topic was deleted and created again: the next scan restarts the queue from its first message, which it
     * needs from now (read again each round until then).
     */
    private FloorMessage recreated(String topic, int queueId, QueueState state, long now) {
        GetMessagesResult first = store.getMessages(topic, queueId, store.minOffset(topic, queueId), 1, READ_BYTES,
                TagFilter.ALL);
        return first.status() == GetMessagesResult.Status.FOUND
                ? new FloorMessage(state.floor(), first.firstPhysicalOffset(), now) : null;
    }

    /**
     * Done for the whole subscription whoever consumes it: expired, or refused by a topic subscription's selector.
     * Only untouched messages come here, so the selector sees the count of a first delivery.
     */
    private static boolean doneForGood(Subscription subscription, MessageRecord record, long now) {
        if (expiresAt(record) <= now) {
            return true;
        }
        return subscription.type() != SubscriptionType.QUEUE && !subscription.filter().accepts(record.propertiesMap(), 1);
    }

    private static long expiresAt(MessageRecord record) {
        String value = record.propertiesMap().get(JmsHeaders.JMS_EXPIRATION);
        if (value == null || value.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            long expiration = Long.parseLong(value.trim());
            return expiration > 0 ? expiration : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // as the dispatcher's scan reads it: no expiration
        }
    }

    private static String reason(Subscription subscription, int queueId, QueueState state, FloorMessage message) {
        long offset = message.floor();
        InFlight held = state.inFlight(offset);
        String status;
        if (held != null) {
            status = "delivered to connection " + held.connectionId() + ", not acknowledged";
        } else if (state.available().containsKey(offset)) {
            status = "returned, waiting for redelivery";
        } else if (state.untouched(offset)) {
            status = "not yet delivered";
        } else {
            status = "delayed until its delivery time";
        }
        return "subscription " + subscription.key() + " (" + subscription.type() + " of " + subscription.topic()
                + ") holds its oldest message, queue " + queueId + " offset " + offset + " at physical offset "
                + message.physicalOffset() + ": " + status;
    }

    private static PinnedOffset keepAll(String reason) {
        return new PinnedOffset(0, reason);
    }
}
