package io.osprey.mq.protocol.dispatch;

/** What a consumer consumes from, as the broker keeps it. */
public enum SubscriptionType {
    /** A JMS queue: one subscription per queue, shared by all its consumers. */
    QUEUE,
    /** A non-shared non-durable topic subscriber: a subscription of its own from the topic's end, gone with it. */
    PRIVATE,
    /** A non-shared durable subscription (client ID and name): one active consumer at a time. */
    DURABLE,
    /** A shared non-durable subscription: its consumers share its messages; gone with the last of them. */
    SHARED,
    /** A shared durable subscription. */
    SHARED_DURABLE;

    public boolean durable() {
        return this == QUEUE || this == DURABLE || this == SHARED_DURABLE;
    }

    public boolean shared() {
        return this == QUEUE || this == SHARED || this == SHARED_DURABLE;
    }

    /** Whether it is named by client ID and subscription name (the durable and shared topic subscriptions). */
    public boolean named() {
        return this == DURABLE || this == SHARED || this == SHARED_DURABLE;
    }
}
