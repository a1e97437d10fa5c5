package io.osprey.mq.compat.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Stock RocketMQ clients for one test, each with its own instance name (so each is a separate client instance
 * with its own connections, as separate processes would be), all shut down by {@link #close}.
 */
public final class Clients implements AutoCloseable {
    private final String namesrvAddr;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();

    public Clients(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    /** A started producer in a group of its own; retries disabled so one send is one attempt. */
    public DefaultMQProducer producer() throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("pg"));
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(Names.unique("producer"));
        producer.setSendMsgTimeout(10_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setRetryTimesWhenSendAsyncFailed(0);
        producer.start();
        shutdowns.push(producer::shutdown);
        return producer;
    }

    /** An unstarted push consumer of {@code group}; the test subscribes, registers a listener and starts it. */
    public DefaultMQPushConsumer pushConsumer(String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(Names.unique("push"));
        consumer.setPersistConsumerOffsetInterval(1_000);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** An unstarted lite pull consumer of {@code group}. */
    public DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(Names.unique("lite"));
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /**
     * A started lite pull consumer of a new {@code group}, assigned every read queue of {@code topic} and reading each
     * from its first offset. The queues are paused while the consumer seeks: a stock client's pull that is in flight
     * when seek() runs can still queue its old batch after the seek (the task checks for cancellation before it takes
     * the queue's lock, and the seek's new task has already consumed the seek offset by then), so an unpaused seek
     * serves that batch twice; and seek() interrupts a running pull, which makes a 5.x client close its own connection
     * (see {@code InterruptedClientThreadTest}).
     */
    public DefaultLitePullConsumer litePullConsumerFromBeginning(String group, String topic) throws Exception {
        DefaultLitePullConsumer consumer = litePullConsumer(group);
        consumer.setAutoCommit(false);
        consumer.start();
        List<MessageQueue> queues = new ArrayList<>(consumer.fetchMessageQueues(topic));
        consumer.assign(queues);
        consumer.pause(queues);
        for (MessageQueue queue : queues) {
            consumer.seekToBegin(queue);
        }
        consumer.resume(queues);
        return consumer;
    }

    /** A started admin client. */
    public DefaultMQAdminExt admin() throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName(Names.unique("admin"));
        admin.start();
        shutdowns.push(admin::shutdown);
        return admin;
    }

    /**
     * Creates {@code topic} with {@code queues} read and write queues on the broker at {@code brokerAddr}
     * (UPDATE_AND_CREATE_TOPIC, as {@code mqadmin updateTopic -b}) and waits until its route is on the NameServer.
     */
    public void createTopic(String brokerAddr, String topic, int queues) throws Exception {
        DefaultMQAdminExt admin = admin();
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(topic, queues, queues, 6));
        awaitRoute(admin, topic, queues);
    }

    public static void awaitRoute(DefaultMQAdminExt admin, String topic, int readQueues) {
        await("route of " + topic + " with " + readQueues + " read queues").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> admin.examineTopicRouteInfo(topic).getQueueDatas().stream()
                        .mapToInt(q -> q.getReadQueueNums()).sum() == readQueues);
    }

    /**
     * Sets CLUSTERING or BROADCASTING by name: the enum moved package between 4.9 and 5.x, so the shared sources
     * never name its type.
     */
    public static void setMessageModel(DefaultMQPushConsumer consumer, String model) {
        var current = consumer.getMessageModel();
        consumer.setMessageModel(Enum.valueOf(current.getDeclaringClass(), model));
    }

    /** As {@link #setMessageModel(DefaultMQPushConsumer, String)}, for a lite pull consumer. */
    public static void setMessageModel(DefaultLitePullConsumer consumer, String model) {
        var current = consumer.getMessageModel();
        consumer.setMessageModel(Enum.valueOf(current.getDeclaringClass(), model));
    }

    /** Whether the stock client on the class path is a 4.x one. */
    public static boolean isClient4() {
        return MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION).startsWith("V4_");
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!shutdowns.isEmpty()) {
            try {
                shutdowns.pop().run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
