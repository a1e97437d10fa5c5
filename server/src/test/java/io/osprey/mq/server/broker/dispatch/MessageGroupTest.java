package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.jms.JmsHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, JMSXGroupID (Jakarta Messaging 3.1 table 3-3): the messages of a group go to one consumer of the
 * subscription at a time, in the order they were sent; when that consumer goes, the group moves to another one,
 * the messages it had not acknowledged first.
 */
class MessageGroupTest extends BrokerFixture {

    @Test
    void eachGroupGoesToOneConsumerInOrder() throws Exception {
        String queue = topic("orders", 2);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.openQueue(1, queue);
        b.openQueue(1, queue);
        JmsWire producer = connection("producer");
        for (int seq = 1; seq <= 50; seq++) {
            for (int g = 0; g < 3; g++) {
                producer.send(queue, (seq + g) % 2, "g" + g + "-" + seq, grouped("g" + g, seq));
            }
        }
        Map<String, List<Integer>> received = new HashMap<>();
        Map<String, String> consumerOf = new HashMap<>();
        int[] total = {0};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            total[0] += takeAndAck(a, "a", received, consumerOf);
            total[0] += takeAndAck(b, "b", received, consumerOf);
            return total[0] >= 150;
        });
        assertThat(total[0]).isEqualTo(150);
        assertThat(consumerOf.values()).as("both consumers got a group").contains("a", "b");
        for (int g = 0; g < 3; g++) {
            assertThat(received.get("g" + g)).as("group g%d in order", g).isEqualTo(sequence(1, 50));
        }
    }

    @Test
    void ungroupedMessagesStillGoToEveryConsumer() throws Exception {
        String queue = topic("mixed", 1);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.openQueue(1, queue);
        b.openQueue(1, queue);
        JmsWire producer = connection("producer");
        producer.send(queue, 0, "g-1", grouped("g", 1));
        assertThat(a.fetchExactly(1, 1).get(0).body()).isEqualTo("g-1");
        producer.send(queue, 0, "g-2", grouped("g", 2));
        producer.send(queue, 0, "plain");
        assertThat(JmsWire.bodies(b.fetchExactly(1, 1))).as("the group is a's, the rest is anyone's")
                .containsExactly("plain");
        assertThat(JmsWire.bodies(a.fetchExactly(1, 1))).containsExactly("g-2");
    }

    @Test
    void closingTheOwnerMovesTheGroupToAnotherConsumerUnacknowledgedOnesFirst() throws Exception {
        String queue = topic("jobs", 1);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.openQueue(1, queue);
        b.openQueue(1, queue);
        JmsWire producer = connection("producer");
        for (int seq = 1; seq <= 20; seq++) {
            producer.send(queue, 0, "job-" + seq, grouped("job", seq));
        }
        List<Received> first = a.fetchExactly(1, 5);
        assertThat(seqs(first)).isEqualTo(sequence(1, 5));
        a.ack(first.subList(0, 3));
        assertThat(b.fetch(1, 10, 100)).as("the group is a's").isEmpty();
        CompletableFuture<List<Received>> waiting = b.fetchAsync(1, 20, 10_000)
                .thenApply(response -> b.deliveries(1, response));
        b.awaitHeldFetch(1);

        // a's consumer closes while its session still holds 4 and 5: nobody takes the group until they settle
        a.closeConsumer(1, List.of());
        assertThat(waiting).isNotDone();
        a.giveBack(first.subList(3, 5), true);

        List<Received> rest = new ArrayList<>(waiting.get(10, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            rest.addAll(b.fetch(1, 20, 200));
            return rest.size() >= 17;
        });
        assertThat(seqs(rest)).as("the returned ones first, then the rest, in order").isEqualTo(sequence(4, 20));
        assertThat(rest.get(0).deliveryCount()).as("4 is redelivered").isEqualTo(2);
    }

    @Test
    void theGroupOfAConnectionThatDiesMovesWithItsUnacknowledgedOnesFirst() throws Exception {
        String queue = topic("tasks", 1);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.openQueue(1, queue);
        JmsWire producer = connection("producer");
        for (int seq = 1; seq <= 10; seq++) {
            producer.send(queue, 0, "task-" + seq, grouped("task", seq));
        }
        List<Received> first = a.fetchExactly(1, 4);
        a.ack(first.subList(0, 2));
        b.openQueue(1, queue);
        assertThat(b.fetch(1, 10, 100)).as("the group is a's").isEmpty();

        a.dropChannel();

        List<Received> rest = b.fetchExactly(1, 8);
        assertThat(seqs(rest)).isEqualTo(sequence(3, 10));
    }

    @Test
    void aSharedSubscriptionKeepsGroupsWithOneConsumer() throws Exception {
        String topic = topic("prices", 1);
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        a.open(1, topic, SubscriptionType.SHARED_DURABLE, "board");
        b.open(1, topic, SubscriptionType.SHARED_DURABLE, "board");
        JmsWire producer = connection("producer");
        producer.send(topic, 0, "x-1", grouped("x", 1));
        assertThat(JmsWire.bodies(a.fetchExactly(1, 1))).containsExactly("x-1");
        producer.send(topic, 0, "x-2", grouped("x", 2));
        assertThat(b.fetch(1, 10, 200)).as("x is a's").isEmpty();
        assertThat(JmsWire.bodies(a.fetchExactly(1, 1))).containsExactly("x-2");
    }

    /** One fetch of at most one message, acknowledged; records who got which group. */
    private static int takeAndAck(JmsWire consumer, String name, Map<String, List<Integer>> received,
                                  Map<String, String> consumerOf) throws Exception {
        List<Received> got = consumer.fetch(1, 1, 50);
        for (Received r : got) {
            String group = r.property(JmsHeaders.JMSX_GROUP_ID);
            String previous = consumerOf.putIfAbsent(group, name);
            assertThat(previous == null ? name : previous).as("group %s went to one consumer", group)
                    .isEqualTo(name);
            received.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(Integer.parseInt(r.property(JmsHeaders.JMSX_GROUP_SEQ)));
        }
        if (!got.isEmpty()) {
            consumer.ack(got);
        }
        return got.size();
    }

    private static Map<String, String> grouped(String group, int seq) {
        return Map.of(JmsHeaders.JMSX_GROUP_ID, group, JmsHeaders.JMSX_GROUP_SEQ, Integer.toString(seq),
                JmsHeaders.OSPREY_TYPES, "I" + JmsHeaders.JMSX_GROUP_SEQ);
    }

    private static List<Integer> seqs(List<Received> received) {
        return received.stream().map(r -> Integer.parseInt(r.property(JmsHeaders.JMSX_GROUP_SEQ))).toList();
    }

    private static List<Integer> sequence(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
