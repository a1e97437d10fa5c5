package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CommitLog's on-disk frame: every record is wrapped in a header carrying its length, a magic and version,
 * a type and a CRC32C over the whole frame, so recovery can tell a whole record from a torn or garbage one. The
 * type says what the record is; messages are one type among several, and the broker's own state (JMS
 * acknowledgements, delivery state, transaction markers) will be records of types of its own, all replicated
 * and recovered alike.
 *
 * <pre>
 *  offset  field         size  meaning
 *   0  FRAME_LENGTH       4    whole frame in bytes, header included
 *   4  MAGIC              4    0x4F535046 ("OSPF")
 *   8  VERSION            2    1
 *  10  TYPE               2    1 = MESSAGE, 2 = END_OF_SEGMENT, 3 = BATCH_BEGIN, 4 = TOPIC_DELETED,
 *                              16.. = records of the store's owners ({@link RecordOwner}); others are unknown
 *  12  CRC                4    CRC32C of bytes [0, 12) and [16, FRAME_LENGTH)
 *                              (END_OF_SEGMENT: of [0, 12) and [16, 24) only — its body is never written)
 *  16  TAGS_CODE          8    MESSAGE: the ConsumeQueue tags code, so dispatch needs no property parsing;
 *                              other types: 0
 *  24  PAYLOAD            n    MESSAGE: the RocketMQ V1 record of reference §5.3, exactly as a pull returns it,
 *                              its PHYSICAL_OFFSET field = this frame's start (the message's identity);
 *                              BATCH_BEGIN: FRAME_COUNT 4, BATCH_BYTES 4 — the frames that follow, all or none;
 *                              TOPIC_DELETED: TOPIC_LENGTH 2, TOPIC UTF-8 — the topic's queues end here;
 *                              owner types: the owner's bytes
 * </pre>
 *
 * A batch of several messages is preceded by a BATCH_BEGIN frame and never spans segments: recovery cuts a batch
 * that is not whole back to its BATCH_BEGIN, so a crash keeps all of a batch or none of it.
 *
 * A segment always keeps room for one header at its end: a frame is placed only if
 * {@code position + FRAME_LENGTH <= segmentBytes - HEADER_LENGTH}; otherwise the writer seals the segment with an
 * END_OF_SEGMENT frame whose FRAME_LENGTH reaches the segment's end and continues in the next segment. A record
 * therefore never spans segments, and every full segment ends with an explicit marker.
 *
 * <p>All zeros where a header should be means "no more frames" (segments are preallocated zero-filled).
 */
final class FrameLayout {
    static final int FRAME_LENGTH_OFFSET = 0;
    static final int MAGIC_OFFSET = 4;
    static final int VERSION_OFFSET = 8;
    static final int TYPE_OFFSET = 10;
    static final int CRC_OFFSET = 12;
    static final int TAGS_CODE_OFFSET = 16;
    static final int HEADER_LENGTH = 24;
    static final int PAYLOAD_OFFSET = HEADER_LENGTH;

    static final int MAGIC = 0x4F535046;
    static final short VERSION = 1;
    static final short TYPE_MESSAGE = 1;
    static final short TYPE_END_OF_SEGMENT = 2;
    static final short TYPE_BATCH_BEGIN = 3;
    static final short TYPE_TOPIC_DELETED = 4;
    /** Types from here on belong to the store's owners; below it, to the store. */
    static final short FIRST_OWNER_TYPE = 16;

    static final int BATCH_FRAME_COUNT_OFFSET = PAYLOAD_OFFSET;
    static final int BATCH_BYTES_OFFSET = PAYLOAD_OFFSET + 4;
    static final int BATCH_BEGIN_LENGTH = PAYLOAD_OFFSET + 8;

    /** Smallest MESSAGE frame: header plus the smallest V1 record. */
    static final int MIN_MESSAGE_FRAME = HEADER_LENGTH + MessageRecordCodec.FIXED_OVERHEAD_IPV4;

    private FrameLayout() {
    }

    /** Largest MESSAGE frame a segment of {@code segmentBytes} can hold (room for the end marker kept). */
    static int maxFrameLength(int segmentBytes) {
        return segmentBytes - HEADER_LENGTH;
    }

    /** Writes a header (CRC left zero) at {@code at} of {@code buf}. */
    static void putHeader(ByteBuffer buf, int at, int frameLength, short type, long tagsCode) {
        buf.putInt(at + FRAME_LENGTH_OFFSET, frameLength)
                .putInt(at + MAGIC_OFFSET, MAGIC)
                .putShort(at + VERSION_OFFSET, VERSION)
                .putShort(at + TYPE_OFFSET, type)
                .putInt(at + CRC_OFFSET, 0)
                .putLong(at + TAGS_CODE_OFFSET, tagsCode);
    }

    /** CRC32C of the frame of {@code crcCoveredLength} bytes at {@code at}, skipping the CRC field. */
    static int crc(ByteBuffer buf, int at, int crcCoveredLength) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buf.duplicate();
        view.limit(at + CRC_OFFSET).position(at);
        crc.update(view);
        view.limit(at + crcCoveredLength).position(at + TAGS_CODE_OFFSET);
        crc.update(view);
        return (int) crc.getValue();
    }

    /** Computes and stores the CRC of the frame at {@code at}. */
    static void seal(ByteBuffer buf, int at) {
        int length = buf.getInt(at + FRAME_LENGTH_OFFSET);
        int covered = buf.getShort(at + TYPE_OFFSET) == TYPE_END_OF_SEGMENT ? HEADER_LENGTH : length;
        buf.putInt(at + CRC_OFFSET, crc(buf, at, covered));
    }
}
