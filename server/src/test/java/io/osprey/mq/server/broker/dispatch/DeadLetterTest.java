package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.dispatch.DispatchProperties;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.TypedProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, dead letters: a message delivered {@code jmsMaxDeliveries} times (10 by default) to a subscription is not
 * delivered to it again; it is in the dead-letter queue {@code DLQ} with its body and properties and the properties
 * naming where it came from. The tests share the broker's DLQ, so each reads its own messages there with a selector
 * on their origin.
 */
class DeadLetterTest extends BrokerFixture {
    private static final int MAX_DELIVERIES = 10;
    private static final String DLQ = "DLQ";

    @Test
    void queueMessageMovesToTheDeadLetterQueueAfterTheMaximumDeliveries() throws Exception {
        String queue = topic("orders", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, queue);
        connection.send(queue, 0, "poison", Map.of("colour", "red", JmsHeaders.JMS_DESTINATION, "queue://" + queue));

        redeliverUntilGone(connection, 1, "poison");

        JmsWire reader = connection("dlq-reader");
        openDeadLetters(reader, 2, "queue://" + queue);
        Received dead = reader.fetchExactly(2, 1).get(0);
        assertThat(dead.body()).isEqualTo("poison");
        assertThat(dead.deliveryCount()).as("a first delivery in the dead-letter queue").isEqualTo(1);
        Map<String, String> properties = dead.message().propertiesMap();
        assertThat(properties).containsEntry("colour", "red")
                .containsEntry(DispatchProperties.DEAD_LETTER_ORIGIN, "queue://" + queue)
                .containsEntry(DispatchProperties.DEAD_LETTER_SUBSCRIPTION, "queue:" + queue)
                .containsEntry(JmsHeaders.JMS_DESTINATION, "queue://" + DLQ);
        assertThat(TypedProperties.lookup(properties, DispatchProperties.DEAD_LETTER_DELIVERY_COUNT))
                .isEqualTo(MAX_DELIVERIES);
        assertThat(dead.message().topic()).isEqualTo(DLQ);
        reader.ack(List.of(dead));
        assertThat(reader.fetch(2, 10, 200)).as("moved once").isEmpty();
    }

    @Test
    void durableSubscriptionMessageMovesWithItsSubscriptionNamed() throws Exception {
        String topic = topic("prices", 2);
        String clientId = unique("client");
        JmsWire subscriber = connection("subscriber", clientId);
        subscriber.open(1, topic, SubscriptionType.DURABLE, "audit");
        JmsWire producer = connection("producer");
        producer.send(topic, 1, "tick", Map.of(JmsHeaders.JMS_DESTINATION, "topic://" + topic));

        redeliverUntilGone(subscriber, 1, "tick");

        JmsWire reader = connection("dlq-reader");
        openDeadLetters(reader, 2, "topic://" + topic);
        Received dead = reader.fetchExactly(2, 1).get(0);
        assertThat(dead.body()).isEqualTo("tick");
        assertThat(dead.property(DispatchProperties.DEAD_LETTER_SUBSCRIPTION)).isEqualTo("sub:" + clientId + ":audit");
        reader.ack(List.of(dead));
    }

    @Test
    void messagesReturnedByAClosedConnectionCountTowardsTheMaximum() throws Exception {
        String queue = topic("jobs", 1);
        JmsWire first = connection("first");
        first.openQueue(1, queue);
        first.send(queue, 0, "job");
        for (int delivery = 1; delivery < MAX_DELIVERIES; delivery++) {
            Received got = first.fetchExactly(1, 1).get(0);
            assertThat(got.deliveryCount()).isEqualTo(delivery);
            first.giveBack(List.of(got), true);
        }
        assertThat(first.fetchExactly(1, 1).get(0).deliveryCount()).isEqualTo(MAX_DELIVERIES);
        first.dropChannel(); // the tenth delivery comes back with the connection's end

        JmsWire reader = connection("dlq-reader");
        openDeadLetters(reader, 2, "queue://" + queue);
        Received dead = reader.fetchExactly(2, 1).get(0);
        assertThat(dead.body()).isEqualTo("job");
        reader.ack(List.of(dead));
        JmsWire second = connection("second");
        second.openQueue(1, queue);
        assertThat(second.fetch(1, 10, 200)).as("no longer in its queue").isEmpty();
    }

    @Test
    void theDeadLetterQueueItselfRedeliversWithoutLimit() throws Exception {
        String queue = topic("mail", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, queue);
        connection.send(queue, 0, "letter");
        redeliverUntilGone(connection, 1, "letter");

        JmsWire reader = connection("dlq-reader");
        openDeadLetters(reader, 2, "queue://" + queue);
        for (int delivery = 1; delivery <= MAX_DELIVERIES + 2; delivery++) {
            Received dead = reader.fetchExactly(2, 1).get(0);
            assertThat(dead.deliveryCount()).isEqualTo(delivery);
            if (delivery <= MAX_DELIVERIES + 1) {
                reader.giveBack(List.of(dead), true);
            } else {
                reader.ack(List.of(dead));
            }
        }
    }

    /** Delivers the one message of the consumer {@code MAX_DELIVERIES} times, each returned; then it is gone. */
    private static void redeliverUntilGone(JmsWire connection, long consumerId, String body) throws Exception {
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            List<Received> got = connection.fetchExactly(consumerId, 1);
            assertThat(got.get(0).body()).isEqualTo(body);
            assertThat(got.get(0).deliveryCount()).isEqualTo(delivery);
            connection.giveBack(got, true);
        }
        assertThat(connection.fetch(consumerId, 10, 200)).as("not delivered an eleventh time").isEmpty();
    }

    private static void openDeadLetters(JmsWire reader, long consumerId, String origin) throws Exception {
        JmsWire.succeeded(reader.openConsumer(consumerId, DLQ, SubscriptionType.QUEUE, null,
                DispatchProperties.DEAD_LETTER_ORIGIN + " = '" + origin + "'", false));
    }
}
