package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code JMS_ACK} and {@code JMS_RETURN}: tags grouped by subscription.
 *
 * <pre>
 *   int groups
 *   per group: short keyLength, key (UTF-8), int count, count x (int queueId, long queueOffset)
 * </pre>
 */
public final class DeliveryTags {
    private static final int MAX_TAGS = 1 << 20;

    private DeliveryTags() {
    }

    public static byte[] encode(List<DeliveryTag> tags) {
        Map<String, List<DeliveryTag>> groups = new LinkedHashMap<>();
        for (DeliveryTag tag : tags) {
            groups.computeIfAbsent(tag.subscription(), k -> new ArrayList<>()).add(tag);
        }
        int size = 4;
        for (Map.Entry<String, List<DeliveryTag>> group : groups.entrySet()) {
            size += 2 + group.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + group.getValue().size() * 12;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(groups.size());
        for (Map.Entry<String, List<DeliveryTag>> group : groups.entrySet()) {
            byte[] key = group.getKey().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) key.length).put(key).putInt(group.getValue().size());
            for (DeliveryTag tag : group.getValue()) {
                out.putInt(tag.queueId()).putLong(tag.queueOffset());
            }
        }
        return out.array();
    }

    public static List<DeliveryTag> decode(byte[] body) {
        if (body == null) {
            return List.of();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            int groups = in.getInt();
            checkCount(groups, in, 6);
            List<DeliveryTag> tags = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                byte[] key = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(key);
                String subscription = new String(key, StandardCharsets.UTF_8);
                int count = in.getInt();
                checkCount(count, in, 12);
                if (tags.size() + count > MAX_TAGS) {
                    throw new MalformedBodyException("more than " + MAX_TAGS + " delivery tags");
                }
                for (int i = 0; i < count; i++) {
                    tags.add(new DeliveryTag(subscription, in.getInt(), in.getLong()));
                }
            }
            if (in.hasRemaining()) {
                throw new MalformedBodyException(in.remaining() + " bytes after the delivery tags");
            }
            return tags;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof MalformedBodyException malformed) {
                throw malformed;
            }
            throw new MalformedBodyException("malformed delivery tags: " + e.getMessage(), e);
        }
    }

    private static void checkCount(int count, ByteBuffer in, int minBytesEach) {
        if (count < 0 || (long) count * minBytesEach > in.remaining()) {
            throw new MalformedBodyException("delivery tag count " + count + " does not fit the body");
        }
    }
}
