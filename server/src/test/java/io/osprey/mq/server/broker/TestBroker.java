package io.osprey.mq.server.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.HeartbeatData;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageId;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A real NameServer and Broker on 127.0.0.1 with free ports, driven by a raw remoting client. */
public final class TestBroker implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 5_000;

    private final NameServer nameServer;
    private final Broker broker;
    private final RemotingClient client = new RemotingClient(ClientOptions.defaults("admin-test"));

    public TestBroker(Path dataDir) throws Exception {
        this(StoreConfig.defaults(dataDir).withCommitLogSegmentBytes(1 << 20));
    }

    public TestBroker(StoreConfig store) throws Exception {
        this(store, Clock.systemUTC());
    }

    /** A broker whose store ages, expirations and delivery times follow {@code clock}. */
    public TestBroker(StoreConfig store, Clock clock) throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        broker = new Broker(BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(), "127.0.0.1", 0,
                "127.0.0.1"), store, clock, Disk.local());
        broker.start();
    }

    public Broker broker() {
        return broker;
    }

    public String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    public RemotingCommand invoke(int code, Map<String, String> header) throws Exception {
        return invoke(code, header, null);
    }

    public RemotingCommand invoke(int code, Map<String, String> header, byte[] body) throws Exception {
        return invokeAt(broker.address(), code, header, body);
    }

    public RemotingCommand invokeAt(String address, int code, Map<String, String> header, byte[] body) throws Exception {
        return client.invoke(address, RemotingCommand.request(code, header, body), TIMEOUT_MILLIS)
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The successful response's body decoded as {@code type}. */
    public <T> T body(int code, Map<String, String> header, Class<T> type) throws Exception {
        RemotingCommand response = invoke(code, header);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return JsonBodies.decode(response.body(), type);
    }

    public void createTopic(String topic, int queues) throws Exception {
        RemotingCommand response = invoke(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader(topic, queues));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    public static Map<String, String> topicHeader(String topic, int queues) {
        Map<String, String> header = new HashMap<>();
        header.put("topic", topic);
        header.put("defaultTopic", "TBW102");
        header.put("readQueueNums", Integer.toString(queues));
        header.put("writeQueueNums", Integer.toString(queues));
        header.put("perm", "6");
        header.put("topicFilterType", "SINGLE_TAG");
        header.put("topicSysFlag", "0");
        header.put("order", "false");
        return header;
    }

    /** Sends one message with SEND_MESSAGE and returns its offset msgId. */
    public String send(String topic, int queueId, String body) throws Exception {
        SendMessageRequestHeader header = new SendMessageRequestHeader("admin-test-producer", topic, "TBW102", 4,
                queueId, 0, System.currentTimeMillis(), 0, MessageProperties.encode(Map.of("KEYS", "k1")), 0,
                false, null, false);
        RemotingCommand response = invoke(RequestCode.SEND_MESSAGE, header.toExtFields(),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return response.extFields().get("msgId");
    }

    /** Waits until the queue's consume queue holds {@code maxOffset} entries: sends are acknowledged before dispatch. */
    public void awaitDispatched(String topic, int queueId, long maxOffset) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> broker.store().maxOffset(topic, queueId) >= maxOffset);
    }

    public static long physicalOffset(String msgId) {
        return MessageId.parse(msgId).physicalOffset();
    }

    public void commitOffset(String group, String topic, int queueId, long offset) throws Exception {
        RemotingCommand response = invoke(RequestCode.UPDATE_CONSUMER_OFFSET, Map.of("consumerGroup", group,
                "topic", topic, "queueId", Integer.toString(queueId), "commitOffset", Long.toString(offset)));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** HEART_BEAT of one push consumer of {@code group} subscribed to {@code topic} and its retry topic. */
    public void consumerHeartbeat(String clientId, String group, String topic) throws Exception {
        HeartbeatData.ConsumerData consumer = new HeartbeatData.ConsumerData(group, "CONSUME_PASSIVELY",
                "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", Set.of(SubscriptionData.ofTags(topic, "*", 1),
                        SubscriptionData.ofTags("%RETRY%" + group, "*", 1)), false);
        heartbeat(new HeartbeatData(clientId, Set.of(), Set.of(consumer), null, null));
    }

    public void producerHeartbeat(String clientId, String group) throws Exception {
        heartbeat(new HeartbeatData(clientId, Set.of(new HeartbeatData.ProducerData(group)), Set.of(), null, null));
    }

    public void heartbeat(HeartbeatData data) throws Exception {
        RemotingCommand response = invoke(RequestCode.HEART_BEAT, null, JsonBodies.encode(data));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** Pulls up to 32 messages of a queue with the request's own subscription (no heartbeat needed). */
    public RemotingCommand pull(String group, String topic, int queueId, long offset) throws Exception {
        Map<String, String> header = new HashMap<>();
        header.put("consumerGroup", group);
        header.put("topic", topic);
        header.put("queueId", Integer.toString(queueId));
        header.put("queueOffset", Long.toString(offset));
        header.put("maxMsgNums", "32");
        header.put("sysFlag", "4");
        header.put("commitOffset", "0");
        header.put("suspendTimeoutMillis", "0");
        header.put("subscription", "*");
        header.put("subVersion", "0");
        header.put("expressionType", "TAG");
        return invoke(RequestCode.PULL_MESSAGE, header);
    }

    public RemotingClient client() {
        return client;
    }

    /** Waits until {@code count} pulls are held by long polling. */
    public void awaitHeldPulls(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.heldPulls() >= count);
    }

    @Override
    public void close() {
        client.close();
        broker.close();
        nameServer.close();
    }
}
