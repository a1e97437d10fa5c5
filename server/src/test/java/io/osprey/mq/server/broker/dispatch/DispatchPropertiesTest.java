package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.PRIVATE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.jms.JmsHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The message properties the broker's dispatch enforces: noLocal's producer, expiry, delivery time, priority. */
class DispatchPropertiesTest extends BrokerFixture {
    private static final long DELAY_MILLIS = 300;
    /** Long enough for a send and a fetch on a busy machine, short enough to wait for. */
    private static final long EXPIRY_MILLIS = 1_000;

    // ---------------------------------------------------------------- noLocal

    @Test
    void aNoLocalPrivateSubscriberNeverGetsItsOwnConnectionsMessagesButGetsEveryOther() throws Exception {
        String topic = topic("news", 2);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.open(1, topic, PRIVATE, null, true);
        a.open(2, topic, PRIVATE, null, false);
        b.open(1, topic, PRIVATE, null, true);

        a.send(topic, 0, "from a");
        b.send(topic, 1, "from b");
        broker.send(topic, 0, "from a plain RocketMQ producer");
        broker.awaitDispatched(topic, 0, 2);
        broker.awaitDispatched(topic, 1, 1);

        assertThat(bodies(a.fetch(1, 10, 0))).containsExactlyInAnyOrder("from b", "from a plain RocketMQ producer");
        assertThat(bodies(a.fetch(2, 10, 0))).as("without noLocal")
                .containsExactlyInAnyOrder("from a", "from b", "from a plain RocketMQ producer");
        assertThat(bodies(b.fetch(1, 10, 0))).containsExactlyInAnyOrder("from a", "from a plain RocketMQ producer");
        assertThat(a.fetch(1, 10, 100)).as("its own message is not left for later").isEmpty();
    }

    @Test
    void aNoLocalDurableSubscriptionNeverGetsMessagesOfItsClientIdsEarlierConnections() throws Exception {
        String topic = topic("news", 1);
        String clientId = unique("client");
        String name = unique("d");
        JmsWire first = connection("first", clientId);
        first.open(1, topic, DURABLE, name, true);
        first.closeConsumer(1, List.of());
        first.send(topic, 0, "from the first connection");
        broker.awaitDispatched(topic, 0, 1);
        first.disconnect();

        JmsWire second = connection("second", clientId);
        second.open(1, topic, DURABLE, name, true);
        connection("other").send(topic, 0, "from another client");
        assertThat(bodies(second.fetchExactly(1, 1))).containsExactly("from another client");
        assertThat(second.fetch(1, 10, 100)).isEmpty();
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void anExpiredMessageIsNeverDelivered() throws Exception {
        String queue = topic("q", 2);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        long now = System.currentTimeMillis();
        connection.send(queue, 0, "expired", Map.of(JmsHeaders.JMS_EXPIRATION, Long.toString(now - 1_000)));
        connection.send(queue, 1, "expires later",
                Map.of(JmsHeaders.JMS_EXPIRATION, Long.toString(now + 600_000)));
        connection.send(queue, 0, "never expires", Map.of(JmsHeaders.JMS_EXPIRATION, "0"));
        broker.awaitDispatched(queue, 0, 2);
        broker.awaitDispatched(queue, 1, 1);

        assertThat(bodies(connection.fetch(1, 10, 0))).containsExactlyInAnyOrder("expires later", "never expires");
        assertThat(connection.fetch(1, 10, 100)).isEmpty();
    }

    @Test
    void aMessageThatExpiresWhileWaitingOrWhileReturnedIsNotDeliveredAgain() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        long expiration = System.currentTimeMillis() + EXPIRY_MILLIS;
        Map<String, String> expiring = Map.of(JmsHeaders.JMS_EXPIRATION, Long.toString(expiration));
        connection.send(queue, 0, "fetched before it expires", expiring);
        List<Received> fetched = connection.fetch(1, 1, 5_000);
        assumeThat(fetched).as("this machine fetched it within %d ms", EXPIRY_MILLIS).isNotEmpty();
        assertThat(bodies(fetched)).containsExactly("fetched before it expires");
        connection.send(queue, 0, "waiting while it expires", expiring);
        broker.awaitDispatched(queue, 0, 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > expiration);
        connection.giveBack(fetched, true);
        connection.send(queue, 0, "marker");

        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("marker");
        assertThat(connection.fetch(1, 10, 100)).isEmpty();
    }

