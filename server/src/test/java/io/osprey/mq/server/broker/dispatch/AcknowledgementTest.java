package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static io.osprey.mq.server.broker.dispatch.JmsWire.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the broker does with a delivered message: forgets it when acknowledged, offers it again when returned (its
 * delivery count raised when the application saw it, restored when only the prefetch buffer did), when its
 * consumer closes without having handed it over, and when its connection ends.
 */
class AcknowledgementTest extends BrokerFixture {

    @Test
    void anAcknowledgedMessageNeverComesBack() throws Exception {
        String queue = topic("q", 2);
        JmsWire first = connection("first");
        first.openQueue(1, queue);
        first.send(queue, 0, "a");
        first.send(queue, 1, "b");
        List<Received> received = first.fetchExactly(1, 2);
        first.ack(received);

        // every way a held message returns: none brings an acknowledged one back
        first.giveBack(received, true);
        first.giveBack(received, false);
        first.closeConsumer(1, received);
        first.disconnect();

        JmsWire second = connection("second");
        second.openQueue(1, queue);
        second.send(queue, 0, "marker");
        assertThat(bodies(second.fetchExactly(1, 1))).containsExactly("marker");
        assertThat(second.fetch(1, 10, 200)).isEmpty();
    }

    @Test
    void aMessageReturnedAsDeliveredComesToTheNextFetchWithItsDeliveryCountRaised() throws Exception {
        String queue = topic("q", 2);
        JmsWire connection = connection("c");
        connection.openQueue(1, queue);
        connection.send(queue, 1, "again");

        Received first = connection.fetchExactly(1, 1).get(0);
        assertThat(first.deliveryCount()).isEqualTo(1);
        for (int expected = 2; expected <= 4; expected++) {
            connection.giveBack(List.of(first), true);
            List<Received> next = connection.fetch(1, 10, 0);
            assertThat(next).hasSize(1);
            assertThat(next.get(0).tag()).isEqualTo(first.tag());
            assertThat(next.get(0).body()).isEqualTo("again");
            assertThat(next.get(0).deliveryCount()).isEqualTo(expected);
        }
    }

