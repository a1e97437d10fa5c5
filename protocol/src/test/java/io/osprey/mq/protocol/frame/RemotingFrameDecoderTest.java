package io.osprey.mq.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.command.SerializeType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RemotingFrameDecoder} and {@link RemotingCommandEncoder} on an {@link EmbeddedChannel}: framing
 * (split, batched, oversized, negative and zero lengths), malformed headers of both serialize types, and the
 * stock client's lenient JSON reading. Every buffer a test feeds in must end with {@code refCnt() == 0}.
 */
class RemotingFrameDecoderTest {
    private static final int MAX_FRAME_BYTES = 1024;
    private static final int JSON = 0;
    private static final int ROCKETMQ = 1;

    private final List<ByteBuf> inputs = new ArrayList<>();
    private EmbeddedChannel channel = channel(MAX_FRAME_BYTES);

    @AfterEach
    void releasesEveryInputBuffer() {
        channel.finishAndReleaseAll();
        assertThat(inputs).allSatisfy(in -> assertThat(in.refCnt()).as("refCnt of an input buffer").isZero());
    }

    // ---- framing ---------------------------------------------------------------------------------------------

    @Test
    void decodesFrameDeliveredOneByteAtATime() {
        byte[] frame = RecordedFrames.load("rmq-4.9.8-rocketmq-SEND_MESSAGE_V2");

        for (int i = 0; i < frame.length - 1; i++) {
            assertThat(channel.writeInbound(input(new byte[] {frame[i]}))).as("output after byte %d", i).isFalse();
        }
        assertThat(channel.writeInbound(input(new byte[] {frame[frame.length - 1]}))).isTrue();

        RemotingCommand command = inbound();
        assertThat(command.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(command.extFields()).containsEntry("b", "T1");
        assertThat(new String(command.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void decodesSeveralFramesFromOneBufferInOrder() {
        byte[] route = RecordedFrames.load("rmq-4.9.8-json-GET_ROUTEINFO_BY_TOPIC");
        byte[] heartbeat = RecordedFrames.load("rmq-5.3.1-rocketmq-HEART_BEAT");
        byte[] query = RecordedFrames.load("rmq-5.3.1-json-QUERY_CONSUMER_OFFSET");

        channel = channel(64 * 1024);
        channel.writeInbound(input(concat(route, heartbeat, query)));

        assertThat(inbound().code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(inbound().code()).isEqualTo(RequestCode.HEART_BEAT);
        assertThat(inbound().code()).isEqualTo(RequestCode.QUERY_CONSUMER_OFFSET);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void keepsPartialSecondFrameUntilItsRestArrives() {
        byte[] first = RecordedFrames.load("rmq-4.9.8-json-GET_MAX_OFFSET");
        byte[] second = RecordedFrames.load("rmq-4.9.8-rocketmq-PULL_MESSAGE");
        byte[] stream = concat(first, second);
        int cut = first.length + 6; // inside the second frame's header-length word

        assertThat(channel.writeInbound(input(Arrays.copyOfRange(stream, 0, cut)))).isTrue();
        assertThat(inbound().code()).isEqualTo(RequestCode.GET_MAX_OFFSET);
        assertThat((Object) channel.readInbound()).isNull();

        assertThat(channel.writeInbound(input(Arrays.copyOfRange(stream, cut, stream.length)))).isTrue();
        assertThat(inbound().code()).isEqualTo(RequestCode.PULL_MESSAGE);
    }

    @Test
    void acceptsFrameOfExactlyMaxFrameBytesIncludingThePrefix() {
        byte[] frame = frameOfTotalBytes(MAX_FRAME_BYTES);

        assertThat(channel.writeInbound(input(frame))).isTrue();

        RemotingCommand command = inbound();
        assertThat(command.body()).hasSize(MAX_FRAME_BYTES - 8 - jsonHeader().length);
    }

    @Test
    void rejectsFrameOneByteOverMaxFrameBytesBeforeBufferingIt() {
        byte[] oversized = frameOfTotalBytes(MAX_FRAME_BYTES + 1);
        ByteBuf head = input(Arrays.copyOfRange(oversized, 0, 100));

        assertThatThrownBy(() -> channel.writeInbound(head)).isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining(String.valueOf(MAX_FRAME_BYTES + 1));

        // fails fast: the decoder kept none of the first 100 bytes (the buffer it would have accumulated into
        // is released) and drops the rest of the frame as it arrives
        assertThat(head.refCnt()).isZero();
        assertThat(channel.writeInbound(input(Arrays.copyOfRange(oversized, 100, oversized.length)))).isFalse();
        assertThat(channel.writeInbound(input(RecordedFrames.load("rmq-4.9.8-json-GET_ROUTEINFO_BY_TOPIC"))))
                .isTrue();
        assertThat(inbound().code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
    }

    @Test
    void rejectsHugeLengthFromTheLengthPrefixAlone() {
        ByteBuf prefix = input(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThatThrownBy(() -> channel.writeInbound(prefix)).isInstanceOf(TooLongFrameException.class);
        assertThat(prefix.refCnt()).isZero();
    }

    /**
     * Netty reads a 4-byte length field unsigned, so a "negative" length is a length beyond 2 GiB: rejected as
     * too long, before anything is buffered, like any other oversized frame.
     */
    @Test
    void rejectsNegativeLengthBeforeBufferingAnything() {
        ByteBuf in = input(RecordedFrames.hex("ffffff00 00000000"));

        assertThatThrownBy(() -> channel.writeInbound(in)).isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining(Long.toString(0xffffff00L + 4));
        assertThat(in.refCnt()).isZero();
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 3})
    void rejectsFrameTooShortForTheHeaderLengthWord(int length) {
        byte[] frame = new byte[4 + length];
        frame[3] = (byte) length;

        assertThatThrownBy(() -> channel.writeInbound(input(frame))).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("no header length");
    }

    @Test
    void rejectsHeaderLengthBeyondTheFrame() {
        byte[] header = jsonHeader();
        byte[] frame = frame(JSON, header.length + 1, header, new byte[0]);

        assertThatThrownBy(() -> channel.writeInbound(input(frame))).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("exceeds the frame");
    }

    @ParameterizedTest(name = "type byte {0}")
    @ValueSource(ints = {2, 0x7f, 0xff})
    void rejectsUnknownSerializeType(int type) {
        byte[] header = jsonHeader();

        assertThatThrownBy(() -> channel.writeInbound(input(frame(type, header.length, header, new byte[0]))))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("serialize type " + type);
    }

    @Test
    void rejectsHeaderLongerThanMaxHeaderBytesBeforeBufferingIt() {
        channel = channel(RemotingFrameDecoder.MAX_HEADER_BYTES * 2);
        ByteBuf prefix = input(RecordedFrames.hex(String.format("%08x %08x", RemotingFrameDecoder.MAX_HEADER_BYTES + 8,
                RemotingFrameDecoder.MAX_HEADER_BYTES + 1)));

        assertThatThrownBy(() -> channel.writeInbound(prefix)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("header of " + (RemotingFrameDecoder.MAX_HEADER_BYTES + 1) + " bytes");
        assertThat(prefix.refCnt()).isZero();
    }

    // ---- admission -------------------------------------------------------------------------------------------

    @Test
    void asksAdmissionWithTheHeaderAndTheWholeFrameSizeBeforeAnyOfTheBodyArrives() {
        RecordingAdmission admission = new RecordingAdmission(true);
        channel = new EmbeddedChannel(new RemotingFrameDecoder(64 * 1024, admission));
        byte[] frame = frameOfTotalBytes(4_000);
        int bodyStart = 8 + jsonHeader().length;

        assertThat(channel.writeInbound(input(Arrays.copyOfRange(frame, 0, bodyStart)))).isFalse();
        assertThat(admission.admitted).containsExactly(RequestCode.GET_ROUTEINFO_BY_TOPIC + "/4000");

        assertThat(channel.writeInbound(input(Arrays.copyOfRange(frame, bodyStart, bodyStart + 1_000)))).isFalse();
        assertThat(channel.writeInbound(input(Arrays.copyOfRange(frame, bodyStart + 1_000, frame.length)))).isTrue();
        InboundFrame.Read read = channel.readInbound();
        assertThat(read.frameBytes()).isEqualTo(4_000);
        assertThat(read.command().body()).isEqualTo(Arrays.copyOfRange(frame, bodyStart, frame.length));
        assertThat(read.command().extFields()).containsEntry("topic", "T1");
    }

    @Test
    void emitsARefusedFrameAsSoonAsItsHeaderIsReadThenDropsItsBodyAndReadsTheNextFrame() {
        RecordingAdmission admission = new RecordingAdmission(false);
        channel = new EmbeddedChannel(new RemotingFrameDecoder(64 * 1024, admission));
        byte[] refused = frameOfTotalBytes(10_000);
        int bodyStart = 8 + jsonHeader().length;

        assertThat(channel.writeInbound(input(Arrays.copyOfRange(refused, 0, bodyStart + 10)))).isTrue();
        InboundFrame.Skipped skipped = channel.readInbound();
        assertThat(skipped.frameBytes()).isEqualTo(10_000);
        assertThat(skipped.command().code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(skipped.command().opaque()).isEqualTo(7);
        assertThat(skipped.command().body()).isEmpty();

        // the rest of the body is dropped as it comes; the frame after it is decoded (and admitted) as usual
        assertThat(channel.writeInbound(input(Arrays.copyOfRange(refused, bodyStart + 10, 6_000)))).isFalse();
        admission.answer = true;
        byte[] next = RecordedFrames.load("rmq-4.9.8-json-GET_MAX_OFFSET");
        assertThat(channel.writeInbound(input(concat(Arrays.copyOfRange(refused, 6_000, refused.length), next))))
                .isTrue();
        assertThat(inbound().code()).isEqualTo(RequestCode.GET_MAX_OFFSET);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(admission.admitted).hasSize(2);
    }

    @Test
    void givesTheAdmittedBytesBackWhenTheConnectionClosesWhileTheBodyArrives() {
        RecordingAdmission admission = new RecordingAdmission(true);
        channel = new EmbeddedChannel(new RemotingFrameDecoder(64 * 1024, admission));
        byte[] frame = frameOfTotalBytes(5_000);

        channel.writeInbound(input(Arrays.copyOfRange(frame, 0, 2_000)));
        assertThat(admission.abandoned).isEmpty();
        channel.close();

        assertThat(admission.abandoned).containsExactly(RequestCode.GET_ROUTEINFO_BY_TOPIC + "/5000");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void givesNothingBackForAFrameThatWasEmittedOrRefused() {
        RecordingAdmission admission = new RecordingAdmission(true);
        channel = new EmbeddedChannel(new RemotingFrameDecoder(64 * 1024, admission));
        channel.writeInbound(input(frameOfTotalBytes(3_000)));
        admission.answer = false;
        channel.writeInbound(input(Arrays.copyOfRange(frameOfTotalBytes(3_000), 0, 1_000)));

        channel.close();

        assertThat(admission.admitted).hasSize(2);
        assertThat(admission.abandoned).isEmpty();
        assertThat(channel.inboundMessages()).hasSize(2);
        channel.inboundMessages().clear();
    }

    // ---- JSON headers ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "not json",
        "",
        "[1,2]",
        "\"code\"",
        "{\"code\":105",
        "{\"code\":105}}",
        "{\"code\":105} {}",
        "{\"code\":\"one hundred\"}",
        "{\"code\":1.5}",
        "{\"opaque\":{\"a\":1}}",
        "{\"opaque\":99999999999}",
        "{\"extFields\":[\"topic\",\"T1\"]}",
        "{\"extFields\":{\"topic\":{\"name\":\"T1\"}}}",
        "{\"extFields\":{\"topic\":[\"T1\"]}}"
    })
    void rejectsInvalidJsonHeader(String json) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> channel.writeInbound(input(frame(JSON, header.length, header, new byte[0]))))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void ignoresUnknownJsonKeysOfAnyShape() {
        RemotingCommand command = decodeJson("{\"code\":105,\"future\":{\"nested\":[1,{\"a\":null}]},\"list\":[1,2],"
                + "\"extFields\":{\"topic\":\"T1\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":7,\"extra\":true,"
                + "\"serializeTypeCurrentRPC\":\"ROCKETMQ\",\"version\":407}");

        assertThat(command.code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(command.opaque()).isEqualTo(7);
        assertThat(command.version()).isEqualTo(407);
        assertThat(command.extFields()).containsExactly(Map.entry("topic", "T1"));
        // the header's own serializeTypeCurrentRPC is informational: the frame's type byte decides
        assertThat(command.serializeType()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void turnsNumericAndBooleanExtValuesIntoStrings() {
        RemotingCommand command = decodeJson("{\"code\":14,\"extFields\":{\"queueId\":3,\"offset\":-1700000000000,"
                + "\"unitMode\":false,\"ratio\":0.5,\"gone\":null}}");

        assertThat(command.extFields()).containsExactly(Map.entry("queueId", "3"),
                Map.entry("offset", "-1700000000000"), Map.entry("unitMode", "false"), Map.entry("ratio", "0.5"));
    }

    @Test
    void readsUnknownLanguageAsOther() {
        assertThat(decodeJson("{\"code\":34,\"language\":\"COBOL\"}").language()).isEqualTo(LanguageCode.OTHER);
        assertThat(decodeJson("{\"code\":34,\"language\":null}").language()).isEqualTo(LanguageCode.OTHER);
        assertThat(decodeJson("{\"code\":34,\"language\":9}").language()).isEqualTo(LanguageCode.GO);
        assertThat(decodeJson("{\"code\":34,\"language\":\"RUST\"}").language()).isEqualTo(LanguageCode.RUST);
    }

    @Test
    void defaultsMissingJsonKeys() {
        RemotingCommand command = decodeJson("{}");

        assertThat(command.code()).isZero();
        assertThat(command.opaque()).isZero();
        assertThat(command.flag()).isZero();
        assertThat(command.version()).isZero();
        assertThat(command.remark()).isNull();
        assertThat(command.extFields()).isEmpty();
        assertThat(command.language()).isEqualTo(LanguageCode.OTHER);
    }

    @Test
    void acceptsNumbersWrittenAsStringsAndNullNumbers() {
        RemotingCommand command = decodeJson("{\"code\":\"105\",\"opaque\":\" 7 \",\"flag\":null}");

        assertThat(command.code()).isEqualTo(105);
        assertThat(command.opaque()).isEqualTo(7);
        assertThat(command.flag()).isZero();
    }

    @Test
    void roundTripsJsonRemarkWithControlAndNonAsciiCharacters() {
        String remark = "queue\u0001 \"quoted\" \\ line\nbreak, Grüße, 主题";
        RemotingCommand response = new RemotingCommand(ResponseCode.SYSTEM_ERROR, LanguageCode.JAVA, 475, 42,
                RemotingCommand.FLAG_RESPONSE, remark, Map.of("k", "v\u0002w"), new byte[] {0, 1, 2},
                SerializeType.JSON);

        byte[] frame = StockClientFramesTest.encode(response);

        assertThat(new String(frame, StandardCharsets.UTF_8)).contains("queue\\u0001 ").contains("v\\u0002w");
        assertThat(StockClientFramesTest.decode(frame)).usingRecursiveComparison().isEqualTo(response);
    }

    // ---- ROCKETMQ binary headers -----------------------------------------------------------------------------

    @Test
    void roundTripsBinaryHeaderWithRemarkExtFieldsAndBody() {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("msgId", "7F00000100002A9F0000000000000000");
        ext.put("主题", "Grüße");
        RemotingCommand response = new RemotingCommand(-2, LanguageCode.RUST, 475, Integer.MIN_VALUE,
                RemotingCommand.FLAG_RESPONSE, "remark \u0001", ext, "body".getBytes(StandardCharsets.UTF_8),
                SerializeType.ROCKETMQ);

        RemotingCommand decoded = StockClientFramesTest.decode(StockClientFramesTest.encode(response));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(response);
        assertThat(decoded.extFields().keySet()).containsExactly("msgId", "主题");
    }

    @Test
    void readsZeroLengthBinaryStringsAsNull() {
        byte[] header = new BinaryHeader().remark(new byte[0]).ext("topic", "T1").ext("empty", "").ext("", "x")
                .bytes();

        RemotingCommand command = decodeBinary(header);

        assertThat(command.remark()).isNull();
        assertThat(command.extFields()).containsExactly(Map.entry("topic", "T1"));
    }

    @Test
    void readsUnknownBinaryLanguageAsOther() {
        assertThat(decodeBinary(new BinaryHeader().language(99).bytes()).language()).isEqualTo(LanguageCode.OTHER);
        assertThat(decodeBinary(new BinaryHeader().language(-1).bytes()).language()).isEqualTo(LanguageCode.OTHER);
    }

    @Test
    void rejectsBinaryHeaderShorterThanItsFixedFields() {
        byte[] header = Arrays.copyOf(new BinaryHeader().bytes(), 12);

        assertThatThrownBy(() -> decodeBinary(header)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void rejectsBinaryHeaderWithoutRemarkLength() {
        byte[] header = Arrays.copyOf(new BinaryHeader().bytes(), 15);

        assertThatThrownBy(() -> decodeBinary(header)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void rejectsBinaryHeaderWithoutExtFieldsLength() {
        // fixed fields and an empty remark, then nothing: the stock encoder always writes the ext length word
        byte[] header = Arrays.copyOf(new BinaryHeader().bytes(), 17);

        assertThatThrownBy(() -> decodeBinary(header)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void rejectsBinaryHeaderWhoseRemarkEndsInsideTheExtFieldsLength() {
        byte[] header = new BinaryHeader().remark("abc".getBytes(StandardCharsets.UTF_8)).bytes();

        assertThatThrownBy(() -> decodeBinary(Arrays.copyOf(header, header.length - 2)))
                .isInstanceOf(MalformedFrameException.class);
    }

    @ParameterizedTest(name = "remark length {0}")
    @ValueSource(ints = {-1, 5, Integer.MAX_VALUE})
    void rejectsBinaryRemarkLengthBeyondTheHeader(int remarkLength) {
        byte[] header = new BinaryHeader().rawRemarkLength(remarkLength).bytes();

        assertThatThrownBy(() -> decodeBinary(header)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("remark");
    }

    @ParameterizedTest(name = "ext length {0}")
    @ValueSource(ints = {-1, 100})
    void rejectsBinaryExtFieldsLengthBeyondTheHeader(int extLength) {
        byte[] header = new BinaryHeader().ext("topic", "T1").rawExtLength(extLength).bytes();

        assertThatThrownBy(() -> decodeBinary(header)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("extFields");
    }

    @ParameterizedTest(name = "ext region cut to {0} bytes")
    @ValueSource(ints = {1, 2, 4, 6, 7, 8, 10})
    void rejectsTruncatedBinaryExtEntry(int regionBytes) {
        // entry: 0005 "topic" 00000002 "T1" = 13 bytes; the region's length word claims fewer
        byte[] header = new BinaryHeader().ext("topic", "T1").truncateExtRegion(regionBytes).bytes();

        assertThatThrownBy(() -> decodeBinary(header)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("extFields");
    }

    @Test
    void rejectsBytesAfterTheBinaryExtFields() {
        byte[] header = new BinaryHeader().ext("topic", "T1").bytes();

        assertThatThrownBy(() -> decodeBinary(concat(header, new byte[] {1, 2})))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("trailing");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static EmbeddedChannel channel(int maxFrameBytes) {
        return new EmbeddedChannel(new RemotingFrameDecoder(maxFrameBytes), new RemotingCommandEncoder());
    }

    private ByteBuf input(byte[] bytes) {
        ByteBuf in = channel.alloc().buffer(bytes.length).writeBytes(bytes);
        inputs.add(in);
        return in;
    }

    /** The next frame the decoder emitted, which must have been read whole. */
    private RemotingCommand inbound() {
        Object message = channel.readInbound();
        assertThat(message).as("decoded frame").isInstanceOf(InboundFrame.Read.class);
        return ((InboundFrame.Read) message).command();
    }

    private RemotingCommand decodeJson(String json) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        assertThat(channel.writeInbound(input(frame(JSON, header.length, header, new byte[0])))).isTrue();
        return inbound();
    }

    private RemotingCommand decodeBinary(byte[] header) {
        byte[] body = {9, 8, 7};
        assertThat(channel.writeInbound(input(frame(ROCKETMQ, header.length, header, body)))).isTrue();
        RemotingCommand command = inbound();
        assertThat(command.body()).containsExactly(body);
        assertThat(command.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        return command;
    }

    private static byte[] jsonHeader() {
        return "{\"code\":105,\"extFields\":{\"topic\":\"T1\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":7,\"version\":407}"
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON request frame padded with body bytes to {@code total} bytes, length prefix included. */
    private static byte[] frameOfTotalBytes(int total) {
        byte[] header = jsonHeader();
        return frame(JSON, header.length, header, new byte[total - 8 - header.length]);
    }

    /** A frame whose length prefix is right and whose type/header-length word says what the caller wants. */
    private static byte[] frame(int type, int declaredHeaderLength, byte[] header, byte[] body) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + header.length + body.length);
        frame.writeInt(type << 24 | declaredHeaderLength);
        frame.writeBytes(header).writeBytes(body);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    /** Answers what the test says and records what it was asked, as {@code code/frameBytes}. */
    private static final class RecordingAdmission implements FrameAdmission {
        final List<String> admitted = new ArrayList<>();
        final List<String> abandoned = new ArrayList<>();
        boolean answer;

        RecordingAdmission(boolean answer) {
            this.answer = answer;
        }

        @Override
        public boolean admit(RemotingCommand header, int frameBytes) {
            assertThat(header.body()).isEmpty();
            admitted.add(header.code() + "/" + frameBytes);
            return answer;
        }

        @Override
        public void abandon(RemotingCommand header, int frameBytes) {
            abandoned.add(header.code() + "/" + frameBytes);
        }
    }

    /** Builds ROCKETMQ headers, including wrong ones. */
    private static final class BinaryHeader {
        private int language = LanguageCode.JAVA.code();
        private byte[] remark;
        private Integer rawRemarkLength;
        private Integer rawExtLength;
        private int truncatedExtRegion = -1;
        private final ByteBuf ext = Unpooled.buffer();

        BinaryHeader language(int code) {
            language = code;
            return this;
        }

        BinaryHeader remark(byte[] bytes) {
            remark = bytes;
            return this;
        }

        BinaryHeader rawRemarkLength(int length) {
            rawRemarkLength = length;
            return this;
        }

        BinaryHeader ext(String key, String value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            ext.writeShort(k.length).writeBytes(k).writeInt(v.length).writeBytes(v);
            return this;
        }

        BinaryHeader rawExtLength(int length) {
            rawExtLength = length;
            return this;
        }

        /** Keeps only the first {@code bytes} of the ext region, and says so in its length word. */
        BinaryHeader truncateExtRegion(int bytes) {
            truncatedExtRegion = bytes;
            return this;
        }

        byte[] bytes() {
            ByteBuf out = Unpooled.buffer();
            out.writeShort(RequestCode.GET_ROUTEINFO_BY_TOPIC).writeByte(language).writeShort(407).writeInt(7)
                    .writeInt(0);
            byte[] remarkBytes = remark == null ? new byte[0] : remark;
            out.writeInt(rawRemarkLength != null ? rawRemarkLength : remarkBytes.length).writeBytes(remarkBytes);
            int extBytes = truncatedExtRegion >= 0 ? truncatedExtRegion : ext.readableBytes();
            out.writeInt(rawExtLength != null ? rawExtLength : extBytes);
            out.writeBytes(ext, 0, extBytes);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        }
    }
}
