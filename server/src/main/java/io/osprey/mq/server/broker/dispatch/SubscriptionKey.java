package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.SubscriptionType;

/**
 * A subscription's name on the broker, and in its delivery tags. A queue's is the queue; the durable ones (shared
 * or not) share one name space of client ID (or none) and name, and shared non-durable ones have another, as the
 * specification has it (the two kinds are "completely separate"); a private one belongs to its consumer.
 */
record SubscriptionKey(String value) {

    static SubscriptionKey of(SubscriptionType type, String topic, String clientId, String name, String connectionId,
                              long consumerId) {
        return switch (type) {
            case QUEUE -> new SubscriptionKey("queue:" + topic);
            case PRIVATE -> new SubscriptionKey("private:" + connectionId + ":" + consumerId);
            case DURABLE, SHARED_DURABLE -> named(clientId, name);
            case SHARED -> new SubscriptionKey("shared:" + (clientId == null ? "" : clientId) + ":" + name);
        };
    }

    static SubscriptionKey named(String clientId, String name) {
        return new SubscriptionKey("sub:" + (clientId == null ? "" : clientId) + ":" + name);
    }

    @Override
    public String toString() {
        return value;
    }
}
