package io.osprey.mq.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * The run's topic: created on every master the NameServer lists (UPDATE_AND_CREATE_TOPIC, as {@code mqadmin
 * updateTopic} does), then awaited in the routes, then awaited in the consumers' rebalance.
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
