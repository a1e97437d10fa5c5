package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.message.MessageSysFlag;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A message encoded into its frame by the caller's thread, so the single writer only copies bytes, patches the
 * three fields it assigns (queue offset, physical offset, store timestamp) and computes the frame CRC.
 */
record PreparedFrame(QueueKey queue, ByteBuffer frame, int storeTimestampOffset) {

    static PreparedFrame prepare(MessageToStore m, InetSocketAddress storeHost, int maxFrameLength) {
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
        return new PreparedFrame(new QueueKey(m.topic(), m.queueId()), frame,
                FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.storeTimestampOffset(sysFlag));
    }

    int length() {
        return frame.capacity();
    }

    /** Fills in what the writer assigns and seals the CRC. */
    void assign(long queueOffset, long physicalOffset, long storeTimestamp) {
        frame.putLong(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.QUEUE_OFFSET_OFFSET, queueOffset);
        frame.putLong(FrameLayout.PAYLOAD_OFFSET + MessageRecordCodec.PHYSICAL_OFFSET_OFFSET, physicalOffset);
        frame.putLong(storeTimestampOffset, storeTimestamp);
        FrameLayout.seal(frame, 0);
    }
}
