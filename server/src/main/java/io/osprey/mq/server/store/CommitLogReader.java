package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MalformedMessageException;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CommitLog records by physical offset for any thread, holding a segment reference for the duration of
 * each read so retention cannot close it underneath; a segment already deleted reads as "gone".
 */
final class CommitLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogReader.class);
    /** Enough of a payload to reach STORE_TIMESTAMP even behind an IPv6 born host. */
    private static final int TIMESTAMP_PROBE_BYTES = FrameLayout.HEADER_LENGTH + 80;

    private final CommitLog log;
    private final WriteState state;

    CommitLogReader(CommitLog log, WriteState state) {
        this.log = log;
        this.state = state;
    }

    /**
     * Copies the V1 payload of the frame at {@code physicalOffset} (of {@code frameLength} bytes, as the consume
     * queue says) into {@code dst} at {@code at}. False if the segment is gone.
     */
    boolean readPayload(long physicalOffset, int frameLength, byte[] dst, int at) throws IOException {
        SegmentFile segment = log.acquire(physicalOffset);
        if (segment == null) {
            return false;
        }
        try {
            int length = frameLength - FrameLayout.HEADER_LENGTH;
            ByteBuffer buf = ByteBuffer.wrap(dst, at, length);
            int n = segment.read(buf, physicalOffset - segment.baseOffset() + FrameLayout.PAYLOAD_OFFSET);
            if (n != length) {
                throw new StoreIoException("short read of " + n + "/" + length + " bytes at " + physicalOffset);
            }
            return true;
        } finally {
            segment.release();
        }
    }

    /** The message whose frame starts at {@code physicalOffset}; empty if none starts there or it is gone. */
    Optional<MessageRecord> readMessage(long physicalOffset) throws IOException {
        if (physicalOffset < 0 || physicalOffset >= state.written.reached()) {
            return Optional.empty();
        }
        SegmentFile segment = log.acquire(physicalOffset);
        if (segment == null) {
            return Optional.empty();
        }
        try {
            ByteBuffer[] frame = new ByteBuffer[1];
            FrameCheck check = new FrameChecker(segment::read, log.segmentBytes())
                    .check((int) (physicalOffset - segment.baseOffset()), frame);
            if (!(check instanceof FrameCheck.Valid valid) || valid.type() != FrameLayout.TYPE_MESSAGE) {
                return Optional.empty();
            }
            MessageRecord record = MessageRecordCodec.decode(frame[0].position(FrameLayout.PAYLOAD_OFFSET));
            return record.physicalOffset() == physicalOffset ? Optional.of(record) : Optional.empty();
        } catch (MalformedMessageException e) {
            LOG.warn("Frame at {} passed its CRC but its record does not decode: {}", physicalOffset, e.getMessage());
            return Optional.empty();
        } finally {
            segment.release();
        }
    }

    /** STORE_TIMESTAMP of the message at {@code physicalOffset}, or -1 if it is gone. */
    long readStoreTimestamp(long physicalOffset) throws IOException {
        SegmentFile segment = log.acquire(physicalOffset);
        if (segment == null) {
            return -1;
        }
        try {
            ByteBuffer probe = ByteBuffer.allocate(TIMESTAMP_PROBE_BYTES);
            segment.read(probe, physicalOffset - segment.baseOffset());
            int sysFlag = probe.getInt(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.SYS_FLAG_OFFSET);
            return probe.getLong(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.storeTimestampOffset(sysFlag));
        } finally {
            segment.release();
        }
    }

    /**
     * Whole frames from {@code physicalOffset} (which must be a frame start), at most {@code maxBytes} but always
     * at least one frame, never past the written end nor past the segment's end marker. The end marker is
     * returned whole (header then zeros), so the returned bytes mirror the CommitLog exactly from
     * {@code physicalOffset}. Empty when nothing is there (yet, or any more).
     */
    ByteBuffer readFrames(long physicalOffset, int maxBytes) throws IOException {
        long limit = state.written.reached();
        if (physicalOffset >= limit || physicalOffset < log.minOffset()) {
            return ByteBuffer.allocate(0);
        }
        SegmentFile segment = log.acquire(physicalOffset);
        if (segment == null) {
            return ByteBuffer.allocate(0);
        }
        try {
            FrameChecker checker = new FrameChecker(segment::read, log.segmentBytes());
            byte[] out = new byte[0];
            int size = 0;
            int position = (int) (physicalOffset - segment.baseOffset());
            while (segment.baseOffset() + position < limit) {
                ByteBuffer[] frame = new ByteBuffer[1];
                FrameCheck check = checker.check(position, frame);
                int length;
                boolean last = false;
                if (check instanceof FrameCheck.Valid v) {
                    length = v.frameLength();
                } else if (check instanceof FrameCheck.EndOfSegment e) {
                    length = e.frameLength();
                    last = true;
                } else if (size == 0) {
                    throw new IllegalArgumentException("no frame starts at physical offset " + physicalOffset
                            + ": " + check);
                } else {
                    throw new StoreIoException("CommitLog below the written end is damaged at "
                            + (segment.baseOffset() + position) + ": " + check);
                }
                if (size > 0 && (long) size + length > maxBytes) {
                    break;
                }
                if (size + length > out.length) {
                    out = Arrays.copyOf(out, Math.max(size + length, out.length * 2));
                }
                if (frame[0] != null) {
                    System.arraycopy(frame[0].array(), 0, out, size, length);
                } else {
                    ByteBuffer marker = ByteBuffer.wrap(out, size, FrameLayout.HEADER_LENGTH).slice();
                    FrameLayout.putHeader(marker, 0, length, FrameLayout.TYPE_END_OF_SEGMENT, 0);
                    FrameLayout.seal(marker, 0);
                }
                size += length;
                position += length;
                if (last) {
                    break;
                }
            }
            return ByteBuffer.wrap(out, 0, size);
        } finally {
            segment.release();
        }
    }
}
