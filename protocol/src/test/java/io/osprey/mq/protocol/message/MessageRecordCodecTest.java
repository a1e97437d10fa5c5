package io.osprey.mq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRecordCodecTest {
    /** Reference §5.3, verified against the stock client. */
    static final String VERIFIED_HEX = ("00000077 daa320a7 3610a686 00000002 00000000 0000000000000005 "
            + "000000000001e240 00000000 0000018bcfe56800 0a000005 0000c738 0000018bcfe56864 0a000001 00002a9f "
            + "00000000 0000000000000000 00000005 68656c6c6f 02 5431 0015 "
            + "4b455953016b310278017902544147530174616741").replace(" ", "");

    static MessageRecord verifiedExample() throws Exception {
        return new MessageRecord(2, 0, 5, 123456, 0, 0x18bcfe56800L,
                new InetSocketAddress(InetAddress.getByName("10.0.0.5"), 51000), 0x18bcfe56864L,
                new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 10911), 0, 0,
                "hello".getBytes(StandardCharsets.UTF_8), "T1", "KEYS\u0001k1\u0002x\u0001y\u0002TAGS\u0001tagA");
    }

    @Test
    void encodesTheVerifiedExampleByteForByte() throws Exception {
        byte[] bytes = MessageRecordCodec.encode(verifiedExample());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VERIFIED_HEX);
        assertThat(verifiedExample().totalSize()).isEqualTo(0x77);
    }

    @Test
    void decodesTheVerifiedExample() throws Exception {
        MessageRecord decoded = MessageRecordCodec.decode(HexFormat.of().parseHex(VERIFIED_HEX));

        assertThat(decoded).isEqualTo(verifiedExample());
        assertThat(decoded.propertiesMap()).containsExactly(
                java.util.Map.entry("KEYS", "k1"), java.util.Map.entry("x", "y"), java.util.Map.entry("TAGS", "tagA"));
        assertThat(decoded.messageId().encode()).isEqualTo("0A00000100002A9F000000000001E240");
    }

    @Test
    void roundTripsIpv6Hosts() throws Exception {
        InetSocketAddress born = new InetSocketAddress(InetAddress.getByName("fe80::1"), 1234);
        InetSocketAddress store = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 10911);
        int sysFlag = MessageSysFlag.withHostFlags(MessageSysFlag.COMPRESSED_FLAG, born, store);
        MessageRecord record = new MessageRecord(1, 7, 9, 99, sysFlag, 1L, born, 2L, store, 3, 4,
                new byte[] {1, 2, 3}, "topic-é", "a\u0001b");

        byte[] bytes = MessageRecordCodec.encode(record);

        assertThat(bytes).hasSize(MessageRecordCodec.FIXED_OVERHEAD_IPV4 + 24 + 3 + 8 + 3);
        assertThat(MessageRecordCodec.decode(bytes)).isEqualTo(record);
        assertThat(ByteBuffer.wrap(bytes).getLong(MessageRecordCodec.storeTimestampOffset(sysFlag))).isEqualTo(2L);
    }

    @Test
    void decodesRecordsBackToBackAsInAPullBody() throws Exception {
        MessageRecord a = verifiedExample();
        MessageRecord b = new MessageRecord(3, 1, 6, 200_000, 0, 5, a.bornHost(), 6, a.storeHost(), 0, 0,
                new byte[0], "T2", "");
        ByteBuffer body = ByteBuffer.allocate(a.totalSize() + b.totalSize());
        MessageRecordCodec.encode(a, body);
        MessageRecordCodec.encode(b, body);

        List<MessageRecord> records = MessageRecordCodec.decodeAll(body.array());

        assertThat(records).containsExactly(a, b);
    }

    @Test
    void encodesIntoPlainAndCompositeByteBufsAndDecodesWithoutTakingOwnership() throws Exception {
        MessageRecord record = verifiedExample();
        ByteBuf plain = Unpooled.buffer();
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.buffer(1).writeByte(9));
        composite.skipBytes(1);
        try {
            MessageRecordCodec.encode(record, plain);
            MessageRecordCodec.encode(record, composite);

            assertThat(MessageRecordCodec.decode(plain)).isEqualTo(record);
            assertThat(MessageRecordCodec.decode(composite)).isEqualTo(record);
            assertThat(plain.isReadable()).isFalse();
            assertThat(composite.isReadable()).isFalse();
        } finally {
            plain.release();
            composite.release();
        }
        assertThat(plain.refCnt()).isZero();
        assertThat(composite.refCnt()).isZero();
    }

    @Test
    void rejectsEveryTruncationOfARecord() {
        byte[] bytes = HexFormat.of().parseHex(VERIFIED_HEX);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> MessageRecordCodec.decode(cut))
                    .as("cut at %d", length).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void rejectsAWrongMagic() {
        byte[] bytes = HexFormat.of().parseHex(VERIFIED_HEX);
        bytes[7] = (byte) 0xAB; // V2 magic 0xDAA320AB

        assertThatThrownBy(() -> MessageRecordCodec.decode(bytes))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("magic");
    }

    @Test
    void rejectsABodyThatDoesNotMatchItsCrc() {
        byte[] bytes = HexFormat.of().parseHex(VERIFIED_HEX);
        bytes[0x58] ^= 1; // first byte of "hello"

        assertThatThrownBy(() -> MessageRecordCodec.decode(bytes))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("CRC");
    }

    @Test
    void rejectsATotalSizeLargerThanTheInput() {
        byte[] bytes = HexFormat.of().parseHex(VERIFIED_HEX);
        bytes[3] = (byte) 0x78;

        assertThatThrownBy(() -> MessageRecordCodec.decode(bytes)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void rejectsHostsThatDisagreeWithTheSysFlag() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 1);
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 1);

        assertThatThrownBy(() -> new MessageRecord(0, 0, 0, 0, 0, 0, v6, 0, v4, 0, 0, new byte[0], "T", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToEncodeATopicLongerThan127Bytes() throws Exception {
        MessageRecord example = verifiedExample();
        MessageRecord longTopic = new MessageRecord(0, 0, 0, 0, 0, 0, example.bornHost(), 0, example.storeHost(),
                0, 0, new byte[0], "t".repeat(128), "");

        assertThatThrownBy(() -> MessageRecordCodec.encode(longTopic)).isInstanceOf(IllegalArgumentException.class);
    }
}
