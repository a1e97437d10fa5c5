package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.server.store.MessageToStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A JMS connection's session on this broker: its channel, identity and consumers. Dispatcher thread only. */
final class JmsConnection {
    private final String connectionId;
    private final RemotingChannel channel;
    private final String user;
    private String clientId;
    private final Set<Long> consumers = new LinkedHashSet<>();
    /** transaction ID → sends it staged ahead of its commit. */
    private final Map<String, List<MessageToStore>> staged = new HashMap<>();

    JmsConnection(String connectionId, RemotingChannel channel, String user, String clientId) {
        this.connectionId = connectionId;
        this.channel = channel;
        this.user = user;
        this.clientId = clientId;
    }

    String connectionId() {
        return connectionId;
    }

    RemotingChannel channel() {
        return channel;
    }

    String user() {
        return user;
    }

    String clientId() {
        return clientId;
    }

    void clientId(String id) {
        this.clientId = id;
    }

    Set<Long> consumers() {
        return consumers;
    }

    List<MessageToStore> staged(String transactionId) {
        return staged.computeIfAbsent(transactionId, id -> new ArrayList<>());
    }

    /** The transaction's staged sends, no longer held here; empty when it staged none. */
    List<MessageToStore> takeStaged(String transactionId) {
        List<MessageToStore> sends = staged.remove(transactionId);
        return sends == null ? List.of() : sends;
    }

    /** Every staged send, no longer held here (the connection ended). */
    List<MessageToStore> takeAllStaged() {
        List<MessageToStore> all = new ArrayList<>();
        staged.values().forEach(all::addAll);
        staged.clear();
        return all;
    }
}
