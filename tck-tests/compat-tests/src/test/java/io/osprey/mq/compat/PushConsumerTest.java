package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.RawConnection;
import io.osprey.mq.compat.support.Received;
import io.osprey.mq.compat.support.SharedClusterTest;
import io.osprey.mq.compat.support.RecordingAllocation;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DefaultMQPushConsumer: clustering, broadcasting, orderly, tag filtering and committed offsets. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PushConsumerTest extends SharedClusterTest {
    DefaultMQProducer producer;

    @BeforeEach
    void startProducer() throws Exception {
        producer = clients.producer();
    }

    @Test
    void clusteringDeliversEachMessageToExactlyOneMemberAndTheSurvivorTakesOverAllQueues() throws Exception {
        String topic = Names.unique("clu");
        String group = Names.unique("clu_g");
        clients.createTopic(cluster.brokerAddr(), topic, 8);
        RecordingAllocation allocation1 = new RecordingAllocation();
        RecordingAllocation allocation2 = new RecordingAllocation();
        Received received1 = new Received();
        Received received2 = new Received();
        DefaultMQPushConsumer consumer1 = clusteringConsumer(group, topic, allocation1, received1);
        DefaultMQPushConsumer consumer2 = clusteringConsumer(group, topic, allocation2, received2);
        consumer1.start();
        consumer2.start();

        await("both members see each other and split the 8 queues").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Set<MessageQueue> union = new HashSet<>(allocation1.assigned(topic));
                    union.addAll(allocation2.assigned(topic));
                    return allocation1.members(topic) == 2 && allocation2.members(topic) == 2
                            && allocation1.assigned(topic).size() == 4 && allocation2.assigned(topic).size() == 4
                            && union.size() == 8;
                });

        Set<String> firstKeys = send(topic, "first", 400);
        await("every first-phase message consumed").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> union(received1.keys(), received2.keys()).containsAll(firstKeys));
        assertThat(received1.duplicates()).as("redeliveries to member 1").isEmpty();
        assertThat(received2.duplicates()).as("redeliveries to member 2").isEmpty();
        assertThat(intersection(received1.keys(), received2.keys())).as("messages delivered to both").isEmpty();
        assertThat(union(received1.keys(), received2.keys())).isEqualTo(firstKeys);
        assertThat(received1.keys()).as("member 1 got its queues' share").isNotEmpty();
        assertThat(received2.keys()).as("member 2 got its queues' share").isNotEmpty();

        consumer2.shutdown();
        await("the survivor holds all 8 queues").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> allocation1.members(topic) == 1 && allocation1.assigned(topic).size() == 8);

        int before2 = received2.deliveries();
        Set<String> secondKeys = send(topic, "second", 400);
        await("every second-phase message consumed by the survivor").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> received1.keys().containsAll(secondKeys));
        assertThat(received2.deliveries()).as("deliveries to the stopped member").isEqualTo(before2);
        assertThat(received1.duplicates().keySet()).as("second-phase redeliveries")
                .doesNotContainAnyElementsOf(secondKeys);
    }

    @Test
    void broadcastingDeliversEveryMessageToEveryMember() throws Exception {
        String topic = Names.unique("bro");
        String group = Names.unique("bro_g");
        clients.createTopic(cluster.brokerAddr(), topic, 4);
        List<Received> receivers = List.of(new Received(), new Received());
        for (Received received : receivers) {
            DefaultMQPushConsumer consumer = clients.pushConsumer(group);
            Clients.setMessageModel(consumer, "BROADCASTING");
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener(received.listener());
            consumer.start();
        }
        Set<String> keys = send(topic, "b", 200);
        for (Received received : receivers) {
            await("every message at every member").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> received.keys().containsAll(keys));
            assertThat(received.keys()).isEqualTo(keys);
            assertThat(received.duplicates()).isEmpty();
        }
    }

    @Test
    void orderlyListenerSeesEachKeysMessagesInSendOrder() throws Exception {
        String topic = Names.unique("ord");
        clients.createTopic(cluster.brokerAddr(), topic, 4);
        Map<String, List<Integer>> seenByOrderKey = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("ord_g"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerOrderly) (batch, context) -> {
            for (MessageExt message : batch) {
                seenByOrderKey.computeIfAbsent(message.getUserProperty("orderKey"),
                        k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(Integer.parseInt(message.getUserProperty("seq")));
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();

        int keys = 10;
        int perKey = 100;
        Map<String, Set<Integer>> queuesByOrderKey = new ConcurrentHashMap<>();
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                String orderKey = "order-" + k;
                Message message = new Message(topic, "o", orderKey + "-" + seq,
                        MessageBodies.forKey(orderKey + "-" + seq, 200));
                message.putUserProperty("orderKey", orderKey);
                message.putUserProperty("seq", Integer.toString(seq));
                SendResult result = producer.send(message,
                        (mqs, msg, arg) -> mqs.get(Math.floorMod(arg.hashCode(), mqs.size())), orderKey);
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                queuesByOrderKey.computeIfAbsent(orderKey, x -> ConcurrentHashMap.newKeySet())
                        .add(result.getMessageQueue().getQueueId());
            }
        }
        queuesByOrderKey.forEach((key, queues) -> assertThat(queues).as("queues of %s", key).hasSize(1));
        List<Integer> expected = IntStream.range(0, perKey).boxed().toList();
        await("every key's messages consumed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> seenByOrderKey.size() == keys
                        && seenByOrderKey.values().stream().allMatch(list -> list.size() >= perKey));
        seenByOrderKey.forEach((key, seen) -> assertThat(List.copyOf(seen)).as("order of %s", key)
                .isEqualTo(expected));
    }

    @Test
    void tagExpressionDeliversExactlyTheMatchingTags() throws Exception {
        String topic = Names.unique("tag");
        clients.createTopic(cluster.brokerAddr(), topic, 2);
        Received received = new Received();
        DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("tag_g"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "tagA || tagB");
        consumer.registerMessageListener(received.listener());
        consumer.start();

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            for (String tag : new String[] {"tagA", "tagB", "tagC", null}) {
                String key = tag + "-" + i;
                Message message = tag == null
                        ? new Message(topic, MessageBodies.forKey(key, 100))
                        : new Message(topic, tag, key, MessageBodies.forKey(key, 100));
                if (tag == null) {
                    message.setKeys(key);
                }
                assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                if ("tagA".equals(tag) || "tagB".equals(tag)) {
                    expected.add(key);
                }
            }
        }
        // a trailing tagA message in every queue: once each has arrived, everything before it was filtered
        for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
            String key = "sentinel-" + queue.getQueueId();
            producer.send(new Message(topic, "tagA", key, MessageBodies.forKey(key, 100)), queue);
            expected.add(key);
        }
        await("tagA and tagB messages and the sentinels").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> received.keys().containsAll(expected));
        assertThat(received.keys()).isEqualTo(expected);
        assertThat(received.messages()).extracting(MessageExt::getTags).containsOnly("tagA", "tagB");
    }

    @Test
    void newConsumerOfTheGroupResumesFromTheCommittedOffsets() throws Exception {
        String topic = Names.unique("off");
        String group = Names.unique("off_g");
        clients.createTopic(cluster.brokerAddr(), topic, 4);
        Set<String> firstKeys = send(topic, "n", 40);
        Received first = new Received();
        DefaultMQPushConsumer consumer1 = clients.pushConsumer(group);
        consumer1.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer1.subscribe(topic, "*");
        consumer1.registerMessageListener(first.listener());
        consumer1.start();
        await("first consumer got the first 40").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> first.keys().containsAll(firstKeys));
        await("broker holds committed offsets past all 40").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> committedOffsetSum(group, topic, 4) == 40);
        consumer1.shutdown();

        Set<String> secondKeys = send(topic, "m", 30);
        Received second = new Received();
        DefaultMQPushConsumer consumer2 = clients.pushConsumer(group);
        consumer2.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer2.subscribe(topic, "*");
        consumer2.registerMessageListener(second.listener());
        consumer2.start();
        await("second consumer got the 30 new ones").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> second.keys().containsAll(secondKeys));
        assertThat(second.keys()).as("what the restarted group consumed").isEqualTo(secondKeys);
    }

    /** Sum of the group's committed offsets (QUERY_CONSUMER_OFFSET) over the topic's queues. */
    private static long committedOffsetSum(String group, String topic, int queues) throws Exception {
        long sum = 0;
        try (RawConnection connection = RawConnection.open(cluster.brokerAddr())) {
            for (int q = 0; q < queues; q++) {
                RemotingCommand reply = connection.call(RequestCode.QUERY_CONSUMER_OFFSET,
                        Map.of("consumerGroup", group, "topic", topic, "queueId", Integer.toString(q)), null);
                if (reply.code() == ResponseCode.SUCCESS) {
                    sum += Long.parseLong(reply.extFields().get("offset"));
                } else if (reply.code() != ResponseCode.QUERY_NOT_FOUND) {
                    throw new IllegalStateException("QUERY_CONSUMER_OFFSET: " + reply);
                }
            }
        }
        return sum;
    }

    private DefaultMQPushConsumer clusteringConsumer(String group, String topic, RecordingAllocation allocation,
                                                     Received received) throws Exception {
        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        Clients.setMessageModel(consumer, "CLUSTERING");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setAllocateMessageQueueStrategy(allocation);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        return consumer;
    }

    private Set<String> send(String topic, String prefix, int count) throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            SendResult result = producer.send(new Message(topic, "t", key, MessageBodies.forKey(key, 256)));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            keys.add(key);
        }
        return keys;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).collect(Collectors.toSet());
    }
}
