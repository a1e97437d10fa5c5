package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What open subscriptions do when an operator changes their topic under them. */
class TopicChangesTest extends BrokerFixture {

    @Test
    void messagesOnQueuesAddedToATopicReachItsOpenQueueConsumer() throws Exception {
        String queue = topic("grows", 2);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);

        broker.createTopic(queue, 4);
        connection.send(queue, 3, "on a new queue");
        broker.awaitDispatched(queue, 3, 1);

        assertThat(bodies(connection.fetch(1, 10, 2_000))).containsExactly("on a new queue");
    }

    @Test
    void messagesOnQueuesAddedToATopicAreKeptForItsInactiveDurableSubscription() throws Exception {
        String topic = topic("grows", 1);
        String name = unique("d");
        JmsWire connection = connection("a", unique("client"));
        connection.open(1, topic, DURABLE, name);
        connection.closeConsumer(1, List.of());

        broker.createTopic(topic, 2);
        connection.send(topic, 1, "on a new queue");
        broker.awaitDispatched(topic, 1, 1);
        connection.open(2, topic, DURABLE, name);

        assertThat(bodies(connection.fetch(2, 10, 2_000))).containsExactly("on a new queue");
    }

    @Test
    void aQueueDeletedAndCreatedAgainDeliversItsNewMessages() throws Exception {
        String queue = topic("reborn", 1);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        for (int i = 0; i < 5; i++) {
            connection.send(queue, 0, "old" + i);
        }
        connection.ack(connection.fetchExactly(1, 5));

        assertThat(connection.invoke(RequestCode.DELETE_TOPIC_IN_BROKER, Map.of("topic", queue), null).code())
                .isEqualTo(ResponseCode.SUCCESS);
        broker.createTopic(queue, 1);
        connection.send(queue, 0, "new");
        broker.awaitDispatched(queue, 0, 1);
        assertThat(broker.broker().store().maxOffset(queue, 0)).as("the queue began again").isEqualTo(1);

        assertThat(bodies(connection.fetch(1, 10, 2_000))).containsExactly("new");
    }
}
