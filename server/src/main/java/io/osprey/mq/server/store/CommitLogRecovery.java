package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where the CommitLog's valid bytes end on open and cuts off anything after.
 *
 * <p>Only the last segment can hold a torn record: the writer fsyncs a segment when it seals it with its end
 * marker, before creating the next file. So:
 * <ul>
 *   <li>after a clean close (marker present) we check just the last frame and the zeros after it — if that
 *       fails the marker lied (e.g. the disk was modified) and we fall back to the full scan;</li>
 *   <li>after a crash we scan the whole last segment from its start, stop at the first frame that is not
 *       whole and valid, and zero everything after it. Zeroing matters even when the scan ended on zeros:
 *       a power loss can keep a later page and drop an earlier one, and those stale frames must never be
 *       joined up again by later appends.</li>
 * </ul>
 */
final class CommitLogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogRecovery.class);
    private static final int ZERO_SCAN_CHUNK = 1 << 20;

    /**
     * @param commitLogEnd    first physical offset after the last valid frame
     * @param lastFrameOffset start of the last valid frame, -1 if not known
     * @param fullScan        whether the last segment was scanned frame by frame
     * @param truncatedBytes  non-zero bytes cut off after {@code commitLogEnd}
     * @param reason          why they were cut, null if nothing was
     */
    record Result(long commitLogEnd, long lastFrameOffset, boolean fullScan, long truncatedBytes, String reason) {
    }

    private CommitLogRecovery() {
    }

    /**
     * @throws UnknownRecordTypeException when the tail holds an intact record of a type that {@code types} does
     *                                    not know: the data were written by a newer version, and cutting them
     *                                    off as if torn would destroy them
     */
    static Result recover(CommitLog log, Optional<CleanShutdownMarker> marker, RecordTypes types)
            throws IOException {
        if (marker.isPresent()) {
            Optional<String> problem = checkTail(log, marker.get());
            if (problem.isEmpty()) {
                return new Result(marker.get().commitLogEnd(), marker.get().lastFrameOffset(), false, 0, null);
            }
            LOG.warn("Clean-shutdown marker does not match the CommitLog tail ({}); scanning the last segment",
                    problem.get());
        }
        if (log.isNew()) {
            return new Result(log.minOffset(), -1, false, 0, null);
        }
        return scanLastSegment(log, types);
    }

    /** The cheap check of a clean start: the recorded last frame is valid and zeros follow it. */
    private static Optional<String> checkTail(CommitLog log, CleanShutdownMarker marker) throws IOException {
        SegmentFile last = log.last();
        long end = marker.commitLogEnd();
        if (end < last.baseOffset() || end >= last.endOffset()) {
            return Optional.of("end " + end + " is not inside the last segment " + last);
        }
        FrameChecker lastChecker = new FrameChecker(last::read, log.segmentBytes());
        if (!(lastChecker.check((int) (end - last.baseOffset()), null) instanceof FrameCheck.EndOfData)) {
            return Optional.of("bytes follow the recorded end " + end);
        }
        long frameOffset = marker.lastFrameOffset();
        if (frameOffset < 0) {
            return end == last.baseOffset() ? Optional.empty() : Optional.of("no last frame recorded");
        }
        SegmentFile segment = log.acquire(frameOffset);
        if (segment == null) {
            return Optional.of("last frame " + frameOffset + " is in no segment");
        }
        try {
            FrameChecker checker = new FrameChecker(segment::read, log.segmentBytes());
            FrameCheck check = checker.check((int) (frameOffset - segment.baseOffset()), null);
            long frameEnd = -1;
            if (check instanceof FrameCheck.Valid v) {
                frameEnd = frameOffset + v.frameLength();
            } else if (check instanceof FrameCheck.EndOfSegment e) {
                frameEnd = frameOffset + e.frameLength();
            }
            return frameEnd == end ? Optional.empty()
                    : Optional.of("last frame at " + frameOffset + " is " + check + ", not ending at " + end);
        } finally {
            segment.release();
        }
    }

    private static Result scanLastSegment(CommitLog log, RecordTypes types) throws IOException {
        SegmentFile last = log.last();
        // a read-ahead window: one pread per 256 KiB instead of two per frame (nothing writes during recovery)
        ReadWindow window = new ReadWindow();
        FrameChecker checker = new FrameChecker((dst, at) -> window.read(last, dst, at, last.sizeBytes()),
                log.segmentBytes());
        SegmentScan scan = SegmentScan.scan(checker, 0, types::known);
        long base = last.baseOffset();
        if (scan.outcome() == SegmentScan.Outcome.UNKNOWN_TYPE) {
            throw new UnknownRecordTypeException(base + scan.validEnd(), scan.reason());
        }
        long lastFrame = scan.lastFrameStart() < 0 ? -1 : base + scan.lastFrameStart();
        if (scan.outcome() == SegmentScan.Outcome.END_OF_SEGMENT) {
            // crashed after sealing the segment, before its successor was created; see the fsync below
            last.force();
            log.createSegment(last.endOffset());
            LOG.info("CommitLog recovery: {} frames valid in {}, sealed; created the next segment", scan.frames(),
                    last);
            return new Result(last.endOffset(), lastFrame, true, 0, null);
        }
        long dirty = nonZeroBytesAfter(last, scan.validEnd());
        long end = base + scan.validEnd();
        String reason = null;
        if (dirty > 0) {
            reason = scan.outcome() == SegmentScan.Outcome.TORN ? scan.reason()
                    : "stale bytes after zeros (pages written out of order before a power loss)";
            last.zeroFrom(scan.validEnd());
            LOG.warn("CommitLog recovery: valid up to {} in {} ({} frames); truncated {} bytes because {}", end, last,
                    scan.frames(), dirty, reason);
        } else {
            LOG.info("CommitLog recovery: valid up to {} in {} ({} frames), nothing to truncate", end, last,
                    scan.frames());
        }
        // One fsync makes durable both what the scan read — after a process crash it may be only in the page
        // cache, yet the store treats the recovered end as flushed (SYNC dispatch serves it, checkpoints claim it,
        // a sealed segment is never fsynced again) — and the zeroing of what it cut: stale frames after the new
        // appends must never join them after a power loss.
        last.force();
        return new Result(end, lastFrame, true, dirty, reason);
    }

    /** How many bytes from {@code position} up to the last non-zero byte of the segment. */
    private static long nonZeroBytesAfter(SegmentFile segment, int position) throws IOException {
        byte[] chunk = new byte[ZERO_SCAN_CHUNK];
        byte[] zeros = new byte[ZERO_SCAN_CHUNK];
        long lastNonZero = -1;
        for (long at = position; at < segment.sizeBytes(); at += ZERO_SCAN_CHUNK) {
            int n = segment.read(ByteBuffer.wrap(chunk), at);
            // Arrays.mismatch compares many bytes per instruction; the last non-zero byte is found only when needed
            if (Arrays.mismatch(chunk, 0, n, zeros, 0, n) >= 0) {
                for (int i = n - 1; i >= 0; i--) {
                    if (chunk[i] != 0) {
                        lastNonZero = at + i;
                        break;
                    }
                }
            }
            if (n < ZERO_SCAN_CHUNK) {
                break;
            }
        }
        return lastNonZero < 0 ? 0 : lastNonZero + 1 - position;
    }
}
