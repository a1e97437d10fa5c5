package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one transaction did on one broker: the messages it sends and the delivery tags of the messages it consumed.
 * The body of {@code JMS_TX_COMMIT} and (sends only) {@code JMS_TX_STAGE}.
 *
 * <pre>
 *   int sends
 *   per send: short topicLength (unsigned), topic (UTF-8), int queueId, long bornTimestamp,
 *             int propertiesLength, properties (UTF-8), int bodyLength, body
 *   the consumed tags, as {@link DeliveryTags} encodes them
 * </pre>
 *
 * At most {@value #MAX_SENDS} sends, in encoding as in decoding; decoding refuses anything that is not exactly such
 * a body (a length beyond the bytes, a string that is not UTF-8, bytes after the tags) with a
 * {@link MalformedBodyException} naming the problem.
 */
public record TransactionWork(List<StagedSend> sends, List<DeliveryTag> consumed) {
    /** The most sends one body carries. */
    public static final int MAX_SENDS = 1 << 20;
    private static final int MAX_TOPIC_BYTES = 0xFFFF;
    private static final int MIN_SEND_BYTES = 2 + 4 + 8 + 4 + 4;

    public TransactionWork {
        sends = List.copyOf(sends);
        consumed = List.copyOf(consumed);
    }

    public boolean isEmpty() {
        return sends.isEmpty() && consumed.isEmpty();
    }

    /** @throws IllegalArgumentException for more than the sends or tags a body carries, or one too large */
    public byte[] encode() {
        if (sends.size() > MAX_SENDS) {
            throw new IllegalArgumentException(sends.size() + " sends, more than the " + MAX_SENDS
                    + " one transaction request carries");
        }
        List<byte[]> topics = new ArrayList<>(sends.size());
        List<byte[]> properties = new ArrayList<>(sends.size());
        byte[] tags = DeliveryTags.encode(consumed);
        long size = 4 + tags.length;
        for (StagedSend send : sends) {
            byte[] topic = send.topic().getBytes(StandardCharsets.UTF_8);
            byte[] props = send.properties().getBytes(StandardCharsets.UTF_8);
            if (topic.length > MAX_TOPIC_BYTES) {
                throw new IllegalArgumentException("topic name of " + topic.length + " bytes");
            }
            topics.add(topic);
            properties.add(props);
            size += MIN_SEND_BYTES + topic.length + props.length + send.body().length;
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a transaction of " + size + " bytes does not fit one request");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(sends.size());
        for (int i = 0; i < sends.size(); i++) {
            StagedSend send = sends.get(i);
            out.putShort((short) topics.get(i).length).put(topics.get(i))
                    .putInt(send.queueId()).putLong(send.bornTimestamp())
                    .putInt(properties.get(i).length).put(properties.get(i))
                    .putInt(send.body().length).put(send.body());
        }
        out.put(tags);
        return out.array();
    }

    /** @throws MalformedBodyException for no body, or bytes that are not exactly a transaction's body */
    public static TransactionWork decode(byte[] body) {
        if (body == null) {
            throw new MalformedBodyException("a transaction needs a body");
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int count = in.getInt();
            if (count < 0 || count > MAX_SENDS) {
                throw new MalformedBodyException("send count " + count + " outside [0, " + MAX_SENDS + "]");
            }
            if ((long) count * MIN_SEND_BYTES > in.remaining()) {
                throw new MalformedBodyException("send count " + count + " does not fit the body");
            }
            List<StagedSend> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String topic = StrictUtf8.decode(bytes(in, Short.toUnsignedInt(in.getShort()), "topic", i),
                        "the topic of send " + (i + 1));
                int queueId = in.getInt();
                long born = in.getLong();
                String properties = StrictUtf8.decode(bytes(in, in.getInt(), "properties", i),
                        "the properties of send " + (i + 1));
                byte[] payload = bytes(in, in.getInt(), "body", i);
                sends.add(new StagedSend(topic, queueId, born, properties, payload));
            }
            List<DeliveryTag> consumed = DeliveryTags.decode(Arrays.copyOfRange(body, in.position(), body.length));
            return new TransactionWork(sends, consumed);
        } catch (BufferUnderflowException e) {
            throw new MalformedBodyException("the transaction ends early, at byte " + in.position() + " of "
                    + body.length, e);
        }
    }

    private static byte[] bytes(ByteBuffer in, int length, String what, int send) {
        if (length < 0 || length > in.remaining()) {
            throw new MalformedBodyException(what + " length " + length + " of send " + (send + 1)
                    + " does not fit the body");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }
}
