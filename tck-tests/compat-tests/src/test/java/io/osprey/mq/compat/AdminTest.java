package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.Received;
import io.osprey.mq.compat.support.SharedClusterTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DefaultMQAdminExt against the NameServer, as mqadmin uses it: updateTopic, deleteTopic, topicList, topicRoute,
 * topicStatus, clusterList, brokerStatus, consumerProgress and queryMsgById.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AdminTest extends SharedClusterTest {
    DefaultMQAdminExt admin;

    @BeforeEach
    void startAdmin() throws Exception {
        admin = clients.admin();
    }

    @Test
    void updateTopicCreatesTheTopicWithTheRequestedQueuesAndPermission() throws Exception {
        String topic = Names.unique("upd");
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig(topic, 3, 5, 6));
        await("route with 3 read / 5 write queues").atMost(Duration.ofSeconds(40)).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    var queueData = admin.examineTopicRouteInfo(topic).getQueueDatas();
                    assertThat(queueData).hasSize(1);
                    assertThat(queueData.get(0).getBrokerName()).isEqualTo(cluster.brokerName());
                    assertThat(queueData.get(0).getReadQueueNums()).isEqualTo(3);
                    assertThat(queueData.get(0).getWriteQueueNums()).isEqualTo(5);
                    assertThat(queueData.get(0).getPerm()).isEqualTo(6);
                });
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(), new TopicConfig(topic, 2, 2, 4));
        await("route updated to 2/2, read-only").atMost(Duration.ofSeconds(40)).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    var queueData = admin.examineTopicRouteInfo(topic).getQueueDatas().get(0);
                    assertThat(queueData.getReadQueueNums()).isEqualTo(2);
                    assertThat(queueData.getWriteQueueNums()).isEqualTo(2);
                    assertThat(queueData.getPerm()).isEqualTo(4);
                });
    }

    @Test
    void deleteTopicRemovesItFromTheBrokerAndTheNameServer() throws Exception {
        String topic = Names.unique("del");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        assertThat(admin.fetchAllTopicList().getTopicList()).contains(topic);

        admin.deleteTopicInBroker(Set.of(cluster.brokerAddr()), topic);
        if (Clients.isClient4()) {
            admin.deleteTopicInNameServer(Set.of(cluster.namesrvAddr()), topic, cluster.clusterName());
        } else {
            admin.deleteTopicInNameServer(Set.of(cluster.namesrvAddr()), cluster.clusterName(), topic);
        }

        Throwable routeError = catchThrowable(() -> admin.examineTopicRouteInfo(topic));
        assertThat(routeError).isInstanceOf(MQClientException.class);
        assertThat(((MQClientException) routeError).getResponseCode()).as("TOPIC_NOT_EXIST").isEqualTo(17);
        assertThat(admin.fetchAllTopicList().getTopicList()).doesNotContain(topic);
        // the broker forgot it too: its stats are refused
        Throwable statsError = catchThrowable(() -> admin.examineTopicStats(topic));
        assertThat(statsError).isNotNull();
    }

    @Test
    void topicListNamesEveryTopicOfTheBroker() throws Exception {
        String a = Names.unique("list");
        String b = Names.unique("list");
        clients.createTopic(cluster.brokerAddr(), a, 1);
        clients.createTopic(cluster.brokerAddr(), b, 1);
        assertThat(admin.fetchAllTopicList().getTopicList()).contains(a, b, "TBW102");
    }

    @Test
    void topicRouteNamesTheMasterAddressAndItsQueues() throws Exception {
        String topic = Names.unique("route");
        clients.createTopic(cluster.brokerAddr(), topic, 4);
        var route = admin.examineTopicRouteInfo(topic);
        assertThat(route.getBrokerDatas()).hasSize(1);
        var brokerData = route.getBrokerDatas().get(0);
        assertThat(brokerData.getBrokerName()).isEqualTo(cluster.brokerName());
        assertThat(brokerData.getCluster()).isEqualTo(cluster.clusterName());
        assertThat(brokerData.getBrokerAddrs()).containsExactlyEntriesOf(Map.of(0L, cluster.brokerAddr()));
        assertThat(route.getQueueDatas()).singleElement().satisfies(q -> {
            assertThat(q.getReadQueueNums()).isEqualTo(4);
            assertThat(q.getWriteQueueNums()).isEqualTo(4);
            assertThat(q.getPerm()).isEqualTo(6);
        });
    }

    @Test
    void topicStatusReportsMinAndMaxOffsetOfEveryQueue() throws Exception {
        String topic = Names.unique("stat");
        clients.createTopic(cluster.brokerAddr(), topic, 4);
        DefaultMQProducer producer = clients.producer();
        long before = System.currentTimeMillis();
        send(producer, new MessageQueue(topic, cluster.brokerName(), 0), 5);
        send(producer, new MessageQueue(topic, cluster.brokerName(), 1), 3);

        // a send is acknowledged once stored; its queue indexes it a moment later (as on a stock broker)
        var offsets = await("topic stats with every sent message indexed").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> admin.examineTopicStats(topic).getOffsetTable(),
                        table -> table.entrySet().stream().mapToLong(e -> e.getValue().getMaxOffset()).sum() == 8);
        Map<Integer, Long> maxByQueue = new HashMap<>();
        Map<Integer, Long> minByQueue = new HashMap<>();
        offsets.forEach((queue, offset) -> {
            assertThat(queue.getTopic()).isEqualTo(topic);
            assertThat(queue.getBrokerName()).isEqualTo(cluster.brokerName());
            maxByQueue.put(queue.getQueueId(), offset.getMaxOffset());
            minByQueue.put(queue.getQueueId(), offset.getMinOffset());
        });
        assertThat(maxByQueue).isEqualTo(Map.of(0, 5L, 1, 3L, 2, 0L, 3, 0L));
        assertThat(minByQueue).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L, 3, 0L));
        offsets.forEach((queue, offset) -> {
            if (queue.getQueueId() == 0) {
                assertThat(offset.getLastUpdateTimestamp()).as("last store time of queue 0")
                        .isGreaterThanOrEqualTo(before - 1_000);
            }
        });
    }

    @Test
    void clusterListNamesTheClusterAndItsMaster() throws Exception {
        var info = admin.examineBrokerClusterInfo();
        assertThat(info.getClusterAddrTable()).containsKey(cluster.clusterName());
        assertThat(info.getClusterAddrTable().get(cluster.clusterName())).containsExactly(cluster.brokerName());
        var brokerData = info.getBrokerAddrTable().get(cluster.brokerName());
        assertThat(brokerData.getCluster()).isEqualTo(cluster.clusterName());
        assertThat(brokerData.getBrokerAddrs()).containsExactlyEntriesOf(Map.of(0L, cluster.brokerAddr()));
    }

    @Test
    void brokerStatusReportsVersionAndThroughputFigures() throws Exception {
        String topic = Names.unique("bstat");
        clients.createTopic(cluster.brokerAddr(), topic, 1);
        send(clients.producer(), new MessageQueue(topic, cluster.brokerName(), 0), 3);
        Map<String, String> table = admin.fetchBrokerRuntimeStats(cluster.brokerAddr()).getTable();
        assertThat(table).containsKeys("brokerVersionDesc", "putTps");
        assertThat(table.get("brokerVersionDesc")).isNotBlank();
        assertThat(table.get("putTps").trim().split("\\s+")).as("putTps = three rates").hasSize(3)
                .allMatch(rate -> rate.matches("\\d+(\\.\\d+)?"));
        String transferred = table.containsKey("getTransferedTps") ? "getTransferedTps" : "getTransferredTps";
        assertThat(table).as("clusterList reads the transferred-TPS key").containsKey(transferred);
        assertThat(table.get(transferred).trim().split("\\s+")).hasSize(3);
    }

    @Test
    void consumerProgressShowsTheGroupCaughtUpWithEveryQueue() throws Exception {
        String topic = Names.unique("prog");
        String group = Names.unique("prog_g");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        DefaultMQProducer producer = clients.producer();
        send(producer, new MessageQueue(topic, cluster.brokerName(), 0), 6);
        send(producer, new MessageQueue(topic, cluster.brokerName(), 1), 4);
        Received received = new Received();
        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        await("10 consumed").atMost(Duration.ofSeconds(60)).until(received::distinctKeys, n -> n >= 10);

        await("consumer progress caught up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().untilAsserted(() -> {
                    var stats = admin.examineConsumeStats(group);
                    Map<Integer, Long> brokerOffsets = new HashMap<>();
                    Map<Integer, Long> consumerOffsets = new HashMap<>();
                    stats.getOffsetTable().forEach((queue, wrapper) -> {
                        if (queue.getTopic().equals(topic)) {
                            brokerOffsets.put(queue.getQueueId(), wrapper.getBrokerOffset());
                            consumerOffsets.put(queue.getQueueId(), wrapper.getConsumerOffset());
                        }
                    });
                    assertThat(brokerOffsets).isEqualTo(Map.of(0, 6L, 1, 4L));
                    assertThat(consumerOffsets).isEqualTo(Map.of(0, 6L, 1, 4L));
                    assertThat(stats.computeTotalDiff()).isZero();
                });
    }

    @Test
    void queryMsgByIdReturnsTheStoredMessage() throws Exception {
        String topic = Names.unique("view");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        byte[] body = MessageBodies.forKey("viewed", 700);
        Message message = new Message(topic, "tagV", "viewed", body);
        message.putUserProperty("color", "grün");
        SendResult sent = clients.producer().send(message);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        MessageExt viewed = admin.viewMessage(topic, sent.getOffsetMsgId());
        assertThat(viewed.getTopic()).isEqualTo(topic);
        assertThat(viewed.getBody()).isEqualTo(body);
        assertThat(viewed.getTags()).isEqualTo("tagV");
        assertThat(viewed.getKeys()).isEqualTo("viewed");
        assertThat(viewed.getUserProperty("color")).isEqualTo("grün");
        assertThat(viewed.getQueueId()).isEqualTo(sent.getMessageQueue().getQueueId());
        assertThat(viewed.getQueueOffset()).isEqualTo(sent.getQueueOffset());
        assertThat(viewed.getMsgId()).as("UNIQ_KEY").isEqualTo(sent.getMsgId());
    }

    private static void send(DefaultMQProducer producer, MessageQueue queue, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String key = queue.getTopic() + "-" + queue.getQueueId() + "-" + i;
            assertThat(producer.send(new Message(queue.getTopic(), "t", key, MessageBodies.forKey(key, 100)), queue)
                    .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }
}
