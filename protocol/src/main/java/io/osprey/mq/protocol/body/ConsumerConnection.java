package io.osprey.mq.protocol.body;

import java.util.Map;
import java.util.Set;

/**
 * GET_CONSUMER_CONNECTION_LIST's body: a consumer group's live members and what they subscribed.
 *
 * @param consumeType      CONSUME_PASSIVELY (push), CONSUME_ACTIVELY (lite pull), CONSUME_POP
 * @param messageModel     CLUSTERING or BROADCASTING
 * @param consumeFromWhere e.g. CONSUME_FROM_LAST_OFFSET
 */
public record ConsumerConnection(Set<Connection> connectionSet, Map<String, SubscriptionData> subscriptionTable,
                                 String consumeType, String messageModel, String consumeFromWhere) {
    public ConsumerConnection {
        connectionSet = connectionSet == null ? Set.of() : connectionSet;
        subscriptionTable = subscriptionTable == null ? Map.of() : subscriptionTable;
    }
}
