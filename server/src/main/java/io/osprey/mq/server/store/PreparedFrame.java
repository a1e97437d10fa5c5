package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.message.MessageSysFlag;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record encoded into its frame by the caller's thread, so the single writer only copies bytes, patches what
 * it assigns (a message's queue offset, physical offset and store timestamp) and computes the frame CRC.
 *
 * @param type                 the frame's record type
 * @param queue                a message's topic/queue; null for other records
 * @param frame                the whole frame, header included
 * @param storeTimestampOffset where a message's STORE_TIMESTAMP is; -1 for other records
 */
record PreparedFrame(short type, QueueKey queue, ByteBuffer frame, int storeTimestampOffset) {

    static PreparedFrame message(MessageToStore m, InetSocketAddress storeHost, int maxFrameLength) {
        int sysFlag = MessageSysFlag.withHostFlags(m.sysFlag(), m.bornHost(), storeHost);
        MessageRecord record = new MessageRecord(m.queueId(), m.flag(), 0, 0, sysFlag, m.bornTimestamp(),
                m.bornHost(), 0, storeHost, m.reconsumeTimes(), m.preparedTransactionOffset(), m.body(), m.topic(),
                m.properties());
        int payload = MessageRecordCodec.encodedSize(record);
        long frameLength = (long) FrameLayout.HEADER_LENGTH + payload;
        if (frameLength > maxFrameLength) {
            throw new MessageTooLargeException((int) Math.min(Integer.MAX_VALUE, frameLength), maxFrameLength);
        }
        ByteBuffer frame = ByteBuffer.allocate((int) frameLength);
        FrameLayout.putHeader(frame, 0, (int) frameLength, FrameLayout.TYPE_MESSAGE, m.tagsCode());
        frame.position(FrameLayout.PAYLOAD_OFFSET);
        MessageRecordCodec.encode(record, frame);
        frame.clear();
        return new PreparedFrame(FrameLayout.TYPE_MESSAGE, new QueueKey(m.topic(), m.queueId()), frame,
                FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.storeTimestampOffset(sysFlag));
    }

    /** A record of a non-message type whose payload is {@code payload} as given. */
    static PreparedFrame record(short type, byte[] payload, int maxFrameLength) {
        long frameLength = (long) FrameLayout.HEADER_LENGTH + payload.length;
        if (frameLength > maxFrameLength) {
            throw new MessageTooLargeException((int) Math.min(Integer.MAX_VALUE, frameLength), maxFrameLength);
        }
        ByteBuffer frame = ByteBuffer.allocate((int) frameLength);
        FrameLayout.putHeader(frame, 0, (int) frameLength, type, 0);
        frame.position(FrameLayout.PAYLOAD_OFFSET);
        frame.put(payload);
        frame.clear();
        return new PreparedFrame(type, null, frame, -1);
    }

    /** The TOPIC_DELETED record: dispatch drops the topic's consume queues when it reaches it. */
    static PreparedFrame topicDeleted(String topic) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + name.length).putShort((short) name.length).put(name);
        return record(FrameLayout.TYPE_TOPIC_DELETED, payload.array(), Integer.MAX_VALUE);
    }

    /** The topic a TOPIC_DELETED frame names. */
    static String deletedTopic(ByteBuffer frame) {
        int length = frame.getShort(FrameLayout.PAYLOAD_OFFSET);
        byte[] name = new byte[length];
        frame.get(FrameLayout.PAYLOAD_OFFSET + 2, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    /** The BATCH_BEGIN frame in front of {@code count} frames of {@code bytes} in all. */
    static ByteBuffer batchBegin(int count, int bytes) {
        ByteBuffer frame = ByteBuffer.allocate(FrameLayout.BATCH_BEGIN_LENGTH);
        FrameLayout.putHeader(frame, 0, FrameLayout.BATCH_BEGIN_LENGTH, FrameLayout.TYPE_BATCH_BEGIN, 0);
        frame.putInt(FrameLayout.BATCH_FRAME_COUNT_OFFSET, count).putInt(FrameLayout.BATCH_BYTES_OFFSET, bytes);
        FrameLayout.seal(frame, 0);
        return frame;
    }

    boolean isMessage() {
        return type == FrameLayout.TYPE_MESSAGE;
    }

    int length() {
        return frame.capacity();
    }

    /** Fills in what the writer assigns to a message and seals the CRC. */
    void assign(long queueOffset, long physicalOffset, long storeTimestamp) {
        frame.putLong(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.QUEUE_OFFSET_OFFSET, queueOffset);
        frame.putLong(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.PHYSICAL_OFFSET_OFFSET, physicalOffset);
        frame.putLong(storeTimestampOffset, storeTimestamp);
        FrameLayout.seal(frame, 0);
    }

    /** Seals the CRC of a record that is not a message (nothing to assign). */
    void seal() {
        FrameLayout.seal(frame, 0);
    }
}
