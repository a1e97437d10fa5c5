package io.osprey.mq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds a SEND_BATCH_MESSAGE (320) body, the inverse of {@link BatchMessageDecoder}: magic and CRC are 0. */
public final class BatchMessageEncoder {
    private BatchMessageEncoder() {
    }

    public static byte[] encode(List<BatchMessageItem> items) {
        byte[][] properties = new byte[items.size()][];
        int size = 0;
        for (int i = 0; i < items.size(); i++) {
            properties[i] = MessageProperties.encode(items.get(i).properties()).getBytes(StandardCharsets.UTF_8);
            size += BatchMessageDecoder.ITEM_OVERHEAD + items.get(i).body().length + properties[i].length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (int i = 0; i < items.size(); i++) {
            BatchMessageItem item = items.get(i);
            buf.putInt(BatchMessageDecoder.ITEM_OVERHEAD + item.body().length + properties[i].length)
                    .putInt(0)
                    .putInt(0)
                    .putInt(item.flag())
                    .putInt(item.body().length).put(item.body())
                    .putShort((short) properties[i].length).put(properties[i]);
        }
        return buf.array();
    }
}
