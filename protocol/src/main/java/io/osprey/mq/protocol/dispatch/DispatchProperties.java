package io.osprey.mq.protocol.dispatch;

/**
 * Message properties of the provider's own that the broker's dispatch reads from a stored message: the producing
 * connection and client ID, for {@code noLocal}. The JMS headers it enforces (expiration, delivery time, priority)
 * are named in {@link io.osprey.mq.protocol.jms.JmsHeaders}.
 */
public final class DispatchProperties {
    /** The JMS connection ID of the producer (set by the provider on every send). */
    public static final String PRODUCER_CONNECTION = "OSPREY_CONN";
    /** The client ID of the producer's connection, when it has one (noLocal excludes those too). */
    public static final String PRODUCER_CLIENT_ID = "OSPREY_CLIENT";

    private DispatchProperties() {
    }
}
