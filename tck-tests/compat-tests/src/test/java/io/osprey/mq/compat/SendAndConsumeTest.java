package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.BrokerQueries;
import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.Received;
import io.osprey.mq.compat.support.SharedClusterTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The four ways the stock producer sends (sync, async, oneway, batch), 10 000 messages of about 1 KiB each, then
 * a push consumer reads them all back: count, bodies, keys, tags and user properties (non-ASCII included) survive.
 * Each topic is created by its first send (auto-creation through TBW102, 4 queues).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SendAndConsumeTest extends SharedClusterTest {
    private static final int COUNT = 10_000;
    private static final int QUEUES = 4;

    String topic;

    @BeforeEach
    void nameTopic() {
        topic = Names.unique("send"); // created by its first send, through TBW102
    }

    @Test
    void syncSendReturnsCompleteSendOkResultsAndEveryMessageIsConsumedIntact() throws Exception {
        DefaultMQProducer producer = clients.producer();
        Map<String, String> uniqKeyByKey = new HashMap<>();
        Map<Integer, List<Long>> offsetsByQueue = new HashMap<>();
        for (int i = 0; i < COUNT; i++) {
            Message message = message(i);
            SendResult result = producer.send(message);
            assertThat(result.getSendStatus()).as("status of send %d", i).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.getMsgId()).as("msgId (UNIQ_KEY) of send %d", i).isNotBlank();
            assertThat(result.getOffsetMsgId()).as("offsetMsgId of send %d", i).matches("[0-9A-F]{32}");
            assertThat(result.getMessageQueue().getTopic()).isEqualTo(topic);
            assertThat(result.getMessageQueue().getBrokerName()).isEqualTo(cluster.brokerName());
            assertThat(result.getMessageQueue().getQueueId()).isBetween(0, QUEUES - 1);
            assertThat(result.getQueueOffset()).isGreaterThanOrEqualTo(0);
            uniqKeyByKey.put(message.getKeys(), result.getMsgId());
            offsetsByQueue.computeIfAbsent(result.getMessageQueue().getQueueId(), q -> new ArrayList<>())
                    .add(result.getQueueOffset());
        }
        offsetsByQueue.forEach((queueId, offsets) -> assertThat(offsets)
                .as("queue offsets of queue %d, one producer sending in sequence", queueId)
                .isEqualTo(java.util.stream.LongStream.range(0, offsets.size()).boxed().toList()));

        Map<String, MessageExt> received = consumeAll();
        received.forEach((key, msg) -> assertThat(msg.getMsgId()).as("msgId of %s", key)
                .isEqualTo(uniqKeyByKey.get(key)));
    }

    @Test
    void asyncSendCompletesEveryCallbackWithSendOkAndEveryMessageIsConsumedIntact() throws Exception {
        DefaultMQProducer producer = clients.producer();
        Semaphore inFlight = new Semaphore(256);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < COUNT; i++) {
            inFlight.acquire();
            int index = i;
            producer.send(message(i), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    if (result.getSendStatus() == SendStatus.SEND_OK && result.getOffsetMsgId() != null
                            && result.getMessageQueue() != null && result.getQueueOffset() >= 0) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(index + ": " + result);
                    }
                    inFlight.release();
                }

                @Override
                public void onException(Throwable e) {
                    failures.add(index + ": " + e);
                    inFlight.release();
                }
            });
        }
        await("all async callbacks").atMost(Duration.ofSeconds(60))
                .until(() -> ok.get() + failures.size() == COUNT);
        assertThat(failures).isEmpty();
        assertThat(ok).hasValue(COUNT);
        consumeAll();
    }

    @Test
    void onewaySendStoresEveryMessageIntact() throws Exception {
        DefaultMQProducer producer = clients.producer();
        for (int i = 0; i < COUNT; i++) {
            producer.sendOneway(message(i));
        }
        consumeAll();
    }

    @Test
    void batchSendStoresEachItemAsItsOwnMessageWithConsecutiveOffsets() throws Exception {
        DefaultMQProducer producer = clients.producer();
        int batchSize = 100;
        for (int start = 0; start < COUNT; start += batchSize) {
            List<Message> batch = new ArrayList<>();
            for (int i = start; i < start + batchSize; i++) {
                batch.add(message(i));
            }
            SendResult result = producer.send(batch);
            assertThat(result.getSendStatus()).as("batch at %d", start).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.getMsgId().split(",")).as("UNIQ_KEYs of batch at %d", start).hasSize(batchSize);
            assertThat(result.getOffsetMsgId().split(",")).as("offset msgIds of batch at %d", start)
                    .hasSize(batchSize).allMatch(id -> id.matches("[0-9A-F]{32}"));
            assertThat(result.getQueueOffset()).isGreaterThanOrEqualTo(0);
        }
        Map<String, MessageExt> received = consumeAll();
        // items of one batch land in one queue, in order, at consecutive offsets
        for (int start = 0; start < COUNT; start += batchSize) {
            MessageExt first = received.get("k-" + start);
            for (int i = start + 1; i < start + batchSize; i++) {
                MessageExt item = received.get("k-" + i);
                assertThat(item.getQueueId()).as("queue of item %d", i).isEqualTo(first.getQueueId());
                assertThat(item.getQueueOffset()).as("offset of item %d", i)
                        .isEqualTo(first.getQueueOffset() + (i - start));
            }
        }
    }

    private Message message(int i) {
        String key = "k-" + i;
        Message message = new Message(topic, "tag" + (i % 3), key, MessageBodies.forKey(key, 1000 + i % 50));
        message.putUserProperty("idx", Integer.toString(i));
        message.putUserProperty("unicode", "ünïcødé-日本-" + i);
        return message;
    }

    /** Consumes the topic from the start with a fresh group; checks every message; returns them by key. */
    private Map<String, MessageExt> consumeAll() throws Exception {
        Received received = new Received();
        Clients.awaitRoute(clients.admin(), topic, QUEUES);
        await("all " + COUNT + " messages stored (GET_MAX_OFFSET summed over the queues)")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> BrokerQueries.storedCount(cluster.brokerAddr(), topic, QUEUES), n -> n >= COUNT);
        DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("cg"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        await("all " + COUNT + " messages consumed").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(received::distinctKeys, n -> n >= COUNT);
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < COUNT; i++) {
            expected.add("k-" + i);
        }
        Map<String, MessageExt> byKey = received.byKey();
        assertThat(byKey.keySet()).isEqualTo(expected);
        Map<String, String> problems = new ConcurrentHashMap<>();
        byKey.forEach((key, msg) -> {
            int i = Integer.parseInt(key.substring(2));
            String problem = null;
            if (!java.util.Arrays.equals(msg.getBody(), MessageBodies.forKey(key, 1000 + i % 50))) {
                problem = "body differs";
            } else if (!topic.equals(msg.getTopic())) {
                problem = "topic " + msg.getTopic();
            } else if (!("tag" + (i % 3)).equals(msg.getTags())) {
                problem = "tags " + msg.getTags();
            } else if (!Integer.toString(i).equals(msg.getUserProperty("idx"))) {
                problem = "idx " + msg.getUserProperty("idx");
            } else if (!("ünïcødé-日本-" + i).equals(msg.getUserProperty("unicode"))) {
                problem = "unicode " + msg.getUserProperty("unicode");
            } else if (msg.getStoreTimestamp() < msg.getBornTimestamp() - 1_000) {
                problem = "store timestamp " + msg.getStoreTimestamp() + " before born " + msg.getBornTimestamp();
            }
            if (problem != null) {
                problems.put(key, problem);
            }
        });
        assertThat(problems).as("messages that did not round-trip").isEmpty();
        return byKey;
    }
}
