package io.osprey.mq.compat.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.AllocateMessageQueueStrategy;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * The stock averaging allocation, remembering what it last gave this consumer per topic and how many group
 * members it saw, so a test can wait until a rebalance has settled before it produces.
 */
public final class RecordingAllocation implements AllocateMessageQueueStrategy {
    private final AllocateMessageQueueAveragely delegate = new AllocateMessageQueueAveragely();
    private final Map<String, Set<MessageQueue>> assigned = new ConcurrentHashMap<>();
    private final Map<String, Integer> members = new ConcurrentHashMap<>();

    @Override
    public List<MessageQueue> allocate(String consumerGroup, String currentCID, List<MessageQueue> mqAll,
                                       List<String> cidAll) {
        List<MessageQueue> result = delegate.allocate(consumerGroup, currentCID, mqAll, cidAll);
        if (!mqAll.isEmpty()) {
            String topic = mqAll.get(0).getTopic();
            assigned.put(topic, Set.copyOf(result));
            members.put(topic, cidAll.size());
        }
        return result;
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    public Set<MessageQueue> assigned(String topic) {
        return assigned.getOrDefault(topic, Set.of());
    }

    public int members(String topic) {
        return members.getOrDefault(topic, 0);
    }
}
