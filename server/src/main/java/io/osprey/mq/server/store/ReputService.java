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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the consume queues from the CommitLog ({@value #THREAD_NAME}): reads each frame from
 * {@code reputOffset} up to the dispatch limit (written in ASYNC_FLUSH, fsynced in SYNC_FLUSH — so a consumer
 * never sees a SYNC message that a power loss could still take back), appends its ConsumeQueue entry and tells
 * the arrival listeners. The same loop rebuilds lagging queues synchronously during open.
 *
 * <p>{@link #checkpoint()} fsyncs the consume queues and then writes a {@link DispatchCheckpoint}, so a restart
 * resumes from there. {@link CheckpointService} calls it on its own thread, so dispatch never waits for an fsync.
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
    private final List<ArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private final ReadWindow window = new ReadWindow();
    private volatile long reputOffset;
    private volatile boolean running = true;
    private long lastCheckpointOffset = -1;

    ReputService(CommitLog log, ConsumeQueueTable queues, WriteState state, LongSupplier dispatchLimit,
                 Disk disk, Path storeRoot, long reputOffset) {
        this.disk = disk;
        this.log = log;
        this.queues = queues;
        this.state = state;
        this.dispatchLimit = dispatchLimit;
        this.storeRoot = storeRoot;
        this.reputOffset = reputOffset;
    }

    long reputOffset() {
        return reputOffset;
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
        while (reputOffset < limit && frames < MAX_FRAMES_PER_ROUND) {
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
                if (check instanceof FrameCheck.Valid) {
                    ConsumeQueue queue = dispatch(frame[0], offset);
                    touched.put(queue.key(), queue);
                    reputOffset = offset + frame[0].capacity();
                } else if (check instanceof FrameCheck.EndOfSegment) {
                    reputOffset = segment.endOffset();
                } else {
                    throw new StoreIoException("dispatch at " + offset + " below the written end " + limit
                            + " found " + check);
                }
            } finally {
                segment.release();
            }
            frames++;
        }
        for (ConsumeQueue queue : touched.values()) {
            notifyListeners(queue);
        }
        return frames;
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
     * fsyncs every consume queue, then records how far dispatch got. Safe while dispatch runs: the offset and
     * then the queues' max offsets are read before the fsync, and every entry they cover was written before
     * them, so the checkpoint never claims an entry the fsync did not cover. Entries dispatched meanwhile are
     * dispatched again after a crash, which {@link ConsumeQueue#put} ignores.
     */
    synchronized void checkpoint() throws IOException {
        long offset = reputOffset;
        if (offset == lastCheckpointOffset) {
            return;
        }
        Map<QueueKey, Long> maxOffsets = queues.maxOffsets();
        queues.forceAll();
        new DispatchCheckpoint(offset, maxOffsets).write(disk, storeRoot);
        lastCheckpointOffset = offset;
    }
}
