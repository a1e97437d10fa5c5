package io.osprey.mq.protocol.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.osprey.mq.protocol.body.MalformedBodyException;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.SerializeType;
import io.osprey.mq.protocol.frame.InboundFrame;
import io.osprey.mq.protocol.frame.RemotingCommandEncoder;
import io.osprey.mq.protocol.frame.RemotingFrameDecoder;
import io.osprey.mq.protocol.header.HeaderException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bodies of JMS_TX_COMMIT and JMS_TX_STAGE ({@link TransactionWork}) with their header: what is encoded decodes
 * equal, alone and through the frame codec, for empty, large and odd transactions; bytes that are not such a body —
 * truncated, with lengths or counts that do not fit, strings that are not UTF-8, values a tag cannot hold, more
 * sends than a body carries — are refused with a {@link MalformedBodyException} that names the problem.
 */
class TransactionWorkTest {
    private static final String KEY = "queue:Orders";

    static Stream<Arguments> transactions() {
        Random random = new Random(7);
        List<StagedSend> manySends = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            manySends.add(send("T" + (i % 7), i % 4, "k" + i + "\u0001v" + i, bytes(random, random.nextInt(600))));
        }
        manySends.add(send("Big", 0, "", bytes(random, 3 << 20)));
        List<DeliveryTag> manyTags = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            manyTags.add(new DeliveryTag("queue:Q" + (i / 1_000), i % 8, i * 3L));
        }
        List<DeliveryTag> interleaved = List.of(new DeliveryTag("a", 0, 1), new DeliveryTag("b", 0, 1),
                new DeliveryTag("a", 1, 2), new DeliveryTag("a", 1, 2), new DeliveryTag("b", 3, 0));
        return Stream.of(
                Arguments.of("nothing", new TransactionWork(List.of(), List.of())),
                Arguments.of("one send", new TransactionWork(List.of(send("Out", 0, "a\u0001b", "x".getBytes(
                        StandardCharsets.UTF_8))), List.of())),
                Arguments.of("acknowledgements only", new TransactionWork(List.of(),
                        List.of(new DeliveryTag(KEY, 0, 0), new DeliveryTag(KEY, 3, Long.MAX_VALUE)))),
                Arguments.of("large", new TransactionWork(manySends, manyTags)),
                Arguments.of("odd", new TransactionWork(List.of(
                        new StagedSend("", -1, Long.MIN_VALUE, "", new byte[0]),
                        new StagedSend("Ünïcødé-主題", Integer.MAX_VALUE, Long.MAX_VALUE, "ключ\u0001значение\u0002",
                                new byte[] {0, -1, 0, -128}),
                        new StagedSend("t".repeat(0xFFFF), -7, 0, "p".repeat(70_000), new byte[1])),
                        List.of(new DeliveryTag("", 0, 0), new DeliveryTag("durable:ç/名前", 0, 1)))),
                Arguments.of("tags of subscriptions interleaved", new TransactionWork(List.of(), interleaved)),
                Arguments.of("a subscription key of the longest length", new TransactionWork(List.of(),
                        List.of(new DeliveryTag("k".repeat(0xFFFF), 1, 1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transactions")
    void decodesWhatItEncodes(String name, TransactionWork work) {
        assertThat(TransactionWork.decode(work.encode())).isEqualTo(work);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transactions")
    void aCommitCrossesTheWireWithItsHeaderInEitherSerializeType(String name, TransactionWork work) {
        for (SerializeType type : SerializeType.values()) {
            TransactionHeader header = new TransactionHeader("conn-1/ß", "conn-1/session-2/17");
            RemotingCommand sent = RemotingCommand.request(RequestCode.JMS_TX_COMMIT, header.toExtFields(),
                    work.encode()).withSerializeType(type).withOpaque(42);

            RemotingCommand received = overTheWire(sent);

            assertThat(received.code()).isEqualTo(RequestCode.JMS_TX_COMMIT);
            assertThat(received.serializeType()).isEqualTo(type);
            assertThat(TransactionHeader.from(received.extFields())).isEqualTo(header);
            assertThat(TransactionWork.decode(received.body())).as("%s in %s", name, type).isEqualTo(work);
        }
    }

    @Test
    void everyTruncationOfABodyIsRefused() {
        byte[] body = new TransactionWork(List.of(send("Out", 0, "a\u0001b", new byte[] {1, 2, 3}),
                send("Ü", 1, "", new byte[0])), List.of(new DeliveryTag(KEY, 0, 5), new DeliveryTag("s", 1, 6)))
                .encode();
        for (int length = 0; length < body.length; length++) {
            byte[] truncated = Arrays.copyOf(body, length);
            assertThatThrownBy(() -> TransactionWork.decode(truncated)).as("the first %d of %d bytes", length,
                    body.length).isInstanceOf(MalformedBodyException.class).hasMessageNotContaining("null");
        }
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> TransactionWork.decode(longer)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("1 bytes after the delivery tags");
        assertThatThrownBy(() -> TransactionWork.decode(null)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("needs a body");
    }

    static Stream<Arguments> malformed() {
        byte[] topic = "Out".getBytes(StandardCharsets.UTF_8);
        byte[] noTags = ByteBuffer.allocate(4).putInt(0).array();
        return Stream.of(
                Arguments.of("a negative send count", body(b -> b.putInt(-1)), "send count -1"),
                Arguments.of("more sends than a body carries", body(b -> b.putInt(TransactionWork.MAX_SENDS + 1)
                        .put(new byte[64])), "outside [0, " + TransactionWork.MAX_SENDS + "]"),
                Arguments.of("more sends than the bytes hold", body(b -> b.putInt(3).put(new byte[40])),
                        "send count 3 does not fit"),
                Arguments.of("a topic beyond the body", sendWith(b -> b.putShort((short) 60_000).put(topic)
                        .putInt(0).putLong(0).putInt(0).putInt(0).put(noTags)), "topic length 60000 of send 1"),
                Arguments.of("negative properties length", sendWith(b -> b.putShort((short) 3).put(topic)
                        .putInt(0).putLong(0).putInt(-4).putInt(0).put(noTags)), "properties length -4"),
                Arguments.of("properties beyond the body", sendWith(b -> b.putShort((short) 3).put(topic)
                        .putInt(0).putLong(0).putInt(Integer.MAX_VALUE).putInt(0).put(noTags)),
                        "properties length " + Integer.MAX_VALUE),
                Arguments.of("a body beyond the body", sendWith(b -> b.putShort((short) 3).put(topic)
                        .putInt(0).putLong(0).putInt(0).putInt(1 << 30).put(noTags)), "body length 1073741824"),
                Arguments.of("a negative body length", sendWith(b -> b.putShort((short) 3).put(topic)
                        .putInt(0).putLong(0).putInt(0).putInt(-1).put(noTags)), "body length -1"),
                Arguments.of("a topic that is not UTF-8", sendWith(b -> b.putShort((short) 2)
                        .put(new byte[] {(byte) 0xC3, (byte) 0x28}).putInt(0).putLong(0).putInt(0).putInt(0)
                        .put(noTags)), "topic of send 1 is not UTF-8"),
                Arguments.of("properties that are not UTF-8", sendWith(b -> b.putShort((short) 3).put(topic)
                        .putInt(0).putLong(0).putInt(1).put((byte) 0xFF).putInt(0).put(noTags)),
                        "properties of send 1 is not UTF-8"),
                Arguments.of("no tags after the sends", sendWith(b -> b.putShort((short) 3).put(topic)
                        .putInt(0).putLong(0).putInt(0).putInt(0)), "end early"),
                Arguments.of("a negative queue id in a tag", tagsWith(b -> b.putInt(1).putShort((short) 1)
                        .put((byte) 's').putInt(1).putInt(-3).putLong(0)), "negative queue id"),
                Arguments.of("a negative queue offset in a tag", tagsWith(b -> b.putInt(1).putShort((short) 1)
                        .put((byte) 's').putInt(1).putInt(0).putLong(-1)), "negative queue id or offset"),
                Arguments.of("a tag count beyond the body", tagsWith(b -> b.putInt(1).putShort((short) 1)
                        .put((byte) 's').putInt(2).putInt(0).putLong(0)), "delivery tag count 2"),
                Arguments.of("a negative group count", tagsWith(b -> b.putInt(-2)), "group count -2"),
                Arguments.of("a subscription key beyond the body", tagsWith(b -> b.putInt(1)
                        .putShort((short) 0xFFFF).put(new byte[8])), "subscription key length 65535"),
                Arguments.of("a subscription key that is not UTF-8", tagsWith(b -> b.putInt(1).putShort((short) 1)
                        .put((byte) 0x80).putInt(0)), "subscription key is not UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesABodyThatIsNotATransactionNamingWhy(String name, byte[] body, String why) {
        assertThatThrownBy(() -> TransactionWork.decode(body)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining(why);
    }

    @Test
    void refusesToEncodeWhatNoBodyCarries() {
        List<StagedSend> tooMany = new ArrayList<>(TransactionWork.MAX_SENDS + 1);
        StagedSend one = send("Out", 0, "", new byte[0]);
        for (int i = 0; i <= TransactionWork.MAX_SENDS; i++) {
            tooMany.add(one);
        }
        assertThatThrownBy(() -> new TransactionWork(tooMany, List.of()).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sends");
        assertThatThrownBy(() -> new TransactionWork(List.of(send("t".repeat(0x10000), 0, "", new byte[0])),
                List.of()).encode()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
        assertThatThrownBy(() -> new TransactionWork(List.of(), List.of(new DeliveryTag("k".repeat(0x10000), 0,
                0))).encode()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    }

    @Test
    void theHeaderNamesAMissingField() {
        assertThatThrownBy(() -> TransactionHeader.from(Map.of("connectionId", "c")))
                .isInstanceOf(HeaderException.class).hasMessageContaining("transactionId");
        assertThatThrownBy(() -> TransactionHeader.from(Map.of("transactionId", "t")))
                .isInstanceOf(HeaderException.class).hasMessageContaining("connectionId");
    }

    @Test
    void aSendEqualsOneWithTheSameBodyBytes() {
        StagedSend a = send("Out", 2, "p", new byte[] {1, 2});
        StagedSend b = send("Out", 2, "p", new byte[] {1, 2});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(send("Out", 2, "p", new byte[] {1, 3}));
        assertThat(a.toString()).contains("2 bytes");
    }

    /** Encodes {@code command} as a peer would and decodes it as the broker does; no buffer is left behind. */
    private static RemotingCommand overTheWire(RemotingCommand command) {
        EmbeddedChannel sender = new EmbeddedChannel(new RemotingCommandEncoder());
        EmbeddedChannel receiver = new EmbeddedChannel(new RemotingFrameDecoder(64 << 20));
        try {
            assertThat(sender.writeOutbound(command)).isTrue();
            ByteBuf bytes = sender.readOutbound();
            // split in two, as TCP may deliver it
            int half = bytes.readableBytes() / 2;
            ByteBuf first = bytes.readRetainedSlice(half);
            receiver.writeInbound(first);
            assertThat((Object) receiver.readInbound()).isNull();
            receiver.writeInbound(bytes);
            InboundFrame frame = receiver.readInbound();
            assertThat(frame).isInstanceOf(InboundFrame.Read.class);
            assertThat(first.refCnt()).isZero();
            assertThat(bytes.refCnt()).isZero();
            return frame.command();
        } finally {
            assertThat(sender.finishAndReleaseAll()).isFalse();
            assertThat(receiver.finishAndReleaseAll()).isFalse();
        }
    }

    private static StagedSend send(String topic, int queueId, String properties, byte[] body) {
        return new StagedSend(topic, queueId, 1_700_000_000_000L + queueId, properties, body);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private interface Writer {
        void write(ByteBuffer out);
    }

    private static byte[] body(Writer writer) {
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        writer.write(out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** A body of one send written by {@code writer} (tags included, if the writer writes them). */
    private static byte[] sendWith(Writer writer) {
        return body(b -> {
            b.putInt(1);
            writer.write(b);
        });
    }

    /** A body of no sends whose tags {@code writer} writes. */
    private static byte[] tagsWith(Writer writer) {
        return body(b -> {
            b.putInt(0);
            writer.write(b);
        });
    }
}
