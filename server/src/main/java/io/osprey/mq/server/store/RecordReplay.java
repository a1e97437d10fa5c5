package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Hands an owner every record of its type in a CommitLog range, in log order: the scan behind
 * {@link MessageStore#replayRecords}. It walks the frames of each segment from the segment's start (the only
 * place a frame is known to start without reading from an earlier one), reading through a {@link ReadWindow}, so
 * the log is read sequentially, 256 KiB per read. Frames of other types are skipped by their FRAME_LENGTH once
 * their header is sane ({@link FrameChecker#headerProblem}): a message body is never copied, decoded or
 * CRC-checked. A record of the replayed type, and each end-of-segment marker, is checked whole ({@link
 * FrameChecker#check}) before it is trusted.
 *
 * <p>The range lies below the recovered end, which recovery has validated and fsynced, and nothing is appended
 * while it runs (the store has not started): anything there that is not a sane frame is damage, reported as a
 * {@link StoreIoException} naming its offset — never skipped, since the owner's state would silently miss a
 * record.
 */
final class RecordReplay {
    private final CommitLog log;
    private final short type;
    private final RecordOwner sink;
    private final ReadWindow window = new ReadWindow();
    /** One header buffer for every frame: skipping a frame allocates nothing. */
    private final ByteBuffer header = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH);
    private final ByteBuffer[] frame = new ByteBuffer[1];
    private long records;

    private RecordReplay(CommitLog log, short type, RecordOwner sink) {
        this.log = log;
        this.type = type;
        this.sink = sink;
    }

    /**
     * Hands {@code sink} each record of {@code type} whose frame starts in [{@code from}, {@code end}).
     *
     * @param from at or above the log's minimum offset; need not be a frame start
     * @param end  a frame start (the recovered end), at or above {@code from}
     * @throws StoreIoException if the log below {@code end} is damaged or a segment of the range is gone
     * @throws IOException      if reading failed, or as {@code sink} threw it
     */
    static ReplayResult replay(CommitLog log, short type, long from, long end, RecordOwner sink) throws IOException {
        RecordReplay replay = new RecordReplay(log, type, sink);
        long offset = from;
        while (offset < end) {
            offset = replay.scanSegment(offset, from, end);
        }
        return new ReplayResult(replay.records, end);
    }

    /** Scans the segment holding {@code offset} from its start; returns where the next segment's scan starts. */
    private long scanSegment(long offset, long from, long end) throws IOException {
        SegmentFile segment = log.acquire(offset);
        if (segment == null) {
            throw new StoreIoException("replay at physical offset " + offset + " found no CommitLog segment (was it"
                    + " deleted during the replay? pin retention at the replay's start)");
        }
        try {
            long base = segment.baseOffset();
            long stop = Math.min(end, segment.endOffset());
            long readable = stop - base;
            FrameChecker checker = new FrameChecker((dst, at) -> window.read(segment, dst, at, readable),
                    log.segmentBytes());
            int position = 0;
            while (base + position < stop) {
                position = scanFrame(segment, checker, position, readable, from);
            }
            return base + position;
        } finally {
            segment.release();
        }
    }

    /** Scans the frame at {@code position}; returns where the next one starts. */
    private int scanFrame(SegmentFile segment, FrameChecker checker, int position, long readable, long from)
            throws IOException {
        long offset = segment.baseOffset() + position;
        header.clear();
        int n = window.read(segment, header, position, readable);
        if (FrameChecker.isZero(header, n)) {
            throw damaged(offset, "no frame where one must start");
        }
        String problem = FrameChecker.headerProblem(header, n, log.segmentBytes() - position);
        if (problem != null) {
            throw damaged(offset, problem);
        }
        short frameType = header.getShort(FrameLayout.TYPE_OFFSET);
        boolean handed = frameType == type && offset >= from;
        if (!handed && frameType != FrameLayout.TYPE_END_OF_SEGMENT) {
            return position + header.getInt(FrameLayout.FRAME_LENGTH_OFFSET);
        }
        FrameCheck check = checker.check(position, frame);
        if (check instanceof FrameCheck.EndOfSegment end) {
            return position + end.frameLength();
        }
        if (!(check instanceof FrameCheck.Valid valid)) {
            throw damaged(offset, check.toString());
        }
        sink.onRecord(offset, frame[0].position(FrameLayout.PAYLOAD_OFFSET).slice().asReadOnlyBuffer());
        records++;
        frame[0] = null;
        return position + valid.frameLength();
    }

    private static StoreIoException damaged(long offset, String what) {
        return new StoreIoException("replay: the CommitLog below its recovered end is damaged at physical offset "
                + offset + ": " + what);
    }
}
