package io.osprey.mq.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * The run's topic: created on every master the NameServer lists (UPDATE_AND_CREATE_TOPIC, as {@code mqadmin
 * updateTopic} does), then awaited in the routes, then in the consumers' rebalance, then probed: one message
 * per queue must reach a consumer before the run starts.
 */
final class BenchTopic {
    private static final long CALL_TIMEOUT_MILLIS = 5_000;
    private static final long ROUTE_TIMEOUT_MILLIS = 30_000;
    private static final int PERM_READ_WRITE = 6;

    private BenchTopic() {
    }

    /** Creates {@code topic} with {@code queues} queues on every master; returns the queues the route shows. */
    static int create(DefaultMQProducer client, String topic, int queues) throws Exception {
        MQClientAPIImpl api = client.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        ClusterInfo cluster = api.getBrokerClusterInfo(CALL_TIMEOUT_MILLIS);
        TopicConfig config = new TopicConfig(topic, queues, queues, PERM_READ_WRITE);
        int masters = 0;
        for (BrokerData broker : cluster.getBrokerAddrTable().values()) {
            String master = broker.getBrokerAddrs().get(0L);
            if (master != null) {
                api.createTopic(master, TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, config, CALL_TIMEOUT_MILLIS);
                masters++;
            }
        }
        if (masters == 0) {
            throw new IllegalStateException("the NameServer lists no master broker");
        }
        return awaitRoute(client, topic, queues * masters);
    }

    /** Waits until the route of {@code topic} shows at least {@code minQueues} writable queues; returns them. */
    static int awaitRoute(DefaultMQProducer client, String topic, int minQueues) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUTE_TIMEOUT_MILLIS);
        MQClientException last = null;
        while (System.nanoTime() < deadline) {
            try {
                int n = client.fetchPublishMessageQueues(topic).size();
                if (n >= minQueues) {
                    return n;
                }
            } catch (MQClientException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        IllegalStateException timeout = new IllegalStateException("no route with " + minQueues + " queues for "
                + topic + " after " + ROUTE_TIMEOUT_MILLIS + " ms");
        if (last != null) {
            timeout.addSuppressed(last);
        }
        throw timeout;
    }

    /**
     * Sends one unmeasured message to every queue and waits until the consumers got one from each. A queue
     * can be assigned yet not pulled: the stock client answers a rebalance with a heartbeat that it skips when
     * another heartbeat holds its lock, and until its next periodic heartbeat (30 s) the broker refuses its
     * pulls as "subscription not latest". Measuring then would measure that gap.
     */
    static void awaitEveryQueueDelivers(DefaultMQProducer client, String topic, String runId, ConsumerSide side,
                                        long timeoutMillis) throws Exception {
        List<MessageQueue> queues = List.copyOf(client.fetchPublishMessageQueues(topic));
        for (MessageQueue queue : queues) {
            Message probe = new Message(topic, "probe".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            probe.putUserProperty(ProducerWorker.RUN, runId);
            probe.putUserProperty(ProducerWorker.WARM, "1");
            probe.putUserProperty(ProducerWorker.TIMESTAMP, Long.toString(System.nanoTime()));
            client.send(probe, queue);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (side.queuesSeen() < queues.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumers received from " + side.queuesSeen() + " of "
                        + queues.size() + " queues of " + topic + " within " + timeoutMillis + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Waits until rebalance has assigned all {@code queues} queues, each to exactly one consumer, and every
     * consumer has some when there are enough queues: measuring while queues move would measure the rebalance.
     */
    static void awaitRebalance(List<DefaultMQPushConsumer> consumers, String topic, int queues, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            int total = 0;
            boolean everyoneHasSome = true;
            for (DefaultMQPushConsumer consumer : consumers) {
                int n = (int) consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable()
                        .keySet().stream().filter(q -> q.getTopic().equals(topic)).count();
                total += n;
                everyoneHasSome &= n > 0;
            }
            if (total == queues && (everyoneHasSome || consumers.size() > queues)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rebalance assigned " + total + " of " + queues + " queues of "
                        + topic + " within " + timeoutMillis + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
