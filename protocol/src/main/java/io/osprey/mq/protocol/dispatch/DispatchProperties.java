package io.osprey.mq.protocol.dispatch;

/**
 * Message properties of the provider's own that the broker's dispatch reads from a stored message: the producing
 * connection and client ID, for {@code noLocal}; and the ones it writes on a message it moves to the dead-letter
 * queue. The JMS headers it enforces (expiration, delivery time, priority)
 * are named in {@link io.osprey.mq.protocol.jms.JmsHeaders}.
 */
public final class DispatchProperties {
    /** The JMS connection ID of the producer (set by the provider on every send). */
    public static final String PRODUCER_CONNECTION = "OSPREY_CONN";
    /** The client ID of the producer's connection, when it has one (noLocal excludes those too). */
    public static final String PRODUCER_CLIENT_ID = "OSPREY_CLIENT";

    /**
     * On a message in the dead-letter queue: the destination it was delivered from, as a JMS destination address
     * ({@code queue://orders}, {@code topic://prices}). A JMS String property.
     */
    public static final String DEAD_LETTER_ORIGIN = "JMS_OSPREY_ORIG_DESTINATION";
    /**
     * On a message in the dead-letter queue: the broker's name of the subscription that gave up on it
     * ({@code queue:orders}, {@code sub:<clientId>:<name>} for a durable subscription, {@code shared:<clientId>:<name>}
     * for a shared non-durable one). A JMS String property.
     */
    public static final String DEAD_LETTER_SUBSCRIPTION = "JMS_OSPREY_ORIG_SUBSCRIPTION";
    /** On a message in the dead-letter queue: how many times it was delivered before it was moved. A JMS int. */
    public static final String DEAD_LETTER_DELIVERY_COUNT = "JMS_OSPREY_DELIVERY_COUNT";

    private DispatchProperties() {
    }
}
