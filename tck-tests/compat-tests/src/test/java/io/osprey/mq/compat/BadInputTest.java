package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.OspreyCluster;
import io.osprey.mq.compat.support.RawConnection;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed and hostile input against a running NameServer and Broker: a malformed frame closes that connection,
 * a bad request gets a clear error, and after each the server still serves and earlier messages are intact.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputTest {
    enum Target { BROKER, NAMESERVER }

    @TempDir
    static Path storeDir;
    static OspreyCluster cluster;
    static Clients clients;
    static DefaultMQProducer producer;
    static DefaultMQAdminExt admin;
    static DefaultLitePullConsumer probeReader;
    static MessageQueue probeQueue;
    static final Map<String, byte[]> earlierBodiesByOffsetMsgId = new HashMap<>();
    static String topic;
    static int probes;

    @BeforeAll
    static void startServersAndStoreSomeMessages() throws Exception {
        cluster = OspreyCluster.builder(storeDir).start();
        clients = new Clients(cluster.namesrvAddr());
        topic = Names.unique("bad");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        producer = clients.producer();
        admin = clients.admin();
        for (int i = 0; i < 20; i++) {
            byte[] body = MessageBodies.forKey("earlier-" + i, 500 + i);
            SendResult result = producer.send(new Message(topic, "e", "earlier-" + i, body));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            earlierBodiesByOffsetMsgId.put(result.getOffsetMsgId(), body);
        }
        probeQueue = new MessageQueue(topic, cluster.brokerName(), 1);
        probeReader = clients.litePullConsumer(Names.unique("probe"));
        probeReader.setAutoCommit(false);
        // paused while seeking, so no pull from offset 0 is in flight to queue the earlier messages after the seek
        probeReader.assign(List.of(probeQueue));
        probeReader.pause(List.of(probeQueue));
        probeReader.start();
        probeReader.seekToEnd(probeQueue);
        probeReader.resume(List.of(probeQueue));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** After each case: a stock producer sends, a consumer receives it, and the earlier messages read back intact. */
    @AfterEach
    void serverStillServesAndEarlierMessagesAreIntact() throws Exception {
        String key = "probe-" + (++probes);
        assertThat(producer.send(new Message(topic, "p", key, MessageBodies.forKey(key, 100)), probeQueue)
                .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        List<MessageExt> polled = new ArrayList<>();
        await("probe " + key + " consumed").atMost(Duration.ofSeconds(20)).until(() -> {
            polled.addAll(probeReader.poll(300));
            return polled.stream().anyMatch(m -> key.equals(m.getKeys()));
        });
        for (Map.Entry<String, byte[]> earlier : earlierBodiesByOffsetMsgId.entrySet()) {
            assertThat(admin.viewMessage(topic, earlier.getKey()).getBody()).isEqualTo(earlier.getValue());
        }
        assertThat(OspreyCluster.clusterInfo(cluster.namesrvAddr())).contains(cluster.brokerAddr());
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void frameOfRandomBytesClosesTheConnection(Target target) throws Exception {
        Random random = new Random(20240611L);
        byte[] payload = new byte[256];
        random.nextBytes(payload);
        payload[0] = 7; // neither JSON (0) nor ROCKETMQ (1)
        assertClosedAfter(target, frame(payload));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void negativeFrameLengthClosesTheConnection(Target target) throws Exception {
        assertClosedAfter(target, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 0, 0, 0, 1});
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void frameLengthOverTheLimitClosesTheConnection(Target target) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(64 * 1024 * 1024);
        bytes.write(new byte[64]);
        assertClosedAfter(target, bytes.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void headerLengthBeyondTheFrameClosesTheConnection(Target target) throws Exception {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        new DataOutputStream(payload).writeInt(1_000); // JSON header of 1000 bytes...
        payload.write("{\"code\":105}".getBytes(StandardCharsets.UTF_8)); // ...but only 12 follow
        assertClosedAfter(target, frame(payload.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void invalidJsonHeaderClosesTheConnection(Target target) throws Exception {
        byte[] header = "{\"code\":105,\"opaque\":1,\"extFields\":{\"topic\":".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        new DataOutputStream(payload).writeInt(header.length);
        payload.write(header);
        assertClosedAfter(target, frame(payload.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void unknownRequestCodeIsAnsweredRequestCodeNotSupportedAndTheConnectionStaysOpen(Target target)
            throws Exception {
        try (RawConnection connection = RawConnection.open(address(target))) {
            RemotingCommand reply = connection.call(6_999, Map.of(), null);
            assertThat(reply.code()).as("reply to code 6999: %s", reply)
                    .isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            RemotingCommand again = connection.call(6_998, Map.of(), null);
            assertThat(again.code()).as("same connection still answers").isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        }
    }

    @Test
    void sendToATopicWithIllegalCharactersIsRefusedWithAClearRemark() throws Exception {
        assertSendRefused("bad topic!?");
    }

    @Test
    void sendToATopicNameLongerThan127IsRefusedWithAClearRemark() throws Exception {
        assertSendRefused("t".repeat(128));
    }

    @Test
    void messageBodyOver4MiBIsMessageIllegalAndTheConnectionStaysOpen() throws Exception {
        try (RawConnection connection = RawConnection.open(cluster.brokerAddr())) {
            RemotingCommand reply = connection.call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                    sendHeader(topic), new byte[4 * 1024 * 1024 + 1]), Duration.ofSeconds(20));
            assertThat(reply.code()).as("reply: %s", reply).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            RemotingCommand next = connection.call(RequestCode.SEND_MESSAGE_V2, sendHeader(topic),
                    "fine".getBytes(StandardCharsets.UTF_8));
            assertThat(next.code()).as("a normal send on the same connection: %s", next)
                    .isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void pullOfAnUnknownTopicIsAnsweredWithATopicOrSubscriptionError() throws Exception {
        try (RawConnection connection = RawConnection.open(cluster.brokerAddr())) {
            RemotingCommand reply = connection.call(RequestCode.PULL_MESSAGE,
                    pullHeader(Names.unique("nosuch"), 0, 0), null);
            assertThat(reply.code()).as("reply: %s", reply).isIn(ResponseCode.TOPIC_NOT_EXIST,
                    ResponseCode.SUBSCRIPTION_PARSE_FAILED, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                    ResponseCode.SUBSCRIPTION_NOT_LATEST, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
        }
    }

    @Test
    void pullBeyondTheMaxOffsetIsOffsetMovedToTheMax() throws Exception {
        try (RawConnection connection = RawConnection.open(cluster.brokerAddr())) {
            RemotingCommand max = connection.call(RequestCode.GET_MAX_OFFSET,
                    Map.of("topic", topic, "queueId", "0"), null);
            long maxOffset = Long.parseLong(max.extFields().get("offset"));
            assertThat(maxOffset).isPositive();
            RemotingCommand reply = connection.call(RequestCode.PULL_MESSAGE, pullHeader(topic, 0, maxOffset + 100),
                    null);
            assertThat(reply.code()).as("reply: %s", reply).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
            assertThat(reply.extFields().get("nextBeginOffset")).isEqualTo(Long.toString(maxOffset));
            assertThat(reply.extFields().get("maxOffset")).isEqualTo(Long.toString(maxOffset));
        }
    }

    private static void assertSendRefused(String badTopic) throws Exception {
        try (RawConnection connection = RawConnection.open(cluster.brokerAddr())) {
            RemotingCommand reply = connection.call(RequestCode.SEND_MESSAGE_V2, sendHeader(badTopic),
                    "x".getBytes(StandardCharsets.UTF_8));
            assertThat(reply.code()).as("reply: %s", reply).isNotEqualTo(ResponseCode.SUCCESS);
            assertThat(reply.remark()).as("remark").isNotBlank().containsIgnoringCase("topic");
        }
    }

    private static void assertClosedAfter(Target target, byte[] bytes) throws Exception {
        try (RawConnection connection = RawConnection.open(address(target))) {
            connection.writeRaw(bytes);
            assertThat(connection.closedByServerWithin(Duration.ofSeconds(5)))
                    .as("%s closed the connection after a malformed frame", target).isTrue();
        }
    }

    private static String address(Target target) {
        return target == Target.BROKER ? cluster.brokerAddr() : cluster.namesrvAddr(0);
    }

    /** A length prefix followed by {@code payload}. */
    private static byte[] frame(byte[] payload) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(payload.length);
        out.write(payload);
        return bytes.toByteArray();
    }

    /** SEND_MESSAGE_V2's short keys, as the stock producer writes them. */
    private static Map<String, String> sendHeader(String topicName) {
        Map<String, String> header = new HashMap<>();
        header.put("a", "bad_input_producer");
        header.put("b", topicName);
        header.put("c", "TBW102");
        header.put("d", "4");
        header.put("e", "0");
        header.put("f", "0");
        header.put("g", Long.toString(System.currentTimeMillis()));
        header.put("h", "0");
        header.put("i", "KEYS\u0001raw\u0002WAIT\u0001true");
        header.put("j", "0");
        header.put("k", "false");
        header.put("m", "false");
        return header;
    }

    private static Map<String, String> pullHeader(String topicName, int queueId, long offset) {
        Map<String, String> header = new HashMap<>();
        header.put("consumerGroup", "bad_input_group");
        header.put("topic", topicName);
        header.put("queueId", Integer.toString(queueId));
        header.put("queueOffset", Long.toString(offset));
        header.put("maxMsgNums", "32");
        header.put("sysFlag", "4"); // the request's subscription is authoritative; no long polling
        header.put("commitOffset", "0");
        header.put("suspendTimeoutMillis", "0");
        header.put("subscription", "*");
        header.put("subVersion", "0");
        header.put("expressionType", "TAG");
        return header;
    }
}
