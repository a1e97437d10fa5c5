package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.LinkedHashSet;
import java.util.Set;

/** A JMS connection's session on this broker: its channel, identity and consumers. Dispatcher thread only. */
final class JmsConnection {
    private final String connectionId;
    private final RemotingChannel channel;
    private final String user;
    private String clientId;
    private final Set<Long> consumers = new LinkedHashSet<>();

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
}
