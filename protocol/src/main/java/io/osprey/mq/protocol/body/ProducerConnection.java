package io.osprey.mq.protocol.body;

import java.util.Set;

/** GET_PRODUCER_CONNECTION_LIST's body: a producer group's live connections. */
public record ProducerConnection(Set<Connection> connectionSet) {
    public ProducerConnection {
        connectionSet = connectionSet == null ? Set.of() : connectionSet;
    }
}
