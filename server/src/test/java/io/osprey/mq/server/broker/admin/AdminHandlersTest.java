package io.osprey.mq.server.broker.admin;

import io.osprey.mq.server.broker.TestBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.Connection;
import io.osprey.mq.protocol.body.ConsumeStats;
import io.osprey.mq.protocol.body.ConsumerConnection;
import io.osprey.mq.protocol.body.ConsumerOffsetWrapper;
import io.osprey.mq.protocol.body.GroupList;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.KVTable;
import io.osprey.mq.protocol.body.MessageQueue;
import io.osprey.mq.protocol.body.OffsetWrapper;
import io.osprey.mq.protocol.body.ProducerConnection;
import io.osprey.mq.protocol.body.SubscriptionGroupWire;
import io.osprey.mq.protocol.body.SubscriptionGroupWrapper;
import io.osprey.mq.protocol.body.TopicConfigTable;
import io.osprey.mq.protocol.body.TopicConfigWire;
import io.osprey.mq.protocol.body.TopicList;
import io.osprey.mq.protocol.body.TopicOffset;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.body.TopicStatsTable;
import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RemotingVersion;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.server.config.BrokerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminHandlersTest {
    @TempDir
    Path dataDir;
    private TestBroker broker;
    private String brokerName;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dataDir);
        brokerName = BrokerConfig.defaults().brokerName();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void createdTopicIsListedAndRoutedByTheNameServer() throws Exception {
        broker.createTopic("Orders", 3);

        TopicConfigTable all = broker.body(RequestCode.GET_ALL_TOPIC_CONFIG, null, TopicConfigTable.class);
        assertThat(all.topicConfigTable().get("Orders")).satisfies(topic -> {
            assertThat(topic.readQueueNums()).isEqualTo(3);
            assertThat(topic.writeQueueNums()).isEqualTo(3);
            assertThat(topic.perm()).isEqualTo(6);
        });
        assertThat(all.dataVersion().counter()).isPositive();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RemotingCommand route = broker.invokeAt(broker.nameServerAddress(), RequestCode.GET_ROUTEINFO_BY_TOPIC,
                    Map.of("topic", "Orders"), null);
            assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(JsonBodies.decode(route.body(), TopicRouteData.class).queueDatas())
                    .singleElement().satisfies(queue -> assertThat(queue.writeQueueNums()).isEqualTo(3));
        });
    }

    @Test
    void topicConfigDescribesOneTopicAndRefusesAnUnknownOne() throws Exception {
        broker.createTopic("Configured", 5);

        TopicConfigWire config = broker.body(RequestCode.GET_TOPIC_CONFIG, Map.of("topic", "Configured"),
                TopicConfigWire.class);
        assertThat(config.topicName()).isEqualTo("Configured");
        assertThat(config.readQueueNums()).isEqualTo(5);
        assertThat(config.writeQueueNums()).isEqualTo(5);
        assertThat(config.perm()).isEqualTo(6);
        assertThat(broker.invoke(RequestCode.GET_TOPIC_CONFIG, Map.of("topic", "Missing")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void updateTopicRejectsBadNamesSystemTopicsAndUnknownAttributes() throws Exception {
        RemotingCommand badName = broker.invoke(RequestCode.UPDATE_AND_CREATE_TOPIC,
                TestBroker.topicHeader("bad topic!", 4));
        assertThat(badName.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(badName.remark()).contains("bad topic!");

        RemotingCommand system = broker.invoke(RequestCode.UPDATE_AND_CREATE_TOPIC,
                TestBroker.topicHeader("TBW102", 4));
        assertThat(system.code()).isEqualTo(ResponseCode.NO_PERMISSION);

        Map<String, String> withAttributes = new java.util.HashMap<>(TestBroker.topicHeader("Fifo", 4));
        withAttributes.put("attributes", "+message.type=FIFO");
        RemotingCommand attributes = broker.invoke(RequestCode.UPDATE_AND_CREATE_TOPIC, withAttributes);
        assertThat(attributes.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(attributes.remark()).contains("message.type=FIFO");

        withAttributes.put("attributes", "+message.type=NORMAL");
        assertThat(broker.invoke(RequestCode.UPDATE_AND_CREATE_TOPIC, withAttributes).code())
                .isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void topicStatsListEveryQueueWithOffsetsAndLastStoreTime() throws Exception {
        assertThat(broker.invoke(RequestCode.GET_TOPIC_STATS_INFO, Map.of("topic", "Nope")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        broker.createTopic("Stats", 3);
        long before = System.currentTimeMillis();
        broker.send("Stats", 1, "a");
        broker.send("Stats", 1, "b");
        broker.awaitDispatched("Stats", 1, 2);

        RemotingCommand response = broker.invoke(RequestCode.GET_TOPIC_STATS_INFO, Map.of("topic", "Stats"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("\"{\\\"brokerName\\\":\\\"" + brokerName + "\\\",\\\"queueId\\\":0,\\\"topic\\\":\\\"Stats\\\"}\":");
        TopicStatsTable stats = JsonBodies.decode(response.body(), TopicStatsTable.class);
        assertThat(stats.offsetTable()).hasSize(3);
        TopicOffset queue1 = stats.offsetTable().get(new MessageQueue("Stats", brokerName, 1));
        assertThat(queue1.minOffset()).isZero();
        assertThat(queue1.maxOffset()).isEqualTo(2);
        assertThat(queue1.lastUpdateTimestamp()).isGreaterThanOrEqualTo(before);
        assertThat(stats.offsetTable().get(new MessageQueue("Stats", brokerName, 0)))
                .isEqualTo(new TopicOffset(0, 0, 0));
    }

    @Test
    void deleteTopicDropsConfigQueuesAndOffsets() throws Exception {
        broker.createTopic("Doomed", 2);
        broker.send("Doomed", 0, "x");
        broker.awaitDispatched("Doomed", 0, 1);
        broker.commitOffset("G1", "Doomed", 0, 1);

        assertThat(broker.invoke(RequestCode.DELETE_TOPIC_IN_BROKER, Map.of("topic", "Doomed")).code())
                .isEqualTo(ResponseCode.SUCCESS);

        assertThat(broker.invoke(RequestCode.GET_TOPIC_STATS_INFO, Map.of("topic", "Doomed")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(broker.broker().store().maxOffset("Doomed", 0)).isZero();
        assertThat(broker.body(RequestCode.GET_ALL_CONSUMER_OFFSET, null, ConsumerOffsetWrapper.class).offsetTable())
                .doesNotContainKey("Doomed@G1");
        assertThat(broker.body(RequestCode.GET_ALL_TOPIC_CONFIG, null, TopicConfigTable.class).topicConfigTable())
                .doesNotContainKey("Doomed");
    }

    @Test
    void consumeStatsShowBrokerAndConsumerOffsetsOfTheGroupsTopics() throws Exception {
        broker.createTopic("Progress", 2);
        for (int i = 0; i < 3; i++) {
            broker.send("Progress", 0, "m" + i);
        }
        broker.awaitDispatched("Progress", 0, 3);
        broker.commitOffset("G2", "Progress", 0, 2);

        ConsumeStats oneTopic = broker.body(RequestCode.GET_CONSUME_STATS,
                Map.of("consumerGroup", "G2", "topic", "Progress"), ConsumeStats.class);
        OffsetWrapper queue0 = oneTopic.offsetTable().get(new MessageQueue("Progress", brokerName, 0));
        assertThat(queue0.brokerOffset()).isEqualTo(3);
        assertThat(queue0.consumerOffset()).isEqualTo(2);
        assertThat(queue0.pullOffset()).isEqualTo(2);
        assertThat(queue0.lastTimestamp()).isPositive();
        assertThat(oneTopic.offsetTable().get(new MessageQueue("Progress", brokerName, 1)))
                .isEqualTo(new OffsetWrapper(0, 0, 0, 0));

        ConsumeStats allTopics = broker.body(RequestCode.GET_CONSUME_STATS, Map.of("consumerGroup", "G2"),
                ConsumeStats.class);
        assertThat(allTopics.offsetTable()).containsKeys(new MessageQueue("Progress", brokerName, 0));

        ConsumeStats unknown = broker.body(RequestCode.GET_CONSUME_STATS, Map.of("consumerGroup", "Nobody"),
                ConsumeStats.class);
        assertThat(unknown.offsetTable()).isEmpty();
    }

    @Test
    void consumeStatsWithoutTopicIncludeSubscribedTopicsAndTheRetryTopic() throws Exception {
        broker.createTopic("Subscribed", 1);
        broker.consumerHeartbeat("10.0.0.5@c1", "G3", "Subscribed");

        ConsumeStats stats = broker.body(RequestCode.GET_CONSUME_STATS, Map.of("consumerGroup", "G3"),
                ConsumeStats.class);
        assertThat(stats.offsetTable().keySet()).extracting(MessageQueue::topic)
                .containsExactlyInAnyOrder("Subscribed", "%RETRY%G3");
        TopicList topics = broker.body(RequestCode.QUERY_TOPICS_BY_CONSUMER, Map.of("group", "G3"), TopicList.class);
        assertThat(topics.topicList()).contains("Subscribed", "%RETRY%G3");
        assertThat(topics.brokerAddr()).isEqualTo(broker.broker().address());
    }

    @Test
    void consumerConnectionsListLiveMembersWithTheirVersion() throws Exception {
        assertThat(broker.invoke(RequestCode.GET_CONSUMER_CONNECTION_LIST, Map.of("consumerGroup", "G4")).code())
                .isEqualTo(ResponseCode.CONSUMER_NOT_ONLINE);
        broker.createTopic("Watched", 1);
        broker.consumerHeartbeat("10.0.0.5@c4", "G4", "Watched");

        ConsumerConnection connection = broker.body(RequestCode.GET_CONSUMER_CONNECTION_LIST,
                Map.of("consumerGroup", "G4"), ConsumerConnection.class);
        assertThat(connection.connectionSet()).singleElement().satisfies(member -> {
            assertThat(member.clientId()).isEqualTo("10.0.0.5@c4");
            assertThat(member.clientAddr()).startsWith("127.0.0.1:");
            assertThat(member.language()).isEqualTo(LanguageCode.JAVA);
            assertThat(member.version()).isEqualTo(RemotingVersion.CURRENT);
        });
        assertThat(connection.subscriptionTable()).containsKeys("Watched", "%RETRY%G4");
        assertThat(connection.messageModel()).isEqualTo("CLUSTERING");
        assertThat(connection.consumeType()).isEqualTo("CONSUME_PASSIVELY");
        assertThat(connection.consumeFromWhere()).isEqualTo("CONSUME_FROM_LAST_OFFSET");

        GroupList consumers = broker.body(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, Map.of("topic", "Watched"),
                GroupList.class);
        assertThat(consumers.groupList()).containsExactly("G4");
    }

    @Test
    void producerConnectionsListLiveMembers() throws Exception {
        assertThat(broker.invoke(RequestCode.GET_PRODUCER_CONNECTION_LIST, Map.of("producerGroup", "P1")).code())
                .isEqualTo(ResponseCode.SYSTEM_ERROR);
        broker.producerHeartbeat("10.0.0.6@p1", "P1");

        ProducerConnection connection = broker.body(RequestCode.GET_PRODUCER_CONNECTION_LIST,
                Map.of("producerGroup", "P1"), ProducerConnection.class);
        assertThat(connection.connectionSet()).extracting(Connection::clientId).containsExactly("10.0.0.6@p1");
    }

    @Test
    void subscriptionGroupsAreCreatedListedAndDeletedWithTheirOffsets() throws Exception {
        byte[] config = "{\"groupName\":\"G5\",\"consumeEnable\":false,\"retryMaxTimes\":3,\"groupRetryPolicy\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(broker.invoke(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, config).code())
                .isEqualTo(ResponseCode.SUCCESS);

        SubscriptionGroupWrapper all = broker.body(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null,
                SubscriptionGroupWrapper.class);
        SubscriptionGroupWire g5 = all.subscriptionGroupTable().get("G5");
        assertThat(g5.consumeEnable()).isFalse();
        assertThat(g5.retryMaxTimes()).isEqualTo(3);
        assertThat(g5.retryQueueNums()).isEqualTo(1);
        assertThat(g5.consumeBroadcastEnable()).isTrue();

        broker.createTopic("Kept", 1);
        broker.commitOffset("G5", "Kept", 0, 0);
        assertThat(broker.invoke(RequestCode.DELETE_SUBSCRIPTIONGROUP,
                Map.of("groupName", "G5", "cleanOffset", "true")).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.body(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, SubscriptionGroupWrapper.class)
                .subscriptionGroupTable()).doesNotContainKey("G5");
        assertThat(broker.body(RequestCode.GET_ALL_CONSUMER_OFFSET, null, ConsumerOffsetWrapper.class).offsetTable())
                .doesNotContainKey("Kept@G5");

        byte[] badName = "{\"groupName\":\"bad group\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(broker.invoke(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, badName).code())
                .isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
    }

    @Test
    void viewMessageByIdReturnsTheOneStoredRecord() throws Exception {
        broker.createTopic("Viewed", 1);
        String msgId = broker.send("Viewed", 0, "hello");

        RemotingCommand response = broker.invoke(RequestCode.VIEW_MESSAGE_BY_ID,
                Map.of("offset", Long.toString(TestBroker.physicalOffset(msgId))));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        MessageRecord record = MessageRecordCodec.decode(response.body());
        assertThat(record.topic()).isEqualTo("Viewed");
        assertThat(new String(record.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(record.messageId().encode()).isEqualTo(msgId);
        assertThat(record.totalSize()).isEqualTo(response.body().length);

        RemotingCommand missing = broker.invoke(RequestCode.VIEW_MESSAGE_BY_ID, Map.of("offset", "999999999"));
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(missing.remark()).contains("can not find message by the offset");
    }

    @Test
    void queryMessageByKeySaysTheIndexIsMissing() throws Exception {
        RemotingCommand response = broker.invoke(RequestCode.QUERY_MESSAGE, Map.of("topic", "Any", "key", "k1",
                "maxNum", "32", "beginTimestamp", "0", "endTimestamp", Long.toString(Long.MAX_VALUE)));
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo(MessageQueryHandlers.KEY_INDEX_NOT_SUPPORTED);
    }

    @Test
    void runtimeInfoCountsPutsAndGetsInTheToolsFormats() throws Exception {
        broker.createTopic("Counted", 1);
        broker.send("Counted", 0, "one");
        broker.send("Counted", 0, "two");
        broker.awaitDispatched("Counted", 0, 2);
        RemotingCommand pulled = broker.pull("G6", "Counted", 0, 0);
        assertThat(pulled.code()).as(pulled.remark()).isEqualTo(ResponseCode.SUCCESS);

        Map<String, String> table = broker.body(RequestCode.GET_BROKER_RUNTIME_INFO, null, KVTable.class).table();
        assertThat(table).containsEntry("brokerVersionDesc", RemotingVersion.CURRENT_DESC)
                .containsEntry("brokerVersion", Integer.toString(RemotingVersion.CURRENT))
                .containsEntry("brokerActive", "true")
                .containsEntry("msgPutTotalTodayNow", "2")
                .containsEntry("msgGetTotalTodayNow", "2")
                .containsEntry("msgPutTotalTodayMorning", "0")
                .containsEntry("msgPutTotalYesterdayMorning", "0");
        assertThat(table.get("putTps")).matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d");
        assertThat(table.get("getTransferedTps")).isEqualTo(table.get("getTransferredTps"))
                .matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d");
        assertThat(Double.parseDouble(table.get("putTps").split(" ")[0])).isPositive();
        assertThat(table.get("commitLogDirCapacity")).matches("Total : .+ [KMGTPE]?i?B, Free : .+ [KMGTPE]?i?B\\.");
        assertThat(Double.parseDouble(table.get("commitLogDiskRatio"))).isBetween(0.0, 1.0);
        assertThat(Long.parseLong(table.get("commitLogMaxOffset"))).isPositive();
        assertThat(Long.parseLong(table.get("earliestMessageTimeStamp"))).isPositive();
        assertThat(table.get("runtime")).matches("\\[ \\d+ days, \\d+ hours, \\d+ minutes, \\d+ seconds \\]");
        assertThat(table).containsKeys("bootTimestamp", "commitLogMinOffset", "sendThreadPoolQueueSize",
                "pullThreadPoolQueueSize");
    }
}
