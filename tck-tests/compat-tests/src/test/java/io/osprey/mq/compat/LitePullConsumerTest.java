package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.Received;
import io.osprey.mq.compat.support.SharedClusterTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DefaultLitePullConsumer in assign mode (seek, seekToBegin) and subscribe mode. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LitePullConsumerTest extends SharedClusterTest {
    DefaultMQProducer producer;
    String topic;

    @BeforeEach
    void createTopic() throws Exception {
        producer = clients.producer();
        topic = Names.unique("lite");
        clients.createTopic(cluster.brokerAddr(), topic, 4);
    }

    @Test
    void assignedConsumerPollsFromTheSoughtOffsetAndFromTheBeginningAfterSeekToBegin() throws Exception {
        MessageQueue queue = new MessageQueue(topic, cluster.brokerName(), 1);
        for (int i = 0; i < 30; i++) {
            String key = "k-" + i;
            assertThat(producer.send(new Message(topic, "t", key, MessageBodies.forKey(key, 300)), queue)
                    .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        awaitDispatched(List.of(queue), 30);
        DefaultLitePullConsumer consumer = pausedAssignedConsumer(List.of(queue));

        consumer.seek(queue, 20);
        consumer.resume(List.of(queue));
        List<MessageExt> fromTwenty = pollUntil(consumer, 10);
        assertThat(fromTwenty).extracting(MessageExt::getQueueOffset)
                .containsExactlyElementsOf(LongStream.range(20, 30).boxed().toList());
        assertThat(fromTwenty).extracting(MessageExt::getKeys)
                .containsExactlyElementsOf(LongStream.range(20, 30).mapToObj(i -> "k-" + i).toList());
        assertThat(fromTwenty).allMatch(m -> m.getQueueId() == 1 && MessageBodies.isIntact(m.getBody()));

        consumer.pause(List.of(queue));
        consumer.seekToBegin(queue);
        consumer.resume(List.of(queue));
        List<MessageExt> fromStart = pollUntil(consumer, 30);
        assertThat(fromStart).extracting(MessageExt::getQueueOffset)
                .containsExactlyElementsOf(LongStream.range(0, 30).boxed().toList());
    }

    @Test
    void subscribedConsumerPollsEveryMessageOfTheTopic() throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String key = "s-" + i;
            assertThat(producer.send(new Message(topic, "t", key, MessageBodies.forKey(key, 300))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            keys.add(key);
        }
        DefaultLitePullConsumer consumer = clients.litePullConsumer(Names.unique("lite_s"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        Received received = new Received();
        await("every message polled").atMost(Duration.ofSeconds(60)).until(() -> {
            received.addAll(consumer.poll(500));
            return received.keys().containsAll(keys);
        });
        assertThat(received.keys()).isEqualTo(keys);
        assertThat(received.duplicates()).isEmpty();
        assertThat(received.messages()).allMatch(m -> MessageBodies.isIntact(m.getBody()));
    }

    @Test
    void broadcastingLitePullConsumersEachPollEveryMessage() throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String key = "b-" + i;
            assertThat(producer.send(new Message(topic, "t", key, MessageBodies.forKey(key, 300))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            keys.add(key);
        }
        String group = Names.unique("lite_b");
        List<DefaultLitePullConsumer> members = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            DefaultLitePullConsumer member = clients.litePullConsumer(group);
            Clients.setMessageModel(member, "BROADCASTING");
            member.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            member.subscribe(topic, "*");
            member.start();
            members.add(member);
        }
        for (DefaultLitePullConsumer member : members) {
            Received received = new Received();
            await("every message polled by each member").atMost(Duration.ofSeconds(60)).until(() -> {
                received.addAll(member.poll(500));
                return received.keys().containsAll(keys);
            });
            assertThat(received.keys()).isEqualTo(keys);
            assertThat(received.duplicates()).isEmpty();
        }
    }

    /**
     * Issue 6's scenario, a burst of sends, then assign() and seek() on every queue at once (the seeks' GET_MIN_OFFSET
     * and GET_MAX_OFFSET racing the pull tasks' first offset queries on one connection): every seek succeeds and every
     * queue is polled from the sought offset. Repeated because the failure was timing dependent.
     */
    @RepeatedTest(5)
    void seekOnEveryAssignedQueuePollsEachFromTheSoughtOffset() throws Exception {
        List<MessageQueue> queues = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            queues.add(new MessageQueue(topic, cluster.brokerName(), q));
        }
        for (int i = 0; i < 24; i++) {
            for (MessageQueue queue : queues) {
                assertThat(producer.send(new Message(topic, "t", "q" + queue.getQueueId() + "-" + i,
                        MessageBodies.forKey("q" + queue.getQueueId() + "-" + i, 100)), queue).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);
            }
        }
        awaitDispatched(queues, 24);
        DefaultLitePullConsumer consumer = pausedAssignedConsumer(queues);

        for (MessageQueue queue : queues) {
            consumer.seek(queue, 20);
        }
        consumer.resume(queues);
        List<MessageExt> polled = pollUntil(consumer, 16);
        List<String> expected = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            for (int offset = 20; offset < 24; offset++) {
                expected.add(q + "@" + offset + "=q" + q + "-" + offset);
            }
        }
        assertThat(polled).extracting(m -> m.getQueueId() + "@" + m.getQueueOffset() + "=" + m.getKeys())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Waits until every queue's max offset counts {@code messages}: the broker builds its consume queues after it
     * acknowledges a send, as RocketMQ's does, and seek() rejects an offset beyond the max offset it reads.
     */
    private void awaitDispatched(List<MessageQueue> queues, long messages) throws Exception {
        DefaultMQAdminExt admin = clients.admin();
        for (MessageQueue queue : queues) {
            await("queue " + queue.getQueueId() + " dispatched").atMost(Duration.ofSeconds(10))
                    .until(() -> admin.maxOffset(queue), offset -> offset == messages);
        }
    }

    /**
     * A started consumer assigned {@code queues}, paused, so that no pull runs before the test seeks. Seeking a queue
     * whose pull task is running interrupts that task's thread, and a stock 5.x client whose interrupted thread then
     * sends a request closes its own connection, failing every request in flight on it, a concurrent seek's
     * GET_MIN_OFFSET/GET_MAX_OFFSET included (see {@link InterruptedClientThreadTest}); a paused task sends nothing.
     */
    private DefaultLitePullConsumer pausedAssignedConsumer(List<MessageQueue> queues) throws Exception {
        DefaultLitePullConsumer consumer = clients.litePullConsumer(Names.unique("lite_g"));
        consumer.setAutoCommit(false);
        consumer.assign(queues);
        consumer.pause(queues);
        consumer.start();
        return consumer;
    }

    private static List<MessageExt> pollUntil(DefaultLitePullConsumer consumer, int count) {
        List<MessageExt> polled = new ArrayList<>();
        await(count + " messages polled").atMost(Duration.ofSeconds(30)).until(() -> {
            polled.addAll(consumer.poll(500));
            return polled.size() >= count;
        });
        return polled;
    }
}
