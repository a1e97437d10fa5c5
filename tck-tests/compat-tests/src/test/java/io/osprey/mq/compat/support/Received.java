package io.osprey.mq.compat.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/** Collects what a consumer received, counting deliveries per message key. */
public final class Received {
    private final ConcurrentLinkedQueue<MessageExt> messages = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> deliveriesByKey = new ConcurrentHashMap<>();

    public void add(MessageExt message) {
        messages.add(message);
        deliveriesByKey.merge(String.valueOf(message.getKeys()), 1, Integer::sum);
    }

    public void addAll(List<MessageExt> batch) {
        batch.forEach(this::add);
    }

    /** A concurrent listener that records every message and acknowledges it. */
    public MessageListenerConcurrently listener() {
        return (batch, context) -> {
            addAll(batch);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    public int distinctKeys() {
        return deliveriesByKey.size();
    }

    public Set<String> keys() {
        return Set.copyOf(deliveriesByKey.keySet());
    }

    public int deliveries() {
        return messages.size();
    }

    /** Keys delivered more than once, with their delivery counts. */
    public Map<String, Integer> duplicates() {
        return deliveriesByKey.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public List<MessageExt> messages() {
        return List.copyOf(messages);
    }

    /** The last delivery of each key. */
    public Map<String, MessageExt> byKey() {
        return messages.stream().collect(Collectors.toMap(m -> String.valueOf(m.getKeys()), m -> m, (a, b) -> b));
    }
}
