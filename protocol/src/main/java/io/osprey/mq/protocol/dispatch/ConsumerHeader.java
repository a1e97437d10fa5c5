package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import java.util.Map;

/**
 * {@code JMS_CLOSE_CONSUMER} and {@code JMS_FETCH}: the consumer, and for a fetch how many messages at most and how
 * long the broker may hold the request when none is available (0 answers at once).
 */
public record ConsumerHeader(String connectionId, long consumerId, int maxMessages, long waitMillis) {

    public static ConsumerHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new ConsumerHeader(f.requireString("connectionId"), f.requireLong("consumerId"),
                f.intValue("maxMessages", 0), f.longValue("waitMillis", 0));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("consumerId", consumerId)
                .put("maxMessages", maxMessages).put("waitMillis", waitMillis).build();
    }
}
