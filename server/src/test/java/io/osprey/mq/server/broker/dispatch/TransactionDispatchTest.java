package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static io.osprey.mq.server.broker.dispatch.JmsWire.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, Local transactions, on the wire: {@code JMS_TX_COMMIT} stores a transaction's sends and acknowledges
 * what it consumed together, or does neither; {@code JMS_TX_STAGE} holds sends until the commit, unstored;
 * {@code JMS_TX_ROLLBACK} and the end of the connection drop them.
 */
class TransactionDispatchTest extends BrokerFixture {

    @Test
    void aCommitStoresTheSendsAndAcknowledgesTheConsumedMessages() throws Exception {
        String in = topic("in", 1);
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        connection.send(in, 0, "a");
        connection.send(in, 0, "b");
        List<Received> consumed = connection.fetchExactly(1, 2);

        succeeded(connection.commitRaw("t1", List.of(connection.staged(out, "x"), connection.staged(out, "y")),
                tags(consumed)));

        assertThat(bodies(connection.fetchExactly(2, 2))).containsExactly("x", "y");
        // acknowledged: returning them brings nothing back, to this connection or another
        connection.giveBack(consumed, true);
        assertThat(connection.fetch(1, 10, 200)).isEmpty();
        connection.disconnect();
        JmsWire other = connection("other");
        other.openQueue(1, in);
        assertThat(other.fetch(1, 10, 300)).isEmpty();
    }

    @Test
    void aCommitNamingAMessageTheConnectionNoLongerHoldsChangesNothing() throws Exception {
        String in = topic("in", 1);
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        connection.send(in, 0, "a");
        connection.send(in, 0, "b");
        List<Received> consumed = connection.fetchExactly(1, 2);
        connection.giveBack(consumed.subList(1, 2), true);

        RemotingCommand refused = connection.commitRaw("t1", List.of(connection.staged(out, "x")), tags(consumed));

        assertThat(refused.code()).as(refused.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);
        assertThat(refused.remark()).contains("no longer held");
        assertThat(connection.fetch(2, 10, 300)).as("nothing was stored").isEmpty();
        // the one still held is still held: an acknowledgement of it takes effect
        connection.ack(consumed.subList(0, 1));
        List<Received> again = connection.fetchExactly(1, 1);
        assertThat(bodies(again)).containsExactly("b");
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
    }

    @Test
    void stagedSendsAreInvisibleUntilTheCommitAndDroppedByRollbackOrTheConnectionsEnd() throws Exception {
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, out);

        succeeded(connection.stageRaw("t1", List.of(connection.staged(out, "s1"), connection.staged(out, "s2"))));
        assertThat(connection.fetch(1, 10, 300)).as("staged is not stored").isEmpty();
        succeeded(connection.commitRaw("t1", List.of(connection.staged(out, "s3")), List.of()));
        List<Received> committed = connection.fetchExactly(1, 3);
        assertThat(bodies(committed)).containsExactly("s1", "s2", "s3");
        connection.ack(committed);

        succeeded(connection.stageRaw("t2", List.of(connection.staged(out, "dropped"))));
        succeeded(connection.rollbackRaw("t2"));
        succeeded(connection.commitRaw("t2", List.of(), List.of()));
        succeeded(connection.stageRaw("t3", List.of(connection.staged(out, "gone-with-connection"))));
        connection.disconnect();

        JmsWire other = connection("other");
        other.openQueue(1, out);
        other.send(out, 0, "marker");
        assertThat(bodies(other.fetchExactly(1, 1))).as("only what was sent after").containsExactly("marker");
    }

    @Test
    void aSendAPlainSendWouldBeRefusedRollsTheCommitBack() throws Exception {
        String in = topic("in", 1);
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        connection.send(in, 0, "a");
        List<Received> consumed = connection.fetchExactly(1, 1);

        RemotingCommand refused = connection.commitRaw("t1", List.of(connection.staged(out, "ok"),
                new StagedSend("bad topic!", 0, 0, "", new byte[1])), tags(consumed));
        assertThat(refused.code()).as(refused.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);
        assertThat(refused.remark()).contains("send 2").contains("bad topic!");
        RemotingCommand noQueue = connection.commitRaw("t2", List.of(new StagedSend(out, 99, 0, "", new byte[1])),
                List.of());
        assertThat(noQueue.code()).as(noQueue.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);

        assertThat(connection.fetch(2, 10, 300)).as("nothing was stored").isEmpty();
        succeeded(connection.commitRaw("t3", List.of(), tags(consumed)));
        connection.giveBack(consumed, true);
        assertThat(connection.fetch(1, 10, 200)).as("acknowledged by the later commit").isEmpty();
    }

    @Test
    void malformedTransactionsAreRefusedAndTheBrokerServesOn() throws Exception {
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, out);
        TransactionHeader header = new TransactionHeader(connection.connectionId(), "t1");
        RemotingCommand noBody = connection.invoke(RequestCode.JMS_TX_COMMIT, header.toExtFields(), null);
        assertThat(noBody.code()).isNotEqualTo(ResponseCode.SUCCESS);
        RemotingCommand garbage = connection.invoke(RequestCode.JMS_TX_COMMIT, header.toExtFields(),
                new byte[] {0, 0, 0, 5, 1, 2});
        assertThat(garbage.code()).isNotEqualTo(ResponseCode.SUCCESS);
        assertThat(garbage.remark()).contains("does not fit");
        RemotingCommand unknownConnection = connection.invoke(RequestCode.JMS_TX_COMMIT,
                new TransactionHeader("nobody", "t1").toExtFields(),
                new io.osprey.mq.protocol.dispatch.TransactionWork(List.of(connection.staged(out, "x")), List.of())
                        .encode());
        assertThat(unknownConnection.code()).isEqualTo(ResponseCode.UNKNOWN_SESSION);
        RemotingCommand stagedTags = connection.invoke(RequestCode.JMS_TX_STAGE, header.toExtFields(),
                new io.osprey.mq.protocol.dispatch.TransactionWork(List.of(),
                        List.of(new DeliveryTag("s", 0, 0))).encode());
        assertThat(stagedTags.code()).isEqualTo(ResponseCode.ILLEGAL_STATE);

        assertThat(connection.fetch(1, 10, 200)).as("nothing was stored").isEmpty();
        connection.send(out, 0, "still-serving");
        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("still-serving");
    }

    @Test
    void aDurableSubscriptionsConsumedMessagesAreAcknowledgedByTheCommit() throws Exception {
        String topic = topic("t", 2);
        String out = topic("out", 1);
        JmsWire connection = connection("c", unique("client"));
        connection.open(1, topic, SubscriptionType.DURABLE, "sub");
        connection.openQueue(2, out);
        connection.send(topic, 0, "e1");
        connection.send(topic, 1, "e2");
        List<Received> consumed = connection.fetchExactly(1, 2);
        succeeded(connection.commitRaw("t1", List.of(connection.staged(out, "derived")), tags(consumed)));
        connection.closeConsumer(1, List.of());
        connection.giveBack(consumed, true);
        connection.open(1, topic, SubscriptionType.DURABLE, "sub");
        assertThat(connection.fetch(1, 10, 300)).as("the durable subscription kept nothing").isEmpty();
        assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("derived");
    }
}
