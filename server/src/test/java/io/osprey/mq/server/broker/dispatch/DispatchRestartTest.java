package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.broker.TestBroker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch state across a clean broker restart on the same data: DESIGN.md ("How the broker keeps JMS state") has
 * acknowledgements, delivery counts and durable subscriptions go through the store. The first cut keeps them in
 * memory only; these tests say what a JMS user will expect once they do not.
 */
class DispatchRestartTest {
    @TempDir
    Path dataDir;

    @Test
    @Disabled("bug (known gap of the first cut): acknowledgements are not persisted, so after a restart a queue's"
            + " subscription starts again at the queue's first offset and redelivers every acknowledged message")
    void acknowledgedQueueMessagesAreNotRedeliveredAfterARestart() throws Exception {
        try (TestBroker first = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(first.broker().address(), "before")) {
            first.createTopic("Orders", 1);
            connection.openQueue(1, "Orders");
            connection.send("Orders", 0, "done");
            connection.ack(connection.fetchExactly(1, 1));
        }

        try (TestBroker second = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(second.broker().address(), "after")) {
            connection.openQueue(1, "Orders");
            connection.send("Orders", 0, "new");
            assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("new");
            assertThat(connection.fetch(1, 10, 200)).isEmpty();
        }
    }

    @Test
    @Disabled("bug (known gap of the first cut): durable subscriptions are not persisted: after a restart the"
            + " subscription is created anew at the topic's end and the messages it kept are lost")
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
}
