package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.message.MessageRecord;

/**
 * A message a consumer fetched: the broker it came from, its tag there, how many times it has been delivered
 * (1 = first) and the stored record.
 */
public record ReceivedMessage(String broker, DeliveryTag tag, int deliveryCount, MessageRecord record) {
    public boolean redelivered() {
        return deliveryCount > 1;
    }
}
