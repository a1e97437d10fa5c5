package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.broker.TestBroker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch state across a clean broker restart on the same data: acknowledgements, delivery counts and durable
 * subscriptions go through the store as dispatch records (DESIGN.md, "How the broker keeps JMS state").
 */
class DispatchRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void acknowledgedQueueMessagesAreNotRedeliveredAfterARestart() throws Exception {
        try (TestBroker first = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(first.broker().address(), "before")) {
            first.createTopic("Orders", 1);
            connection.openQueue(1, "Orders");
            connection.send("Orders", 0, "done");
            connection.ack(connection.fetchExactly(1, 1));
        }
        assertThat(dataDir.resolve("config").resolve(Dispatcher.SNAPSHOT_FILE)).as("written at the clean stop")
                .exists();

        try (TestBroker second = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(second.broker().address(), "after")) {
            connection.openQueue(1, "Orders");
            connection.send("Orders", 0, "new");
            assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("new");
            assertThat(connection.fetch(1, 10, 200)).isEmpty();
        }
    }

    @Test
    void anInactiveDurableSubscriptionKeepsItsMessagesAcrossARestart() throws Exception {
        try (TestBroker first = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(first.broker().address(), "before", "client")) {
            first.createTopic("News", 1);
            connection.open(1, "News", DURABLE, "d");
            connection.closeConsumer(1, List.of());
            connection.send("News", 0, "kept");
            first.awaitDispatched("News", 0, 1);
        }

        try (TestBroker second = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(second.broker().address(), "after", "client")) {
            connection.open(1, "News", DURABLE, "d");
            assertThat(bodies(connection.fetch(1, 10, 2_000))).containsExactly("kept");
        }
    }

    @Test
    void deliveryCountsAndUndeliveredReturnsSurviveARestart() throws Exception {
        try (TestBroker first = new TestBroker(dataDir)) {
            first.createTopic("Jobs", 1);
            JmsWire connection = JmsWire.connected(first.broker().address(), "before");
            connection.openQueue(1, "Jobs");
            connection.send("Jobs", 0, "seen twice");
            connection.send("Jobs", 0, "only buffered");
            connection.send("Jobs", 0, "seen once");
            List<Received> firstRound = connection.fetchExactly(1, 3);
            connection.giveBack(List.of(firstRound.get(0)), true);
            assertThat(connection.fetchExactly(1, 1).get(0).deliveryCount()).isEqualTo(2);
            connection.giveBack(List.of(firstRound.get(1)), false);
            // the broker stops with "seen twice" and "seen once" delivered and not acknowledged
        }

        try (TestBroker second = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(second.broker().address(), "after")) {
            connection.openQueue(1, "Jobs");
            List<Received> again = connection.fetchExactly(1, 3);
            assertThat(again).extracting(r -> JmsWire.bodies(List.of(r)).get(0) + "=" + r.deliveryCount())
                    .containsExactlyInAnyOrder("seen twice=3", "only buffered=1", "seen once=2");
        }
    }
}
