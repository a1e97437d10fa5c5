package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.SharedClusterTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mqadmin deleteTopic / updateTopic, over and over, while 4 stock producers send to the topic and 4 push consumers
 * read it: the broker never fails, and another topic sent and consumed by the same clients throughout loses
 * nothing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TopicDeletionUnderLoadTest extends SharedClusterTest {
    private static final int CLIENTS = 4;
    private static final int DELETIONS = 8;
    private static final int PER_ROUND = 40;

    @Test
    void deletingAndRecreatingATopicUnderLoadKeepsTheBrokerServingOtherTopics() throws Exception {
        String doomed = Names.unique("doomed");
        String kept = Names.unique("kept");
        clients.createTopic(cluster.brokerAddr(), doomed, 4);
        clients.createTopic(cluster.brokerAddr(), kept, 4);
        DefaultMQAdminExt admin = clients.admin();

        Set<String> keptSent = ConcurrentHashMap.newKeySet();
        Set<String> keptReceived = ConcurrentHashMap.newKeySet();
        AtomicInteger doomedReceived = new AtomicInteger();
        String keptGroup = Names.unique("kept-group");
        String doomedGroup = Names.unique("doomed-group");
        for (int c = 0; c < CLIENTS; c++) {
            DefaultMQPushConsumer keptConsumer = clients.pushConsumer(keptGroup);
            keptConsumer.subscribe(kept, "*");
            keptConsumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> keptReceived.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            keptConsumer.start();
            DefaultMQPushConsumer doomedConsumer = clients.pushConsumer(doomedGroup);
            doomedConsumer.subscribe(doomed, "*");
            doomedConsumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                doomedReceived.addAndGet(messages.size());
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            doomedConsumer.start();
        }

        List<Throwable> keptFailures = new ArrayList<>();
        AtomicInteger doomedSent = new AtomicInteger();
        // each round every producer sends PER_ROUND messages to each topic; the topic is deleted and created again
        // while they are half way through
        CyclicBarrier roundStart = new CyclicBarrier(CLIENTS + 1);
        CountDownLatch[] halfWay = new CountDownLatch[DELETIONS];
        for (int d = 0; d < DELETIONS; d++) {
            halfWay[d] = new CountDownLatch(CLIENTS);
        }
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < CLIENTS; p++) {
            DefaultMQProducer producer = clients.producer();
            int id = p;
            producers.add(new Thread(() -> {
                try {
                    for (int round = 0; round < DELETIONS; round++) {
                        roundStart.await(2, TimeUnit.MINUTES);
                        for (int i = 0; i < PER_ROUND; i++) {
                            if (i == PER_ROUND / 2) {
                                halfWay[round].countDown();
                            }
                            sendBoth(producer, doomed, kept, id + "-" + round + "-" + i, doomedSent, keptSent,
                                    keptFailures);
                        }
                    }
                } catch (Exception e) {
                    synchronized (keptFailures) {
                        keptFailures.add(e);
                    }
                }
            }, "producer-" + p));
        }
        producers.forEach(Thread::start);
        try {
            for (int d = 0; d < DELETIONS; d++) {
                roundStart.await(2, TimeUnit.MINUTES);
                assertThat(halfWay[d].await(2, TimeUnit.MINUTES)).isTrue();
                admin.deleteTopicInBroker(Set.of(cluster.brokerAddr()), doomed);
                if (Clients.isClient4()) {
                    admin.deleteTopicInNameServer(Set.of(cluster.namesrvAddr()), doomed, cluster.clusterName());
                } else {
                    admin.deleteTopicInNameServer(Set.of(cluster.namesrvAddr()), cluster.clusterName(), doomed);
                }
                clients.createTopic(cluster.brokerAddr(), doomed, 4);
            }
        } finally {
            roundStart.reset(); // a failed round releases the producers waiting for the next one
            for (Thread producer : producers) {
                producer.join(TimeUnit.MINUTES.toMillis(2));
            }
        }
        assertThat(doomedSent.get()).as("sends to the deleted topic went on between deletions").isPositive();
        assertThat(doomedReceived.get()).isPositive();

        assertThat(keptFailures).as("sends to the other topic").isEmpty();
        await("every message of the other topic consumed").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(keptReceived).containsAll(keptSent));
        // the broker still takes and serves new work
        String fresh = Names.unique("after");
        clients.createTopic(cluster.brokerAddr(), fresh, 1);
        assertThat(clients.producer().send(new Message(fresh, "after".getBytes(StandardCharsets.UTF_8)))
                .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    private static void sendBoth(DefaultMQProducer producer, String doomed, String kept, String name,
                                 AtomicInteger doomedSent, Set<String> keptSent, List<Throwable> keptFailures) {
        try {
            producer.send(new Message(doomed, ("d" + name).getBytes(StandardCharsets.UTF_8)));
            doomedSent.incrementAndGet();
        } catch (Exception e) {
            // the topic is being deleted under this producer: a refusal is expected here
        }
        String body = "k" + name;
        try {
            SendResult result = producer.send(new Message(kept, body.getBytes(StandardCharsets.UTF_8)));
            if (result.getSendStatus() == SendStatus.SEND_OK) {
                keptSent.add(body);
            } else {
                synchronized (keptFailures) {
                    keptFailures.add(new AssertionError(body + ": " + result.getSendStatus()));
                }
            }
        } catch (Exception e) {
            synchronized (keptFailures) {
                keptFailures.add(e);
            }
        }
    }
}
