package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageId;
import io.osprey.mq.server.config.FlushDiskType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The only thread that appends to the CommitLog ({@value #THREAD_NAME}). Other threads hand it
 * {@link AppendRequest}s through a bounded queue and get futures; a full queue is refused at once.
 *
 * <p>Each loop drains what is queued (up to a batch limit), writes every frame, then — in SYNC_FLUSH — fsyncs
 * once and only then completes the batch's futures: group commit by construction, since everything that queued
 * up during the previous fsync shares the next one. In ASYNC_FLUSH futures complete once written to the page
 * cache and {@link FlushService} fsyncs in the background.
 *
 * <p>It assigns what only a single writer can: physical offsets (so no record spans a segment — when one does
 * not fit, the segment is sealed with an end marker and fsynced, and a new one created; a batch of several
 * messages goes behind a BATCH_BEGIN frame, wholly into one segment), queue offsets (consecutive per queue, a
 * batch's contiguous) and non-decreasing store timestamps.
 *
 * <p>A batch's frames are copied into one direct buffer and written with one positional write (more than one
 * only when the batch outgrows the buffer or fills a segment): one system call per batch instead of one per
 * frame, and no JDK copy of each heap frame into a temporary direct buffer.
 *
 * <p>Futures complete on this thread: attach only short callbacks (or use the async variants).
 */
final class CommitLogWriter implements Runnable {
    static final String THREAD_NAME = "osprey-commitlog-writer";
    private static final long IDLE_POLL_MILLIS = 100;
    /** Staging buffer for one batch's frames; a larger frame is written on its own. */
    static final int STAGING_BYTES = 1 << 20;

    private final CommitLog log;
    private final WriteState state;
    private final FlushDiskType flushDiskType;
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final int capacity;
    private final int maxBatch;
    private final BlockingQueue<AppendRequest> queue;
    private final Map<QueueKey, Long> nextQueueOffsets = new ConcurrentHashMap<>();
    private final Runnable onWritten;
    private volatile boolean running = true;

    private final ByteBuffer staged = ByteBuffer.allocateDirect(STAGING_BYTES);
    private SegmentFile active;
    private int writePosition;
    /** Position in {@link #active} of the first staged byte; staged bytes end at {@link #writePosition}. */
    private int stagedFrom;
    private volatile long lastFrameOffset;
    private long lastStoreTimestamp;

    CommitLogWriter(CommitLog log, WriteState state, FlushDiskType flushDiskType, Clock clock,
                    InetSocketAddress storeHost, int capacity, int maxBatch, long commitLogEnd, long lastFrameOffset,
                    Runnable onWritten) {
        this.log = log;
        this.state = state;
        this.flushDiskType = flushDiskType;
        this.clock = clock;
        this.storeHost = storeHost;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onWritten = onWritten;
        this.active = log.last();
        this.writePosition = (int) (commitLogEnd - active.baseOffset());
        this.lastFrameOffset = lastFrameOffset;
    }

    /** Sets where each queue continues (from the consume queues after recovery). Before the thread starts. */
    void initQueueOffsets(Map<QueueKey, Long> offsets) {
        nextQueueOffsets.putAll(offsets);
    }

    long lastFrameOffset() {
        return lastFrameOffset;
    }

    /** Queues {@code request}, or fails its future at once if the store failed or the queue is full. */
    void submit(AppendRequest request) {
        Throwable failure = state.failure();
        if (failure != null) {
            request.future().completeExceptionally(new StoreFailedException(failure));
        } else if (!running) {
            request.future().completeExceptionally(new StoreClosedException());
        } else if (!queue.offer(request)) {
            request.future().completeExceptionally(new StoreBusyException(capacity));
        }
    }

    /** Stops taking requests; the thread drains what is queued and exits. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        List<AppendRequest> batch = new ArrayList<>(maxBatch);
        while (true) {
            AppendRequest first;
            try {
                // once stopped, only drain what is left: no reason to wait for more
                first = running ? queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS) : queue.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failRemaining(new StoreClosedException());
                return;
            }
            if (first == null) {
                if (!running && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            process(batch);
            batch.clear();
        }
    }

    /** Writes then (SYNC) fsyncs one batch; runs on the writer thread, or on the closing thread after it. */
    void process(List<AppendRequest> batch) {
        Throwable failure = state.failure();
        if (failure != null) {
            batch.forEach(r -> r.future().completeExceptionally(new StoreFailedException(failure)));
            return;
        }
        List<List<AppendResult>> results = new ArrayList<>(batch.size());
        try {
            long now = Math.max(clock.millis(), lastStoreTimestamp);
            lastStoreTimestamp = now;
            for (AppendRequest request : batch) {
                results.add(write(request.frames(), now));
            }
            writeStaged();
            long end = active.baseOffset() + writePosition;
            state.written.advance(end);
            if (flushDiskType == FlushDiskType.SYNC_FLUSH) {
                active.force();
                state.fsyncs.increment();
                state.flushed.advance(end);
            }
        } catch (IOException | RuntimeException e) {
            staged.clear();
            state.fail(e);
            StoreFailedException failed = new StoreFailedException(e);
            batch.forEach(r -> r.future().completeExceptionally(failed));
            failRemaining(failed);
            return;
        }
        onWritten.run();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future().complete(results.get(i));
        }
    }

    private List<AppendResult> write(List<PreparedFrame> frames, long storeTimestamp) throws IOException {
        if (frames.size() > 1) {
            int bytes = 0;
            for (PreparedFrame frame : frames) {
                bytes += frame.length();
            }
            // the whole batch in this segment, or all of it in the next: never half a batch per segment
            ensureRoom(FrameLayout.BATCH_BEGIN_LENGTH + bytes);
            lastFrameOffset = active.baseOffset() + writePosition;
            stage(PreparedFrame.batchBegin(frames.size(), bytes));
            writePosition += FrameLayout.BATCH_BEGIN_LENGTH;
        }
        List<AppendResult> results = new ArrayList<>(frames.size());
        for (PreparedFrame frame : frames) {
            ensureRoom(frame.length());
            long physicalOffset = active.baseOffset() + writePosition;
            long queueOffset = -1;
            String msgId = null;
            if (frame.isMessage()) {
                queueOffset = nextQueueOffsets.getOrDefault(frame.queue(), 0L);
                frame.assign(queueOffset, physicalOffset, storeTimestamp);
                nextQueueOffsets.put(frame.queue(), queueOffset + 1);
                msgId = new MessageId(storeHost, physicalOffset).encode();
            } else {
                frame.seal();
                if (frame.type() == FrameLayout.TYPE_TOPIC_DELETED) {
                    // a topic created again starts its queues at 0, as dispatch does when it reaches this record
                    String topic = PreparedFrame.deletedTopic(frame.frame());
                    nextQueueOffsets.keySet().removeIf(key -> key.topic().equals(topic));
                }
            }
            stage(frame.frame().duplicate());
            writePosition += frame.length();
            lastFrameOffset = physicalOffset;
            results.add(new AppendResult(physicalOffset, queueOffset, msgId, storeTimestamp, frame.length()));
        }
        return results;
    }

    /** Adds {@code frame}, to be written at {@link #writePosition}, to the staged bytes. */
    private void stage(ByteBuffer frame) throws IOException {
        if (frame.remaining() > staged.remaining()) {
            writeStaged();
        }
        if (frame.remaining() > staged.capacity()) {
            active.write(frame, writePosition);
            return;
        }
        if (staged.position() == 0) {
            stagedFrom = writePosition;
        }
        staged.put(frame);
    }

    /** Writes the staged bytes to the active segment (they are not readers' yet: written is advanced after). */
    private void writeStaged() throws IOException {
        if (staged.position() == 0) {
            return;
        }
        staged.flip();
        try {
            active.write(staged, stagedFrom);
        } finally {
            staged.clear();
        }
    }

    /**
     * Seals the active segment when {@code frameLength} bytes would not leave room for the end marker: writes the
     * marker, fsyncs the segment (so only the last segment can ever hold a torn record), creates the next one.
     * The written and flushed offsets are not advanced here: what this batch wrote before the marker becomes
     * visible with the rest of the batch, once {@link #process} has written (and in SYNC_FLUSH fsynced) it all.
     */
    private void ensureRoom(int frameLength) throws IOException {
        int segmentBytes = log.segmentBytes();
        if (writePosition + frameLength <= segmentBytes - FrameLayout.HEADER_LENGTH) {
            return;
        }
        writeStaged(); // the frames before the marker belong to this segment
        ByteBuffer marker = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH);
        FrameLayout.putHeader(marker, 0, segmentBytes - writePosition, FrameLayout.TYPE_END_OF_SEGMENT, 0);
        FrameLayout.seal(marker, 0);
        active.write(marker, writePosition);
        lastFrameOffset = active.baseOffset() + writePosition;
        active.force();
        state.fsyncs.increment();
        active = log.createSegment(active.endOffset());
        writePosition = 0;
    }

    private void failRemaining(Throwable cause) {
        List<AppendRequest> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(r -> r.future().completeExceptionally(cause));
    }
}
