package io.osprey.mq.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.SerializeType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes request frames recorded from the stock Apache RocketMQ Java client and encodes them back.
 *
 * <h2>How the frames were recorded</h2>
 * A throwaway program, outside this repository (the protocol module must not depend on rocketmq-client), ran
 * {@code org.apache.rocketmq:rocketmq-client} 4.9.8 and 5.3.1, each once with the default JSON serialize type
 * and once with {@code -Drocketmq.serialize.type=ROCKETMQ}: four JVMs. Each started a plain
 * {@link java.net.ServerSocket} on 127.0.0.1 that played both NameServer and broker, pointed a stock
 * {@code DefaultMQProducer} at it ({@code namesrvAddr}), and
 * <ol>
 *   <li>called {@code producer.send(new Message("T1", "tagA", "k1", "hello"))}, which sends
 *       GET_ROUTEINFO_BY_TOPIC and SEND_MESSAGE_V2;</li>
 *   <li>through {@code producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl()} issued
 *       getTopicRouteInfoFromNameServer("T1"), sendHeartbeat (producer group recorder-pg), pullMessage (SYNC,
 *       group cg, T1 queue 0 offset 5, subscription *, subVersion 1700000000000), queryConsumerOffset,
 *       updateConsumerOffsetOneway (commitOffset 6), getMaxOffset and getConsumerIdListByGroup("cg");</li>
 *   <li>called {@code producer.shutdown()}, which sends UNREGISTER_CLIENT.</li>
 * </ol>
 * The socket wrote each request frame it read to {@code frames/rmq-<client>-<json|rocketmq>-<CODE>.hex} (the
 * last one of each code; the file's first line names the call that sent it) and answered with responses built
 * as {@link RemotingCommand}s and encoded by {@link CommandCodec}, in the request's serialize type: a
 * {@code TopicRouteData} body from {@code JsonBodies}, a send reply header (msgId, queueId, queueOffset,
 * MSG_REGION, TRACE_ON), a pull reply with the reference's verified T1 record as body, offsets and a
 * consumer-id list. All four client runs accepted every one of them: the send returned SEND_OK with our msgId
 * as offsetMsgId, the route parsed with our broker address under id 0, the pull returned FOUND and the stock
 * {@code MessageDecoder} read body "hello" at queue offset 5, the heartbeat reply's version (475) came back as
 * the broker version, and offsets and ids came back as sent.
 *
 * <p>Recorded frames worth knowing about: the stock JSON writer puts {@code extFields} in the client's
 * {@code HashMap} order, not alphabetically (so the decoder must keep the wire order for a byte-exact
 * re-encode); 5.3.1 sends HEART_BEAT with {@code "extFields":{}} where 4.9.8 omits the key; 5.3.1 appends a
 * trailing {@code \u0002} to the message properties string; 5.3.1 adds {@code committed=true} to
 * GET_MAX_OFFSET; 4.9.8 numbers the client version 409, 5.3.1 475.
 */
class StockClientFramesTest {
    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    static Stream<Arguments> recordedFrames() {
        return Stream.of(
                row("rmq-4.9.8-json-GET_CONSUMER_LIST_BY_GROUP", 19),
                row("rmq-4.9.8-json-GET_MAX_OFFSET", 17),
                row("rmq-4.9.8-json-GET_ROUTEINFO_BY_TOPIC", 7),
                row("rmq-4.9.8-json-HEART_BEAT", 10),
                row("rmq-4.9.8-json-PULL_MESSAGE", 12),
                row("rmq-4.9.8-json-QUERY_CONSUMER_OFFSET", 14),
                row("rmq-4.9.8-json-SEND_MESSAGE_V2", 5),
                row("rmq-4.9.8-json-UNREGISTER_CLIENT", 23),
                row("rmq-4.9.8-json-UPDATE_CONSUMER_OFFSET", 16),
                row("rmq-4.9.8-rocketmq-GET_CONSUMER_LIST_BY_GROUP", 19),
                row("rmq-4.9.8-rocketmq-GET_MAX_OFFSET", 17),
                row("rmq-4.9.8-rocketmq-GET_ROUTEINFO_BY_TOPIC", 7),
                row("rmq-4.9.8-rocketmq-HEART_BEAT", 10),
                row("rmq-4.9.8-rocketmq-PULL_MESSAGE", 12),
                row("rmq-4.9.8-rocketmq-QUERY_CONSUMER_OFFSET", 14),
                row("rmq-4.9.8-rocketmq-SEND_MESSAGE_V2", 5),
                row("rmq-4.9.8-rocketmq-UNREGISTER_CLIENT", 23),
                row("rmq-4.9.8-rocketmq-UPDATE_CONSUMER_OFFSET", 16),
                row("rmq-5.3.1-json-GET_CONSUMER_LIST_BY_GROUP", 17),
                row("rmq-5.3.1-json-GET_MAX_OFFSET", 15),
                row("rmq-5.3.1-json-GET_ROUTEINFO_BY_TOPIC", 6),
                row("rmq-5.3.1-json-HEART_BEAT", 8),
                row("rmq-5.3.1-json-PULL_MESSAGE", 10),
                row("rmq-5.3.1-json-QUERY_CONSUMER_OFFSET", 12),
                row("rmq-5.3.1-json-SEND_MESSAGE_V2", 3),
                row("rmq-5.3.1-json-UNREGISTER_CLIENT", 21),
                row("rmq-5.3.1-json-UPDATE_CONSUMER_OFFSET", 14),
                row("rmq-5.3.1-rocketmq-GET_CONSUMER_LIST_BY_GROUP", 17),
                row("rmq-5.3.1-rocketmq-GET_MAX_OFFSET", 15),
                row("rmq-5.3.1-rocketmq-GET_ROUTEINFO_BY_TOPIC", 5),
                row("rmq-5.3.1-rocketmq-HEART_BEAT", 2),
                row("rmq-5.3.1-rocketmq-PULL_MESSAGE", 9),
                row("rmq-5.3.1-rocketmq-QUERY_CONSUMER_OFFSET", 12),
                row("rmq-5.3.1-rocketmq-SEND_MESSAGE_V2", 3),
                row("rmq-5.3.1-rocketmq-UNREGISTER_CLIENT", 21),
                row("rmq-5.3.1-rocketmq-UPDATE_CONSUMER_OFFSET", 14));
    }

    private static Arguments row(String file, int opaque) {
        return Arguments.of(file, opaque);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedFrames")
    void decodesEveryFieldOfRecordedFrame(String file, int opaque) {
        String[] parts = file.split("-", 4);
        String clientVersion = parts[1];
        SerializeType type = parts[2].equals("json") ? SerializeType.JSON : SerializeType.ROCKETMQ;
        String codeName = parts[3];

        RemotingCommand command = decode(RecordedFrames.load(file));

        assertThat(RequestCode.name(command.code())).isEqualTo(codeName);
        assertThat(command.opaque()).isEqualTo(opaque);
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.version()).isEqualTo(clientVersion.equals("4.9.8") ? 409 : 475);
        assertThat(command.serializeType()).isEqualTo(type);
        assertThat(command.remark()).isNull();
        assertThat(command.isResponse()).isFalse();
        assertThat(command.flag()).isEqualTo(codeName.equals("UPDATE_CONSUMER_OFFSET") ? RemotingCommand.FLAG_ONEWAY : 0);
        assertExtFields(command.extFields(), expectedExtFields(clientVersion, codeName));
        assertBody(command.body(), clientVersion, codeName);
    }

    /**
     * Both stock serializers keep the header's {@code extFields} in one order per frame and Osprey's decoder
     * keeps that order, so re-encoding gives the same bytes. The one exception is 5.3.1's JSON HEART_BEAT,
     * which carries an empty {@code "extFields":{}}: Osprey, like 4.9.8, omits an empty map, so that frame is 15
     * bytes shorter and is compared decoded instead (the stock parser reads either form as "no extFields").
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedFrames")
    void reEncodesRecordedFrameInTheSameSerializeType(String file, int opaque) {
        byte[] recorded = RecordedFrames.load(file);
        RemotingCommand command = decode(recorded);

        byte[] encoded = encode(command);

        if (file.equals("rmq-5.3.1-json-HEART_BEAT")) {
            assertThat(new String(recorded, StandardCharsets.UTF_8)).contains("\"extFields\":{}");
            assertThat(encoded).hasSize(recorded.length - "\"extFields\":{},".length());
            assertThat(decode(encoded)).usingRecursiveComparison().isEqualTo(command);
        } else {
            assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(ByteBufUtil.hexDump(recorded));
        }
    }

    @Test
    void encodesReferenceJsonRouteRequestByteForByte() {
        RemotingCommand request = new RemotingCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, LanguageCode.JAVA, 407, 7, 0,
                null, Map.of("topic", "T1"), null, SerializeType.JSON);

        assertThat(ByteBufUtil.hexDump(encode(request))).isEqualTo(ByteBufUtil.hexDump(referenceJsonFrame()));
    }

    @Test
    void decodesReferenceJsonRouteRequest() {
        RemotingCommand request = decode(referenceJsonFrame());

        assertReferenceRouteRequest(request, SerializeType.JSON);
    }

    @Test
    void encodesReferenceBinaryRouteRequestByteForByte() {
        RemotingCommand request = new RemotingCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, LanguageCode.JAVA, 407, 7, 0,
                null, Map.of("topic", "T1"), null, SerializeType.ROCKETMQ);

        assertThat(ByteBufUtil.hexDump(encode(request))).isEqualTo(ByteBufUtil.hexDump(referenceBinaryFrame()));
    }

    @Test
    void decodesReferenceBinaryRouteRequest() {
        RemotingCommand request = decode(referenceBinaryFrame());

        assertReferenceRouteRequest(request, SerializeType.ROCKETMQ);
    }

    /** Reference §1: GET_ROUTEINFO_BY_TOPIC(topic=T1), opaque 7, version 407, JSON. */
    private static byte[] referenceJsonFrame() {
        byte[] json = ("{\"code\":105,\"extFields\":{\"topic\":\"T1\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":7,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":407}").getBytes(StandardCharsets.UTF_8);
        byte[] prefix = RecordedFrames.hex("00000080 0000007c");
        byte[] frame = new byte[prefix.length + json.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(json, 0, frame, prefix.length, json.length);
        return frame;
    }

    /** Reference §1: the same request in the ROCKETMQ binary form. */
    private static byte[] referenceBinaryFrame() {
        return RecordedFrames.hex("00000026 01000022 | 0069 00 0197 00000007 00000000 | 00000000 | "
                + "0000000d 0005 746f706963 00000002 5431");
    }

    private static void assertReferenceRouteRequest(RemotingCommand request, SerializeType type) {
        assertThat(request.code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(request.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(request.version()).isEqualTo(407);
        assertThat(request.opaque()).isEqualTo(7);
        assertThat(request.flag()).isZero();
        assertThat(request.remark()).isNull();
        assertThat(request.extFields()).containsExactly(Map.entry("topic", "T1"));
        assertThat(request.body()).isEmpty();
        assertThat(request.serializeType()).isEqualTo(type);
    }

    /** Values are exact strings, or {@link Pattern}s for what changes from run to run (timestamps, ids). */
    private static Map<String, Object> expectedExtFields(String clientVersion, String codeName) {
        Map<String, Object> expected = new LinkedHashMap<>();
        switch (codeName) {
            case "GET_ROUTEINFO_BY_TOPIC" -> expected.put("topic", "T1");
            case "GET_CONSUMER_LIST_BY_GROUP" -> expected.put("consumerGroup", "cg");
            case "GET_MAX_OFFSET" -> {
                expected.put("topic", "T1");
                expected.put("queueId", "0");
                expected.put("bname", "broker-a");
                if (clientVersion.equals("5.3.1")) {
                    expected.put("committed", "true");
                }
            }
            case "HEART_BEAT" -> {
            }
            case "PULL_MESSAGE" -> {
                expected.put("consumerGroup", "cg");
                expected.put("topic", "T1");
                expected.put("queueId", "0");
                expected.put("queueOffset", "5");
                expected.put("maxMsgNums", "32");
                expected.put("sysFlag", "2");
                expected.put("commitOffset", "0");
                expected.put("suspendTimeoutMillis", "15000");
                expected.put("subscription", "*");
                expected.put("subVersion", "1700000000000");
                expected.put("expressionType", "TAG");
            }
            case "QUERY_CONSUMER_OFFSET" -> {
                expected.put("consumerGroup", "cg");
                expected.put("topic", "T1");
                expected.put("queueId", "0");
            }
            case "UPDATE_CONSUMER_OFFSET" -> {
                expected.put("consumerGroup", "cg");
                expected.put("topic", "T1");
                expected.put("queueId", "0");
                expected.put("commitOffset", "6");
            }
            case "UNREGISTER_CLIENT" -> {
                expected.put("producerGroup", "CLIENT_INNER_PRODUCER");
                expected.put("clientID", Pattern.compile(".+@recorder"));
            }
            case "SEND_MESSAGE_V2" -> {
                expected.put("a", "recorder-pg");
                expected.put("b", "T1");
                expected.put("c", "TBW102");
                expected.put("d", "4");
                expected.put("e", Pattern.compile("[0-3]"));
                expected.put("f", "0");
                expected.put("g", NUMBER);
                expected.put("h", "0");
                expected.put("i", Pattern.compile("KEYS\u0001k1\u0002UNIQ_KEY\u0001[0-9A-F]+\u0002WAIT\u0001true"
                        + "\u0002TAGS\u0001tagA" + (clientVersion.equals("5.3.1") ? "\u0002" : "")));
                expected.put("j", "0");
                expected.put("k", "false");
                expected.put("m", "false");
                expected.put("n", "broker-a");
            }
            default -> throw new IllegalArgumentException("no expectation for " + codeName);
        }
        return expected;
    }

    private static void assertExtFields(Map<String, String> actual, Map<String, Object> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> {
            if (value instanceof Pattern pattern) {
                assertThat(actual.get(key)).as(key).matches(pattern);
            } else {
                assertThat(actual.get(key)).as(key).isEqualTo(value);
            }
        });
    }

    private static void assertBody(byte[] body, String clientVersion, String codeName) {
        String text = new String(body, StandardCharsets.UTF_8);
        switch (codeName) {
            case "SEND_MESSAGE_V2" -> assertThat(text).isEqualTo("hello");
            case "HEART_BEAT" -> {
                assertThat(text).startsWith("{\"clientID\":\"").contains("@recorder\",\"consumerDataSet\":[],")
                        .contains("{\"groupName\":\"recorder-pg\"}");
                if (clientVersion.equals("5.3.1")) {
                    assertThat(text).contains("\"heartbeatFingerprint\":0").endsWith(",\"withoutSub\":false}");
                }
            }
            default -> assertThat(body).isEmpty();
        }
    }

    /** Decodes exactly one command from {@code frame} through a channel, checking nothing is left or leaked. */
    static RemotingCommand decode(byte[] frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(MAX_FRAME_BYTES),
                new RemotingCommandEncoder());
        ByteBuf in = channel.alloc().buffer(frame.length).writeBytes(frame);

        assertThat(channel.writeInbound(in)).isTrue();
        RemotingCommand command = ((InboundFrame.Read) channel.readInbound()).command();

        assertThat(in.refCnt()).isZero();
        assertThat(channel.finishAndReleaseAll()).as("messages left in the channel").isFalse();
        return command;
    }

    /** Encodes {@code command} through a channel, checking the encoder wrote exactly one buffer. */
    static byte[] encode(RemotingCommand command) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(MAX_FRAME_BYTES),
                new RemotingCommandEncoder());
        assertThat(channel.writeOutbound(command)).isTrue();
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            assertThat(out.refCnt()).isZero();
            assertThat(channel.finishAndReleaseAll()).as("messages left in the channel").isFalse();
        }
    }
}
