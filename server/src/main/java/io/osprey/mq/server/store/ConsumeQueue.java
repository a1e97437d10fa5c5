package io.osprey.mq.server.store;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of one topic/queue: entry {@code n} locates the message with logical offset {@code n}. Built from
 * the CommitLog by the reput thread (the only writer); read by pulls.
 *
 * <pre>
 *  entry (20 bytes, at (n - segmentStart) * 20 in its segment file)
 *   0  COMMIT_LOG_OFFSET  8   frame start = the message's physical offset
 *   8  SIZE               4   frame length in the CommitLog (0 = hole: never written)
 *  12  TAGS_CODE          8   TAGS.hashCode() or 0
 * </pre>
 *
 * Segment files hold a fixed number of entries and are named, as RocketMQ, by their first entry's byte
 * position ({@code firstOffset * 20}, 20 digits). {@code minOffset} is the first entry still pointing into the
 * CommitLog; {@code maxOffset} is one past the last written entry. Entries' CommitLog offsets grow with their
 * logical offset, which makes the minimum and timestamp searches binary searches.
 */
final class ConsumeQueue {
    static final int ENTRY_BYTES = 20;
    static final int COMMIT_LOG_OFFSET_OFFSET = 0;
    static final int SIZE_OFFSET = 8;
    static final int TAGS_CODE_OFFSET = 12;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}");

    /** One decoded entry; {@link #isHole()} if never written. */
    record Entry(long commitLogOffset, int size, long tagsCode) {
        boolean isHole() {
            return size <= 0;
        }

        static Entry read(ByteBuffer buf, int at) {
            return new Entry(buf.getLong(at + COMMIT_LOG_OFFSET_OFFSET), buf.getInt(at + SIZE_OFFSET),
                    buf.getLong(at + TAGS_CODE_OFFSET));
        }
    }

    private final Disk disk;
    private final QueueKey key;
    private final Path directory;
    private final int entriesPerSegment;
    private final ConcurrentSkipListMap<Long, SegmentFile> segments = new ConcurrentSkipListMap<>();
    private final Set<SegmentFile> unforced = new HashSet<>();
    private volatile long minOffset;
    private volatile long maxOffset;
    private boolean destroyed;

    private ConsumeQueue(Disk disk, QueueKey key, Path directory, int entriesPerSegment) {
        this.disk = disk;
        this.key = key;
        this.directory = directory;
        this.entriesPerSegment = entriesPerSegment;
    }

    static ConsumeQueue create(Disk disk, QueueKey key, Path directory, int entriesPerSegment) throws IOException {
        AtomicFiles.createDirectories(disk, directory);
        return new ConsumeQueue(disk, key, directory, entriesPerSegment);
    }

    /** Opens the segment files under {@code directory} and finds the last written entry. */
    static ConsumeQueue open(Disk disk, QueueKey key, Path directory, int entriesPerSegment) throws IOException {
        ConsumeQueue queue = new ConsumeQueue(disk, key, directory, entriesPerSegment);
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> SEGMENT_NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        try {
            for (Path file : files) {
                long bytePosition = Long.parseLong(file.getFileName().toString());
                long first = bytePosition / ENTRY_BYTES;
                if (bytePosition % ENTRY_BYTES != 0 || first % entriesPerSegment != 0) {
                    throw new StoreIoException("consume queue file " + file + " is not at a segment boundary");
                }
                queue.segments.put(first, SegmentFile.open(disk, file, first, queue.segmentFileBytes()));
            }
            queue.maxOffset = queue.findMax();
            queue.minOffset = queue.segments.isEmpty() ? queue.maxOffset
                    : Math.min(queue.segments.firstKey(), queue.maxOffset);
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        return queue;
    }

    QueueKey key() {
        return key;
    }

    long minOffset() {
        return minOffset;
    }

    long maxOffset() {
        return maxOffset;
    }

    private long segmentFileBytes() {
        return (long) entriesPerSegment * ENTRY_BYTES;
    }

    private long findMax() throws IOException {
        List<SegmentFile> newestFirst = new ArrayList<>(segments.descendingMap().values());
        for (SegmentFile segment : newestFirst) {
            ByteBuffer all = ByteBuffer.allocate((int) segmentFileBytes());
            int n = segment.read(all, 0);
            for (int i = n / ENTRY_BYTES - 1; i >= 0; i--) {
                if (!Entry.read(all, i * ENTRY_BYTES).isHole()) {
                    return segment.baseOffset() + i + 1;
                }
            }
        }
        return segments.isEmpty() ? 0 : segments.firstKey();
    }

    /**
     * Records entry {@code queueOffset}. Re-dispatching an entry already present (a rebuild overlapping what is
     * on disk) is a no-op, which makes dispatch idempotent.
     */
    synchronized void put(long queueOffset, long commitLogOffset, int size, long tagsCode) throws IOException {
        if (destroyed || queueOffset < maxOffset) {
            return;
        }
        if (queueOffset > maxOffset && maxOffset > minOffset) {
            LOG.warn("Consume queue {} jumps from {} to {}: entries in between are holes", key, maxOffset,
                    queueOffset);
        }
        long first = queueOffset - queueOffset % entriesPerSegment;
        SegmentFile segment = segments.get(first);
        if (segment == null) {
            segment = SegmentFile.create(disk, directory.resolve(CommitLog.fileName(first * ENTRY_BYTES)), first,
                    segmentFileBytes());
            segments.put(first, segment);
        }
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
        entry.putLong(commitLogOffset).putInt(size).putLong(tagsCode).flip();
        segment.write(entry, (queueOffset - first) * ENTRY_BYTES);
        unforced.add(segment);
        if (maxOffset == minOffset) {
            minOffset = queueOffset;
        }
        maxOffset = queueOffset + 1;
    }

    /**
     * Up to {@code maxEntries} entries from {@code from} (fewer at a segment end or at maxOffset), as a buffer of
     * 20-byte entries; null if the segment holding {@code from} is gone (deleted by retention meanwhile).
     */
    ByteBuffer read(long from, int maxEntries) throws IOException {
        long max = maxOffset;
        Map.Entry<Long, SegmentFile> floor = segments.floorEntry(from);
        if (floor == null || from >= max || !floor.getValue().tryAcquire()) {
            return null;
        }
        SegmentFile segment = floor.getValue();
        try {
            long count = Math.min(Math.min(maxEntries, max - from), segment.baseOffset() + entriesPerSegment - from);
            ByteBuffer buf = ByteBuffer.allocate((int) count * ENTRY_BYTES);
            segment.read(buf, (from - segment.baseOffset()) * ENTRY_BYTES);
            buf.flip();
            return buf;
        } finally {
            segment.release();
        }
    }

    /** Entry {@code offset}, or null if it is outside [min, max) or its segment is gone. */
    Entry entry(long offset) throws IOException {
        if (offset < minOffset) {
            return null;
        }
        ByteBuffer buf = read(offset, 1);
        return buf == null || buf.remaining() < ENTRY_BYTES ? null : Entry.read(buf, 0);
    }

    /** Drops entries pointing at or past {@code commitLogEnd} (the CommitLog lost its tail); returns how many. */
    synchronized long truncateAhead(long commitLogEnd) throws IOException {
        long removed = 0;
        while (maxOffset > minOffset) {
            long offset = maxOffset - 1;
            SegmentFile segment = segments.floorEntry(offset).getValue();
            ByteBuffer buf = ByteBuffer.allocate(ENTRY_BYTES);
            segment.read(buf, (offset - segment.baseOffset()) * ENTRY_BYTES);
            Entry entry = Entry.read(buf, 0);
            if (!entry.isHole() && entry.commitLogOffset() + entry.size() <= commitLogEnd) {
                break;
            }
            segment.write(ByteBuffer.allocate(ENTRY_BYTES), (offset - segment.baseOffset()) * ENTRY_BYTES);
            unforced.add(segment);
            maxOffset = offset;
            removed++;
        }
        if (removed > 0) {
            force();
            LOG.warn("Consume queue {}: dropped {} entries pointing past the CommitLog end {}", key, removed,
                    commitLogEnd);
        }
        return removed;
    }

    /**
     * Raises minOffset to the first entry pointing at or after {@code commitLogMin} and deletes segment files
     * wholly below it (never the last one, which keeps maxOffset across restarts).
     */
    synchronized void advanceMin(long commitLogMin) throws IOException {
        if (destroyed) {
            return;
        }
        long lo = segments.isEmpty() ? minOffset : Math.max(minOffset, segments.firstKey());
        long hi = maxOffset;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            Entry entry = readEntry(mid);
            if (entry != null && !entry.isHole() && entry.commitLogOffset() >= commitLogMin) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        minOffset = lo;
        while (segments.size() > 1 && segments.firstKey() + entriesPerSegment <= lo) {
            SegmentFile gone = segments.pollFirstEntry().getValue();
            unforced.remove(gone);
            gone.retire();
        }
    }

    private Entry readEntry(long offset) throws IOException {
        Map.Entry<Long, SegmentFile> floor = segments.floorEntry(offset);
        if (floor == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_BYTES);
        floor.getValue().read(buf, (offset - floor.getKey()) * ENTRY_BYTES);
        return Entry.read(buf, 0);
    }

    /**
     * fsyncs every segment written before this call. The fsyncs run outside the queue's lock, so the reput
     * thread keeps appending meanwhile; a segment retired in between is skipped (its entries are gone anyway).
     */
    void force() throws IOException {
        List<SegmentFile> toForce;
        synchronized (this) {
            if (unforced.isEmpty()) {
                return;
            }
            toForce = new ArrayList<>(unforced);
            unforced.clear();
        }
        for (SegmentFile segment : toForce) {
            if (!segment.tryAcquire()) {
                continue;
            }
            try {
                segment.force();
            } finally {
                segment.release();
            }
        }
    }

    /** Deletes every file of this queue (topic deletion). */
    synchronized void destroy() throws IOException {
        destroyed = true;
        for (SegmentFile segment : segments.values()) {
            segment.retire();
        }
        segments.clear();
        unforced.clear();
        try {
            disk.deleteIfExists(directory);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a reader still holds a segment; its file goes on release, the empty folder on the next open
            LOG.debug("Consume queue folder {} not empty yet: {}", directory, e.getMessage());
        }
    }

    synchronized void close() {
        for (SegmentFile segment : segments.values()) {
            segment.closeWhenReleased();
        }
        segments.clear();
    }
}
