package io.osprey.mq.jms.message;

import io.osprey.mq.jms.destination.OspreyDestination;

/**
 * Where a received RocketMQ message came from, for the headers a message from a RocketMQ producer does not carry:
 * JMSDestination is the destination it was consumed from (its topic, seen as that consumer's queue or topic), and
 * JMSTimestamp the producer's born timestamp, the time the message was handed to its producer (3.4.4).
 *
 * @param destination   the consumer's destination, or null when unknown
 * @param bornTimestamp the RocketMQ born timestamp, epoch millis; 0 when unknown
 */
public record WireOrigin(OspreyDestination destination, long bornTimestamp) {
    /** Nothing known: such a message has no JMSDestination and a JMSTimestamp of 0. */
    public static final WireOrigin UNKNOWN = new WireOrigin(null, 0L);
}
