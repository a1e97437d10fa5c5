package io.osprey.mq.protocol.dispatch;

import java.util.Objects;

/**
 * Names one delivered message on one broker: the subscription's key (as the broker's {@code JMS_OPEN_CONSUMER}
 * answer gave it), the queue and the queue offset.
 */
public record DeliveryTag(String subscription, int queueId, long queueOffset) {
    public DeliveryTag {
        Objects.requireNonNull(subscription, "subscription");
        if (queueId < 0 || queueOffset < 0) {
            throw new IllegalArgumentException("negative queue id or offset: " + queueId + "@" + queueOffset);
        }
    }
}
