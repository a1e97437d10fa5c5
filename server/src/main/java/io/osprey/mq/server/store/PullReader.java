package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Answers pulls from a consume queue (reference §6): walks entries from the requested offset, skips those the
 * tag filter rejects (they still count as scanned, so nextBeginOffset moves past them), and copies the V1
 * payloads of the rest back to back until maxCount or maxBytes — always at least one message.
 */
final class PullReader {
    /** Entries scanned per pull at most (RocketMQ: 16 000 bytes of index), so a selective filter stays cheap. */
    static final int MAX_SCANNED_ENTRIES = 800;
    private static final int ENTRIES_PER_READ = 64;

    private final ConsumeQueueTable queues;
    private final CommitLog log;
    private final CommitLogReader reader;

    PullReader(ConsumeQueueTable queues, CommitLog log, CommitLogReader reader) {
        this.queues = queues;
        this.log = log;
        this.reader = reader;
    }

    GetMessagesResult getMessages(QueueKey key, long offset, int maxCount, int maxBytes, TagFilter filter)
            throws IOException {
        ConsumeQueue queue = queues.get(key);
        if (queue == null || queue.maxOffset() == 0) {
            return GetMessagesResult.empty(GetMessagesResult.Status.NO_MESSAGE_IN_QUEUE, 0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (offset < min) {
            return GetMessagesResult.empty(GetMessagesResult.Status.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetMessagesResult.empty(GetMessagesResult.Status.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetMessagesResult.empty(GetMessagesResult.Status.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        return scan(queue, offset, maxCount, maxBytes, filter, min, max);
    }

    private GetMessagesResult scan(ConsumeQueue queue, long offset, int maxCount, int maxBytes, TagFilter filter,
                                   long min, long max) throws IOException {
        byte[] body = new byte[0];
        int bytes = 0;
        int count = 0;
        long next = offset;
        long scanLimit = Math.min(max, offset + Math.max(MAX_SCANNED_ENTRIES, maxCount));
        scanning:
        while (next < scanLimit) {
            ByteBuffer entries = queue.read(next, (int) Math.min(ENTRIES_PER_READ, scanLimit - next));
            if (entries == null) {
                return gone(queue, next, count, body, bytes, max);
            }
            for (int at = 0; at + ConsumeQueue.ENTRY_BYTES <= entries.limit(); at += ConsumeQueue.ENTRY_BYTES) {
                ConsumeQueue.Entry entry = ConsumeQueue.Entry.read(entries, at);
                if (entry.isHole() || !filter.matches(entry.tagsCode())) {
                    next++;
                    continue;
                }
                int payload = entry.size() - FrameLayout.HEADER_LENGTH;
                if (count > 0 && (count >= maxCount || (long) bytes + payload > maxBytes)) {
                    break scanning;
                }
                if (bytes + payload > body.length) {
                    body = Arrays.copyOf(body, Math.max(bytes + payload, Math.min(2 * body.length, maxBytes)));
                }
                if (!reader.readPayload(entry.commitLogOffset(), entry.size(), body, bytes)) {
                    return gone(queue, next, count, body, bytes, max);
                }
                bytes += payload;
                count++;
                next++;
                if (count >= maxCount || bytes >= maxBytes) {
                    break scanning;
                }
            }
        }
        if (count == 0) {
            return GetMessagesResult.empty(GetMessagesResult.Status.NO_MATCHED_MESSAGE, next, min, max);
        }
        return new GetMessagesResult(GetMessagesResult.Status.FOUND, next, min, max, trim(body, bytes), count);
    }

    /**
     * Retention deleted what {@code next} points at while we read. Return what we already have; with nothing,
     * bring the queue's minimum up to date and send the consumer there.
     */
    private GetMessagesResult gone(ConsumeQueue queue, long next, int count, byte[] body, int bytes, long max)
            throws IOException {
        if (count > 0) {
            return new GetMessagesResult(GetMessagesResult.Status.FOUND, next, queue.minOffset(), max, trim(body, bytes),
                    count);
        }
        queue.advanceMin(log.minOffset());
        long min = queue.minOffset();
        if (next < min) {
            return GetMessagesResult.empty(GetMessagesResult.Status.OFFSET_TOO_SMALL, min, min, max);
        }
        return GetMessagesResult.empty(GetMessagesResult.Status.OFFSET_FOUND_NULL, next + 1, min, max);
    }

    private static byte[] trim(byte[] body, int bytes) {
        return body.length == bytes ? body : Arrays.copyOf(body, bytes);
    }

    /**
     * Logical offset nearest in store time to {@code timestampMillis}: the first entry stored at or after it, or
     * the one just before if that is closer; min for times before everything, the last entry for times after.
     */
    long offsetByTimestamp(QueueKey key, long timestampMillis) throws IOException {
        ConsumeQueue queue = queues.get(key);
        if (queue == null || queue.maxOffset() <= queue.minOffset()) {
            return queue == null ? 0 : queue.maxOffset();
        }
        long lo = queue.minOffset();
        long hi = queue.maxOffset() - 1;
        if (storeTime(queue, lo) >= timestampMillis) {
            return lo;
        }
        long lastTime = storeTime(queue, hi);
        if (lastTime < timestampMillis) {
            return hi;
        }
        // invariant: time(lo) < ts <= time(hi)
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (storeTime(queue, mid) >= timestampMillis) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        long loTime = storeTime(queue, lo);
        long before = loTime < 0 ? Long.MAX_VALUE : timestampMillis - loTime;
        long after = storeTime(queue, hi) - timestampMillis;
        return after <= before ? hi : lo;
    }

    /** Store time of the queue's first readable entry, -1 if the queue is empty or unknown. */
    long earliestStoreTime(QueueKey key) throws IOException {
        ConsumeQueue queue = queues.get(key);
        if (queue == null || queue.maxOffset() <= queue.minOffset()) {
            return -1;
        }
        return storeTime(queue, queue.minOffset());
    }

    /** A hole or a deleted entry counts as "older than anything" so searches move past it. */
    private long storeTime(ConsumeQueue queue, long offset) throws IOException {
        ConsumeQueue.Entry entry = queue.entry(offset);
        if (entry == null || entry.isHole()) {
            return Long.MIN_VALUE;
        }
        return reader.readStoreTimestamp(entry.commitLogOffset());
    }
}
