package io.osprey.mq.server.broker.client;

import io.osprey.mq.protocol.body.HeartbeatData.ConsumerData;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live members of one consumer group and the group's subscriptions. A subscription is replaced only by a
 * newer {@code subVersion}, so a late heartbeat from a client that has not yet seen a rebalance cannot roll
 * it back.
 */
final class ConsumerGroup {
    private final String name;
    private final Map<String, ConsumerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();

    ConsumerGroup(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** @return whether the member set changed (a new client, or a client on a new connection) */
    synchronized boolean heartbeat(String clientId, RemotingChannel channel, ConsumerData data, long nowMillis) {
        ConsumerClient previous = clients.put(clientId, new ConsumerClient(clientId, channel, data.consumeType(),
                data.messageModel(), data.consumeFromWhere(), nowMillis));
        return previous == null || previous.channel() != channel;
    }

    /** @return whether any subscription changed */
    synchronized boolean updateSubscriptions(Collection<SubscriptionData> latest) {
        boolean changed = false;
        long newest = latest.stream().mapToLong(SubscriptionData::subVersion).max().orElse(Long.MIN_VALUE);
        // a newer full heartbeat that no longer lists a topic means the group unsubscribed from it
        changed |= subscriptions.values().removeIf(current -> current.subVersion() < newest
                && latest.stream().noneMatch(s -> s.topic().equals(current.topic())));
        for (SubscriptionData subscription : latest) {
            SubscriptionData current = subscriptions.get(subscription.topic());
            if (current == null || current.subVersion() < subscription.subVersion()) {
                subscriptions.put(subscription.topic(), subscription);
                changed |= current == null || !current.subString().equals(subscription.subString());
            }
        }
        return changed;
    }

    synchronized boolean remove(String clientId) {
        return clients.remove(clientId) != null;
    }

    /** Removes every member using {@code channel}. @return whether any was removed */
    synchronized boolean removeChannel(RemotingChannel channel) {
        return clients.values().removeIf(c -> c.channel() == channel);
    }

    /** Removes members silent since before {@code oldestMillis}. */
    synchronized List<ConsumerClient> expire(long oldestMillis) {
        List<ConsumerClient> expired = new ArrayList<>();
        clients.values().removeIf(c -> {
            if (c.lastHeartbeatMillis() < oldestMillis) {
                expired.add(c);
                return true;
            }
            return false;
        });
        return expired;
    }

    Optional<SubscriptionData> subscription(String topic) {
        return Optional.ofNullable(subscriptions.get(topic));
    }

    Map<String, SubscriptionData> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    List<ConsumerClient> clients() {
        return List.copyOf(clients.values());
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }
}
