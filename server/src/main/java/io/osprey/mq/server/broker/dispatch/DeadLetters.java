package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.DispatchProperties;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.jms.JmsDestinationAddress;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.MalformedJmsMessageException;
import io.osprey.mq.protocol.jms.TypedProperties;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.send.MessageRouting;
import io.osprey.mq.server.store.MessageToStore;
import java.util.Map;
import java.util.Objects;

/**
 * The dead-letter policy of broker-managed dispatch: a message delivered {@link #maxDeliveries} times to a
 * subscription is not delivered to it again but copied to the JMS queue {@link #queue}, and done for the
 * subscription, in one store batch (the dispatcher writes it), so that after any crash it is in exactly one of
 * the two places. The copy keeps the body, the headers and the properties; its {@code JMSDestination} is the
 * dead-letter queue, and {@link DispatchProperties#DEAD_LETTER_ORIGIN}, {@link
 * DispatchProperties#DEAD_LETTER_SUBSCRIPTION} and {@link DispatchProperties#DEAD_LETTER_DELIVERY_COUNT} say where it
 * came from. The dead-letter queue itself never dead-letters (a message there would have nowhere else to go).
 */
final class DeadLetters {
    /** No maximum: messages are delivered until they are acknowledged. */
    static final DeadLetters NONE = new DeadLetters(0, "DLQ");

    private final int maxDeliveries;
    private final String queue;

    /** @param maxDeliveries deliveries after which a message moves to {@code queue}; 0 = unlimited */
    DeadLetters(int maxDeliveries, String queue) {
        if (maxDeliveries < 0) {
            throw new IllegalArgumentException("maxDeliveries < 0: " + maxDeliveries);
        }
        this.maxDeliveries = maxDeliveries;
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    String queue() {
        return queue;
    }

    /** Whether a message that {@code subscription} delivered {@code deliveries} times must not be delivered again. */
    boolean exhausted(Subscription subscription, int deliveries) {
        return maxDeliveries > 0 && deliveries >= maxDeliveries
                && !(subscription.type() == SubscriptionType.QUEUE && subscription.topic().equals(queue));
    }

    /** The copy of {@code record} that goes to queue {@code queueId} of the dead-letter queue. */
    MessageToStore copy(Subscription subscription, MessageRecord record, int queueId, int deliveries) {
        Map<String, String> properties = MessageProperties.decode(record.properties());
        properties.put(DispatchProperties.DEAD_LETTER_ORIGIN, origin(subscription, properties));
        properties.put(DispatchProperties.DEAD_LETTER_SUBSCRIPTION, subscription.key().value());
        if (!(typed(properties, DispatchProperties.DEAD_LETTER_DELIVERY_COUNT) instanceof Integer)) {
            // an Integer needs its OSPREY_TYPES entry; a copy moved before (and sent again) has it already
            String types = properties.get(JmsHeaders.OSPREY_TYPES);
            String entry = TypedProperties.INT + DispatchProperties.DEAD_LETTER_DELIVERY_COUNT;
            properties.put(JmsHeaders.OSPREY_TYPES, types == null || types.isEmpty() ? entry : types + "," + entry);
        }
        properties.put(DispatchProperties.DEAD_LETTER_DELIVERY_COUNT, Integer.toString(deliveries));
        properties.put(JmsHeaders.JMS_DESTINATION,
                new JmsDestinationAddress(JmsDestinationAddress.Kind.QUEUE, queue).format());
        return new MessageToStore(queue, queueId, record.flag(), record.body(), MessageProperties.encode(properties),
                MessageRouting.tagsCode(properties.get(MessageConst.TAGS)), record.sysFlag(),
                record.bornTimestamp(), record.bornHost(), record.reconsumeTimes(), 0L);
    }

    /** The destination the subscription consumed: the message's own when it names the topic (a temporary queue). */
    private static String origin(Subscription subscription, Map<String, String> properties) {
        String stored = properties.get(JmsHeaders.JMS_DESTINATION);
        if (stored != null) {
            try {
                JmsDestinationAddress address = JmsDestinationAddress.parse(stored);
                if (address.name().equals(subscription.topic())) {
                    return address.format();
                }
            } catch (MalformedJmsMessageException e) {
                // not a JMS address (a RocketMQ producer's property): name the destination from the subscription
            }
        }
        JmsDestinationAddress.Kind kind = subscription.type() == SubscriptionType.QUEUE
                ? JmsDestinationAddress.Kind.QUEUE : JmsDestinationAddress.Kind.TOPIC;
        return new JmsDestinationAddress(kind, subscription.topic()).format();
    }

    private static Object typed(Map<String, String> properties, String name) {
        try {
            return TypedProperties.lookup(properties, name);
        } catch (MalformedJmsMessageException e) {
            return null;
        }
    }
}