    @Test
    void aMessageReturnedUndeliveredKeepsItsDeliveryCount() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, queue);
        connection.send(queue, 0, "prefetched");
        Received first = connection.fetchExactly(1, 1).get(0);

        connection.giveBack(List.of(first), false);
        Received second = connection.fetch(1, 10, 0).get(0);
        assertThat(second.deliveryCount()).isEqualTo(1);

        connection.giveBack(List.of(second), true);
        Received third = connection.fetch(1, 10, 0).get(0);
        assertThat(third.deliveryCount()).isEqualTo(2);

        connection.giveBack(List.of(third), false);
        Received fourth = connection.fetch(1, 10, 0).get(0);
        assertThat(fourth.deliveryCount()).isEqualTo(2);
        assertThat(fourth.tag()).isEqualTo(first.tag());
    }

    @Test
    void aClosedConsumersUndeliveredMessagesGoAtOnceToAnotherConsumerWithTheirCountTakenBack() throws Exception {
        String queue = topic("q", 2);
        JmsWire closing = connection("closing");
        JmsWire other = connection("other");
        closing.openQueue(1, queue);
        other.openQueue(1, queue);
        for (int i = 0; i < 3; i++) {
            closing.send(queue, i % 2, "m" + i);
        }
        List<Received> prefetched = closing.fetchExactly(1, 3);
        CompletableFuture<RemotingCommand> waiting = other.fetchAsync(1, 10, 30_000);
        other.awaitHeldFetch(1);

        closing.closeConsumer(1, prefetched);

        List<Received> handedOver = other.deliveries(1, waiting.get(5, TimeUnit.SECONDS));
        assertThat(bodies(handedOver)).containsExactlyInAnyOrder("m0", "m1", "m2");
        assertThat(handedOver).extracting(Received::deliveryCount).containsOnly(1);
    }

    @Test
    void aClosingConsumersHeldFetchDoesNotTakeBackTheMessagesItGivesBack() throws Exception {
        String queue = topic("q", 1);
        JmsWire closing = connection("closing");
        JmsWire other = connection("other");
        closing.openQueue(1, queue);
        other.openQueue(1, queue);
        closing.send(queue, 0, "m0");
        closing.send(queue, 0, "m1");
        List<Received> prefetched = closing.fetchExactly(1, 2);
        // the provider's prefetch loop keeps a fetch outstanding while the application closes the consumer
        CompletableFuture<RemotingCommand> closingsFetch = closing.fetchAsync(1, 10, 30_000);
        closing.awaitHeldFetch(1);

        closing.closeConsumer(1, prefetched);

        assertThat(closing.deliveries(1, closingsFetch.get(5, TimeUnit.SECONDS))).as("the closed consumer's fetch")
                .isEmpty();
        assertThat(bodies(other.fetch(1, 10, 0))).containsExactly("m0", "m1");
    }

    @Test
    void messagesAClosedConsumerHandedToTheApplicationStayWithItsConnectionUntilReturned() throws Exception {
        String queue = topic("q", 1);
        JmsWire closing = connection("closing");
        JmsWire other = connection("other");
        closing.openQueue(1, queue);
        other.openQueue(1, queue);
        closing.send(queue, 0, "seen");
        List<Received> seen = closing.fetchExactly(1, 1);

        closing.closeConsumer(1, List.of());
        assertThat(other.fetch(1, 10, 0)).as("still the connection's").isEmpty();

        // the session recovers: the message it saw comes back as a redelivery
        closing.giveBack(seen, true);
        List<Received> redelivered = other.fetch(1, 10, 0);
        assertThat(bodies(redelivered)).containsExactly("seen");
        assertThat(redelivered.get(0).deliveryCount()).isEqualTo(2);
    }

    @Test
    void aDisconnectReturnsEverythingTheConnectionHeldAsRedeliveredAndAnswersItsHeldFetches() throws Exception {
        String queue = topic("q", 2);
        JmsWire leaving = connection("leaving");
        JmsWire staying = connection("staying");
        leaving.openQueue(1, queue);
        leaving.openQueue(2, queue);
        staying.openQueue(1, queue);
        for (int i = 0; i < 4; i++) {
            leaving.send(queue, i % 2, "m" + i);
        }
        List<Received> held = leaving.fetchExactly(1, 3);
        held = concat(held, leaving.fetchExactly(2, 1));
        CompletableFuture<RemotingCommand> leavingsFetch = leaving.fetchAsync(2, 10, 30_000);
        leaving.awaitHeldFetch(2);

        leaving.disconnect();

        assertThat(leaving.deliveries(2, leavingsFetch.get(5, TimeUnit.SECONDS))).isEmpty();
        List<Received> redelivered = staying.fetch(1, 10, 0);
        assertThat(bodies(redelivered)).containsExactlyInAnyOrderElementsOf(bodies(held));
        assertThat(redelivered).extracting(Received::deliveryCount).containsOnly(2);
    }

    @Test
    void aClosedChannelReturnsEverythingItsConnectionHeldAsRedelivered() throws Exception {
        String queue = topic("q", 2);
        JmsWire crashing = connection("crashing");
        JmsWire staying = connection("staying");
        crashing.openQueue(1, queue);
        staying.openQueue(1, queue);
        for (int i = 0; i < 4; i++) {
            crashing.send(queue, i % 2, "m" + i);
        }
        List<Received> held = crashing.fetchExactly(1, 4);

        crashing.dropChannel();

        List<Received> redelivered = staying.fetchExactly(1, 4);
        assertThat(bodies(redelivered)).containsExactlyInAnyOrderElementsOf(bodies(held));
        assertThat(redelivered).extracting(Received::deliveryCount).containsOnly(2);
    }

    @Test
    void acknowledgingOrReturningAnotherConnectionsTagsDoesNothing() throws Exception {
        String queue = topic("q", 1);
        JmsWire owner = connection("owner");
        JmsWire intruder = connection("intruder");
        owner.openQueue(1, queue);
        intruder.openQueue(1, queue);
        owner.send(queue, 0, "mine");
        List<Received> mine = owner.fetchExactly(1, 1);

        succeeded(intruder.ackRaw(tags(mine)));
        succeeded(intruder.giveBackRaw(tags(mine), true));
        succeeded(intruder.closeConsumerRaw(1, tags(mine)));
        intruder.openQueue(2, queue);
        assertThat(intruder.fetch(2, 10, 0)).as("the intruder's return gave nothing back").isEmpty();

        // not acknowledged by the intruder: the owner's return brings it back
        owner.giveBack(mine, true);
        List<Received> back = intruder.fetch(2, 10, 0);
        assertThat(bodies(back)).containsExactly("mine");
        assertThat(back.get(0).deliveryCount()).isEqualTo(2);
    }

    private static List<Received> concat(List<Received> a, List<Received> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
