package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Classifies the bytes at one frame position of a segment. The checks, in order, and the crash each survives:
 * <ol>
 *   <li>header all zeros or file ends before it → {@link FrameCheck.EndOfData}: the write never reached disk;</li>
 *   <li>file ends inside the header, wrong magic/version → torn header or garbage;</li>
 *   <li>FRAME_LENGTH outside [min frame, room left before the reserved end-marker space] → a garbage length
 *       would otherwise make us read (or skip) arbitrary bytes;</li>
 *   <li>file ends inside the frame → the tail of the write was lost;</li>
 *   <li>CRC32C mismatch → a torn write inside the frame (some pages reached disk, others did not) or bit rot;</li>
 *   <li>the V1 payload's totalSize and magic disagree with the frame → a frame written by a buggy writer.</li>
 * </ol>
 * The type is checked only after the CRC, and only by the caller: a record that is whole but of a type this
 * version does not know (written by a newer one) must stop the store, never be cut off as if it were torn.
 */
final class FrameChecker {
    private static final int MAX_ZERO_CHECK = FrameLayout.HEADER_LENGTH;

    private final PositionalReader reader;
    private final int segmentBytes;

    /** Reads a segment's bytes by position; {@link SegmentFile#read} fits. */
    @FunctionalInterface
    interface PositionalReader {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    FrameChecker(PositionalReader reader, int segmentBytes) {
        this.reader = reader;
        this.segmentBytes = segmentBytes;
    }

    /** Checks the frame at {@code position}; on Valid, {@code frameOut} (if not null) holds the whole frame. */
    FrameCheck check(int position, ByteBuffer[] frameOut) throws IOException {
        int room = segmentBytes - position;
        if (room < FrameLayout.HEADER_LENGTH) {
            return new FrameCheck.Torn("position " + position + " leaves no room for a header");
        }
        ByteBuffer header = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH);
        int n = reader.read(header, position);
        if (isZero(header, n)) {
            return new FrameCheck.EndOfData();
        }
        String problem = headerProblem(header, n, room);
        if (problem != null) {
            return new FrameCheck.Torn(problem);
        }
        int length = header.getInt(FrameLayout.FRAME_LENGTH_OFFSET);
        short type = header.getShort(FrameLayout.TYPE_OFFSET);
        if (type == FrameLayout.TYPE_END_OF_SEGMENT) {
            return checkEndOfSegment(header, length, room);
        }
        ByteBuffer frame = ByteBuffer.allocate(length);
        int read = reader.read(frame, position);
        if (read < length) {
            return new FrameCheck.Torn("file ends " + read + " bytes into a " + length + "-byte frame");
        }
        int stored = frame.getInt(FrameLayout.CRC_OFFSET);
        int actual = FrameLayout.crc(frame, 0, length);
        if (stored != actual) {
            return new FrameCheck.Torn(String.format("frame CRC32C 0x%08X != stored 0x%08X", actual, stored));
        }
        if (type == FrameLayout.TYPE_MESSAGE) {
            int payloadSize = frame.getInt(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.TOTAL_SIZE_OFFSET);
            int payloadMagic = frame.getInt(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.MAGIC_OFFSET);
            if (payloadSize != length - FrameLayout.HEADER_LENGTH || payloadMagic != MessageRecord.MAGIC_V1) {
                return new FrameCheck.Torn("payload totalSize " + payloadSize + " / magic does not match the frame");
            }
        } else if (type == FrameLayout.TYPE_BATCH_BEGIN && length != FrameLayout.BATCH_BEGIN_LENGTH) {
            return new FrameCheck.Torn("batch header of " + length + " bytes");
        }
        if (frameOut != null) {
            frameOut[0] = frame;
        }
        return new FrameCheck.Valid(length, type, header.getLong(FrameLayout.TAGS_CODE_OFFSET));
    }

    /**
     * Checks 2 and 3 on a header of which {@code n} bytes were read ({@link #isZero zeros} are the caller's to
     * tell first), {@code room} bytes before the segment's end: null if it can start a frame of its FRAME_LENGTH,
     * else why not. An END_OF_SEGMENT header's own checks are left to {@link #check}. Readers that skip frames
     * they do not need by their length rely on it, so that a garbage length never sends them into arbitrary bytes.
     */
    static String headerProblem(ByteBuffer header, int n, int room) {
        if (n < FrameLayout.HEADER_LENGTH) {
            return "file ends " + n + " bytes into a frame header";
        }
        int magic = header.getInt(FrameLayout.MAGIC_OFFSET);
        if (magic != FrameLayout.MAGIC) {
            return String.format("bad frame magic 0x%08X", magic);
        }
        short version = header.getShort(FrameLayout.VERSION_OFFSET);
        if (version != FrameLayout.VERSION) {
            return "unknown frame version " + version;
        }
        short type = header.getShort(FrameLayout.TYPE_OFFSET);
        if (type == FrameLayout.TYPE_END_OF_SEGMENT) {
            return null;
        }
        int length = header.getInt(FrameLayout.FRAME_LENGTH_OFFSET);
        int minLength = type == FrameLayout.TYPE_MESSAGE ? FrameLayout.MIN_MESSAGE_FRAME : FrameLayout.HEADER_LENGTH;
        int maxLength = room - FrameLayout.HEADER_LENGTH;
        if (length < minLength || length > maxLength) {
            return "frame length " + length + " outside [" + minLength + ", " + maxLength + "]";
        }
        return null;
    }

    private static FrameCheck checkEndOfSegment(ByteBuffer header, int length, int room) {
        if (length != room) {
            return new FrameCheck.Torn("end-of-segment marker length " + length + " != room left " + room);
        }
        int stored = header.getInt(FrameLayout.CRC_OFFSET);
        if (stored != FrameLayout.crc(header, 0, FrameLayout.HEADER_LENGTH)) {
            return new FrameCheck.Torn("end-of-segment marker CRC mismatch");
        }
        return new FrameCheck.EndOfSegment(length);
    }

    /** Whether the first {@code n} bytes read where a header would be are all zeros (or none were read). */
    static boolean isZero(ByteBuffer buf, int n) {
        for (int i = 0; i < Math.min(n, MAX_ZERO_CHECK); i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
