package io.osprey.mq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SEND_BATCH_MESSAGE (code 320) body into its items (reference §5.5). Each item:
 *
 * <pre>
 *  offset  field
 *   0  TOTAL_SIZE         int   whole item, this field included
 *   4  MAGIC              int   0 (not checked: clients write 0)
 *   8  BODY_CRC           int   0 (not checked)
 *  12  FLAG               int
 *  16  BODY_LENGTH        int, then body bytes
 *   .  PROPERTIES_LENGTH  short, then properties UTF-8 (§5.2)
 * </pre>
 *
 * Items follow each other with no count or padding. Any length that is negative, runs past the body or
 * disagrees with TOTAL_SIZE raises {@link MalformedMessageException}; nothing is silently skipped.
 */
public final class BatchMessageDecoder {
    /** totalSize + magic + bodyCRC + flag + bodyLength + propertiesLength. */
    public static final int ITEM_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

    private BatchMessageDecoder() {
    }

    /** Decodes every item of {@code body}; an empty body is malformed (a batch has at least one message). */
    public static List<BatchMessageItem> decode(byte[] body) {
        ByteBuffer buf = ByteBuffer.wrap(body);
        List<BatchMessageItem> items = new ArrayList<>();
        while (buf.hasRemaining()) {
            items.add(decodeItem(buf, items.size()));
        }
        if (items.isEmpty()) {
            throw new MalformedMessageException("batch body is empty");
        }
        return items;
    }

    private static BatchMessageItem decodeItem(ByteBuffer buf, int index) {
        int start = buf.position();
        if (buf.remaining() < ITEM_OVERHEAD) {
            throw new MalformedMessageException("batch item " + index + " at byte " + start + ": "
                    + buf.remaining() + " bytes left, an item needs at least " + ITEM_OVERHEAD);
        }
        int totalSize = buf.getInt();
        if (totalSize < ITEM_OVERHEAD || totalSize > buf.remaining() + 4) {
            throw new MalformedMessageException("batch item " + index + " at byte " + start + ": totalSize "
                    + totalSize + " outside [" + ITEM_OVERHEAD + ", " + (buf.remaining() + 4) + "]");
        }
        buf.getInt(); // magic: clients write 0
        buf.getInt(); // bodyCRC: clients write 0
        int flag = buf.getInt();
        int bodyLength = buf.getInt();
        int end = start + totalSize;
        if (bodyLength < 0 || bodyLength > end - buf.position() - 2) {
            throw new MalformedMessageException("batch item " + index + " at byte " + start + ": body length "
                    + bodyLength + " does not fit its totalSize " + totalSize);
        }
        byte[] body = new byte[bodyLength];
        buf.get(body);
        int propertiesLength = buf.getShort();
        if (propertiesLength < 0 || buf.position() + propertiesLength != end) {
            throw new MalformedMessageException("batch item " + index + " at byte " + start
                    + ": properties length " + propertiesLength + " disagrees with totalSize " + totalSize);
        }
        byte[] properties = new byte[propertiesLength];
        buf.get(properties);
        return new BatchMessageItem(flag, body,
                MessageProperties.decode(new String(properties, StandardCharsets.UTF_8)));
    }
}
