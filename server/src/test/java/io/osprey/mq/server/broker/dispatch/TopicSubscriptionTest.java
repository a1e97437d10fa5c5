package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.PRIVATE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.SHARED;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.SHARED_DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JMS topics: private, durable, shared and shared durable subscriptions, and the client IDs that name them. */
class TopicSubscriptionTest extends BrokerFixture {

    // ---------------------------------------------------------------- private (non-durable, unshared)

    @Test
    void privateSubscribersEachGetEveryMessagePublishedAfterTheyOpenedAndNoneBefore() throws Exception {
        String topic = topic("news", 2);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.send(topic, 0, "before-0");
        a.send(topic, 1, "before-1");
        broker.awaitDispatched(topic, 0, 1);
        broker.awaitDispatched(topic, 1, 1);

        String subscriptionA = a.open(1, topic, PRIVATE, null);
        String subscriptionB = b.open(1, topic, PRIVATE, null);
        assertThat(subscriptionA).isNotEqualTo(subscriptionB);
        List<String> after = List.of("after-0", "after-1", "after-2", "after-3", "after-4", "after-5");
        for (int i = 0; i < after.size(); i++) {
            b.send(topic, i % 2, after.get(i));
        }

        for (JmsWire subscriber : List.of(a, b)) {
            List<Received> received = subscriber.fetchExactly(1, after.size());
            assertThat(bodies(received)).containsExactlyInAnyOrderElementsOf(after);
            subscriber.ack(received);
            assertThat(subscriber.fetch(1, 10, 100)).isEmpty();
        }
    }

    @Test
    void aPrivateSubscriptionEndsWithItsConsumer() throws Exception {
        String topic = topic("news", 1);
        JmsWire a = connection("a");
        a.open(1, topic, PRIVATE, null);
        a.send(topic, 0, "missed");
        broker.awaitDispatched(topic, 0, 1);
        a.closeConsumer(1, List.of());

        a.open(1, topic, PRIVATE, null);
        a.send(topic, 0, "new");
        assertThat(bodies(a.fetchExactly(1, 1))).containsExactly("new");
        assertThat(a.fetch(1, 10, 100)).isEmpty();
    }

    // ---------------------------------------------------------------- durable

    @Test
    void aDurableSubscriptionKeepsMessagesWhileItHasNoConsumerAcrossConnections() throws Exception {
        String topic = topic("news", 2);
        String clientId = unique("client");
        String name = unique("d");
        JmsWire first = connection("first", clientId);
        first.open(1, topic, DURABLE, name);
        first.send(topic, 0, "m1");
        first.ack(first.fetchExactly(1, 1));
        first.closeConsumer(1, List.of());

        first.send(topic, 0, "m2");
        first.send(topic, 1, "m3");
        first.open(2, topic, DURABLE, name);
        List<Received> kept = first.fetchExactly(2, 2);
        assertThat(bodies(kept)).containsExactlyInAnyOrder("m2", "m3");
        assertThat(kept).extracting(Received::deliveryCount).containsOnly(1);
        first.ack(kept);
        first.disconnect();

        JmsWire producer = connection("producer");
        producer.send(topic, 1, "m4");
        broker.awaitDispatched(topic, 1, 2);
        JmsWire second = connection("second", clientId);
        second.open(1, topic, DURABLE, name);
        assertThat(bodies(second.fetchExactly(1, 1))).containsExactly("m4");
        assertThat(second.fetch(1, 10, 100)).isEmpty();
    }

    @Test
    void aDurableSubscriptionsUnacknowledgedMessagesComeBackRedeliveredToTheClientsNextConnection()
            throws Exception {
        String topic = topic("news", 1);
        String clientId = unique("client");
        String name = unique("d");
        JmsWire first = connection("first", clientId);
        first.open(1, topic, DURABLE, name);
        first.send(topic, 0, "seen, not acknowledged");
        first.fetchExactly(1, 1);
        first.dropChannel();

        JmsWire second = unconnected("second");
        await().atMost(Duration.ofSeconds(5)).until(() -> second.connect(clientId).code() == ResponseCode.SUCCESS);
        second.open(1, topic, DURABLE, name);
        List<Received> redelivered = second.fetchExactly(1, 1);
        assertThat(bodies(redelivered)).containsExactly("seen, not acknowledged");
        assertThat(redelivered.get(0).deliveryCount()).isEqualTo(2);
    }

