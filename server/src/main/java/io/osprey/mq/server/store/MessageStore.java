package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's message store: one CommitLog of every message, one ConsumeQueue per topic/queue indexing it.
 *
 * <pre>
 *  storePathRootDir/
 *    commitlog/00000000000000000000        segments of commitLogSegmentBytes, named by first physical offset
 *    consumequeue/&lt;topic&gt;/&lt;queueId&gt;/00000000000000000000   20-byte entries, named by first entry * 20
 *    dispatch-checkpoint                    how far the consume queues are durable (atomic file)
 *    clean-shutdown                         present only between a clean close and the next open
 * </pre>
 *
 * <p>Threads: {@code osprey-commitlog-writer} (the only appender, group commit), {@code osprey-flush}
 * (ASYNC_FLUSH only), {@code osprey-reput} (builds consume queues, tells {@link ArrivalListener}s),
 * {@code osprey-checkpoint} (fsyncs the consume queues off the dispatch path), {@code osprey-retention}.
 * Appends queued before {@link #start()} are written once it runs.
 *
 * <p>A message's identity is its physical offset: the CommitLog position of its frame, also written into its
 * V1 record and its offset msgId, and what {@link #readMessage(long)} resolves. After a write or fsync failure
 * the store is failed: every later append fails with {@link StoreFailedException} and the broker must stop.
 */
public final class MessageStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    private static final long JOIN_MILLIS = 30_000;

    private final StoreConfig config;
    private final Disk disk;
    private final RecordTypes recordTypes;
    private final InetSocketAddress storeHost;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final WriteState state;
    private final CommitLogWriter writer;
    private final CommitLogReader reader;
    private final PullReader pullReader;
    private final ReputService reput;
    private final FlushService flush;
    private final Retention retention;
    private final RetentionPins retentionPins = new RetentionPins();
    private final RecoveryReport recoveryReport;
    private final long retentionIntervalMillis;

    private final CheckpointService checkpoints;
    private volatile Thread reputThread;
    private Thread checkpointThread;
    private Thread writerThread;
    private Thread flushThread;
    private ScheduledExecutorService retentionExecutor;
    private boolean started;
    private boolean closed;

    private MessageStore(StoreConfig config, InetSocketAddress storeHost, StoreTuning tuning, CommitLog commitLog,
                         ConsumeQueueTable queues, CommitLogRecovery.Result recovery,
                         ConsumeQueueRecovery.Result queueRecovery) throws IOException {
        this.config = config;
        this.disk = tuning.disk();
        this.recordTypes = tuning.recordTypes();
        this.storeHost = storeHost;
        this.commitLog = commitLog;
        this.queues = queues;
        this.retentionIntervalMillis = config.retentionCheckIntervalMillis();
        long end = recovery.commitLogEnd();
        this.state = new WriteState(end);
        LongSupplier dispatchLimit = config.flushDiskType() == FlushDiskType.SYNC_FLUSH
                ? state.flushed::reached : state.written::reached;
        this.flush = new FlushService(commitLog, state, config.flushIntervalMillis());
        this.reput = new ReputService(commitLog, queues, state, dispatchLimit, disk, config.storePathRootDir(),
                recordTypes, this::ensureDurable, queueRecovery.reputFrom());
        this.checkpoints = new CheckpointService(reput, state, tuning.checkpointIntervalMillis());
        long dispatched = reput.dispatchAll(end);
        reput.checkpoint();
        this.recoveryReport = new RecoveryReport(!recovery.fullScan(), recovery.fullScan(), end,
                recovery.truncatedBytes(), recovery.reason(), queueRecovery.droppedEntries(),
                queueRecovery.rebuilt(), queueRecovery.queuesCut(), queueRecovery.holesRepaired(),
                queueRecovery.reputFrom(), dispatched);
        this.writer = new CommitLogWriter(commitLog, state, config.flushDiskType(), tuning.clock(), storeHost,
                tuning.writeQueueCapacity(), tuning.maxWriteBatch(), end, recovery.lastFrameOffset(),
                this::wakeReput);
        writer.initQueueOffsets(queues.maxOffsets());
        this.reader = new CommitLogReader(commitLog, state);
        this.pullReader = new PullReader(queues, commitLog, reader);
        this.retention = new Retention(commitLog, queues, tuning.clock(), tuning.diskUsedPercent(),
                reput::checkpointedOffset, retentionPins, config.fileReservedHours(), config.diskMaxUsedSpaceRatio());
    }

    /** The checkpoint's promise: the CommitLog is durable below {@code offset} before a checkpoint says so. */
    private void ensureDurable(long offset) {
        if (state.flushed.reached() < offset) {
            flush.flushOnce();
        }
        Throwable failure = state.failure();
        if (failure != null) {
            throw new StoreFailedException(failure);
        }
        if (state.flushed.reached() < offset) {
            throw new IllegalStateException("CommitLog flushed to " + state.flushed.reached()
                    + " after a flush, below the dispatched " + offset);
        }
    }

    /**
     * Opens (creating if absent) the store under {@code config.storePathRootDir()}, running crash recovery
     * when the clean-shutdown marker is missing.
     *
     * @param storeHost the broker's advertised ip:port, written into every record and msgId
     */
    public static MessageStore open(StoreConfig config, InetSocketAddress storeHost) throws IOException {
        return open(config, storeHost, StoreTuning.defaults(config.storePathRootDir()));
    }

    /** As {@link #open(StoreConfig, InetSocketAddress)} with the clock used for store times and retention. */
    public static MessageStore open(StoreConfig config, InetSocketAddress storeHost, Clock clock) throws IOException {
        return open(config, storeHost, clock, Disk.local());
    }

    /** As {@link #open(StoreConfig, InetSocketAddress, Clock)}, writing through {@code disk}. */
    public static MessageStore open(StoreConfig config, InetSocketAddress storeHost, Clock clock, Disk disk)
            throws IOException {
        return open(config, storeHost, clock, disk, RecordTypes.storeOnly());
    }

    /**
     * As {@link #open(StoreConfig, InetSocketAddress, Clock, Disk)}, with the owners of record types beyond the
     * store's own: recovery and dispatch hand them their records from the first one read.
     */
    public static MessageStore open(StoreConfig config, InetSocketAddress storeHost, Clock clock, Disk disk,
                                    RecordTypes recordTypes) throws IOException {
        return open(config, storeHost, StoreTuning.defaults(config.storePathRootDir()).withClock(clock)
                .withDisk(disk).withRecordTypes(recordTypes));
    }

    static MessageStore open(StoreConfig config, InetSocketAddress storeHost, StoreTuning tuning)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(storeHost, "storeHost");
        if (storeHost.getAddress() == null) {
            throw new IllegalArgumentException("storeHost must be a resolved address: " + storeHost);
        }
        Path root = config.storePathRootDir();
        Disk disk = tuning.disk();
        AtomicFiles.createDirectories(disk, root);
        CommitLog log = CommitLog.open(disk, root.resolve("commitlog"), config.commitLogSegmentBytes());
        ConsumeQueueTable queues = null;
        try {
            Optional<CleanShutdownMarker> marker = CleanShutdownMarker.read(root);
            CommitLogRecovery.Result recovery = CommitLogRecovery.recover(log, marker, tuning.recordTypes());
            // from here on a crash must not pass for a clean stop
            CleanShutdownMarker.delete(disk, root);
            queues = ConsumeQueueTable.open(disk, root.resolve("consumequeue"), config.consumeQueueSegmentEntries());
            ConsumeQueueRecovery.Result queueRecovery = ConsumeQueueRecovery.recover(queues,
                    DispatchCheckpoint.read(root), log.minOffset(), recovery.commitLogEnd(), !recovery.fullScan());
            queues.advanceMin(log.minOffset());
            MessageStore store = new MessageStore(config, storeHost, tuning, log, queues, recovery, queueRecovery);
            LOG.info("Store opened at {}: {}", root, store.recoveryReport);
            return store;
        } catch (IOException | RuntimeException e) {
            if (queues != null) {
                queues.close();
            }
            log.close();
            throw e;
        }
    }

    /** Starts the writer, flush (ASYNC_FLUSH), reput, checkpoint and retention threads. */
    public synchronized void start() {
        if (closed) {
            throw new StoreClosedException();
        }
        if (started) {
            return;
        }
        started = true;
        reputThread = new Thread(reput, ReputService.THREAD_NAME);
        reputThread.start();
        checkpointThread = new Thread(checkpoints, CheckpointService.THREAD_NAME);
        checkpointThread.start();
        writerThread = new Thread(writer, CommitLogWriter.THREAD_NAME);
        writerThread.start();
        if (config.flushDiskType() == FlushDiskType.ASYNC_FLUSH) {
            flushThread = new Thread(flush, FlushService.THREAD_NAME);
            flushThread.start();
        }
        retentionExecutor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, Retention.THREAD_NAME));
        retentionExecutor.scheduleWithFixedDelay(this::scheduledRetention, retentionIntervalMillis,
                retentionIntervalMillis, TimeUnit.MILLISECONDS);
    }

    private void wakeReput() {
        Thread thread = reputThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Appends one message. The future completes on the writer thread once the record is in the page cache
     * (ASYNC_FLUSH) or fsynced (SYNC_FLUSH); it fails with {@link StoreBusyException}, {@link StoreFailedException},
     * {@link StoreClosedException} or {@link MessageTooLargeException}.
     */
    public CompletableFuture<AppendResult> append(MessageToStore message) {
        return appendFrames(List.of(message)).thenApply(results -> results.get(0));
    }

    /**
     * Appends messages of one topic/queue together: all are written or none is, with consecutive queue offsets.
     */
    public CompletableFuture<List<AppendResult>> appendBatch(List<MessageToStore> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        MessageToStore first = messages.get(0);
        for (MessageToStore m : messages) {
            if (!m.topic().equals(first.topic()) || m.queueId() != first.queueId()) {
                throw new IllegalArgumentException("a batch goes to one topic/queue, got " + first.topic() + "/"
                        + first.queueId() + " and " + m.topic() + "/" + m.queueId());
            }
        }
        return appendFrames(messages);
    }

    /**
     * Appends messages of any topics and queues together with owners' records (see {@link RecordOwner}), all or
     * nothing across a crash: what a transaction's commit writes. The results come in the order given, messages
     * first. The future completes as {@link #append}'s does.
     *
     * @throws IllegalArgumentException if nothing is given, or a record's type has no owner in this store
     */
    public CompletableFuture<List<AppendResult>> appendAtomically(List<MessageToStore> messages,
                                                                  List<OwnedRecord> records) {
        if (messages.isEmpty() && records.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        for (OwnedRecord record : records) {
            if (recordTypes.owner(record.type()) == null) {
                throw new IllegalArgumentException("record type " + record.type() + " has no owner in this store");
            }
        }
        return appendFrames(messages, records);
    }

    private CompletableFuture<List<AppendResult>> appendFrames(List<MessageToStore> messages) {
        return appendFrames(messages, List.of());
    }

    private CompletableFuture<List<AppendResult>> appendFrames(List<MessageToStore> messages,
                                                               List<OwnedRecord> records) {
        int count = messages.size() + records.size();
        List<PreparedFrame> frames = new ArrayList<>(count);
        int maxFrameLength = FrameLayout.maxFrameLength(config.commitLogSegmentBytes());
        long batchBytes = count > 1 ? FrameLayout.BATCH_BEGIN_LENGTH : 0;
        try {
            for (MessageToStore m : messages) {
                PreparedFrame frame = PreparedFrame.message(m, storeHost, maxFrameLength);
                frames.add(frame);
                batchBytes += frame.length();
            }
            for (OwnedRecord r : records) {
                PreparedFrame frame = PreparedFrame.record(r.type(), r.payload(), maxFrameLength);
                frames.add(frame);
                batchBytes += frame.length();
            }
        } catch (MessageTooLargeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (batchBytes > maxFrameLength) {
            // a batch goes wholly into one segment, or a crash could keep the half in the sealed one
            return CompletableFuture.failedFuture(new MessageTooLargeException(
                    (int) Math.min(Integer.MAX_VALUE, batchBytes), maxFrameLength));
        }
        return submit(frames);
    }

    /**
     * Appends a record of an owner's type (see {@link RecordOwner}), as durable as a message: the future
     * completes once it is written (ASYNC_FLUSH) or fsynced (SYNC_FLUSH); its owner is handed it by dispatch.
     *
     * @throws IllegalArgumentException if no owner of {@code type} was registered when the store opened
     */
    public CompletableFuture<AppendResult> appendRecord(short type, byte[] payload) {
        if (recordTypes.owner(type) == null) {
            throw new IllegalArgumentException("record type " + type + " has no owner in this store");
        }
        PreparedFrame frame;
        try {
            frame = PreparedFrame.record(type, payload, FrameLayout.maxFrameLength(config.commitLogSegmentBytes()));
        } catch (MessageTooLargeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(List.of(frame)).thenApply(results -> results.get(0));
    }

    /**
     * Hands {@code sink} every record of {@code type} from the first frame starting at or after
     * {@code fromPhysicalOffset} to the recovered end of the CommitLog, in log order, with its physical offset —
     * records before the dispatch checkpoint included: this is how an owner whose state is a snapshot covering
     * its records before an offset (see {@link RecordOwner}) rebuilds the rest. Callable after {@code open} and
     * before {@link #start()}, on the caller's thread; frames of other types are skipped by their length.
     *
     * <p>{@code fromPhysicalOffset} need not be a frame start: the CommitLog's max offset when the snapshot was
     * taken is one, 0 means "from the beginning", and any other offset is rounded up to the next frame. The
     * replay's end, {@link ReplayResult#endOffset()}, is where dispatch hands the owner its records from once the
     * store starts.
     *
     * <p>An exception from {@code sink} stops the replay and comes out of this call as it was thrown; the store
     * is not failed by it (nothing was written) and may be closed.
     *
     * @throws IllegalStateException       if the store was started or closed
     * @throws IllegalArgumentException    if no owner of {@code type} was registered when the store opened, or
     *                                     {@code fromPhysicalOffset} is negative
     * @throws ReplayUnavailableException  if retention deleted segments above {@code fromPhysicalOffset} (it is
     *                                     below the CommitLog's min offset), or the CommitLog ends before it:
     *                                     the owner's state cannot be rebuilt
     * @throws StoreIoException            if the CommitLog below its recovered end is damaged or cannot be read
     * @throws IOException                 as {@code sink} threw it
     */
    public synchronized ReplayResult replayRecords(short type, long fromPhysicalOffset, RecordOwner sink)
            throws IOException {
        Objects.requireNonNull(sink, "sink");
        if (started || closed) {
            throw new IllegalStateException("records are replayed after open and before start; the store is "
                    + (closed ? "closed" : "started"));
        }
        if (recordTypes.owner(type) == null) {
            throw new IllegalArgumentException("record type " + type + " has no owner in this store");
        }
        if (fromPhysicalOffset < 0) {
            throw new IllegalArgumentException("fromPhysicalOffset < 0: " + fromPhysicalOffset);
        }
        long min = commitLog.minOffset();
        long end = state.written.reached();
        if (fromPhysicalOffset < min) {
            throw ReplayUnavailableException.deleted(type, fromPhysicalOffset, min, end);
        }
        if (fromPhysicalOffset > end) {
            throw ReplayUnavailableException.beyondEnd(type, fromPhysicalOffset, min, end);
        }
        long startNanos = System.nanoTime();
        ReplayResult result = RecordReplay.replay(commitLog, type, fromPhysicalOffset, end, sink);
        LOG.info("Replayed {} records of type {} from physical offset {} to {} in {} ms", result.records(), type,
                fromPhysicalOffset, end, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return result;
    }

    /**
     * Keeps the CommitLog from {@code keepFromPhysicalOffset} on: retention deletes no segment holding an offset
     * at or above the smallest pinned offset, whatever its age or the disk's usage. The supplier is asked at each
     * retention round (on the retention thread; it must be quick and thread-safe), so an owner advances its pin
     * by returning a higher offset — e.g. its latest durable snapshot's, so that its {@link #replayRecords}
     * start is never deleted. Pin before {@link #start()}; closing the pin releases it.
     *
     * @param name identifies the pin in logs; one pin per name
     * @throws IllegalArgumentException if {@code name} is pinned already
     */
    public RetentionPin pinRetention(String name, LongSupplier keepFromPhysicalOffset) {
        Objects.requireNonNull(keepFromPhysicalOffset, "keepFromPhysicalOffset");
        return retentionPins.add(name, () -> new PinnedOffset(keepFromPhysicalOffset.getAsLong(), ""));
    }

    /**
     * As {@link #pinRetention(String, LongSupplier)}, the supplier also saying why it keeps its offset: retention's
     * logs name that reason (e.g. which subscription holds the oldest message) when the pin keeps a segment. The
     * supplier may wait briefly for its owner's answer (it runs on the retention thread); one that throws fails
     * the round, and nothing is deleted in it.
     */
    public RetentionPin pinRetentionWithReason(String name, Supplier<PinnedOffset> keepFrom) {
        return retentionPins.add(name, keepFrom);
    }

    private CompletableFuture<List<AppendResult>> submit(List<PreparedFrame> frames) {
        CompletableFuture<List<AppendResult>> future = new CompletableFuture<>();
        writer.submit(new AppendRequest(List.copyOf(frames), future));
        return future;
    }

    /**
     * Reads up to {@code maxCount} messages / {@code maxBytes} bytes (but at least one message) of a queue from
     * {@code queueOffset}, keeping those {@code filter} accepts. See {@link GetMessagesResult}.
     */
    public GetMessagesResult getMessages(String topic, int queueId, long queueOffset, int maxCount, int maxBytes,
                                         TagFilter filter) {
        if (maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxCount and maxBytes must be >= 1");
        }
        try {
            return pullReader.getMessages(new QueueKey(topic, queueId), queueOffset, maxCount, maxBytes, filter);
        } catch (IOException e) {
            throw new StoreIoException("cannot read " + topic + "/" + queueId + " at " + queueOffset, e);
        }
    }

    /** Next logical offset to be written (dispatched) in the queue; 0 for an unknown queue. */
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue queue = queues.get(new QueueKey(topic, queueId));
        return queue == null ? 0 : queue.maxOffset();
    }

    /** Smallest logical offset still readable; 0 for an unknown queue. */
    public long minOffset(String topic, int queueId) {
        ConsumeQueue queue = queues.get(new QueueKey(topic, queueId));
        return queue == null ? 0 : queue.minOffset();
    }

    /** The message at {@code physicalOffset} (VIEW_MESSAGE_BY_ID, send-back); empty if gone or not a message. */
    public Optional<MessageRecord> readMessage(long physicalOffset) {
        try {
            return reader.readMessage(physicalOffset);
        } catch (IOException e) {
            throw new StoreIoException("cannot read the message at " + physicalOffset, e);
        }
    }

    /** The logical offset whose store time is nearest {@code timestampMillis} (SEARCH_OFFSET_BY_TIMESTAMP). */
    public long offsetByTimestamp(String topic, int queueId, long timestampMillis) {
        try {
            return pullReader.offsetByTimestamp(new QueueKey(topic, queueId), timestampMillis);
        } catch (IOException e) {
            throw new StoreIoException("cannot search " + topic + "/" + queueId + " by time", e);
        }
    }

    /** Store time of the queue's oldest readable message; -1 if it has none. */
    public long earliestStoreTime(String topic, int queueId) {
        try {
            return pullReader.earliestStoreTime(new QueueKey(topic, queueId));
        } catch (IOException e) {
            throw new StoreIoException("cannot read the earliest message of " + topic + "/" + queueId, e);
        }
    }

    /**
     * Drops the topic's consume queues: appends a TOPIC_DELETED record, and dispatch deletes the queues when it
     * reaches it, after every message of the topic before it and before any after it — so a topic deleted while
     * it is written and read, or created again at once, is never half deleted, and a crash replays the deletion
     * in its place. The topic's queues start again at offset 0. The future completes once the queues are gone
     * (durably); its CommitLog records age out with retention.
     */
    public CompletableFuture<Void> deleteTopic(String topic) {
        return submit(List.of(PreparedFrame.topicDeleted(topic)))
                .thenCompose(results -> reput.awaitDispatched(results.get(0).endOffset()));
    }

    public void addArrivalListener(ArrivalListener listener) {
        reput.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Oldest physical offset still on disk. */
    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    /** Physical offset after the last written frame. */
    public long commitLogMaxOffset() {
        return state.written.reached();
    }

    /**
     * Raw CommitLog frames from {@code physicalOffset} (a frame start), up to {@code maxBytes} but at least one
     * frame, whole frames only, within one segment; empty if nothing is there. For replication: the bytes are
     * exactly the CommitLog's from that offset (a segment's end marker included whole).
     */
    public ByteBuffer readCommitLog(long physicalOffset, int maxBytes) {
        try {
            return reader.readFrames(physicalOffset, maxBytes);
        } catch (IOException e) {
            throw new StoreIoException("cannot read the CommitLog at " + physicalOffset, e);
        }
    }

    /**
     * CommitLog offset below which every record is dispatched: a message not yet in its consume queue lies at or
     * above it (an owner pinning what its consumers still need counts messages it has not seen from here).
     */
    public long dispatchedOffset() {
        return reput.dispatchedOffset();
    }

    /** Size of one CommitLog segment file, the unit retention deletes. */
    public int commitLogSegmentBytes() {
        return config.commitLogSegmentBytes();
    }

    /** Completes once every record before {@code physicalOffset} is dispatched (in its consume queue, to its owner). */
    public CompletableFuture<Void> awaitDispatched(long physicalOffset) {
        return reput.awaitDispatched(physicalOffset);
    }

    /** Completes when the CommitLog holds (written, and if {@code durable} also fsynced) everything before it. */
    public CompletableFuture<Void> waitForOffset(long physicalOffset, boolean durable) {
        return (durable ? state.flushed : state.written).await(physicalOffset);
    }

    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /** Whether a write or fsync failed (see {@link StoreFailedException}). */
    public boolean isFailed() {
        return state.failure() != null;
    }

    /** Runs retention now (it also runs every retentionCheckIntervalMillis); returns segments deleted. */
    public int retainExpired() {
        try {
            // retention deletes only what a checkpoint covers: take one, so it need not wait for the next
            reput.checkpoint();
            return retention.run();
        } catch (IOException e) {
            throw new StoreIoException("retention failed", e);
        }
    }

    private void scheduledRetention() {
        try {
            retainExpired();
        } catch (RuntimeException e) {
            // the schedule would die silently with the exception; report it and try again next time
            LOG.error("Retention run failed; will retry in {} ms", retentionIntervalMillis, e);
        }
    }

    /** fsyncs performed so far (tests: group commit shares them). */
    long fsyncCount() {
        return state.fsyncs.sum();
    }

    /** CommitLog offset durable on disk. */
    long flushedOffset() {
        return state.flushed.reached();
    }

    CommitLog commitLog() {
        return commitLog;
    }

    /**
     * Writes what is queued, fsyncs, brings the consume queues up to date, writes the clean-shutdown marker
     * (unless the store failed) and stops the threads.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        writer.stop();
        if (writerThread != null) {
            join(writerThread, failures);
        } else {
            writer.run(); // never started: write what was queued before returning
        }
        if (flushThread != null) {
            flush.stop(flushThread);
            join(flushThread, failures);
        }
        if (retentionExecutor != null) {
            retentionExecutor.shutdownNow();
            awaitTermination(retentionExecutor, failures);
        }
        if (checkpointThread != null) {
            checkpoints.stop(checkpointThread);
            join(checkpointThread, failures);
        }
        if (reputThread != null) {
            reput.stop(reputThread);
            join(reputThread, failures);
        }
        if (state.failure() == null) {
            try {
                flush.flushOnce();
                if (state.failure() == null) {
                    reput.dispatchAll(state.flushed.reached());
                    reput.checkpoint();
                    new CleanShutdownMarker(state.written.reached(), writer.lastFrameOffset())
                            .write(disk, config.storePathRootDir());
                }
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        } else {
            LOG.error("Store closed after a failure: no clean-shutdown marker, the next open will run recovery");
        }
        StoreClosedException closedException = new StoreClosedException();
        reput.failWaiters(closedException);
        state.written.failAll(closedException);
        state.flushed.failAll(closedException);
        closeFiles(failures);
        if (!failures.isEmpty()) {
            StoreIoException e = new StoreIoException("store did not close cleanly: " + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
        LOG.info("Store closed at {}", config.storePathRootDir());
    }

    private void closeFiles(List<Throwable> failures) {
        try {
            queues.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        try {
            commitLog.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static void join(Thread thread, List<Throwable> failures) {
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                failures.add(new IllegalStateException(thread.getName() + " did not stop in " + JOIN_MILLIS + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
    }

    private static void awaitTermination(ScheduledExecutorService executor, List<Throwable> failures) {
        try {
            if (!executor.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS)) {
                failures.add(new IllegalStateException(Retention.THREAD_NAME + " did not stop"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
    }
}
