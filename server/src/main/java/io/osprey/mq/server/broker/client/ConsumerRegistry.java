package io.osprey.mq.server.broker.client;

import io.osprey.mq.protocol.body.HeartbeatData.ConsumerData;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which clients consume in which group, over which connection, with which subscriptions. Fed by HEART_BEAT,
 * UNREGISTER_CLIENT, connection close and expiry; tells every member of a group when its membership or
 * subscriptions change (NOTIFY_CONSUMER_IDS_CHANGED) so clients rebalance at once instead of within 20 s.
 */
public final class ConsumerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRegistry.class);

    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();

    public void heartbeat(String clientId, RemotingChannel channel, ConsumerData data, long nowMillis) {
        ConsumerGroup group = groups.computeIfAbsent(data.groupName(), ConsumerGroup::new);
        boolean membersChanged = group.heartbeat(clientId, channel, data, nowMillis);
        boolean subscriptionsChanged = group.updateSubscriptions(data.subscriptionDataSet());
        if (membersChanged) {
            LOG.info("consumer {} joined group {} from {}", clientId, data.groupName(), channel.remoteAddress());
        }
        if (membersChanged || subscriptionsChanged) {
            notifyMembers(group);
        }
    }

    public void unregister(String clientId, String groupName) {
        ConsumerGroup group = groups.get(groupName);
        if (group != null && group.remove(clientId)) {
            LOG.info("consumer {} left group {}", clientId, groupName);
            notifyMembers(group);
        }
    }

    public void channelClosed(RemotingChannel channel) {
        for (ConsumerGroup group : groups.values()) {
            if (group.removeChannel(channel)) {
                LOG.info("consumer connection {} of group {} closed", channel.remoteAddress(), group.name());
                notifyMembers(group);
            }
        }
    }

    /** Drops clients without a heartbeat since {@code oldestMillis}, closing their connections. */
    public void expire(long oldestMillis) {
        for (ConsumerGroup group : groups.values()) {
            List<ConsumerClient> expired = group.expire(oldestMillis);
            for (ConsumerClient client : expired) {
                LOG.warn("consumer {} of group {} expired: no heartbeat", client.clientId(), group.name());
                client.channel().close();
            }
            if (!expired.isEmpty()) {
                notifyMembers(group);
            }
        }
    }

    /** Client ids of the group's live members, sorted as clients sort them. */
    public List<String> clientIds(String groupName) {
        ConsumerGroup group = groups.get(groupName);
        if (group == null) {
            return List.of();
        }
        return group.clients().stream().map(ConsumerClient::clientId).sorted().toList();
    }

    public List<ConsumerClient> clients(String groupName) {
        ConsumerGroup group = groups.get(groupName);
        return group == null ? List.of()
                : group.clients().stream().sorted(Comparator.comparing(ConsumerClient::clientId)).toList();
    }

    /** The subscription the group registered for {@code topic}. */
    public Optional<SubscriptionData> subscription(String groupName, String topic) {
        ConsumerGroup group = groups.get(groupName);
        return group == null ? Optional.empty() : group.subscription(topic);
    }

    public Map<String, SubscriptionData> subscriptions(String groupName) {
        ConsumerGroup group = groups.get(groupName);
        return group == null ? Map.of() : group.subscriptions();
    }

    /** Groups with a live member subscribed to {@code topic}. */
    public Set<String> groupsSubscribedTo(String topic) {
        Set<String> result = new TreeSet<>();
        groups.forEach((name, group) -> {
            if (!group.isEmpty() && group.subscription(topic).isPresent()) {
                result.add(name);
            }
        });
        return result;
    }

    private static void notifyMembers(ConsumerGroup group) {
        RemotingCommand notice = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                Map.of("consumerGroup", group.name()), null);
        for (ConsumerClient client : group.clients()) {
            if (client.channel().isActive()) {
                client.channel().sendOneway(notice);
            }
        }
    }
}
