package io.osprey.mq.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.body.HeartbeatData;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker rules a stock client depends on, driven with raw requests against an in-JVM broker. */
class BrokerBehaviourTest {
    @TempDir
    Path dataDir;
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dataDir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aNewGroupStartsAtZeroOnAYoungQueueUnlessTheClientInsistsOnNotFound() throws Exception {
        broker.createTopic("Young", 1);
        broker.send("Young", 0, "first");
        broker.awaitDispatched("Young", 0, 1);
        Map<String, String> query = new HashMap<>(Map.of("consumerGroup", "fresh", "topic", "Young", "queueId", "0"));

        RemotingCommand lenient = broker.invoke(RequestCode.QUERY_CONSUMER_OFFSET, query);
        assertThat(lenient.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(lenient.extFields()).containsEntry("offset", "0");

        query.put("setZeroIfNotFound", "false");
        assertThat(broker.invoke(RequestCode.QUERY_CONSUMER_OFFSET, query).code())
                .isEqualTo(ResponseCode.QUERY_NOT_FOUND);

        broker.commitOffset("fresh", "Young", 0, 1);
        assertThat(broker.invoke(RequestCode.QUERY_CONSUMER_OFFSET, query).extFields()).containsEntry("offset", "1");
    }

    @Test
    void aHeldPullIsAnsweredByTheArrivalOfAMessageNotByItsDeadline() throws Exception {
        broker.createTopic("Held", 1);
        CompletableFuture<RemotingCommand> held = broker.client().invoke(broker.broker().address(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE, longPoll("Held", 0, 0, 60_000), null), 90_000);
        broker.awaitHeldPulls(1);

        broker.send("Held", 0, "wake up");

        RemotingCommand answer = held.get(30, TimeUnit.SECONDS);
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(MessageRecordCodec.decode(answer.body()).body(), StandardCharsets.UTF_8))
                .isEqualTo("wake up");
        assertThat(answer.extFields()).containsEntry("nextBeginOffset", "1");
    }

    @Test
    void aHeldPullWithNothingArrivingAnswersPullNotFoundAtItsDeadline() throws Exception {
        broker.createTopic("Quiet", 1);

        RemotingCommand answer = broker.invoke(RequestCode.PULL_MESSAGE, longPoll("Quiet", 0, 0, 200));

        assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(answer.extFields()).containsEntry("nextBeginOffset", "0").containsEntry("maxOffset", "0")
                .containsKey("minOffset").containsKey("suggestWhichBrokerId");
    }

    @Test
    void aTopicANewerHeartbeatNoLongerListsIsUnsubscribed() throws Exception {
        broker.createTopic("Dropped", 1);
        broker.heartbeat(consumer("c1", Set.of(SubscriptionData.ofTags("Dropped", "*", 1),
                SubscriptionData.ofTags("%RETRY%shrinking", "*", 1))));
        assertThat(broker.invoke(RequestCode.PULL_MESSAGE, registeredPull("Dropped")).code())
                .isEqualTo(ResponseCode.PULL_NOT_FOUND);

        broker.heartbeat(consumer("c1", Set.of(SubscriptionData.ofTags("%RETRY%shrinking", "*", 2))));

        assertThat(broker.invoke(RequestCode.PULL_MESSAGE, registeredPull("Dropped")).code())
                .isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST);
    }

    @Test
    void propertiesThatOutgrowTheLimitOnceTheBrokerAddsItsOwnAreMessageIllegal() throws Exception {
        broker.createTopic("Props", 1);
        String nearLimit = "BIG\u0001" + "x".repeat(32_767 - 4);
        SendMessageRequestHeader header = new SendMessageRequestHeader("p", "Props", "TBW102", 4, 0, 0,
                System.currentTimeMillis(), 0, nearLimit, 0, false, null, false);

        RemotingCommand answer = broker.invoke(RequestCode.SEND_MESSAGE, header.toExtFields(),
                "body".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(answer.remark()).contains("properties");
        assertThat(broker.broker().store().maxOffset("Props", 0)).isZero();
    }

    @Test
    void aConsumerBehindWhatRetentionDeletedIsMovedToTheNewMinimum() throws Exception {
        broker.close();
        StoreConfig keepNothingOld = new StoreConfig(dataDir.resolve("retention"), 64 * 1024, 1_000,
                FlushDiskType.ASYNC_FLUSH, 500, 5_000, 0, 95, 3_600_000, 256 * 1024, 32);
        broker = new TestBroker(keepNothingOld);
        broker.createTopic("Aged", 1);
        String body = "x".repeat(2_000);
        for (int i = 0; i < 100; i++) {
            broker.send("Aged", 0, body);
        }
        broker.awaitDispatched("Aged", 0, 100);

        assertThat(broker.broker().store().retainExpired()).isPositive();

        long min = broker.broker().store().minOffset("Aged", 0);
        assertThat(min).isPositive();
        RemotingCommand behind = broker.pull("late", "Aged", 0, 0);
        assertThat(behind.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertThat(behind.extFields()).containsEntry("nextBeginOffset", Long.toString(min))
                .containsEntry("minOffset", Long.toString(min));
        RemotingCommand moved = broker.pull("late", "Aged", 0, min);
        assertThat(moved.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(MessageRecordCodec.decodeAll(moved.body()).get(0).queueOffset()).isEqualTo(min);
    }

    private static HeartbeatData consumer(String clientId, Set<SubscriptionData> subscriptions) {
        return new HeartbeatData(clientId, Set.of(), Set.of(new HeartbeatData.ConsumerData("shrinking",
                "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", subscriptions, false)), null, null);
    }

    private static Map<String, String> registeredPull(String topic) {
        Map<String, String> header = longPoll(topic, 0, 0, 0);
        header.put("consumerGroup", "shrinking");
        header.put("sysFlag", "0");
        header.put("subVersion", "1");
        header.remove("subscription");
        return header;
    }

    private static Map<String, String> longPoll(String topic, int queueId, long offset, long suspendMillis) {
        Map<String, String> header = new HashMap<>();
        header.put("consumerGroup", "poller");
        header.put("topic", topic);
        header.put("queueId", Integer.toString(queueId));
        header.put("queueOffset", Long.toString(offset));
        header.put("maxMsgNums", "32");
        header.put("sysFlag", Integer.toString(0x2 | 0x4));
        header.put("commitOffset", "0");
        header.put("suspendTimeoutMillis", Long.toString(suspendMillis));
        header.put("subscription", "*");
        header.put("subVersion", "0");
        header.put("expressionType", "TAG");
        return header;
    }
}
