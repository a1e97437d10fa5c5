package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.OspreyCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redelivery after RECONSUME_LATER, the dead-letter queue, and delay levels, on a broker whose delay levels are
 * short: level 2 is 3 s, every other level 1 s.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RetryDelayTest {
    private static final String DELAY_LEVELS = "1s 3s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";
    private static final long LEVEL_2_MILLIS = 3_000;

    @TempDir
    static Path storeDir;
    static OspreyCluster cluster;

    Clients clients;
    DefaultMQProducer producer;

    @BeforeAll
    static void startServers() throws Exception {
        cluster = OspreyCluster.builder(storeDir).broker("messageDelayLevel", DELAY_LEVELS).start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startProducer() throws Exception {
        clients = new Clients(cluster.namesrvAddr());
        producer = clients.producer();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void alwaysFailingMessageIsRedeliveredWithRisingReconsumeTimesThenLandsInTheDeadLetterQueue() throws Exception {
        String topic = Names.unique("retry");
        String group = Names.unique("retry_g");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        List<Integer> reconsumeTimes = Collections.synchronizedList(new ArrayList<>());
        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setMaxReconsumeTimes(2);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) -> {
            batch.forEach(m -> reconsumeTimes.add(m.getReconsumeTimes()));
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();
        byte[] body = MessageBodies.forKey("poison", 500);
        Message poison = new Message(topic, "p", "poison", body);
        poison.putUserProperty("origin", "compat");
        SendResult sent = producer.send(poison);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        String dlq = "%DLQ%" + group;
        DefaultMQAdminExt admin = clients.admin();
        await("dead-letter topic " + dlq + " has a route").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> !admin.examineTopicRouteInfo(dlq).getQueueDatas().isEmpty());
        var dlqQueue = admin.examineTopicRouteInfo(dlq).getQueueDatas().get(0);
        if ((dlqQueue.getPerm() & 4) == 0) {
            // the stock broker makes DLQ topics write-only; an operator grants read to inspect them
            admin.createAndUpdateTopicConfig(cluster.brokerAddr(),
                    new TopicConfig(dlq, dlqQueue.getReadQueueNums(), dlqQueue.getWriteQueueNums(), 6));
            Clients.awaitRoute(admin, dlq, dlqQueue.getReadQueueNums());
        }
        DefaultLitePullConsumer dlqReader = clients.litePullConsumerFromBeginning(Names.unique("dlq_reader"), dlq);
        List<MessageExt> dead = new ArrayList<>();
        await("the message in " + dlq).atMost(Duration.ofSeconds(30))
                .until(() -> {
                    dead.addAll(dlqReader.poll(500));
                    return !dead.isEmpty();
                });
        assertThat(reconsumeTimes).as("reconsumeTimes of each delivery").containsExactly(0, 1, 2);
        assertThat(dead).hasSize(1);
        MessageExt letter = dead.get(0);
        assertThat(letter.getBody()).isEqualTo(body);
        assertThat(letter.getKeys()).isEqualTo("poison");
        assertThat(letter.getUserProperty("origin")).isEqualTo("compat");
        assertThat(letter.getMsgId()).as("UNIQ_KEY kept").isEqualTo(sent.getMsgId());
    }

    @Test
    void delayedMessageArrivesNoSoonerThanItsLevelsDelay() throws Exception {
        String topic = Names.unique("delay");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        Map<String, MessageExt> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("delay_g"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) -> {
            long now = System.currentTimeMillis();
            batch.forEach(m -> {
                receivedAt.putIfAbsent(m.getKeys(), now);
                received.putIfAbsent(m.getKeys(), m);
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        // one message through every queue first: the consumer then pulls them all, so how late "prompt" arrives
        // measures the broker, not the consumer's start-up rebalance
        Set<String> ready = new HashSet<>();
        for (var queue : producer.fetchPublishMessageQueues(topic)) {
            String key = "ready-" + queue.getQueueId();
            assertThat(producer.send(new Message(topic, "d", key, MessageBodies.forKey(key, 200)), queue)
                    .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            ready.add(key);
        }
        await("the consumer pulls every queue").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> receivedAt.keySet().containsAll(ready));

        Message delayed = new Message(topic, "d", "delayed", MessageBodies.forKey("delayed", 200));
        delayed.setDelayTimeLevel(2);
        assertThat(producer.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        long delayedStoredBy = System.currentTimeMillis();
        assertThat(producer.send(new Message(topic, "d", "prompt", MessageBodies.forKey("prompt", 200)))
                .getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        await("both messages arrive").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receivedAt.containsKey("delayed") && receivedAt.containsKey("prompt"));
        assertThat(receivedAt.get("delayed") - delayedStoredBy).as("ms from the send's ack to delivery")
                .isGreaterThanOrEqualTo(LEVEL_2_MILLIS - 250);
        assertThat(receivedAt.get("prompt")).as("the undelayed message is not held")
                .isLessThan(receivedAt.get("delayed"));
        MessageExt message = received.get("delayed");
        assertThat(message.getTopic()).isEqualTo(topic);
        assertThat(MessageBodies.isIntact(message.getBody())).isTrue();
    }
}
