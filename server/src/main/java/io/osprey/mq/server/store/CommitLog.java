package io.osprey.mq.server.store;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CommitLog's segment files: fixed size, named by their starting physical offset (20 digits, zero padded,
 * as RocketMQ), contiguous. Knows nothing of records; {@link CommitLogWriter} writes, {@link CommitLogReader}
 * reads, {@link CommitLogRecovery} validates, {@link Retention} deletes the oldest.
 */
final class CommitLog {
    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}");

    private final Disk disk;
    private final Path directory;
    private final int segmentBytes;
    private final ConcurrentSkipListMap<Long, SegmentFile> segments = new ConcurrentSkipListMap<>();
    private boolean created;

    private CommitLog(Disk disk, Path directory, int segmentBytes) {
        this.disk = disk;
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    /** Opens every segment under {@code directory}, checking names, sizes and contiguity; creates the first. */
    static CommitLog open(Disk disk, Path directory, int segmentBytes) throws IOException {
        AtomicFiles.createDirectories(disk, directory);
        CommitLog log = new CommitLog(disk, directory, segmentBytes);
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> SEGMENT_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        try {
            long expected = -1;
            for (Path file : files) {
                long base = Long.parseLong(file.getFileName().toString());
                if (base % segmentBytes != 0 || (expected >= 0 && base != expected)) {
                    throw new StoreIoException("CommitLog segment " + file + " does not follow the previous one "
                            + "(expected offset " + expected + ", segment size " + segmentBytes + ")");
                }
                log.segments.put(base, SegmentFile.open(disk, file, base, segmentBytes));
                expected = base + segmentBytes;
            }
            if (log.segments.isEmpty()) {
                log.createSegment(0);
                log.created = true;
            }
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    /** Whether {@link #open} found no segment and created the first: a new store, nothing to recover. */
    boolean isNew() {
        return created;
    }

    static String fileName(long offset) {
        return String.format("%020d", offset);
    }

    int segmentBytes() {
        return segmentBytes;
    }

    SegmentFile createSegment(long baseOffset) throws IOException {
        SegmentFile segment = SegmentFile.create(disk, directory.resolve(fileName(baseOffset)), baseOffset,
                segmentBytes);
        segments.put(baseOffset, segment);
        return segment;
    }

    SegmentFile first() {
        return segments.firstEntry().getValue();
    }

    SegmentFile last() {
        return segments.lastEntry().getValue();
    }

    /** Physical offset of the oldest byte still on disk. */
    long minOffset() {
        return segments.firstKey();
    }

    /** All segments, oldest first. */
    List<SegmentFile> segments() {
        return new ArrayList<>(segments.values());
    }

    /** The segment holding {@code offset}, with a reader reference the caller must release; null if gone. */
    SegmentFile acquire(long offset) {
        Map.Entry<Long, SegmentFile> entry = segments.floorEntry(offset);
        if (entry == null || !entry.getValue().contains(offset) || !entry.getValue().tryAcquire()) {
            return null;
        }
        return entry.getValue();
    }

    /** Removes the oldest segment; its file goes once no reader holds it. Never the last one. */
    void retireOldest() {
        if (segments.size() < 2) {
            throw new IllegalStateException("the active segment is never deleted");
        }
        segments.pollFirstEntry().getValue().retire();
    }

    void close() {
        RuntimeException failure = null;
        for (SegmentFile segment : segments.values()) {
            try {
                segment.closeWhenReleased();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        segments.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
