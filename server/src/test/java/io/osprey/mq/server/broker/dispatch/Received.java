package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.Delivery;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import java.nio.charset.StandardCharsets;

/** One message of a {@code JMS_FETCH} answer, as a test reads it: its tag, its delivery count and the stored record. */
record Received(String subscription, int queueId, long queueOffset, int deliveryCount, MessageRecord message) {

    static Received of(String subscription, Delivery delivery) {
        return new Received(subscription, delivery.queueId(), delivery.queueOffset(), delivery.deliveryCount(),
                MessageRecordCodec.decode(delivery.record()));
    }

    DeliveryTag tag() {
        return new DeliveryTag(subscription, queueId, queueOffset);
    }

    String body() {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    String property(String name) {
        return message.propertiesMap().get(name);
    }
}
