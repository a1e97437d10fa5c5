package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;

/**
 * {@code JMS_OPEN_CONSUMER}. {@code subscriptionName} is required for the named types, {@code clientId} is the
 * connection's (null when it has none); {@code selector} null or empty selects everything.
 */
public record OpenConsumerHeader(String connectionId, long consumerId, String topic, SubscriptionType type,
                                 String subscriptionName, String clientId, String selector, boolean noLocal) {

    public static OpenConsumerHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        String typeName = f.requireString("type");
        SubscriptionType type;
        try {
            type = SubscriptionType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new HeaderException("type", "unknown subscription type " + typeName);
        }
        return new OpenConsumerHeader(f.requireString("connectionId"), f.requireLong("consumerId"),
                f.requireString("topic"), type, f.string("subscriptionName"), f.string("clientId"),
                f.string("selector"), f.bool("noLocal", false));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("consumerId", consumerId)
                .put("topic", topic).put("type", type.name()).put("subscriptionName", subscriptionName)
                .put("clientId", clientId).put("selector", selector).put("noLocal", noLocal).build();
    }
}
