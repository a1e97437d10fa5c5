package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One subscription of a topic on this broker: its definition and, per queue of the topic, its progress. Touched only
 * on the dispatcher's thread.
 */
final class Subscription {
    private final SubscriptionKey key;
    private final String topic;
    private final SubscriptionType type;
    private final String selector;
    private final boolean noLocal;
    /** The subscription's own selector (topic subscriptions); a queue's consumers each bring theirs. */
    private final MessageFilter filter;
    private final Map<Integer, QueueState> queues = new HashMap<>();
    private final List<DispatchConsumer> consumers = new ArrayList<>();
    private final MessageGroups groups = new MessageGroups();
    private int nextConsumer;

    Subscription(SubscriptionKey key, String topic, SubscriptionType type, String selector, boolean noLocal,
                 MessageFilter filter) {
        this.key = Objects.requireNonNull(key, "key");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.type = Objects.requireNonNull(type, "type");
        this.selector = selector == null || selector.isBlank() ? null : selector;
        this.noLocal = noLocal;
        this.filter = filter;
    }

    SubscriptionKey key() {
        return key;
    }

    String topic() {
        return topic;
    }

    SubscriptionType type() {
        return type;
    }

    String selector() {
        return selector;
    }

    boolean noLocal() {
        return noLocal;
    }

    MessageFilter filter() {
        return filter;
    }

    /** Whether the subscription's definition equals what a consumer asks for (the spec's "same subscription"). */
    boolean sameDefinition(String otherTopic, SubscriptionType otherType, String otherSelector, boolean otherNoLocal) {
        String normalised = otherSelector == null || otherSelector.isBlank() ? null : otherSelector;
        return topic.equals(otherTopic) && type == otherType && Objects.equals(selector, normalised)
                && noLocal == otherNoLocal;
    }

    QueueState queue(int queueId) {
        return queues.get(queueId);
    }

    QueueState queue(int queueId, long startOffset) {
        return queues.computeIfAbsent(queueId, q -> new QueueState(startOffset));
    }

    /** Forgets a queue's progress (its topic was recreated) and rewinds every consumer's cursor to its start. */
    QueueState restartQueue(int queueId, long startOffset) {
        QueueState fresh = new QueueState(startOffset);
        queues.put(queueId, fresh);
        for (DispatchConsumer consumer : consumers) {
            consumer.moveCursor(queueId, startOffset);
        }
        return fresh;
    }

    MessageGroups groups() {
        return groups;
    }

    /** Whether the message at {@code offset} of queue {@code queueId} is delivered and not yet settled. */
    boolean inFlight(int queueId, long offset) {
        QueueState state = queues.get(queueId);
        return state != null && state.inFlight(offset) != null;
    }

    /**
     * Rewinds every consumer's cursor to its queue's floor: messages a consumer passed over because another
     * consumer's group held them may be its own now.
     */
    void rewindCursors() {
        for (DispatchConsumer consumer : consumers) {
            queues.forEach((queueId, state) -> consumer.moveCursor(queueId, state.floor()));
        }
    }

    Map<Integer, QueueState> queues() {
        return queues;
    }

    List<DispatchConsumer> consumers() {
        return consumers;
    }

    /** The consumers in the order they get the next chance to fetch (round robin, for fairness). */
    List<DispatchConsumer> consumersInTurn() {
        int n = consumers.size();
        List<DispatchConsumer> ordered = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ordered.add(consumers.get((nextConsumer + i) % n));
        }
        nextConsumer = n == 0 ? 0 : (nextConsumer + 1) % n;
        return ordered;
    }
}
