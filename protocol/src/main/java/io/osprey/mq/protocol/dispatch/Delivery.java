package io.osprey.mq.protocol.dispatch;

import java.util.Objects;

/**
 * One message handed to a consumer: where it sits, how many times it has been delivered including this time
 * (1 = first delivery), and its stored V1 record as is.
 */
public record Delivery(int queueId, long queueOffset, int deliveryCount, byte[] record) {
    public Delivery {
        Objects.requireNonNull(record, "record");
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("delivery count < 1: " + deliveryCount);
        }
    }
}
