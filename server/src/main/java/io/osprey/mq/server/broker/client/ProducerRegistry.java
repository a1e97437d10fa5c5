package io.osprey.mq.server.broker.client;

import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Producer groups' live connections: who can be asked about a transaction's state, and what admin's
 * producerConnection shows. Entries leave with their connection, UNREGISTER_CLIENT or expiry.
 */
public final class ProducerRegistry {
    /** One producer instance. */
    public record ProducerClient(String clientId, RemotingChannel channel, long lastHeartbeatMillis) {
    }

    private final Map<String, Map<String, ProducerClient>> groups = new ConcurrentHashMap<>();

    public void heartbeat(String group, String clientId, RemotingChannel channel, long nowMillis) {
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .put(clientId, new ProducerClient(clientId, channel, nowMillis));
    }

    public void unregister(String group, String clientId) {
        Map<String, ProducerClient> members = groups.get(group);
        if (members != null) {
            members.remove(clientId);
        }
    }

    public void channelClosed(RemotingChannel channel) {
        groups.values().forEach(members -> members.values().removeIf(p -> p.channel() == channel));
    }

    public void expire(long oldestMillis) {
        groups.values().forEach(members -> members.values().removeIf(p -> p.lastHeartbeatMillis() < oldestMillis));
    }

    public List<ProducerClient> clients(String group) {
        Map<String, ProducerClient> members = groups.get(group);
        return members == null ? List.of() : List.copyOf(members.values());
    }
}
