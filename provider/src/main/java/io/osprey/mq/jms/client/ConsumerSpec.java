package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import java.util.Objects;

/** What a consumer consumes: the topic behind its destination, the subscription, selector and noLocal. */
public record ConsumerSpec(String topic, SubscriptionType type, String subscriptionName, String selector,
                           boolean noLocal) {
    public ConsumerSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
    }
}
