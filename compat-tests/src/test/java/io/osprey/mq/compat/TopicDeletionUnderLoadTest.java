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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> keptFailures = new ArrayList<>();
        AtomicInteger doomedSent = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < CLIENTS; p++) {
            DefaultMQProducer producer = clients.producer();
            int id = p;
            producers.add(new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        producer.send(new Message(doomed, ("d" + id + "-" + i).getBytes(StandardCharsets.UTF_8)));
                        doomedSent.incrementAndGet();
                    } catch (Exception e) {
                        // the topic is being deleted under this producer: refusals are expected here
                    }
                    String body = "k" + id + "-" + i;
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
            }, "producer-" + p));
        }
        producers.forEach(Thread::start);
        await("consumption of both topics").atMost(Duration.ofSeconds(60))
                .until(() -> doomedReceived.get() > 0 && keptReceived.size() > 0);

        for (int d = 0; d < DELETIONS; d++) {
            int sentBefore = doomedSent.get();
            admin.deleteTopicInBroker(Set.of(cluster.brokerAddr()), doomed);
            if (Clients.isClient4()) {
                admin.deleteTopicInNameServer(Set.of(cluster.namesrvAddr()), doomed, cluster.clusterName());
            } else {
                admin.deleteTopicInNameServer(Set.of(cluster.namesrvAddr()), cluster.clusterName(), doomed);
            }
            clients.createTopic(cluster.brokerAddr(), doomed, 4);
            await("sends to the re-created topic").atMost(Duration.ofSeconds(60))
                    .until(() -> doomedSent.get() > sentBefore);
        }
        running.set(false);
        for (Thread producer : producers) {
            producer.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(keptFailures).as("sends to the other topic").isEmpty();
        await("every message of the other topic consumed").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(keptReceived).containsAll(keptSent));
        // the broker still takes and serves new work
        String fresh = Names.unique("after");
        clients.createTopic(cluster.brokerAddr(), fresh, 1);
        assertThat(clients.producer().send(new Message(fresh, "after".getBytes(StandardCharsets.UTF_8)))
                .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }
}
