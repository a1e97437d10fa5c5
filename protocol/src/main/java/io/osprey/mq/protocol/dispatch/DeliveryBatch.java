package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a {@code JMS_FETCH} answer.
 *
 * <pre>
 *   int count
 *   per delivery: int queueId, long queueOffset, int deliveryCount, int recordLength, record (V1 message record)
 * </pre>
 */
public final class DeliveryBatch {
    private static final int FIXED = 4 + 8 + 4 + 4;

    private DeliveryBatch() {
    }

    public static byte[] encode(List<Delivery> deliveries) {
        int size = 4;
        for (Delivery d : deliveries) {
            size += FIXED + d.record().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(deliveries.size());
        for (Delivery d : deliveries) {
            out.putInt(d.queueId()).putLong(d.queueOffset()).putInt(d.deliveryCount()).putInt(d.record().length)
                    .put(d.record());
        }
        return out.array();
    }

    public static List<Delivery> decode(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            int count = in.getInt();
            if (count < 0 || (long) count * FIXED > in.remaining()) {
                throw new MalformedBodyException("delivery count " + count + " does not fit the body");
            }
            List<Delivery> deliveries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int queueId = in.getInt();
                long queueOffset = in.getLong();
                int deliveryCount = in.getInt();
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new MalformedBodyException("record length " + length + " does not fit the body");
                }
                byte[] record = new byte[length];
                in.get(record);
                deliveries.add(new Delivery(queueId, queueOffset, deliveryCount, record));
            }
            return deliveries;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof MalformedBodyException malformed) {
                throw malformed;
            }
            throw new MalformedBodyException("malformed delivery batch: " + e.getMessage(), e);
        }
    }
}
