package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.QUEUE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.SHARED_DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.TypedProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 7, Selectors: evaluated by the broker on the stored properties, typed as the provider wrote them. */
class SelectorDispatchTest extends BrokerFixture {

    @Test
    void aQueueConsumersSelectorLeavesTheOtherMessagesForTheQueuesOtherConsumers() throws Exception {
        String queue = topic("q", 2);
        JmsWire producer = connection("p");
        for (int i = 0; i < 10; i++) {
            producer.send(queue, i % 2, "m" + i, TypedProperties.encode(Map.of("n", i)));
        }
        broker.awaitDispatched(queue, 0, 5);
        broker.awaitDispatched(queue, 1, 5);
        JmsWire selective = connection("s");
        succeeded(selective.openConsumer(1, queue, QUEUE, null, "n >= 7", false));
        assertThat(bodies(selective.fetchExactly(1, 3))).containsExactlyInAnyOrder("m7", "m8", "m9");
        assertThat(selective.fetch(1, 10, 100)).as("nothing else matches").isEmpty();

        JmsWire everyone = connection("e");
        everyone.openQueue(2, queue);
        assertThat(bodies(everyone.fetchExactly(2, 7)))
                .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    }

    @Test
    void aTopicSubscriptionsSelectorSkipsNonMatchingMessagesForGood() throws Exception {
        String topic = topic("t", 1);
        JmsWire connection = connection("a", unique("client"));
        String name = unique("sd");
        succeeded(connection.openConsumer(1, topic, SHARED_DURABLE, name, "kind IN ('a', 'b') AND NOT urgent",
                false));
        connection.send(topic, 0, "a-calm", TypedProperties.encode(Map.of("kind", "a", "urgent", false)));
        connection.send(topic, 0, "c-calm", TypedProperties.encode(Map.of("kind", "c", "urgent", false)));
        connection.send(topic, 0, "b-urgent", TypedProperties.encode(Map.of("kind", "b", "urgent", true)));
        connection.send(topic, 0, "untyped", Map.of("kind", "b"));
        connection.send(topic, 0, "b-calm", TypedProperties.encode(Map.of("kind", "b", "urgent", false)));
        assertThat(bodies(connection.fetchExactly(1, 2))).containsExactly("a-calm", "b-calm");
        assertThat(connection.fetch(1, 10, 100)).as("urgent unknown when absent: no match").isEmpty();
    }

    @Test
    void headerIdentifiersAndMalformedValuesAreJudgedAsTheSpecSays() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.send(queue, 0, "high", Map.of("JMSPriority", "8", "JMSType", "order"));
        connection.send(queue, 0, "low", Map.of("JMSPriority", "1", "JMSType", "order"));
        connection.send(queue, 0, "garbled", Map.of("JMSPriority", "high"));
        succeeded(connection.openConsumer(1, queue, QUEUE, null, "JMSPriority > 4 AND JMSType = 'order'", false));
        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("high");
        assertThat(connection.fetch(1, 10, 100)).isEmpty();
        JmsWire other = connection("b");
        other.openQueue(2, queue);
        assertThat(bodies(other.fetchExactly(2, 2))).as("left for the queue's other consumers")
                .containsExactlyInAnyOrder("low", "garbled");
    }

    @Test
    void aQueueConsumerSelectsOnTheBrokersDeliveryCount() throws Exception {
        String queue = topic("q", 1);
        JmsWire first = connection("first");
        first.send(queue, 0, "returned");
        first.send(queue, 0, "fresh");
        first.openQueue(1, queue);
        List<Received> returned = first.fetchExactly(1, 1);
        first.giveBack(returned, true);
        first.closeConsumer(1, List.of());

        JmsWire redeliveredOnly = connection("redelivered");
        succeeded(redeliveredOnly.openConsumer(2, queue, QUEUE, null, "JMSXDeliveryCount > 1", false));
        List<Received> again = redeliveredOnly.fetchExactly(2, 1);
        assertThat(bodies(again)).containsExactly("returned");
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
        assertThat(again.get(0).property(JmsHeaders.JMSX_DELIVERY_COUNT)).as("the stored message is not copied")
                .isNull();
        assertThat(redeliveredOnly.fetch(2, 10, 100)).as("a first delivery does not match").isEmpty();

        JmsWire firstOnly = connection("firstOnly");
        succeeded(firstOnly.openConsumer(3, queue, QUEUE, null, "JMSXDeliveryCount = 1", false));
        assertThat(bodies(firstOnly.fetchExactly(3, 1))).as("left for the queue's other consumers")
                .containsExactly("fresh");
    }

    @Test
    void aTopicSubscriptionsSelectorOnTheDeliveryCountEndsRedeliveryForGood() throws Exception {
        String topic = topic("t", 1);
        JmsWire connection = connection("a", unique("client"));
        succeeded(connection.openConsumer(1, topic, SHARED_DURABLE, unique("sd"), "JMSXDeliveryCount <= 2",
                false));
        connection.send(topic, 0, "m");
        List<Received> once = connection.fetchExactly(1, 1);
        connection.giveBack(once, true);
        List<Received> twice = connection.fetchExactly(1, 1);
        assertThat(twice.get(0).deliveryCount()).isEqualTo(2);
        connection.giveBack(twice, true);
        assertThat(connection.fetch(1, 10, 100)).as("a third delivery no longer matches").isEmpty();
    }

    @Test
    void aBrowseSelectorSeesTheDeliveryCountTheMessageIsShownWith() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.send(queue, 0, "returned");
        connection.send(queue, 0, "fresh");
        connection.openQueue(1, queue);
        connection.giveBack(connection.fetchExactly(1, 1), true);

        List<Received> browsed = connection.browseAll(queue, "JMSXDeliveryCount > 1", 10);
        assertThat(bodies(browsed)).containsExactly("returned");
        assertThat(browsed.get(0).deliveryCount()).isEqualTo(2);
        assertThat(bodies(connection.browseAll(queue, "JMSXDeliveryCount = 1", 10))).containsExactly("fresh");
    }

    /** 3.8.1.1 restricts header references to six headers; JMSRedelivered is not one of them. */
    @Test
    void jmsRedeliveredIsNoSelectorIdentifier() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.send(queue, 0, "m");
        connection.openQueue(1, queue);
        connection.giveBack(connection.fetchExactly(1, 1), true);
        connection.closeConsumer(1, List.of());

        succeeded(connection.openConsumer(2, queue, QUEUE, null, "JMSRedelivered = TRUE", false));
        assertThat(connection.fetch(2, 10, 100)).isEmpty();
        succeeded(connection.openConsumer(3, queue, QUEUE, null, "JMSRedelivered IS NULL", false));
        assertThat(bodies(connection.fetchExactly(3, 1))).containsExactly("m");
    }

    @Test
    void escapedNamesAndValuesAreJudgedAsTheirJmsStrings() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.send(queue, 0, "escaped", TypedProperties.encode(Map.of("k", "a\u0001b", "n\u0002", 7)));
        connection.send(queue, 0, "raw", Map.of("k", "a\\u0001b"));
        succeeded(connection.openConsumer(1, queue, QUEUE, null, "k LIKE 'a_b' AND n\u0002 = 7", false));
        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("escaped");
        assertThat(connection.fetch(1, 10, 100)).as("the raw text is eight characters, not three").isEmpty();
    }
}
