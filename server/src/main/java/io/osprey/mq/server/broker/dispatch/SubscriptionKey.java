package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.SubscriptionType;

/**
 * A subscription's name on the broker, and in its delivery tags. A queue's is the queue; durable and shared ones
 * share one name space of client ID (or none) and name, as the specification has it (a shared non-durable and a
 * durable subscription may not have the same name); a private one belongs to its consumer.
 */
record SubscriptionKey(String value) {

    static SubscriptionKey of(SubscriptionType type, String topic, String clientId, String name, String connectionId,
                              long consumerId) {
        return switch (type) {
            case QUEUE -> new SubscriptionKey("queue:" + topic);
            case PRIVATE -> new SubscriptionKey("private:" + connectionId + ":" + consumerId);
            case DURABLE, SHARED, SHARED_DURABLE -> named(clientId, name);
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
