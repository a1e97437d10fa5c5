package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import java.util.Map;

/** {@code JMS_UNSUBSCRIBE}: the durable subscription named by client ID (null when none) and name. */
public record UnsubscribeHeader(String connectionId, String clientId, String subscriptionName) {

    public static UnsubscribeHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new UnsubscribeHeader(f.requireString("connectionId"), f.string("clientId"),
                f.requireString("subscriptionName"));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("clientId", clientId)
                .put("subscriptionName", subscriptionName).build();
    }
}
