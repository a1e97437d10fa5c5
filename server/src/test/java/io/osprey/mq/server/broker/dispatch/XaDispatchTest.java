package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.xa.XaBranchHeader;
import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.protocol.xa.XaEndHeader;
import io.osprey.mq.protocol.xa.XaStartHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XA branches on a real broker: a branch's sends stay invisible and its consumed messages locked until it completes;
 * a commit stores and acknowledges exactly once, a rollback drops the sends and redelivers; a prepared branch outlives
 * its connection and is completed from any other; an unprepared one rolls back with its connection or its timeout.
 */
class XaDispatchTest extends BrokerFixture {

    /** A queue In holding one message consumed by {@code connection}'s consumer 1, a queue Out on its consumer 2. */
    private record Setup(String in, String out, JmsWire connection, XaWire xa, List<Received> consumed) {
    }

    private Setup consumedOne(String name) throws Exception {
        String in = topic("In", 1);
        String out = topic("Out", 1);
        JmsWire connection = connection(name);
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        connection.send(in, 0, "m1");
        return new Setup(in, out, connection, new XaWire(connection), connection.fetchExactly(1, 1));
    }

    private JmsWire consumerOf(String queue, String name) throws Exception {
        JmsWire other = connection(name);
        other.openQueue(1, queue);
        return other;
    }

