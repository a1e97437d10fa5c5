package io.osprey.mq.server.broker.dispatch;

import java.util.Map;

/**
 * Decides whether a subscription or consumer takes a stored message (its selector), from the message's stored
 * properties and the delivery count the broker would deliver it with.
 */
@FunctionalInterface
public interface MessageFilter {
    MessageFilter ALL = (properties, deliveryCount) -> true;

    /**
     * @param deliveryCount the {@code JMSXDeliveryCount} the message would be delivered with now: the
     *                      subscription's count of its earlier deliveries plus one. The stored properties never hold
     *                      it (the provider sets it on receipt), so the selector reads it from here.
     */
    boolean accepts(Map<String, String> properties, int deliveryCount);
}
