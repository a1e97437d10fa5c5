package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code JMS_ACK} and {@code JMS_RETURN}, and the consumed part of a transaction's: tags grouped by
 * subscription.
 *
 * <pre>
 *   int groups
 *   per group: short keyLength (unsigned), key (UTF-8), int count, count x (int queueId, long queueOffset)
 * </pre>
 *
 * A group is a run of consecutive tags of one subscription, so that decoding gives back the tags in the order
 * they were encoded; a subscription may head several groups. At most {@value #MAX_TAGS} tags, in encoding as in
 * decoding.
 */
public final class DeliveryTags {
    /** The most tags one body carries. */
    public static final int MAX_TAGS = 1 << 20;
    private static final int MAX_KEY_BYTES = 0xFFFF;
    private static final int GROUP_HEAD_BYTES = 2 + 4;
    private static final int TAG_BYTES = 4 + 8;

    private DeliveryTags() {
    }

    /** @throws IllegalArgumentException for more than {@link #MAX_TAGS} tags or a key over 65,535 UTF-8 bytes */
    public static byte[] encode(List<DeliveryTag> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(tags.size() + " delivery tags, more than the " + MAX_TAGS
                    + " one body carries");
        }
        List<byte[]> keys = new ArrayList<>();
        List<Integer> runLengths = new ArrayList<>();
        long size = 4;
        String current = null;
        for (DeliveryTag tag : tags) {
            if (!tag.subscription().equals(current)) {
                current = tag.subscription();
                byte[] key = current.getBytes(StandardCharsets.UTF_8);
                if (key.length > MAX_KEY_BYTES) {
                    throw new IllegalArgumentException("a subscription key of " + key.length + " bytes");
                }
                keys.add(key);
                runLengths.add(0);
                size += GROUP_HEAD_BYTES + key.length;
            }
            runLengths.set(runLengths.size() - 1, runLengths.get(runLengths.size() - 1) + 1);
            size += TAG_BYTES;
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("delivery tags of " + size + " bytes do not fit one request");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(keys.size());
        int next = 0;
        for (int g = 0; g < keys.size(); g++) {
            out.putShort((short) keys.get(g).length).put(keys.get(g)).putInt(runLengths.get(g));
            for (int i = 0; i < runLengths.get(g); i++) {
                DeliveryTag tag = tags.get(next++);
                out.putInt(tag.queueId()).putLong(tag.queueOffset());
            }
        }
        return out.array();
    }

    /**
     * The tags of a body; none for no body.
     *
     * @throws MalformedBodyException for bytes that are not exactly such a body, naming what is wrong
     */
    public static List<DeliveryTag> decode(byte[] body) {
        if (body == null) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int groups = in.getInt();
            checkCount("group", groups, in, GROUP_HEAD_BYTES);
            List<DeliveryTag> tags = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                int keyLength = Short.toUnsignedInt(in.getShort());
                if (keyLength > in.remaining()) {
                    throw new MalformedBodyException("subscription key length " + keyLength + " does not fit the"
                            + " body");
                }
                byte[] key = new byte[keyLength];
                in.get(key);
                String subscription = StrictUtf8.decode(key, "a subscription key");
                int count = in.getInt();
                checkCount("delivery tag", count, in, TAG_BYTES);
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
        } catch (BufferUnderflowException e) {
            throw new MalformedBodyException("delivery tags end early: " + body.length + " bytes", e);
        } catch (MalformedBodyException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // a tag the record refuses (negative queue id or offset)
            throw new MalformedBodyException("malformed delivery tag: " + e.getMessage(), e);
        }
    }

    private static void checkCount(String what, int count, ByteBuffer in, int minBytesEach) {
        if (count < 0 || (long) count * minBytesEach > in.remaining()) {
            throw new MalformedBodyException(what + " count " + count + " does not fit the body");
        }
    }
}
