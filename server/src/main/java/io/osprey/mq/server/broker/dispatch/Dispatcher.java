package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.BrowseHeader;
import io.osprey.mq.protocol.dispatch.Delivery;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.DispatchProperties;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.dispatch.OpenConsumerHeader;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.dispatch.TemporaryNames;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.common.NamedThreads;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import io.osprey.mq.server.store.TagFilter;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker-managed dispatch: hands the messages of each subscription to its consumers one by one and keeps what was
 * delivered and not yet acknowledged. All of its state lives on one thread ({@value #THREAD_ROLE}); request handlers
 * and the store's arrival notices queue commands to it and get futures back, so nothing here takes a lock.
 *
 * <p>A fetch looks first at the messages returned to the subscription (oldest first), then scans each queue of the
 * topic from the consumer's own cursor, reading the stored records and judging each on its properties (and, for a
 * selector, the delivery count it would be delivered with: JMSXDeliveryCount exists only here): expired →
 * done and never delivered; due later → held until its delivery time; not matching a topic subscription's selector
 * (or published by the subscriber's own connection under noLocal) → done for that subscription; not matching a queue
 * consumer's selector → left for the queue's other consumers. Among the candidates found, higher priority goes
 * first, then store order.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final String THREAD_ROLE = "dispatch";
    private static final int READ_BATCH = 32;
    private static final int READ_BYTES = 4 * 1024 * 1024;
    /** Longest time a fetch may be held, whatever the client asks. */
    static final long MAX_WAIT_MILLIS = 30_000;
    /** The snapshot's file name, in the broker's config folder. */
    public static final String SNAPSHOT_FILE = DispatchSnapshot.FILE_NAME;

    private final MessageStore store;
    private final TopicQueues topics;
    private final SelectorCompiler selectors;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final DispatchJournal journal;
    private final DeadLetters deadLetters;
    /** Where the last snapshot's replay starts: retention keeps the log from here. */
    private volatile long snapshotFrom;
    /** What retention must keep for the subscriptions and for the replay from {@link #snapshotFrom}. */
    private final RetentionHold retentionHold;
    private boolean snapshotRunning;
    private Disk snapshotDisk;
    private Path snapshotFile;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(NamedThreads.factory(THREAD_ROLE));
    private final QueueBrowsing browsing;
    private final TemporaryDestinations temporaries;
    private final XaBranches xa;

    private final Map<String, JmsConnection> connections = new HashMap<>();
    private final Map<RemotingChannel, Set<String>> connectionsByChannel = new HashMap<>();
    private final Map<String, String> clientIds = new HashMap<>();
    private final Map<SubscriptionKey, Subscription> subscriptions = new HashMap<>();
    private final Map<String, Set<Subscription>> subscriptionsByTopic = new HashMap<>();
    private final Map<ConsumerRef, DispatchConsumer> consumers = new HashMap<>();
    /** Bytes of sends transactions staged ahead of their commit, and the most the broker holds. */
    private long stagedBytes;
    private final long maxStagedBytes = Runtime.getRuntime().maxMemory() / 8;
    /** Commits whose batch is being written. */
    private final Set<PendingCommit> pendingCommits = new LinkedHashSet<>();
    /** Topics with a held fetch: arrivals of others need no command on the dispatcher's thread. */
    private final Set<String> topicsWithWaiters = ConcurrentHashMap.newKeySet();
    /** Topics whose waiters a queued command will serve: arrivals in between add nothing. */
    private final Set<String> topicsBeingServed = ConcurrentHashMap.newKeySet();

    /** A topic's queue count on this broker. */
    public interface TopicQueues {
        /** The topic's read queue count, creating the topic when it is missing and may be created. */
        int queueCount(String topic);

        /** The topic's read queue count now, 0 when it does not exist. */
        int existingQueueCount(String topic);
    }

    /** Compiles a selector; throws {@link RequestException} INVALID_SELECTOR for one that does not parse. */
    @FunctionalInterface
    public interface SelectorCompiler {
        MessageFilter compile(String selector);
    }

    public Dispatcher(MessageStore store, TopicQueues topics, SelectorCompiler selectors, Clock clock,
                      ScheduledExecutorService scheduler, DispatchJournal journal) {
        this(store, topics, selectors, clock, scheduler, journal, 0, "DLQ", TemporaryTopics.REFUSED);
    }

    /**
     * @param maxDeliveries   deliveries of a message to a subscription before it moves to {@code deadLetterQueue}
     *                        instead of being delivered again; 0 = unlimited
     * @param deadLetterQueue the JMS queue of the messages delivered {@code maxDeliveries} times
     */
    public Dispatcher(MessageStore store, TopicQueues topics, SelectorCompiler selectors, Clock clock,
                      ScheduledExecutorService scheduler, DispatchJournal journal, int maxDeliveries,
                      String deadLetterQueue, TemporaryTopics temporaryTopics) {
        this.deadLetters = new DeadLetters(maxDeliveries, deadLetterQueue);
        this.browsing = new QueueBrowsing(store);
        this.temporaries = new TemporaryDestinations(temporaryTopics);
        this.store = store;
        this.journal = journal;
        this.topics = topics;
        this.selectors = selectors;
        this.clock = clock;
        this.scheduler = scheduler;
        this.retentionHold = new RetentionHold(store, clock,
                () -> snapshotFrom, this::snapshotNow);
        this.xa = new XaBranches(new XaHost(), journal, scheduler, clock);
    }

    private record ConsumerRef(String connectionId, long consumerId) {
    }

    // ---------------------------------------------------------------- durability

    /**
     * Rebuilds the durable subscriptions before the store starts: the last snapshot (if any), then the store's
     * dispatch records from the offset it covers. What was delivered and not acknowledged comes back with its
     * delivery count, acknowledged messages stay done. Every record states a result, so applying one again is
     * harmless. Then snapshots are taken every {@code snapshotIntervalMillis}, and retention keeps the log from the
     * last one's offset (and from the oldest message a subscription still needs: {@link RetentionHold}).
     */
    public long restore(Disk disk, Path snapshotFile, long snapshotIntervalMillis) throws IOException {
        long from = 0;
        Optional<DispatchSnapshot.Content> snapshot = DispatchSnapshot.read(snapshotFile);
        if (snapshot.isPresent()) {
            snapshot.get().records().forEach(this::apply);
            from = snapshot.get().coversUpTo();
        }
        long replayed = 0;
        if (from <= store.commitLogMaxOffset()) {
            replayed = store.replayRecords(DispatchRecord.TYPE, from,
                    (offset, payload) -> apply(DispatchRecord.decode(payload))).records();
        } else {
            // ASYNC_FLUSH lost the log's tail in a power cut, the snapshot's last records with it: it stands
            LOG.warn("dispatch snapshot covers the CommitLog up to {}, beyond its end {}: nothing to replay", from,
                    store.commitLogMaxOffset());
        }
        for (Subscription subscription : List.copyOf(subscriptions.values())) {
            if (TemporaryNames.isTemporary(subscription.topic())) {
                // a temporary queue ended with its connection, which ended with the last run
                unregister(subscription);
            }
        }
        xa.restored();
        snapshotFrom = from;
        // retention asks once per round, on its thread; the subscriptions' floors are counted on this one
        store.pinRetentionWithReason(RetentionHold.PIN_NAME, () -> retentionHold.neededNow(
                () -> onThread(() -> retentionHold.refresh(subscriptions.values()))));
        this.snapshotDisk = disk;
        this.snapshotFile = snapshotFile;
        scheduler.scheduleWithFixedDelay(() -> thread.execute(this::snapshot),
                snapshotIntervalMillis, snapshotIntervalMillis, TimeUnit.MILLISECONDS);
        if (snapshot.isPresent() || replayed > 0) {
            LOG.info("dispatch state restored from {}snapshot and {} records: {} durable subscriptions",
                    snapshot.isPresent() ? "a " : "no ", replayed, subscriptions.size());
        }
        return replayed;
    }

    /**
     * Writes the durable state as of now. Records already queued to the store may land after the offset read
     * here and be replayed over the snapshot: harmless, as they are idempotent. The file is written once the log is
     * durable to that offset, so the snapshot never covers records a power cut could take back.
     */
    private CompletableFuture<Void> snapshot() {
        if (snapshotRunning || snapshotFile == null) {
            return CompletableFuture.completedFuture(null);
        }
        long coversUpTo = store.commitLogMaxOffset();
        for (PendingCommit pending : pendingCommits) {
            // its batch lands after this offset: the replay must read it, as the capture shows its messages held
            coversUpTo = Math.min(coversUpTo, pending.submittedAt());
        }
        List<DispatchRecord> records = new ArrayList<>();
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.type().durable()) {
                capture(subscription, records);
            }
        }
        xa.capture(records);
        snapshotRunning = true;
        long covered = coversUpTo;
        CompletableFuture<Void> written = store.waitForOffset(covered, true).thenRunAsync(() -> {
            try {
                DispatchSnapshot.write(snapshotDisk, snapshotFile, new DispatchSnapshot.Content(covered,
                        records));
                snapshotFrom = covered;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, scheduler);
        written.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("dispatch snapshot not written (the previous one stands): {}", failure.toString());
            }
            thread.execute(() -> snapshotRunning = false);
        });
        return written;
    }

    /** Takes a snapshot now; completes once it is written (the broker's clean stop, tests). */
    public CompletableFuture<Void> snapshotNow() {
        return onThread(this::snapshot).thenCompose(written -> written);
    }

    private static void capture(Subscription subscription, List<DispatchRecord> out) {
        String key = subscription.key().value();
        Map<Integer, Long> floors = new HashMap<>();
        List<DispatchRecord.Position> done = new ArrayList<>();
        List<DispatchRecord.Position> counted = new ArrayList<>();
        for (Map.Entry<Integer, QueueState> queue : subscription.queues().entrySet()) {
            int queueId = queue.getKey();
            QueueState state = queue.getValue();
            floors.put(queueId, state.floor());
            state.forEachDoneAboveFloor(offset -> done.add(new DispatchRecord.Position(queueId, offset, 0)));
            state.inFlightEntries().forEach((offset, held) ->
                    counted.add(new DispatchRecord.Position(queueId, offset, held.deliveryCount())));
            state.available().forEach((offset, deliveries) ->
                    counted.add(new DispatchRecord.Position(queueId, offset, deliveries)));
        }
        out.add(new DispatchRecord.Subscribed(key, subscription.topic(), subscription.type(), subscription.selector(),
                subscription.noLocal(), floors));
        if (!done.isEmpty()) {
            out.add(new DispatchRecord.Done(key, done));
        }
        if (!counted.isEmpty()) {
            out.add(new DispatchRecord.Counted(key, counted));
        }
    }

    private void apply(DispatchRecord record) {
        if (record instanceof DispatchRecord.Subscribed s) {
            SubscriptionKey key = new SubscriptionKey(s.key());
            if (!subscriptions.containsKey(key)) {
                MessageFilter filter = s.type() == SubscriptionType.QUEUE ? MessageFilter.ALL
                        : selectors.compile(s.selector());
                Subscription subscription = new Subscription(key, s.topic(), s.type(), s.selector(), s.noLocal(),
                        filter);
                s.startOffsets().forEach(subscription::queue);
                register(subscription);
            }
        } else if (record instanceof DispatchRecord.Unsubscribed u) {
            Subscription subscription = subscriptions.get(new SubscriptionKey(u.key()));
            if (subscription != null) {
                unregister(subscription);
            }
        } else if (record instanceof DispatchRecord.Done d) {
            Subscription subscription = subscriptions.get(new SubscriptionKey(d.key()));
            if (subscription != null) {
                for (DispatchRecord.Position p : d.positions()) {
                    QueueState state = subscription.queue(p.queueId());
                    if (state != null) {
                        state.markDone(p.offset());
                    }
                }
            }
        } else if (record instanceof DispatchRecord.Xa x) {
            xa.apply(x);
        } else if (record instanceof DispatchRecord.Counted c) {
            Subscription subscription = subscriptions.get(new SubscriptionKey(c.key()));
            if (subscription != null) {
                for (DispatchRecord.Position p : c.positions()) {
                    QueueState state = subscription.queue(p.queueId());
                    if (state != null) {
                        state.makeAvailable(p.offset(), p.deliveries());
                    }
                }
            }
        }
    }

    /** Journals a durable subscription's change; non-durable state is not worth a write. */
    private CompletableFuture<?> journal(Subscription subscription, DispatchRecord record) {
        if (!subscription.type().durable()) {
            return CompletableFuture.completedFuture(null);
        }
        return journal.append(record);
    }

    private <T> CompletableFuture<T> onThread(Supplier<T> command) {
        return CompletableFuture.supplyAsync(command, thread);
    }

    // ---------------------------------------------------------------- connections

    /** Opens a connection's session; the client ID, if any, must be free on this broker. */
    public CompletableFuture<Void> connect(RemotingChannel channel, String connectionId, String user,
                                           String clientId) {
        return onThread(() -> {
            JmsConnection existing = connections.get(connectionId);
            if (existing != null) {
                if (existing.channel() != channel) {
                    throw new RequestException(ResponseCode.ILLEGAL_STATE,
                            "connection " + connectionId + " is already open on another channel");
                }
                return null;
            }
            if (clientId != null) {
                claim(connectionId, clientId);
            }
            connections.put(connectionId, new JmsConnection(connectionId, channel, user, clientId));
            connectionsByChannel.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(connectionId);
            return null;
        });
    }

    public CompletableFuture<Void> claimClientId(String connectionId, String clientId) {
        return onThread(() -> {
            JmsConnection connection = connection(connectionId);
            if (clientId.equals(connection.clientId())) {
                return null;
            }
            if (connection.clientId() != null) {
                throw new RequestException(ResponseCode.ILLEGAL_STATE,
                        "the connection's client ID is already " + connection.clientId());
            }
            claim(connectionId, clientId);
            connection.clientId(clientId);
            return null;
        });
    }

    private void claim(String connectionId, String clientId) {
        String holder = clientIds.get(clientId);
        if (holder != null && !holder.equals(connectionId)) {
            throw new RequestException(ResponseCode.CLIENT_ID_IN_USE,
                    "client ID " + clientId + " is in use by another connection");
        }
        clientIds.put(clientId, connectionId);
    }

    private JmsConnection connection(String connectionId) {
        JmsConnection connection = connections.get(connectionId);
        if (connection == null) {
            throw new RequestException(ResponseCode.UNKNOWN_SESSION,
                    "connection " + connectionId + " is not open on this broker");
        }
        return connection;
    }

    /** Answers whether the connection is still open here, on this channel (a reconnected channel is not). */
    public CompletableFuture<Void> ping(RemotingChannel channel, String connectionId) {
        return onThread(() -> {
            if (connection(connectionId).channel() != channel) {
                throw new RequestException(ResponseCode.UNKNOWN_SESSION,
                        "connection " + connectionId + " was opened on another channel");
            }
            return null;
        });
    }

    /** Ends a connection: its consumers close and every message it holds returns, delivered. */
    public CompletableFuture<Void> disconnect(String connectionId) {
        return onThread(() -> {
            end(connectionId);
            return null;
        });
    }

    /** The channel closed: every connection on it ends. */
    public void channelClosed(RemotingChannel channel) {
        try {
            thread.execute(() -> {
                Set<String> ids = connectionsByChannel.remove(channel);
                if (ids != null) {
                    for (String id : List.copyOf(ids)) {
                        end(id);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the broker stops, closing its channels after dispatch: what those connections held comes back at the
            // next start, from the journal, as it would after a crash
            LOG.debug("dispatch stopped before channel {} closed", channel);
        }
    }

    private void end(String connectionId) {
        JmsConnection connection = connections.remove(connectionId);
        if (connection == null) {
            return;
        }
        Set<String> onChannel = connectionsByChannel.get(connection.channel());
        if (onChannel != null) {
            onChannel.remove(connectionId);
        }
        if (connection.clientId() != null) {
            clientIds.remove(connection.clientId(), connectionId);
        }
        // its transactions in progress roll back
        release(connection.takeAllStaged());
        xa.connectionEnded(connectionId);
        for (long consumerId : List.copyOf(connection.consumers())) {
            removeConsumer(connectionId, consumerId, List.of());
        }
        for (String temporary : temporaries.removeAllOf(connectionId)) {
            dropTopic(temporary);
            temporaries.deleteTopicSoon(temporary, scheduler);
        }
        Set<Subscription> touched = new LinkedHashSet<>();
        for (Subscription subscription : subscriptions.values()) {
            for (Map.Entry<Integer, QueueState> queue : subscription.queues().entrySet()) {
                QueueState state = queue.getValue();
                for (Map.Entry<Long, InFlight> e : List.copyOf(state.inFlightEntries().entrySet())) {
                    // one a commit is writing is settled by the commit's outcome
                    if (e.getValue().connectionId().equals(connectionId) && !e.getValue().committing()) {
                        returnOne(subscription, queue.getKey(), state, e.getKey(), e.getValue().deliveryCount());
                        touched.add(subscription);
                    }
                }
            }
        }
        touched.forEach(this::serveWaiters);
    }

    // ---------------------------------------------------------------- consumers

    /** Opens a consumer; answers the subscription's key, which names it in delivery tags. */
    public CompletableFuture<String> openConsumer(OpenConsumerHeader request) {
        // a topic subscription starts at the queues' end: first let dispatch index every message already written,
        // so that one sent before the subscription existed is not taken for one sent after it
        return store.awaitDispatched(store.commitLogMaxOffset()).thenCompose(dispatched -> openNow(request));
    }

    private CompletableFuture<String> openNow(OpenConsumerHeader request) {
        return onThread(() -> {
            JmsConnection connection = connection(request.connectionId());
            temporaries.checkConsumer(request.topic(), request.connectionId(), request.type() == SubscriptionType.QUEUE,
                    request.type() != SubscriptionType.QUEUE && request.type().durable());
            ConsumerRef ref = new ConsumerRef(request.connectionId(), request.consumerId());
            if (consumers.containsKey(ref)) {
                throw new RequestException(ResponseCode.ILLEGAL_STATE,
                        "consumer " + request.consumerId() + " is already open");
            }
            if (request.type().named() && (request.subscriptionName() == null
                    || request.subscriptionName().isBlank())) {
                throw new RequestException(ResponseCode.ILLEGAL_STATE, "a " + request.type()
                        + " subscription needs a name");
            }
            if (request.type() == SubscriptionType.DURABLE && connection.clientId() == null) {
                throw new RequestException(ResponseCode.ILLEGAL_STATE,
                        "an unshared durable subscription needs the connection's client ID, which is not set");
            }
            MessageFilter filter = selectors.compile(request.selector());
            int queueCount = topics.queueCount(request.topic());
            SubscriptionKey key = SubscriptionKey.of(request.type(), request.topic(), connection.clientId(),
                    request.subscriptionName(), request.connectionId(), request.consumerId());
            Subscription subscription = subscriptions.get(key);
            if (subscription != null && request.type() != SubscriptionType.QUEUE
                    && !subscription.sameDefinition(request.topic(), request.type(), request.selector(),
                    request.noLocal())) {
                if (subscription.type() != request.type() || !subscription.consumers().isEmpty()) {
                    throw new RequestException(ResponseCode.ILLEGAL_STATE, "subscription "
                            + request.subscriptionName() + " exists as a " + subscription.type() + " subscription of "
                            + subscription.topic() + (subscription.consumers().isEmpty() ? ""
                            : " with an active consumer") + "; it cannot be opened as a " + request.type()
                            + " subscription of " + request.topic() + " with these options");
                }
                // the spec: a durable subscription asked for with another topic, selector or noLocal and no
                // consumer is deleted and created anew
                drop(subscription);
                subscription = null;
            }
            if (subscription != null && subscription.type() == SubscriptionType.DURABLE
                    && !subscription.consumers().isEmpty()) {
                throw new RequestException(ResponseCode.ILLEGAL_STATE, "durable subscription "
                        + request.subscriptionName() + " already has an active consumer");
            }
            boolean created = subscription == null;
            if (created) {
                subscription = create(key, request, queueCount);
                Map<Integer, Long> starts = new HashMap<>();
                for (int q = 0; q < queueCount; q++) {
                    starts.put(q, subscription.queue(q, startOffset(subscription, q)).floor());
                }
                journal(subscription, new DispatchRecord.Subscribed(key.value(), subscription.topic(),
                        subscription.type(), subscription.selector(), subscription.noLocal(), starts));
            } else {
                addNewQueues(subscription, queueCount);
            }
            MessageFilter consumerFilter = request.type() == SubscriptionType.QUEUE ? filter : MessageFilter.ALL;
            DispatchConsumer consumer = new DispatchConsumer(request.connectionId(), connection.clientId(),
                    request.consumerId(), subscription, consumerFilter, request.noLocal());
            subscription.consumers().add(consumer);
            consumers.put(ref, consumer);
            connection.consumers().add(request.consumerId());
            return key.value();
        });
    }

    private Subscription create(SubscriptionKey key, OpenConsumerHeader request, int queueCount) {
        MessageFilter subscriptionFilter = request.type() == SubscriptionType.QUEUE ? MessageFilter.ALL
                : selectors.compile(request.selector());
        Subscription subscription = new Subscription(key, request.topic(), request.type(), request.selector(),
                request.type() != SubscriptionType.QUEUE && request.noLocal(), subscriptionFilter);
        register(subscription);
        LOG.info("subscription {} of {} created ({}, selector {})", key, request.topic(), request.type(),
                request.selector() == null ? "none" : "'" + request.selector() + "'");
        return subscription;
    }

    /** A queue keeps what was stored before its first consumer; a topic subscription starts at the topic's end. */
    private long startOffset(Subscription subscription, int queueId) {
        return subscription.type() == SubscriptionType.QUEUE ? store.minOffset(subscription.topic(), queueId)
                : store.maxOffset(subscription.topic(), queueId);
    }

    /**
     * Queues the topic gained since the subscription was made start at their first message: everything in them
     * arrived after the subscription existed.
     */
    private void addNewQueues(Subscription subscription, int queueCount) {
        for (int q = 0; q < queueCount; q++) {
            if (subscription.queue(q) == null) {
                subscription.queue(q, store.minOffset(subscription.topic(), q));
                retentionHold.subscriptionAdded(subscription);
            }
        }
    }

    private void drop(Subscription subscription) {
        unregister(subscription);
        journal(subscription, new DispatchRecord.Unsubscribed(subscription.key().value()));
        LOG.info("subscription {} of {} deleted", subscription.key(), subscription.topic());
    }

    private void register(Subscription subscription) {
        subscriptions.put(subscription.key(), subscription);
        retentionHold.subscriptionAdded(subscription);
        subscriptionsByTopic.computeIfAbsent(subscription.topic(), t -> new LinkedHashSet<>()).add(subscription);
    }

    private void unregister(Subscription subscription) {
        subscriptions.remove(subscription.key());
        Set<Subscription> ofTopic = subscriptionsByTopic.get(subscription.topic());
        if (ofTopic != null) {
            ofTopic.remove(subscription);
            if (ofTopic.isEmpty()) {
                subscriptionsByTopic.remove(subscription.topic());
            }
        }
    }

    /**
     * Closes a consumer. {@code undelivered} are the messages it fetched that the application never saw: they
     * return at once with their delivery count taken back. Messages the application saw stay with the connection
     * until they are acknowledged or returned (a session acknowledges what its closed consumers consumed).
     */
    public CompletableFuture<Void> closeConsumer(String connectionId, long consumerId,
                                                 List<DeliveryTag> undelivered) {
        return onThread(() -> {
            removeConsumer(connectionId, consumerId, undelivered);
            return null;
        });
    }

    private void removeConsumer(String connectionId, long consumerId, List<DeliveryTag> undelivered) {
        DispatchConsumer consumer = consumers.remove(new ConsumerRef(connectionId, consumerId));
        if (consumer == null) {
            returnHeld(connectionId, undelivered, false);
            return;
        }
        JmsConnection connection = connections.get(connectionId);
        if (connection != null) {
            connection.consumers().remove(consumerId);
        }
        PendingFetch pending = consumer.pending();
        if (pending != null) {
            consumer.pending(null);
            pending.timeout().cancel(false);
            pending.answer().complete(List.of());
        }
        Subscription subscription = consumer.subscription();
        subscription.consumers().remove(consumer);
        if (subscription.groups().ownerClosed(consumer, subscription::inFlight)) {
            subscription.rewindCursors();
        }
        // out of the subscription first, so that what it gives back goes to the others
        returnHeld(connectionId, undelivered, false);
        if (subscription.consumers().isEmpty() && !subscription.type().durable()) {
            drop(subscription);
        } else {
            serveWaiters(subscription);
        }
    }

    /** Deletes a durable subscription that has no active consumer. */
    public CompletableFuture<Void> unsubscribe(String connectionId, String name) {
        return onThread(() -> {
            // the connection's own client ID: one client cannot delete another's subscriptions
            String clientId = connection(connectionId).clientId();
            Subscription subscription = subscriptions.get(SubscriptionKey.named(clientId, name));
            if (subscription == null || !subscription.type().durable()) {
                throw new RequestException(ResponseCode.INVALID_DESTINATION, "no durable subscription " + name
                        + (clientId == null ? "" : " of client " + clientId));
            }
            if (!subscription.consumers().isEmpty()) {
                throw new RequestException(ResponseCode.ILLEGAL_STATE, "durable subscription " + name
                        + " has an active consumer");
            }
            for (QueueState queue : subscription.queues().values()) {
                if (!queue.inFlightEntries().isEmpty()) {
                    // the spec: not while a consumed message of it is unacknowledged or in a pending transaction
                    throw new RequestException(ResponseCode.ILLEGAL_STATE, "durable subscription " + name
                            + " has messages delivered and not yet acknowledged");
                }
            }
            drop(subscription);
            return null;
        });
    }

    // ---------------------------------------------------------------- browsing, temporary destinations

    /** One page of a queue browse (see {@link QueueBrowsing}); a selector that does not parse: INVALID_SELECTOR. */
    CompletableFuture<QueueBrowsing.Page> browse(BrowseHeader request) {
        // the first page fixes the queue's end: first let dispatch index every message already stored, so that a
        // message whose send was acknowledged before the browse began is shown
        CompletableFuture<?> indexed = request.cursor() == null
                ? store.awaitDispatched(store.commitLogMaxOffset()) : CompletableFuture.completedFuture(null);
        return indexed.thenCompose(ready -> onThread(() -> {
            connection(request.connectionId());
            TemporaryDestinations.checkKind(request.queue(), true);
            MessageFilter filter = selectors.compile(request.selector());
            Subscription queue = subscriptions.get(SubscriptionKey.of(SubscriptionType.QUEUE, request.queue(), null,
                    null, null, 0));
            return browsing.page(request.queue(), topics.existingQueueCount(request.queue()), queue, filter,
                    request.cursor(), request.maxMessages(), clock.millis());
        }));
    }

    /** Creates a temporary destination owned by the connection; completes with its name once it is routed here. */
    CompletableFuture<String> createTemporary(String connectionId, boolean queue) {
        return onThread(() -> {
            connection(connectionId);
            return temporaries.register(connectionId, queue);
        }).thenComposeAsync(name -> temporaries.createTopic(name).handle((created, failure) -> {
            if (failure != null) {
                thread.execute(() -> temporaries.remove(name));
                throw failure instanceof java.util.concurrent.CompletionException ce ? ce
                        : new java.util.concurrent.CompletionException(failure);
            }
            return name;
        }), scheduler).thenCompose(name -> onThread(() -> temporaries.isRegistered(name)).thenCompose(live -> {
            if (live) {
                return CompletableFuture.completedFuture(name);
            }
            // the connection ended while the topic was being created: its end could not delete it yet
            return temporaries.deleteTopic(name).thenApply(deleted -> {
                throw new RequestException(ResponseCode.UNKNOWN_SESSION, "connection " + connectionId
                        + " ended while its temporary destination was being created");
            });
        }));
    }

    /**
     * Deletes a temporary destination of the connection with its stored messages; refused while a consumer is open
     * on it (the javadoc of {@code TemporaryQueue.delete}).
     */
    CompletableFuture<Void> deleteTemporary(String connectionId, String name) {
        return onThread(() -> {
            connection(connectionId);
            temporaries.checkDeletable(name, connectionId);
            for (Subscription subscription : subscriptionsByTopic.getOrDefault(name, Set.of())) {
                if (!subscription.consumers().isEmpty()) {
                    throw new RequestException(ResponseCode.ILLEGAL_STATE, "temporary destination " + name
                            + " has an open consumer: close it before deleting the destination");
                }
            }
            temporaries.remove(name);
            dropTopic(name);
            return name;
        }).thenComposeAsync(temporaries::deleteTopic, scheduler);
    }

    /** Forgets every subscription of a topic that goes away (a temporary destination's). */
    private void dropTopic(String topic) {
        for (Subscription subscription : List.copyOf(subscriptionsByTopic.getOrDefault(topic, Set.of()))) {
            for (DispatchConsumer consumer : List.copyOf(subscription.consumers())) {
                removeConsumer(consumer.connectionId(), consumer.consumerId(), List.of());
            }
            if (subscriptions.get(subscription.key()) == subscription) {
                drop(subscription);
            }
        }
    }

    // ---------------------------------------------------------------- fetch

    /** Up to {@code maxMessages} for the consumer, held up to {@code waitMillis} when there is none. */
    public CompletableFuture<List<Delivery>> fetch(String connectionId, long consumerId, int maxMessages,
                                                   long waitMillis) {
        CompletableFuture<List<Delivery>> answer = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                DispatchConsumer consumer = consumers.get(new ConsumerRef(connectionId, consumerId));
                if (consumer == null) {
                    throw new RequestException(ResponseCode.UNKNOWN_SESSION,
                            "consumer " + consumerId + " is not open on this broker");
                }
                if (consumer.pending() != null) {
                    throw new RequestException(ResponseCode.ILLEGAL_STATE,
                            "consumer " + consumerId + " already has a fetch waiting");
                }
                int max = Math.max(1, maxMessages);
                // before the scan: an arrival during it then queues a serve behind this command
                topicsWithWaiters.add(consumer.subscription().topic());
                List<Delivery> found = take(consumer, max);
                long wait = Math.min(Math.max(0, waitMillis), MAX_WAIT_MILLIS);
                if (!found.isEmpty() || wait == 0) {
                    answerWhenJournaled(consumer.subscription(), found, answer);
                    return;
                }
                var timeout = scheduler.schedule(() -> thread.execute(() -> expire(consumer, answer)), wait,
                        TimeUnit.MILLISECONDS);
                consumer.pending(new PendingFetch(max, answer, timeout));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private void expire(DispatchConsumer consumer, CompletableFuture<List<Delivery>> answer) {
        PendingFetch pending = consumer.pending();
        if (pending != null && pending.answer() == answer) {
            consumer.pending(null);
            answer.complete(List.of());
        }
    }

    /** The store made new messages of {@code topic} readable (called on the store's dispatch thread). */
    public void onArrival(String topic, int queueId, long newMaxOffset) {
        if (topicsWithWaiters.contains(topic) && topicsBeingServed.add(topic)) {
            thread.execute(() -> {
                topicsBeingServed.remove(topic);
                serveTopic(topic);
            });
        }
    }

    private void serveTopic(String topic) {
        Set<Subscription> ofTopic = subscriptionsByTopic.get(topic);
        boolean waiting = false;
        if (ofTopic != null) {
            for (Subscription subscription : List.copyOf(ofTopic)) {
                waiting |= serveWaiters(subscription);
            }
        }
        if (!waiting) {
            topicsWithWaiters.remove(topic);
        }
    }

    /** Answers the held fetches of a subscription that now find messages; whether any is still waiting. */
    private boolean serveWaiters(Subscription subscription) {
        if (subscription.groups().hasDraining() && subscription.groups().releaseDrained(subscription::inFlight)) {
            subscription.rewindCursors();
        }
        boolean waiting = false;
        for (DispatchConsumer consumer : subscription.consumersInTurn()) {
            PendingFetch pending = consumer.pending();
            if (pending == null) {
                continue;
            }
            List<Delivery> found = take(consumer, pending.maxMessages());
            if (found.isEmpty()) {
                waiting = true;
                continue;
            }
            consumer.pending(null);
            pending.timeout().cancel(false);
            answerWhenJournaled(subscription, found, pending.answer());
        }
        return waiting;
    }

    /**
     * Answers a fetch once its deliveries are journaled (a durable subscription's delivery counts are durable per
     * the flush mode before a client sees the messages).
     */
    private void answerWhenJournaled(Subscription subscription, List<Delivery> found,
                                     CompletableFuture<List<Delivery>> answer) {
        if (found.isEmpty()) {
            answer.complete(found);
            return;
        }
        List<DispatchRecord.Position> counted = new ArrayList<>(found.size());
        for (Delivery d : found) {
            counted.add(new DispatchRecord.Position(d.queueId(), d.queueOffset(), d.deliveryCount()));
        }
        journal(subscription, new DispatchRecord.Counted(subscription.key().value(), counted))
                .whenComplete((written, failure) -> {
                    if (failure == null) {
                        answer.complete(found);
                    } else {
                        // the messages stay with the connection, which gets them back when it ends
                        answer.completeExceptionally(failure);
                    }
                });
    }

    private enum Verdict { DELIVER, SKIP, DONE, HOLD }

    private record Candidate(int queueId, long offset, long physicalOffset, int priority, int previousDeliveries,
                             byte[] record, boolean scanned, String group) {
    }

    private static final Comparator<Candidate> DELIVERY_ORDER = Comparator
            .comparingInt(Candidate::priority).reversed()
            .thenComparing(Comparator.comparingInt(Candidate::previousDeliveries).reversed())
            .thenComparingLong(Candidate::physicalOffset);

    private List<Delivery> take(DispatchConsumer consumer, int max) {
        Subscription subscription = consumer.subscription();
        addNewQueues(subscription, topics.existingQueueCount(subscription.topic()));
        long now = clock.millis();
        // look further ahead than asked, so that priority orders a backlog fetched one message at a time too
        int window = Math.max(max, READ_BATCH);
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<Integer, QueueState> queue : subscription.queues().entrySet()) {
            collectAvailable(consumer, queue.getKey(), queue.getValue(), now, window, candidates);
        }
        for (Map.Entry<Integer, QueueState> queue : subscription.queues().entrySet()) {
            scan(consumer, queue.getKey(), queue.getValue(), now, window, candidates);
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort(DELIVERY_ORDER);
        MessageGroups.keepGroupOrder(candidates, Candidate::group, Comparator.comparingLong(Candidate::physicalOffset));
        List<Delivery> deliveries = new ArrayList<>(Math.min(max, candidates.size()));
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            QueueState state = subscription.queue(c.queueId());
            if (i < max) {
                int count = c.previousDeliveries() + 1;
                state.deliver(c.offset(), new InFlight(consumer.connectionId(), consumer.consumerId(), count));
                if (c.group() != null) {
                    subscription.groups().delivered(consumer, c.group(), c.queueId(), c.offset(),
                            subscription::inFlight);
                }
                deliveries.add(new Delivery(c.queueId(), c.offset(), count, c.record()));
            } else if (c.scanned()) {
                // not taken this time: the consumer's next scan must offer it again
                long cursor = consumer.cursor(c.queueId(), state.floor());
                consumer.moveCursor(c.queueId(), Math.min(cursor, c.offset()));
            }
        }
        return deliveries;
    }

    private void collectAvailable(DispatchConsumer consumer, int queueId, QueueState state, long now, int max,
                                  List<Candidate> candidates) {
        if (state.available().isEmpty()) {
            return;
        }
        int found = 0;
        for (Map.Entry<Long, Integer> e : List.copyOf(state.available().entrySet())) {
            if (found >= max) {
                return;
            }
            long offset = e.getKey();
            byte[] bytes = readOne(consumer.subscription().topic(), queueId, offset);
            if (bytes == null) {
                state.markDone(offset);
                continue;
            }
            MessageRecord record = MessageRecordCodec.decode(bytes);
            if (deadLetters.exhausted(consumer.subscription(), e.getValue())) {
                moveToDeadLetters(consumer.subscription(), queueId, state, offset, e.getValue(), record);
                continue;
            }
            switch (judge(consumer, record, now, e.getValue() + 1)) {
                case DELIVER -> {
                    candidates.add(candidate(queueId, offset, record, e.getValue(), false, bytes));
                    found++;
                }
                case DONE -> state.markDone(offset);
                case SKIP, HOLD -> {
                }
            }
        }
    }

    private void scan(DispatchConsumer consumer, int queueId, QueueState state, long now, int max,
                      List<Candidate> candidates) {
        String topic = consumer.subscription().topic();
        long maxOffset = store.maxOffset(topic, queueId);
        if (maxOffset < state.floor()) {
            // the topic was deleted and created again: its queues restarted from 0
            state = consumer.subscription().restartQueue(queueId, store.minOffset(topic, queueId));
        }
        long cursor = consumer.cursor(queueId, state.floor());
        int found = 0;
        while (cursor < maxOffset && found < max) {
            GetMessagesResult result = store.getMessages(topic, queueId, cursor, READ_BATCH, READ_BYTES,
                    TagFilter.ALL);
            switch (result.status()) {
                case FOUND -> {
                    ByteBuffer records = ByteBuffer.wrap(result.body());
                    while (records.hasRemaining() && found < max) {
                        int size = records.getInt(records.position());
                        byte[] bytes = new byte[size];
                        records.get(bytes);
                        MessageRecord record = MessageRecordCodec.decode(bytes);
                        long offset = record.queueOffset();
                        cursor = offset + 1;
                        if (!state.untouched(offset)) {
                            continue;
                        }
                        switch (judge(consumer, record, now, 1)) {
                            case DELIVER -> {
                                candidates.add(candidate(queueId, offset, record, 0, true, bytes));
                                found++;
                            }
                            case DONE -> state.markDone(offset);
                            case HOLD -> hold(consumer.subscription(), state, offset, dueTime(record));
                            case SKIP -> {
                            }
                        }
                    }
                    if (!records.hasRemaining()) {
                        cursor = Math.max(cursor, result.nextBeginOffset());
                    }
                }
                case OFFSET_TOO_SMALL -> {
                    state.raiseFloor(result.minOffset());
                    cursor = Math.max(cursor, result.nextBeginOffset());
                }
                case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> cursor = Math.max(cursor + 1,
                        result.nextBeginOffset());
                default -> maxOffset = cursor;
            }
        }
        consumer.moveCursor(queueId, cursor);
    }

    /** {@code deliveryCount}: the count the message would be delivered with now (what its selector sees). */
    private Verdict judge(DispatchConsumer consumer, MessageRecord record, long now, int deliveryCount) {
        Map<String, String> properties = record.propertiesMap();
        long expiration = longProperty(properties, JmsHeaders.JMS_EXPIRATION, 0);
        if (expiration > 0 && expiration <= now) {
            return Verdict.DONE;
        }
        if (longProperty(properties, JmsHeaders.JMS_DELIVERY_TIME, 0) > now) {
            return Verdict.HOLD;
        }
        Subscription subscription = consumer.subscription();
        if (subscription.type() == SubscriptionType.QUEUE) {
            return consumer.filter().accepts(properties, deliveryCount) ? deliverable(consumer, properties) : Verdict.SKIP;
        }
        if (subscription.noLocal() && (consumer.connectionId().equals(
                properties.get(DispatchProperties.PRODUCER_CONNECTION)) || (consumer.clientId() != null
                && consumer.clientId().equals(properties.get(DispatchProperties.PRODUCER_CLIENT_ID))))) {
            // the spec: not its own connection's messages, nor those of any connection with its client ID
            return Verdict.DONE;
        }
        return subscription.filter().accepts(properties, deliveryCount) ? deliverable(consumer, properties) : Verdict.DONE;
    }

    /** A message for the consumer, unless its group is another consumer's (left for that one). */
    private static Verdict deliverable(DispatchConsumer consumer, Map<String, String> properties) {
        return consumer.subscription().groups().mayTake(consumer, group(properties)) ? Verdict.DELIVER : Verdict.SKIP;
    }

    private static String group(Map<String, String> properties) {
        String group = properties.get(JmsHeaders.JMSX_GROUP_ID);
        return group == null || group.isEmpty() ? null : group;
    }

    private void hold(Subscription subscription, QueueState state, long offset, long due) {
        state.hold(offset, due);
        long delay = Math.max(0, due - clock.millis());
        scheduler.schedule(() -> thread.execute(() -> {
            if (subscriptions.get(subscription.key()) == subscription) {
                state.releaseDue(clock.millis());
                serveWaiters(subscription);
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    private static long dueTime(MessageRecord record) {
        return longProperty(record.propertiesMap(), JmsHeaders.JMS_DELIVERY_TIME, 0);
    }

    private static Candidate candidate(int queueId, long offset, MessageRecord record, int previous,
                                       boolean scanned, byte[] bytes) {
        int priority = priority(record.propertiesMap());
        return new Candidate(queueId, offset, record.physicalOffset(), priority, previous, bytes, scanned,
                group(record.propertiesMap()));
    }

    /** The stored record at a queue offset, null when retention or a topic deletion removed it. */
    private byte[] readOne(String topic, int queueId, long offset) {
        GetMessagesResult result = store.getMessages(topic, queueId, offset, 1, READ_BYTES, TagFilter.ALL);
        if (result.status() != GetMessagesResult.Status.FOUND
                || ByteBuffer.wrap(result.body()).getLong(MessageRecordCodec.QUEUE_OFFSET_OFFSET) != offset) {
            return null;
        }
        return result.body();
    }

    /** A stored message's JMSPriority, 0 to 9 (the default when it has none or an unreadable one). */
    static int priority(Map<String, String> properties) {
        return (int) Math.max(0, Math.min(9, longProperty(properties, JmsHeaders.JMS_PRIORITY,
                JmsHeaders.DEFAULT_PRIORITY)));
    }

    static long longProperty(Map<String, String> properties, String name, long absent) {
        String value = properties.get(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    // ---------------------------------------------------------------- acknowledgements

    /** Acknowledges messages the connection holds; tags it does not hold (any more) are ignored. */
    public CompletableFuture<Void> ack(String connectionId, List<DeliveryTag> tags) {
        return onThread(() -> {
            connection(connectionId);
            Map<Subscription, List<DispatchRecord.Position>> done = new LinkedHashMap<>();
            for (DeliveryTag tag : tags) {
                QueueState state = held(connectionId, tag);
                if (state != null) {
                    state.markDone(tag.queueOffset());
                    done.computeIfAbsent(subscriptions.get(new SubscriptionKey(tag.subscription())),
                            s -> new ArrayList<>()).add(new DispatchRecord.Position(tag.queueId(),
                            tag.queueOffset(), 0));
                }
            }
            for (Subscription subscription : done.keySet()) {
                if (subscription.groups().hasDraining()) {
                    serveWaiters(subscription); // the acknowledged one may be the last a draining group waited for
                }
            }
            return journalAll(done, DispatchRecord.Done::new);
        }).thenCompose(written -> written);
    }

    private CompletableFuture<Void> journalAll(Map<Subscription, List<DispatchRecord.Position>> bySubscription,
                                               java.util.function.BiFunction<String, List<DispatchRecord.Position>,
                                                       DispatchRecord> record) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        bySubscription.forEach((subscription, positions) -> {
            if (!positions.isEmpty()) {
                writes.add(journal(subscription, record.apply(subscription.key().value(), positions)));
            }
        });
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /**
     * Returns messages the connection holds to their subscriptions. {@code delivered}: the application saw them
     * (their next delivery is a redelivery); otherwise only the client's buffer did, and the delivery is taken back.
     */
    public CompletableFuture<Void> giveBack(String connectionId, List<DeliveryTag> tags, boolean delivered) {
        return onThread(() -> {
            connection(connectionId);
            return returnHeld(connectionId, tags, delivered);
        }).thenCompose(written -> written);
    }

    private CompletableFuture<Void> returnHeld(String connectionId, List<DeliveryTag> tags, boolean delivered) {
        Map<Subscription, List<DispatchRecord.Position>> counted = new LinkedHashMap<>();
        for (DeliveryTag tag : tags) {
            QueueState state = held(connectionId, tag);
            if (state == null) {
                continue;
            }
            InFlight inFlight = state.inFlight(tag.queueOffset());
            int deliveries = delivered ? inFlight.deliveryCount() : inFlight.deliveryCount() - 1;
            returnOne(subscriptions.get(new SubscriptionKey(tag.subscription())), tag.queueId(), state,
                    tag.queueOffset(), deliveries);
            if (!delivered) {
                // a delivered return changes no count; an undelivered one takes the journaled delivery back
                counted.computeIfAbsent(subscriptions.get(new SubscriptionKey(tag.subscription())),
                        s -> new ArrayList<>()).add(new DispatchRecord.Position(tag.queueId(), tag.queueOffset(),
                        deliveries));
            } else {
                counted.computeIfAbsent(subscriptions.get(new SubscriptionKey(tag.subscription())),
                        s -> new ArrayList<>());
            }
        }
        CompletableFuture<Void> written = journalAll(counted, DispatchRecord.Counted::new);
        counted.keySet().forEach(this::serveWaiters);
        return written;
    }

    // ---------------------------------------------------------------- dead letters

    /** Marks a message being moved to the dead-letter queue: nothing else may deliver or settle it meanwhile. */
    private static final String DEAD_LETTER_MOVE = "(dead-letter move)";

    /**
     * Returns a message to its subscription, available with {@code deliveries} so far; one delivered the most times
     * moves to the dead-letter queue instead.
     */
    private void returnOne(Subscription subscription, int queueId, QueueState state, long offset, int deliveries) {
        state.makeAvailable(offset, deliveries);
        if (subscription == null || !deadLetters.exhausted(subscription, deliveries)
                || !state.available().containsKey(offset)) {
            return;
        }
        byte[] bytes = readOne(subscription.topic(), queueId, offset);
        if (bytes == null) {
            state.markDone(offset);
            return;
        }
        moveToDeadLetters(subscription, queueId, state, offset, deliveries, MessageRecordCodec.decode(bytes));
    }

    /**
     * Copies the message to the dead-letter queue and makes it done for the subscription in one store batch, as a
     * commit does: after a crash it is in exactly one of the two. While the batch is written the message is held by
     * no connection; a refused batch leaves it available, and the next fetch tries again.
     */
    private void moveToDeadLetters(Subscription subscription, int queueId, QueueState state, long offset,
                                   int deliveries, MessageRecord record) {
        MessageToStore copy;
        try {
            int queues = Math.max(1, topics.queueCount(deadLetters.queue()));
            copy = deadLetters.copy(subscription, record, Math.floorMod(queueId, queues), deliveries);
        } catch (RuntimeException e) {
            LOG.warn("subscription {}: message {}/{} was delivered {} times and cannot move to dead-letter queue {}"
                    + " ({}); it stays", subscription.key(), queueId, offset, deliveries, deadLetters.queue(),
                    e.getMessage());
            return;
        }
        InFlight moving = new InFlight(DEAD_LETTER_MOVE, 0, deliveries, true);
        state.deliver(offset, moving);
        List<DispatchRecord> records = subscription.type().durable()
                ? List.of(new DispatchRecord.Done(subscription.key().value(),
                List.of(new DispatchRecord.Position(queueId, offset, 0))))
                : List.of();
        // a snapshot taken meanwhile shows it held: the replay must read the batch, as for a commit
        PendingCommit pending = new PendingCommit(store.commitLogMaxOffset());
        pendingCommits.add(pending);
        CompletableFuture<?> written;
        try {
            written = journal.appendAtomically(List.of(copy), records);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((results, failure) -> thread.execute(() -> {
            pendingCommits.remove(pending);
            if (state.inFlight(offset) != moving) {
                return; // retention or a topic deletion took it meanwhile
            }
            if (failure == null) {
                state.markDone(offset);
                LOG.debug("subscription {}: message {}/{} moved to {} after {} deliveries", subscription.key(),
                        queueId, offset, deadLetters.queue(), deliveries);
            } else {
                LOG.warn("subscription {}: message {}/{} not moved to dead-letter queue {} ({}); it stays",
                        subscription.key(), queueId, offset, deadLetters.queue(), failure.toString());
                state.makeAvailable(offset, deliveries);
            }
            if (subscription.groups().hasDraining() && subscriptions.get(subscription.key()) == subscription) {
                serveWaiters(subscription);
            }
        }));
    }

    // ---------------------------------------------------------------- transactions

    /** A commit being written: the log's end when it was submitted, which its batch lands after. */
    private record PendingCommit(long submittedAt) {
    }

    /** A consumed message a commit acknowledges, reserved while the commit is written. */
    private record Settling(Subscription subscription, QueueState state, int queueId, long offset,
                            InFlight reserved) {
    }

    /**
     * Commits a local transaction: stores {@code messages} and acknowledges {@code consumed} (messages the
     * connection holds) as one batch, so after any crash either all of it took effect or none did. Answers once
     * the batch is durable per the flush mode. Fails with TRANSACTION_ROLLED_BACK when the connection no longer
     * holds one of the consumed messages (it was returned when its consumer or connection closed, or the broker
     * restarted): no consumed message changes, and what the transaction staged is dropped; when the store refuses
     * the batch the consumed messages return, redelivered.
     */
    public CompletableFuture<Void> commit(String connectionId, String transactionId, List<MessageToStore> last,
                                          List<DeliveryTag> consumed) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                JmsConnection connection = connection(connectionId);
                // taken first: a commit refused below rolls the transaction back, its staged sends with it
                List<MessageToStore> staged = connection.takeStaged(transactionId);
                release(staged);
                List<Settling> settling = reserve(connectionId, consumed);
                List<MessageToStore> messages = staged.isEmpty() ? last : new ArrayList<>(staged);
                if (!staged.isEmpty()) {
                    messages.addAll(last);
                }
                Map<Subscription, List<DispatchRecord.Position>> done = new LinkedHashMap<>();
                for (Settling s : settling) {
                    if (s.subscription().type().durable()) {
                        done.computeIfAbsent(s.subscription(), k -> new ArrayList<>())
                                .add(new DispatchRecord.Position(s.queueId(), s.offset(), 0));
                    }
                }
                List<DispatchRecord> records = new ArrayList<>(done.size());
                done.forEach((subscription, positions) ->
                        records.add(new DispatchRecord.Done(subscription.key().value(), positions)));
                if (messages.isEmpty() && records.isEmpty()) {
                    settle(settling, null);
                    answer.complete(null);
                    return;
                }
                PendingCommit pending = new PendingCommit(store.commitLogMaxOffset());
                pendingCommits.add(pending);
                CompletableFuture<?> written;
                try {
                    written = journal.appendAtomically(messages, records);
                } catch (RuntimeException e) {
                    written = CompletableFuture.failedFuture(e);
                }
                written.whenComplete((results, failure) -> thread.execute(() -> {
                    pendingCommits.remove(pending);
                    settle(settling, failure);
                    if (failure == null) {
                        answer.complete(null);
                    } else {
                        answer.completeExceptionally(rolledBack(failure));
                    }
                }));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /**
     * Holds sends of a transaction in progress until its commit (a transaction too large for one request). Refused
     * with SYSTEM_BUSY while the broker holds {@link #maxStagedBytes} of staged sends.
     */
    public CompletableFuture<Void> stage(String connectionId, String transactionId, List<MessageToStore> sends) {
        return onThread(() -> {
            JmsConnection connection = connection(connectionId);
            long bytes = bytesOf(sends);
            if (stagedBytes + bytes > maxStagedBytes) {
                throw new RequestException(ResponseCode.SYSTEM_BUSY, "the broker holds " + stagedBytes
                        + " bytes of uncommitted transactions, its limit is " + maxStagedBytes
                        + ": commit or roll back before staging more");
            }
            stagedBytes += bytes;
            connection.staged(transactionId).addAll(sends);
            return null;
        });
    }

    /** Drops what a transaction staged (its consumed messages return through {@link #giveBack}). */
    public CompletableFuture<Void> rollback(String connectionId, String transactionId) {
        return onThread(() -> {
            release(connection(connectionId).takeStaged(transactionId));
            return null;
        });
    }

    private void release(List<MessageToStore> staged) {
        stagedBytes -= bytesOf(staged);
    }

    private static long bytesOf(List<MessageToStore> sends) {
        long bytes = 0;
        for (MessageToStore m : sends) {
            bytes += m.body().length + m.properties().length() + m.topic().length();
        }
        return bytes;
    }

    /** Marks the consumed messages as being committed; nothing changes when one is not held. */
    private List<Settling> reserve(String connectionId, List<DeliveryTag> consumed) {
        Map<DeliveryTag, QueueState> held = new LinkedHashMap<>();
        for (DeliveryTag tag : consumed) {
            QueueState state = held(connectionId, tag);
            if (state == null) {
                throw new RequestException(ResponseCode.TRANSACTION_ROLLED_BACK, "message " + tag.queueId() + "/"
                        + tag.queueOffset() + " of subscription " + tag.subscription() + " is no longer held by"
                        + " this connection (it was returned when its consumer or connection closed, or the broker"
                        + " restarted): the transaction is rolled back");
            }
            held.put(tag, state);
        }
        List<Settling> settling = new ArrayList<>(held.size());
        held.forEach((tag, state) -> {
            InFlight committing = state.inFlight(tag.queueOffset()).toCommit();
            state.deliver(tag.queueOffset(), committing);
            settling.add(new Settling(subscriptions.get(new SubscriptionKey(tag.subscription())), state,
                    tag.queueId(), tag.queueOffset(), committing));
        });
        return settling;
    }

    /** The commit's outcome: its consumed messages are done, or (it failed) available again, redelivered. */
    private void settle(List<Settling> settling, Throwable failure) {
        Set<Subscription> returned = new LinkedHashSet<>();
        for (Settling s : settling) {
            if (s.state().inFlight(s.offset()) != s.reserved()) {
                continue; // retention or a topic deletion took it meanwhile
            }
            if (failure == null) {
                s.state().markDone(s.offset());
                if (s.subscription().groups().hasDraining()) {
                    returned.add(s.subscription());
                }
            } else {
                returnOne(s.subscription(), s.queueId(), s.state(), s.offset(), s.reserved().deliveryCount());
                returned.add(s.subscription());
            }
        }
        returned.forEach(this::serveWaiters);
    }

    /** What a refused batch tells the client: nothing of the transaction was stored. */
    private static Throwable rolledBack(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof io.osprey.mq.server.store.MessageTooLargeException
                || cause instanceof io.osprey.mq.server.store.StoreBusyException) {
            return new RequestException(ResponseCode.TRANSACTION_ROLLED_BACK, "the transaction is rolled back: "
                    + cause.getMessage(), cause);
        }
        return cause;
    }

    private QueueState held(String connectionId, DeliveryTag tag) {
        Subscription subscription = subscriptions.get(new SubscriptionKey(tag.subscription()));
        if (subscription == null) {
            return null;
        }
        QueueState state = subscription.queue(tag.queueId());
        if (state == null) {
            return null;
        }
        InFlight inFlight = state.inFlight(tag.queueOffset());
        return inFlight != null && !inFlight.committing() && inFlight.connectionId().equals(connectionId)
                ? state : null;
    }

    // ---------------------------------------------------------------- XA

    /** The XA branches (see {@link XaHandlers}). */
    XaBranches xa() {
        return xa;
    }

    /** What the XA branches, kept on the dispatcher's thread, use of its state. */
    private final class XaHost implements XaBranches.Host {
        @Override
        public JmsConnection connection(String connectionId) {
            return Dispatcher.this.connection(connectionId);
        }

        @Override
        public QueueState heldBy(String connectionId, DeliveryTag tag) {
            return held(connectionId, tag);
        }

        @Override
        public Subscription subscription(String key) {
            return subscriptions.get(new SubscriptionKey(key));
        }

        @Override
        public void giveBack(Subscription subscription, int queueId, QueueState state, long offset, int deliveries) {
            returnOne(subscription, queueId, state, offset, deliveries);
            if (subscription != null && subscriptions.get(subscription.key()) == subscription) {
                serveWaiters(subscription);
            }
        }

        @Override
        public void acknowledged(Subscription subscription) {
            if (subscription.groups().hasDraining() && subscriptions.get(subscription.key()) == subscription) {
                serveWaiters(subscription);
            }
        }

        @Override
        public List<MessageToStore> takeStaged(JmsConnection connection, String transactionId) {
            List<MessageToStore> staged = connection.takeStaged(transactionId);
            release(staged);
            return staged;
        }

        @Override
        public Runnable writeStarted() {
            PendingCommit pending = new PendingCommit(store.commitLogMaxOffset());
            pendingCommits.add(pending);
            return () -> pendingCommits.remove(pending);
        }

        @Override
        public void execute(Runnable command) {
            try {
                thread.execute(command);
            } catch (RejectedExecutionException e) {
                // the broker stops: a branch in memory is gone as after a crash, a prepared one is in the log
                LOG.debug("dispatch stopped before an XA command ran");
            }
        }
    }

    @Override
    public void close() {
        if (snapshotFile != null && !store.isFailed()) {
            try {
                // a clean stop restarts from here without replaying the log
                snapshotNow().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("dispatch: no snapshot at stop ({}); the next start replays the log", e.toString());
            }
        }
        CompletableFuture<Void> drained = onThread(() -> {
            for (DispatchConsumer consumer : consumers.values()) {
                PendingFetch pending = consumer.pending();
                if (pending != null) {
                    consumer.pending(null);
                    pending.timeout().cancel(false);
                    pending.answer().complete(List.of());
                }
            }
            return null;
        });
        try {
            drained.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("dispatch did not answer its held fetches on close", e);
        }
        NamedThreads.shutdown(thread, 5_000);
    }
}
