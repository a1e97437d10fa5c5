package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.message.MessageSysFlag;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches the CommitLog's records to their owners ({@value #THREAD_NAME}): reads each frame from
 * {@code reputOffset} up to the dispatch limit (written in ASYNC_FLUSH, fsynced in SYNC_FLUSH — so a consumer
 * never sees a SYNC message that a power loss could still take back) and routes it by type: a message gets its
 * ConsumeQueue entry and wakes the arrival listeners, a TOPIC_DELETED record drops the topic's queues, a batch
 * header is skipped, an owner's record goes to its {@link RecordOwner}. The same loop re-dispatches from the
 * checkpoint synchronously during open.
 *
 * <p>{@link #checkpoint()} takes a consistent cut between two rounds, makes the CommitLog durable up to it,
 * fsyncs the consume queues, then writes a {@link DispatchCheckpoint}, so a restart resumes from there.
 * {@link CheckpointService} calls it on its own thread, so dispatch never waits for an fsync.
 */
final class ReputService implements Runnable {
    static final String THREAD_NAME = "osprey-reput";
    private static final Logger LOG = LoggerFactory.getLogger(ReputService.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_FRAMES_PER_ROUND = 1024;
    private static final int IPV6_EXTRA = 12;
    /** Offset of BODY_LENGTH in a V1 record with IPv4 hosts. */
    private static final int BODY_LENGTH_OFFSET_IPV4 = 84;

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final WriteState state;
    private final LongSupplier dispatchLimit;
    private final Disk disk;
    private final Path storeRoot;
    private final RecordTypes types;
    private final CommitLogDurability durability;
    /** Held for a whole dispatch round; a checkpoint takes it only to read a consistent cut. */
    private final Object roundLock = new Object();
    private final OffsetWaiters dispatched;
    private final List<ArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private final ReadWindow window = new ReadWindow();
    private volatile long reputOffset;
    private volatile boolean running = true;
    private volatile DispatchCheckpoint lastCheckpoint;
    /** Guards writing checkpoints; taken after {@link #roundLock}, never before it. */
    private final Object checkpointLock = new Object();
    /** Guarded by {@link #roundLock}. */
    private long cuts;
    /** Guarded by {@link #checkpointLock}. */
    private long writtenCut;

    /** Makes the CommitLog durable up to an offset before a checkpoint claims what lies below it. */
    @FunctionalInterface
    interface CommitLogDurability {
        void ensureDurable(long offset) throws IOException;
    }

    ReputService(CommitLog log, ConsumeQueueTable queues, WriteState state, LongSupplier dispatchLimit,
                 Disk disk, Path storeRoot, RecordTypes types, CommitLogDurability durability, long reputOffset) {
        this.disk = disk;
        this.types = types;
        this.durability = durability;
        this.dispatched = new OffsetWaiters(reputOffset);
        this.log = log;
        this.queues = queues;
        this.state = state;
        this.dispatchLimit = dispatchLimit;
        this.storeRoot = storeRoot;
        this.reputOffset = reputOffset;
    }

    /** CommitLog offset of the last checkpoint: retention deletes no segment above it. */
    long checkpointedOffset() {
        DispatchCheckpoint last = lastCheckpoint;
        return last == null ? log.minOffset() : last.reputOffset();
    }

    /** Everything before this offset has been dispatched. */
    long dispatchedOffset() {
        return dispatched.reached();
    }

    /** Completes once everything before {@code offset} has been dispatched. */
    CompletableFuture<Void> awaitDispatched(long offset) {
        return dispatched.await(offset);
    }

    /** Fails the waiters of {@link #awaitDispatched}: dispatch stopped. */
    void failWaiters(Throwable cause) {
        dispatched.failAll(cause);
    }

    void addListener(ArrivalListener listener) {
        listeners.add(listener);
    }

    void stop(Thread thread) {
        running = false;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        while (running && state.failure() == null) {
            try {
                if (dispatchRound(dispatchLimit.getAsLong()) == 0) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                state.fail(e);
            }
        }
        if (state.failure() != null) {
            dispatched.failAll(new StoreFailedException(state.failure()));
        }
    }

    /** Dispatches everything below {@code limit}; returns frames dispatched. */
    long dispatchAll(long limit) throws IOException {
        long total = 0;
        long n;
        while ((n = dispatchRound(limit)) > 0) {
            total += n;
        }
        return total;
    }

    /** Dispatches up to {@value #MAX_FRAMES_PER_ROUND} frames below {@code limit}, then notifies listeners. */
    private long dispatchRound(long limit) throws IOException {
        Map<QueueKey, ConsumeQueue> touched = new LinkedHashMap<>();
        long frames = 0;
        synchronized (roundLock) {
            while (reputOffset < limit && frames < MAX_FRAMES_PER_ROUND) {
                dispatchFrame(limit, touched);
                frames++;
            }
        }
        for (ConsumeQueue queue : touched.values()) {
            notifyListeners(queue);
        }
        if (frames > 0) {
            dispatched.advance(reputOffset);
        }
        return frames;
    }

    private void dispatchFrame(long limit, Map<QueueKey, ConsumeQueue> touched) throws IOException {
        long offset = reputOffset;
        SegmentFile segment = log.acquire(offset);
        if (segment == null) {
            throw new StoreIoException("dispatch at " + offset + " found no CommitLog segment");
        }
        try {
            ByteBuffer[] frame = new ByteBuffer[1];
            int position = (int) (offset - segment.baseOffset());
            long readable = Math.min(limit, segment.endOffset()) - segment.baseOffset();
            FrameCheck check = new FrameChecker((dst, at) -> window.read(segment, dst, at, readable),
                    log.segmentBytes()).check(position, frame);
            if (check instanceof FrameCheck.Valid valid) {
                route(valid.type(), frame[0], offset, touched);
                reputOffset = offset + valid.frameLength();
            } else if (check instanceof FrameCheck.EndOfSegment) {
                reputOffset = segment.endOffset();
            } else {
                throw new StoreIoException("dispatch at " + offset + " below the written end " + limit
                        + " found " + check);
            }
        } finally {
            segment.release();
        }
    }

    private void route(short type, ByteBuffer frame, long offset, Map<QueueKey, ConsumeQueue> touched)
            throws IOException {
        switch (type) {
            case FrameLayout.TYPE_MESSAGE -> {
                ConsumeQueue queue = dispatch(frame, offset);
                touched.put(queue.key(), queue);
            }
            case FrameLayout.TYPE_BATCH_BEGIN -> {
                // only recovery needs it: the frames that follow are whole
            }
            case FrameLayout.TYPE_TOPIC_DELETED -> {
                String topic = PreparedFrame.deletedTopic(frame);
                // the deletion is durable at once: its record must be too, or a cut undoes half of it (ASYNC)
                durability.ensureDurable(offset + frame.capacity());
                touched.keySet().removeIf(key -> key.topic().equals(topic));
                queues.deleteTopic(topic);
                // checkpointed at once (dispatch resumes at this record after a crash): otherwise a crash before
                // the next checkpoint finds the deleted queues missing from disk and takes it for damage
                write(takeCut());
                LOG.info("Consume queues of topic {} deleted (CommitLog offset {})", topic, offset);
            }
            default -> {
                RecordOwner owner = types.owner(type);
                if (owner == null) {
                    throw new UnknownRecordTypeException(offset, "an intact record of type " + type
                            + ", which this version does not know");
                }
                owner.onRecord(offset, frame.duplicate().position(FrameLayout.PAYLOAD_OFFSET).slice()
                        .asReadOnlyBuffer());
            }
        }
    }

    private ConsumeQueue dispatch(ByteBuffer frame, long physicalOffset) throws IOException {
        int p = FrameLayout.PAYLOAD_OFFSET;
        int queueId = frame.getInt(p + MessageRecordCodec.QUEUE_ID_OFFSET);
        long queueOffset = frame.getLong(p + MessageRecordCodec.QUEUE_OFFSET_OFFSET);
        int sysFlag = frame.getInt(p + MessageRecordCodec.SYS_FLAG_OFFSET);
        int bodyLengthAt = p + BODY_LENGTH_OFFSET_IPV4
                + ((sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) != 0 ? IPV6_EXTRA : 0)
                + ((sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG) != 0 ? IPV6_EXTRA : 0);
        int topicAt = bodyLengthAt + 4 + frame.getInt(bodyLengthAt);
        int topicLength = frame.get(topicAt);
        String topic = new String(frame.array(), topicAt + 1, topicLength, StandardCharsets.UTF_8);
        ConsumeQueue queue = queues.getOrCreate(new QueueKey(topic, queueId));
        queue.put(queueOffset, physicalOffset, frame.capacity(), frame.getLong(FrameLayout.TAGS_CODE_OFFSET));
        return queue;
    }

    private void notifyListeners(ConsumeQueue queue) {
        for (ArrivalListener listener : listeners) {
            try {
                listener.onArrival(queue.key().topic(), queue.key().queueId(), queue.maxOffset());
            } catch (RuntimeException e) {
                // a listener bug must not stop dispatch for every queue; it is reported, not hidden
                LOG.error("Arrival listener {} failed for {}", listener, queue.key(), e);
            }
        }
    }

    /**
     * Records how far dispatch got, durably: reads a consistent cut (the dispatch offset and every queue's
     * bounds, between two rounds), makes the CommitLog durable up to that offset (so the checkpoint never claims
     * entries whose messages a power loss could take back — in ASYNC_FLUSH dispatch runs ahead of the fsync),
     * fsyncs the consume queues, writes the checkpoint, and only then deletes queue files below the recorded
     * minima. Entries dispatched meanwhile are dispatched again after a crash.
     */
    void checkpoint() throws IOException {
        Cut cut;
        synchronized (roundLock) {
            cut = takeCut();
        }
        write(cut);
    }

    /** The dispatch offset and every queue's bounds now; the caller holds {@link #roundLock}. */
    private Cut takeCut() {
        return new Cut(++cuts, new DispatchCheckpoint(reputOffset, queues.bounds()));
    }

    /**
     * Writes {@code cut} unless a later one is already written. Never called holding {@link #checkpointLock}
     * while taking {@link #roundLock} (the dispatch thread takes them in the other order).
     */
    private void write(Cut cut) throws IOException {
        synchronized (checkpointLock) {
            DispatchCheckpoint last = lastCheckpoint;
            if (cut.sequence() < writtenCut || cut.checkpoint().equals(last)) {
                return;
            }
            durability.ensureDurable(cut.checkpoint().reputOffset());
            queues.forceAll();
            cut.checkpoint().write(disk, storeRoot);
            lastCheckpoint = cut.checkpoint();
            writtenCut = cut.sequence();
            queues.deleteSegmentsBelow(cut.checkpoint().queues());
        }
    }

    /** A checkpoint and the order in which it was taken: an older one never overwrites a newer one. */
    private record Cut(long sequence, DispatchCheckpoint checkpoint) {
    }
}