    @Test
    void twoPhaseCommitStoresTheSendsAndAcknowledgesTheConsumedMessageOnce() throws Exception {
        Setup s = consumedOne("c");
        JmsWire other = consumerOf(s.in(), "other");
        XaBranchId branch = XaWire.branch(unique("b"));

        s.xa().start(branch);
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "copy")), s.consumed());
        assertThat(s.connection().fetch(2, 10, 200)).as("the send is invisible before the commit").isEmpty();
        s.connection().ack(s.consumed()); // the connection no longer holds it: the branch does, and ignores this
        assertThat(other.fetch(1, 10, 200)).as("the consumed message is locked to the branch").isEmpty();
        s.xa().prepare(branch);
        assertThat(s.xa().recover()).contains(branch);
        assertThat(s.connection().fetch(2, 10, 200)).as("still invisible once prepared").isEmpty();

        s.xa().commit(branch, false);

        assertThat(bodies(s.connection().fetchExactly(2, 1))).containsExactly("copy");
        assertThat(s.xa().recover()).doesNotContain(branch);
        s.connection().disconnect();
        assertThat(other.fetch(1, 10, 300)).as("acknowledged by the commit: never redelivered").isEmpty();
    }

    @Test
    void rollingBackAPreparedBranchRedeliversTheConsumedMessageAndDropsTheSends() throws Exception {
        Setup s = consumedOne("c");
        JmsWire other = consumerOf(s.in(), "other");
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "copy")), s.consumed());
        s.xa().prepare(branch);

        s.xa().rollback(branch);

        List<Received> again = other.fetchExactly(1, 1);
        assertThat(bodies(again)).containsExactly("m1");
        assertThat(again.get(0).deliveryCount()).as("redelivered, its count raised").isEqualTo(2);
        assertThat(s.connection().fetch(2, 10, 300)).as("the send is never visible").isEmpty();
        assertThat(s.xa().recover()).doesNotContain(branch);
    }

    @Test
    void onePhaseCommitCompletesABranchThatWasNotPrepared() throws Exception {
        Setup s = consumedOne("c");
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "copy")), s.consumed());

        s.xa().commit(branch, true);

        assertThat(bodies(s.connection().fetchExactly(2, 1))).containsExactly("copy");
        s.connection().disconnect();
        assertThat(consumerOf(s.in(), "other").fetch(1, 10, 300)).isEmpty();
    }

    @Test
    void aBranchThatDidNothingPreparesReadOnlyAndIsForgotten() throws Exception {
        JmsWire connection = connection("c");
        XaWire xa = new XaWire(connection);
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);
        xa.end(branch, List.of(), List.of());

        RemotingCommand answer = succeeded(xa.prepareRaw(branch));

        assertThat(answer.extFields()).containsEntry(XaBranchHeader.READ_ONLY, "true");
        assertThat(xa.recover()).doesNotContain(branch);
        XaWire.refused(xa.commitRaw(branch, false), ResponseCode.XA_UNKNOWN_BRANCH);
    }

    @Test
    void aBranchSpansQueuesAndTopics() throws Exception {
        String queueIn = topic("QueueIn", 1);
        String topicIn = topic("TopicIn", 1);
        String queueOut = topic("QueueOut", 1);
        String topicOut = topic("TopicOut", 1);
        JmsWire connection = connection("c", unique("client"));
        connection.openQueue(1, queueIn);
        connection.open(2, topicIn, DURABLE, "in");
        connection.openQueue(3, queueOut);
        connection.open(4, topicOut, DURABLE, "out");
        connection.send(queueIn, 0, "from a queue");
        connection.send(topicIn, 0, "from a topic");
        List<Received> consumed = new ArrayList<>(connection.fetchExactly(1, 1));
        consumed.addAll(connection.fetchExactly(2, 1));
        XaWire xa = new XaWire(connection);
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);
        xa.end(branch, List.of(connection.staged(queueOut, "to a queue"), connection.staged(topicOut, "to a topic")),
                consumed);
        assertThat(connection.fetch(3, 10, 200)).isEmpty();
        assertThat(connection.fetch(4, 10, 200)).isEmpty();
        xa.prepare(branch);

        xa.commit(branch, false);

        assertThat(bodies(connection.fetchExactly(3, 1))).containsExactly("to a queue");
        assertThat(bodies(connection.fetchExactly(4, 1))).containsExactly("to a topic");
        connection.closeConsumer(1, List.of());
        connection.closeConsumer(2, List.of());
        connection.disconnect();
        JmsWire again = connection("again", unique("client"));
        again.openQueue(1, queueIn);
        again.open(2, topicIn, DURABLE, "in");
        assertThat(again.fetch(1, 10, 200)).isEmpty();
        assertThat(again.fetch(2, 10, 200)).isEmpty();
    }

    @Test
    void anotherConnectionJoinsTheBranchAndItsWorkCommitsWithIt() throws Exception {
        Setup s = consumedOne("c");
        JmsWire second = connection("second");
        XaWire joined = new XaWire(second);
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        succeeded(joined.startRaw(branch, XaStartHeader.Mode.JOIN, 0));
        joined.end(branch, List.of(second.staged(s.out(), "from the second")), List.of());
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "from the first")), s.consumed());
        s.xa().prepare(branch);

        joined.commit(branch, false);

        assertThat(bodies(s.connection().fetchExactly(2, 2)))
                .containsExactlyInAnyOrder("from the first", "from the second");
    }

    @Test
    void aSuspendedAssociationResumesAndKeepsWhatItDid() throws Exception {
        Setup s = consumedOne("c");
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        succeeded(s.xa().endRaw(branch, XaEndHeader.Mode.SUSPEND, null,
                List.of(s.connection().staged(s.out(), "before")), JmsWire.tags(s.consumed())));
        XaWire.refused(s.xa().prepareRaw(branch), ResponseCode.XA_PROTOCOL_ERROR);
        succeeded(s.xa().startRaw(branch, XaStartHeader.Mode.RESUME, 0));
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "after")), List.of());

        s.xa().commit(branch, true);

        assertThat(bodies(s.connection().fetchExactly(2, 2))).containsExactly("before", "after");
    }

    @Test
    void sendsStagedAheadJoinTheBranchAtItsEnd() throws Exception {
        Setup s = consumedOne("c");
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        succeeded(s.connection().stageRaw("xa-1", List.of(s.connection().staged(s.out(), "staged"))));
        succeeded(s.xa().endRaw(branch, XaEndHeader.Mode.SUCCESS, "xa-1",
                List.of(s.connection().staged(s.out(), "last")), JmsWire.tags(s.consumed())));
        s.xa().prepare(branch);

        s.xa().commit(branch, false);

        assertThat(bodies(s.connection().fetchExactly(2, 2))).containsExactly("staged", "last");
    }

    @Test
    void anUnpreparedBranchRollsBackWhenItsConnectionIsLost() throws Exception {
        Setup s = consumedOne("c");
        JmsWire other = consumerOf(s.in(), "other");
        XaWire otherXa = new XaWire(other);
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "copy")), s.consumed());

        s.connection().dropChannel();

        List<Received> again = other.fetchExactly(1, 1);
        assertThat(bodies(again)).containsExactly("m1");
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
        XaWire.refused(otherXa.commitRaw(branch, true), ResponseCode.XA_UNKNOWN_BRANCH);
        other.openQueue(2, s.out());
        assertThat(other.fetch(2, 10, 300)).isEmpty();
    }

    @Test
    void aPreparedBranchOutlivesItsConnectionAndAnyConnectionCompletesIt() throws Exception {
        Setup s = consumedOne("c");
        XaBranchId branch = XaWire.branch(unique("b"));
        s.xa().start(branch);
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "copy")), s.consumed());
        s.xa().prepare(branch);

        s.connection().dropChannel();
        JmsWire recovery = consumerOf(s.in(), "recovery");
        XaWire recoveryXa = new XaWire(recovery);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(recovery.fetch(1, 10, 100)).as("still locked after its connection ended").isEmpty());
        assertThat(recoveryXa.recover()).contains(branch);
        recoveryXa.commit(branch, false);

        recovery.openQueue(2, s.out());
        assertThat(bodies(recovery.fetchExactly(2, 1))).containsExactly("copy");
        assertThat(recovery.fetch(1, 10, 300)).isEmpty();
    }

    @Test
    void aBranchNotPreparedWithinItsTimeoutIsRolledBackByTheBroker() throws Exception {
        Setup s = consumedOne("c");
        JmsWire other = consumerOf(s.in(), "other");
        XaBranchId branch = XaWire.branch(unique("b"));
        succeeded(s.xa().startRaw(branch, XaStartHeader.Mode.NEW, 1));
        s.xa().end(branch, List.of(s.connection().staged(s.out(), "copy")), s.consumed());

        List<Received> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            again.addAll(other.fetch(1, 1, 500));
            return !again.isEmpty();
        });

        assertThat(bodies(again)).containsExactly("m1");
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
        XaWire.refused(s.xa().prepareRaw(branch), ResponseCode.XA_TIMED_OUT);
        XaWire.refused(s.xa().prepareRaw(branch), ResponseCode.XA_UNKNOWN_BRANCH);
        assertThat(s.connection().fetch(2, 10, 300)).isEmpty();
    }

    @Test
    void aPreparedBranchDoesNotTimeOut() throws Exception {
        Setup s = consumedOne("c");
        JmsWire other = consumerOf(s.in(), "other");
        XaBranchId branch = XaWire.branch(unique("b"));
        succeeded(s.xa().startRaw(branch, XaStartHeader.Mode.NEW, 1));
        s.xa().end(branch, List.of(), s.consumed());
        s.xa().prepare(branch);

        // longer than its timeout: a held fetch that gets nothing
        assertThat(other.fetch(1, 1, 2_000)).isEmpty();

        assertThat(s.xa().recover()).contains(branch);
        s.xa().commit(branch, false);
    }
}