    // ---------------------------------------------------------------- delivery time

    @Test
    void aMessageWithADeliveryTimeIsNotDeliveredBeforeItAndIsDeliveredAfter() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        long due = System.currentTimeMillis() + DELAY_MILLIS;
        connection.send(queue, 0, "later", Map.of(JmsHeaders.JMS_DELIVERY_TIME, Long.toString(due)));
        connection.send(queue, 0, "now");
        broker.awaitDispatched(queue, 0, 2);

        List<Received> early = connection.fetch(1, 10, 0);
        if (System.currentTimeMillis() < due) {
            assertThat(bodies(early)).containsExactly("now");
        } else {
            // this machine was slower than the delay: the early fetch proves nothing about "before"
            assertThat(bodies(early)).contains("now");
        }

        List<Received> delayed = new ArrayList<>(early.stream().filter(r -> r.body().equals("later")).toList());
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!delayed.isEmpty()) {
                return true;
            }
            List<Received> got = connection.fetch(1, 10, 0);
            long answeredAt = System.currentTimeMillis();
            if (!got.isEmpty()) {
                assertThat(answeredAt).as("delivered no earlier than its delivery time").isGreaterThanOrEqualTo(due);
            }
            delayed.addAll(got);
            return !delayed.isEmpty();
        });
        assertThat(bodies(delayed)).containsExactly("later");
        assertThat(delayed.get(0).deliveryCount()).isEqualTo(1);
    }

    @Test
    void aHeldFetchIsAnsweredWhenADelayedMessageBecomesDue() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        long due = System.currentTimeMillis() + DELAY_MILLIS;
        connection.send(queue, 0, "later", Map.of(JmsHeaders.JMS_DELIVERY_TIME, Long.toString(due)));

        CompletableFuture<RemotingCommand> held = connection.fetchAsync(1, 10, 10_000);
        List<Received> received = connection.deliveries(1, held.get(5, TimeUnit.SECONDS));
        long answeredAt = System.currentTimeMillis();

        assertThat(bodies(received)).as("answered by the due message, not the end of its wait")
                .containsExactly("later");
        assertThat(answeredAt).isGreaterThanOrEqualTo(due);
    }

    // ---------------------------------------------------------------- priority

    @Test
    void aBacklogIsFetchedHighestPriorityFirstAndInSendOrderWithinAPriority() throws Exception {
        for (int queues : new int[] {1, 4}) {
            String queue = topic("q" + queues, queues);
            JmsWire connection = connection("c" + queues);
            List<String> expected = sendPriorityBacklog(connection, queue, queues);
            connection.openQueue(1, queue);

            List<Received> batch = connection.fetch(1, expected.size(), 0);

            assertThat(bodies(batch)).as("%d queues", queues).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aBacklogFetchedOneMessageAtATimeComesHighestPriorityFirst() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("c");
        List<String> expected = sendPriorityBacklog(connection, queue, 1);
        connection.openQueue(1, queue);

        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            List<Received> one = connection.fetch(1, 1, 0);
            got.addAll(bodies(one));
            connection.ack(one);
        }

        assertThat(got).containsExactlyElementsOf(expected);
    }

    /** Sends 20 messages of priorities 0–9 (each twice, spread over the queues); answers the order JMS wants. */
    private static List<String> sendPriorityBacklog(JmsWire producer, String queue, int queues) throws Exception {
        record Sent(String body, int priority, int index) {
        }
        List<Sent> sent = new ArrayList<>();
        int[] priorities = {3, 7, 0, 9, 4, 1, 8, 2, 6, 5};
        for (int i = 0; i < 20; i++) {
            int priority = priorities[i % 10];
            String body = "p" + priority + "-" + i;
            producer.send(queue, i % queues, body, Map.of(JmsHeaders.JMS_PRIORITY, Integer.toString(priority)));
            sent.add(new Sent(body, priority, i));
        }
        for (int q = 0; q < queues; q++) {
            broker.awaitDispatched(queue, q, 20 / queues);
        }
        return sent.stream().sorted(Comparator.comparingInt(Sent::priority).reversed()
                .thenComparingInt(Sent::index)).map(Sent::body).toList();
    }
}
