package io.osprey.mq.protocol.dispatch;

/**
 * Message properties the broker's dispatch reads from a stored message: the JMS headers it enforces (stored under
 * their JMS names) and the producing connection, for {@code noLocal}.
 */
public final class DispatchProperties {
    /** Epoch millis after which the message is never delivered; absent or 0 = never expires. */
    public static final String EXPIRATION = "JMSExpiration";
    /** Epoch millis before which the message is not delivered; absent = at once. */
    public static final String DELIVERY_TIME = "JMSDeliveryTime";
    /** 0–9, absent = 4. */
    public static final String PRIORITY = "JMSPriority";
    /** The JMS connection ID of the producer (set by the provider on every send). */
    public static final String PRODUCER_CONNECTION = "OSPREY_CONN";
    /** The client ID of the producer's connection, when it has one (noLocal excludes those too). */
    public static final String PRODUCER_CLIENT_ID = "OSPREY_CLIENT";
    /** The default JMS priority. */
    public static final int DEFAULT_PRIORITY = 4;

    private DispatchProperties() {
    }
}
