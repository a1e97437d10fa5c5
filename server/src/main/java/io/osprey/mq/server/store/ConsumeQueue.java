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
import java.util.function.Predicate;
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
            // no fsync of its own: the checkpoint written at open fsyncs every touched segment before it records
            // anything, and until then the old checkpoint rules and a crash repeats this
            LOG.warn("Consume queue {}: dropped {} entries pointing past the CommitLog end {}", key, removed,
                    commitLogEnd);
        }
        return removed;
    }

    /**
     * Raises minOffset to the first entry pointing at or after {@code commitLogMin}. The files below it stay
     * until a checkpoint has recorded the new minimum ({@link #deleteSegmentsBelow}): recovery expects every
     * file from the checkpointed minimum on to be there, and treats a missing one as damage to repair.
     */
    synchronized void advanceMin(long commitLogMin) throws IOException {
        if (destroyed) {
            return;
        }
        long from = segments.isEmpty() ? minOffset : Math.max(minOffset, segments.firstKey());
        minOffset = firstWhere(from, maxOffset, entry -> entry.commitLogOffset() >= commitLogMin);
    }

    /**
     * The first offset in [{@code from}, {@code to}) whose entry is written and passes {@code test}, or {@code to}:
     * a binary search, for tests that, once true, stay true for every later entry (entries' CommitLog offsets grow
     * with their logical offset).
     */
    private long firstWhere(long from, long to, Predicate<Entry> test) throws IOException {
        long lo = from;
        long hi = to;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            Entry entry = readEntry(mid);
            if (entry != null && !entry.isHole() && test.test(entry)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Deletes the segment files wholly below {@code offset} (never the last one, which keeps maxOffset). */
    synchronized void deleteSegmentsBelow(long offset) {
        while (!destroyed && segments.size() > 1 && segments.firstKey() + entriesPerSegment <= offset) {
            SegmentFile gone = segments.pollFirstEntry().getValue();
            unforced.remove(gone);
            gone.retire();
        }
    }

    /**
     * Recovery after an unclean stop: keeps exactly the entries [{@code min}, {@code max}) a checkpoint proved
     * durable and drops everything after them (entries written after the checkpoint may have reached the disk
     * in any order, with holes before entries that did arrive: none of them is trusted). Entries are zeroed, and
     * files wholly past {@code max} deleted, so that re-dispatch appends from {@code max} onto zeros.
     */
    synchronized void cutTo(long min, long max) throws IOException {
        long keptBase = max - max % entriesPerSegment;
        long before = maxOffset;
        for (SegmentFile segment : new ArrayList<>(segments.tailMap(keptBase).values())) {
            if (segment.baseOffset() > keptBase) {
                segments.remove(segment.baseOffset());
                unforced.remove(segment);
                segment.retire();
            } else {
                long from = (max - keptBase) * ENTRY_BYTES;
                segment.write(ByteBuffer.allocate((int) (segmentFileBytes() - from)), from);
                unforced.add(segment);
            }
        }
        maxOffset = max;
        minOffset = Math.min(min, max);
        // no fsync of its own: the checkpoint written at open fsyncs every touched segment before it records the
        // queue again, and until then the old checkpoint rules and a crash repeats this cut
        if (before != max) {
            LOG.info("Consume queue {}: cut back to its checkpointed entries [{}, {}) from {}", key, min, max,
                    before);
        }
    }

    /**
     * The first offset in [{@code from}, {@code to}) whose entry is missing (its file is gone) or a hole, or
     * {@code to} if every entry is there. Reads the files sequentially, a segment at a time.
     */
    synchronized long firstHole(long from, long to) throws IOException {
        long offset = from;
        while (offset < to) {
            long first = offset - offset % entriesPerSegment;
            SegmentFile segment = segments.get(first);
            if (segment == null) {
                return offset;
            }
            int count = (int) Math.min(to - offset, first + entriesPerSegment - offset);
            ByteBuffer buf = ByteBuffer.allocate(count * ENTRY_BYTES);
            int n = segment.read(buf, (offset - first) * ENTRY_BYTES);
            for (int i = 0; i < count; i++) {
                if (i * ENTRY_BYTES + ENTRY_BYTES > n || Entry.read(buf, i * ENTRY_BYTES).isHole()) {
                    return offset + i;
                }
            }
            offset += count;
        }
        return to;
    }

    /** The first offset in [{@code from}, {@code to}) whose entry's frame ends after {@code physicalEnd}, or to. */
    synchronized long firstEndingAfter(long physicalEnd, long from, long to) throws IOException {
        return firstWhere(from, to, entry -> entry.commitLogOffset() + entry.size() > physicalEnd);
    }

    /**
     * The cheap form of {@link #firstHole} for a clean start: a file missing in [{@code from}, {@code to}) or a
     * hole at its last entry; the full scan only if that last entry is a hole.
     */
    synchronized long firstMissing(long from, long to) throws IOException {
        for (long base = from - from % entriesPerSegment; base < to; base += entriesPerSegment) {
            if (!segments.containsKey(base)) {
                return Math.max(from, base);
            }
        }
        if (to > from) {
            Entry last = readEntry(to - 1);
            if (last == null || last.isHole()) {
                return firstHole(from, to);
            }
        }
        return to;
    }

    /** First offset at or after {@code from} whose entry is written, or maxOffset (an old checkpoint's min). */
    synchronized long firstWritten(long from) throws IOException {
        long start = segments.isEmpty() ? maxOffset : Math.max(from, segments.firstKey());
        for (long offset = start; offset < maxOffset; offset++) {
            Entry entry = readEntry(offset);
            if (entry != null && !entry.isHole()) {
                return offset;
            }
        }
        return maxOffset;
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

    /** Deletes every file of this queue and its folder (topic deletion; see {@link ConsumeQueueTable#deleteTopic}). */
    synchronized void destroy() throws IOException {
        destroyed = true;
        for (SegmentFile segment : segments.values()) {
            segment.retire();
        }
        segments.clear();
        unforced.clear();
        disk.deleteIfExists(directory);
    }

    synchronized void close() {
        for (SegmentFile segment : segments.values()) {
            segment.closeWhenReleased();
        }
        segments.clear();
    }
}