    @Test
    void aDurableSubscriptionRefusesASecondActiveConsumer() throws Exception {
        String topic = topic("news", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        connection.open(1, topic, DURABLE, name);

        assertThat(connection.openConsumer(2, topic, DURABLE, name, null, false).code())
                .isEqualTo(ResponseCode.ILLEGAL_STATE);
        assertThat(connection.openConsumer(3, topic, DURABLE, name, null, true).code())
                .as("another definition while active").isEqualTo(ResponseCode.ILLEGAL_STATE);

        // the refusals left the active consumer as it was
        connection.send(topic, 0, "still mine");
        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("still mine");
        connection.closeConsumer(1, List.of());
        succeeded(connection.openConsumer(2, topic, DURABLE, name, null, false));
    }

    @Test
    void reopeningAnInactiveDurableSubscriptionWithAnotherNoLocalOrTopicRecreatesIt() throws Exception {
        String topic = topic("news", 1);
        String otherTopic = topic("sport", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        JmsWire producer = connection("producer");

        connection.open(1, topic, DURABLE, name);
        connection.closeConsumer(1, List.of());
        producer.send(topic, 0, "kept-then-dropped");
        broker.awaitDispatched(topic, 0, 1);
        connection.open(2, topic, DURABLE, name, true);
        assertThat(connection.fetch(2, 10, 100)).as("the old subscription's messages are gone").isEmpty();
        producer.send(topic, 0, "new-noLocal");
        assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("new-noLocal");
        connection.closeConsumer(2, List.of());

        producer.send(topic, 0, "dropped-with-the-topic-change");
        broker.awaitDispatched(topic, 0, 3);
        connection.open(3, otherTopic, DURABLE, name, true);
        assertThat(connection.fetch(3, 10, 100)).isEmpty();
        producer.send(topic, 0, "old topic");
        producer.send(otherTopic, 0, "new topic");
        assertThat(bodies(connection.fetchExactly(3, 1))).containsExactly("new topic");
        assertThat(connection.fetch(3, 10, 100)).isEmpty();
    }

    @Test
    void reopeningAnInactiveDurableSubscriptionWithAnotherSelectorRecreatesIt() throws Exception {
        String topic = topic("news", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        connection.open(1, topic, DURABLE, name);
        connection.closeConsumer(1, List.of());
        connection.send(topic, 0, "kept", Map.of("color", "red"));
        broker.awaitDispatched(topic, 0, 1);

        assertThat(connection.openConsumer(2, topic, DURABLE, name, "color = 'red", false).code())
                .as("an invalid selector changes nothing").isEqualTo(ResponseCode.INVALID_SELECTOR);
        succeeded(connection.openConsumer(3, topic, DURABLE, name, "color = 'red'", false));
        assertThat(connection.fetch(3, 10, 100)).as("a new subscription: the kept message went with the old one")
                .isEmpty();
        connection.send(topic, 0, "blue", Map.of("color", "blue"));
        connection.send(topic, 0, "red", Map.of("color", "red"));
        assertThat(bodies(connection.fetchExactly(3, 1))).containsExactly("red");
        assertThat(connection.fetch(3, 10, 100)).isEmpty();
    }

    @Test
    void unsubscribeIsRefusedWhileADurableSubscriptionHasAnActiveConsumerOrUnacknowledgedMessages()
            throws Exception {
        String topic = topic("news", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        connection.open(1, topic, DURABLE, name);
        connection.send(topic, 0, "unacknowledged");

        assertThat(connection.unsubscribeRaw(name).code()).as("active consumer").isEqualTo(ResponseCode.ILLEGAL_STATE);
        List<Received> held = connection.fetchExactly(1, 1);
        connection.closeConsumer(1, List.of());
        assertThat(connection.unsubscribeRaw(name).code()).as("unacknowledged message")
                .isEqualTo(ResponseCode.ILLEGAL_STATE);

        connection.ack(held);
        succeeded(connection.unsubscribeRaw(name));
    }

    @Test
    void anUnsubscribedDurableSubscriptionIsGone() throws Exception {
        String topic = topic("news", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        connection.open(1, topic, DURABLE, name);
        connection.closeConsumer(1, List.of());
        connection.send(topic, 0, "kept for the subscription");
        broker.awaitDispatched(topic, 0, 1);

        succeeded(connection.unsubscribeRaw(name));

        RemotingCommand again = connection.unsubscribeRaw(name);
        assertThat(again.code()).as("unsubscribing it again: Session.unsubscribe's InvalidDestinationException")
                .isEqualTo(ResponseCode.INVALID_DESTINATION);
        connection.open(2, topic, DURABLE, name);
        assertThat(connection.fetch(2, 10, 100)).as("a new subscription: the kept message went with the old")
                .isEmpty();
    }

    @Test
    void unsubscribingAnUnknownNameIsAnInvalidDestination() throws Exception {
        JmsWire connection = connection("a", unique("client"));
        assertThat(connection.unsubscribeRaw(unique("never")).code()).isEqualTo(ResponseCode.INVALID_DESTINATION);
    }

    @Test
    void aDurableSubscriptionNeedsAClientId() throws Exception {
        String topic = topic("news", 1);
        JmsWire anonymous = connection("anonymous");
        assertThat(anonymous.openConsumer(1, topic, DURABLE, unique("d"), null, false).code())
                .isEqualTo(ResponseCode.ILLEGAL_STATE);
    }

    // ---------------------------------------------------------------- shared

    @Test
    void sharedConsumersShareTheMessagesAndTheSubscriptionEndsWithTheLastOfThem() throws Exception {
        String topic = topic("news", 2);
        String name = unique("s");
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        String key = a.open(1, topic, SHARED, name);
        assertThat(b.open(1, topic, SHARED, name)).as("one subscription").isEqualTo(key);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            a.send(topic, i % 2, "m" + i);
            sent.add("m" + i);
        }
        broker.awaitDispatched(topic, 0, 5);
        broker.awaitDispatched(topic, 1, 5);

        List<Received> toA = a.fetch(1, 5, 0);
        List<Received> toB = b.fetch(1, 10, 0);
        assertThat(toA).hasSize(5);
        assertThat(bodies(toB)).doesNotContainAnyElementsOf(bodies(toA));
        List<String> all = new ArrayList<>(bodies(toA));
        all.addAll(bodies(toB));
        assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
        a.ack(toA);
        b.ack(toB);

        a.closeConsumer(1, List.of());
        b.send(topic, 0, "kept while b is open");
        assertThat(bodies(b.fetchExactly(1, 1))).containsExactly("kept while b is open");
        b.closeConsumer(1, List.of());
        b.send(topic, 0, "no subscription");
        broker.awaitDispatched(topic, 0, 7);

        a.open(2, topic, SHARED, name);
        assertThat(a.fetch(2, 10, 100)).as("a new subscription from the topic's end").isEmpty();
        b.send(topic, 1, "after");
        assertThat(bodies(a.fetchExactly(2, 1))).containsExactly("after");
    }

    @Test
    void sharedSubscriptionsOfTheSameNameUnderDifferentClientIdsAreSeparate() throws Exception {
        String topic = topic("news", 1);
        String name = unique("s");
        JmsWire x = connection("x", unique("X"));
        JmsWire y = connection("y", unique("Y"));
        assertThat(x.open(1, topic, SHARED, name)).isNotEqualTo(y.open(1, topic, SHARED, name));

        x.send(topic, 0, "both");
        assertThat(bodies(x.fetchExactly(1, 1))).containsExactly("both");
        assertThat(bodies(y.fetchExactly(1, 1))).containsExactly("both");
    }

    @Test
    void aSharedDurableSubscriptionSurvivesItsLastConsumer() throws Exception {
        String topic = topic("news", 2);
        String name = unique("sd");
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.open(1, topic, SHARED_DURABLE, name);
        b.open(1, topic, SHARED_DURABLE, name);
        a.closeConsumer(1, List.of());
        b.closeConsumer(1, List.of());

        a.send(topic, 0, "kept-0");
        a.send(topic, 1, "kept-1");
        b.open(2, topic, SHARED_DURABLE, name);
        assertThat(bodies(b.fetchExactly(2, 2))).containsExactlyInAnyOrder("kept-0", "kept-1");
    }

    @Test
    void aSharedAndAnUnsharedDurableSubscriptionMayNotShareANameAndClientId() throws Exception {
        String topic = topic("news", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        connection.open(1, topic, DURABLE, name);
        connection.closeConsumer(1, List.of());

        assertThat(connection.openConsumer(2, topic, SHARED_DURABLE, name, null, false).code())
                .isEqualTo(ResponseCode.ILLEGAL_STATE);
    }

    @Test
    void aDurableAndASharedNonDurableSubscriptionOfTheSameNameAreSeparate() throws Exception {
        String topic = topic("news", 1);
        String name = unique("n");
        JmsWire connection = connection("a", unique("client"));
        String durable = connection.open(1, topic, DURABLE, name);

        RemotingCommand shared = connection.openConsumer(2, topic, SHARED, name, null, false);

        assertThat(shared.code()).as(shared.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(shared.extFields().get("subscription")).isNotEqualTo(durable);
        connection.send(topic, 0, "both");
        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("both");
        assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("both");
    }

    // ---------------------------------------------------------------- client IDs

    @Test
    void aClientIdHeldByOneConnectionIsRefusedToAnotherUntilTheFirstDisconnects() throws Exception {
        String clientId = unique("client");
        JmsWire holder = connection("holder", clientId);
        JmsWire rival = unconnected("rival");

        assertThat(rival.connect(clientId).code()).isEqualTo(ResponseCode.CLIENT_ID_IN_USE);
        succeeded(rival.connect(null));
        assertThat(rival.claimClientIdRaw(clientId).code()).isEqualTo(ResponseCode.CLIENT_ID_IN_USE);

        holder.disconnect();

        succeeded(rival.claimClientIdRaw(clientId));
        assertThat(unconnected("third").connect(clientId).code()).isEqualTo(ResponseCode.CLIENT_ID_IN_USE);
    }

    @Test
    void aClientIdIsReleasedWhenItsConnectionsChannelCloses() throws Exception {
        String clientId = unique("client");
        JmsWire holder = connection("holder", clientId);
        JmsWire successor = unconnected("successor");
        assertThat(successor.connect(clientId).code()).isEqualTo(ResponseCode.CLIENT_ID_IN_USE);

        holder.dropChannel();

        await().atMost(Duration.ofSeconds(5)).until(() -> successor.connect(clientId).code() == ResponseCode.SUCCESS);
    }
}
