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
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transaction requests a confused or hostile client may send, on a real broker: each is answered with a code the
 * provider maps, on the channel it came on, which goes on serving; a body the broker cannot read changes nothing
 * (what the connection holds stays held — it would all return if the channel had closed — and what it staged stays
 * staged), and a transaction the broker refuses is rolled back whole, what it staged included.
 */
class TransactionBadInputTest extends BrokerFixture {

    @Test
    void unreadableCommitsAndStagesAreAnsweredOnTheSameChannelAndChangeNothing() throws Exception {
        String in = topic("in", 1);
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        JmsWire other = connection("other");
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        other.openQueue(1, in);
        connection.send(in, 0, "consumed");
        List<Received> held = connection.fetchExactly(1, 1);
        succeeded(connection.stageRaw("t1", List.of(connection.staged(out, "staged"))));
        byte[] valid = new TransactionWork(List.of(connection.staged(out, "never")), tags(held)).encode();

        List<byte[]> unreadable = unreadableBodies(valid, held.get(0).tag());
        for (byte[] body : unreadable) {
            for (int code : new int[] {RequestCode.JMS_TX_COMMIT, RequestCode.JMS_TX_STAGE}) {
                RemotingCommand answer = connection.invoke(code,
                        new TransactionHeader(connection.connectionId(), "t1").toExtFields(), body);
                assertThat(answer.code()).as("%s of %s bytes: %s", RequestCode.name(code),
                        body == null ? "no" : body.length, answer.remark()).isEqualTo(ResponseCode.SYSTEM_ERROR);
                assertThat(answer.remark()).isNotBlank().doesNotContain("null");
            }
        }
        RemotingCommand noTransactionId = connection.invoke(RequestCode.JMS_TX_COMMIT,
                Map.of("connectionId", connection.connectionId()), valid);
        assertThat(noTransactionId.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noTransactionId.remark()).contains("transactionId");

        assertThat(other.fetch(1, 10, 200)).as("the consumed message is still held by the connection").isEmpty();
        assertThat(connection.fetch(2, 10, 200)).as("nothing was stored").isEmpty();
        succeeded(connection.commitRaw("t1", List.of(connection.staged(out, "last")), tags(held)));
        assertThat(bodies(connection.fetchExactly(2, 2))).as("the staged send survived the bad requests")
                .containsExactly("staged", "last");
        connection.giveBack(held, true);
        assertThat(other.fetch(1, 10, 200)).as("acknowledged by the commit").isEmpty();
    }

    @Test
    void aCommitTheBrokerRefusesRollsBackWhatTheTransactionStaged() throws Exception {
        String in = topic("in", 1);
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        connection.send(in, 0, "a");
        connection.send(in, 0, "b");
        List<Received> consumed = connection.fetchExactly(1, 2);
        connection.giveBack(consumed.subList(1, 2), true);

        // a consumed message the connection no longer holds
        succeeded(connection.stageRaw("t1", List.of(connection.staged(out, "staged-1"))));
        RemotingCommand notHeld = connection.commitRaw("t1", List.of(), tags(consumed));
        assertThat(notHeld.code()).as(notHeld.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);
        // a send a plain send would be refused
        succeeded(connection.stageRaw("t2", List.of(connection.staged(out, "staged-2"))));
        RemotingCommand badSend = connection.commitRaw("t2", List.of(new StagedSend("bad topic!", 0, 0, "",
                new byte[1])), List.of());
        assertThat(badSend.code()).as(badSend.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);

        // a staged send a plain send would be refused
        succeeded(connection.stageRaw("t3", List.of(connection.staged(out, "staged-3"))));
        RemotingCommand badStage = connection.stageRaw("t3", List.of(new StagedSend(out, 99, 0, "", new byte[1])));
        assertThat(badStage.code()).as(badStage.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);

        // a client committing the same transactions again commits nothing they staged before the refusal
        succeeded(connection.commitRaw("t1", List.of(), List.of()));
        succeeded(connection.commitRaw("t3", List.of(), List.of()));
        succeeded(connection.commitRaw("t2", List.of(connection.staged(out, "after")),
                tags(consumed.subList(0, 1))));
        assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("after");
        assertThat(connection.fetch(2, 10, 300)).isEmpty();
    }

    @Test
    void oversizedTransactionsAreRolledBackAndTheirConsumedMessagesComeBack() throws Exception {
        String in = topic("in", 1);
        String out = topic("out", 1);
        JmsWire connection = connection("c");
        JmsWire other = connection("other");
        connection.openQueue(1, in);
        connection.openQueue(2, out);
        other.openQueue(1, in);
        connection.send(in, 0, "a");
        List<Received> consumed = connection.fetchExactly(1, 1);

        // one send above the broker's message size limit (4 MiB): refused by admission, nothing written
        RemotingCommand tooLargeSend = connection.commitRaw("t1", List.of(sized(connection, out, (4 << 20) + 1)),
                tags(consumed));
        assertThat(tooLargeSend.code()).as(tooLargeSend.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);
        assertThat(tooLargeSend.remark()).contains("send 1");
        // sends each within the limit whose batch is larger than a CommitLog segment (1 MiB here): the store
        // refuses the batch, and the consumed message returns
        RemotingCommand tooLargeBatch = connection.commitRaw("t2", List.of(sized(connection, out, 600_000),
                sized(connection, out, 600_000)), tags(consumed));
        assertThat(tooLargeBatch.code()).as(tooLargeBatch.remark()).isEqualTo(ResponseCode.TRANSACTION_ROLLED_BACK);

        assertThat(connection.fetch(2, 10, 300)).as("nothing was stored").isEmpty();
        List<Received> back = other.fetchExactly(1, 1);
        assertThat(bodies(back)).containsExactly("a");
        assertThat(back.get(0).deliveryCount()).as("redelivered").isEqualTo(2);
        succeeded(other.commitRaw("t3", List.of(other.staged(out, "fits")), tags(back)));
        assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("fits");
    }

    private static StagedSend sized(JmsWire connection, String topic, int bytes) {
        StagedSend template = connection.staged(topic, "");
        return new StagedSend(topic, 0, template.bornTimestamp(), template.properties(), new byte[bytes]);
    }

    /** Bodies that do not parse as a transaction's, derived from a valid one and from the connection's real tag. */
    private static List<byte[]> unreadableBodies(byte[] valid, DeliveryTag held) {
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(null);
        for (int length : new int[] {0, 3, 4, 10, valid.length / 2, valid.length - 1}) {
            bodies.add(Arrays.copyOf(valid, length));
        }
        bodies.add(Arrays.copyOf(valid, valid.length + 5));
        bodies.add(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array());
        bodies.add(ByteBuffer.allocate(8).putInt(-1).putInt(0).array());
        byte[] key = held.subscription().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bodies.add(ByteBuffer.allocate(4 + 4 + 2 + key.length + 4 + 12).putInt(0).putInt(1)
                .putShort((short) key.length).put(key).putInt(1).putInt(held.queueId()).putLong(-1).array());
        bodies.add(ByteBuffer.allocate(4 + 2 + 2 + 4 + 8 + 4 + 4 + 4).putInt(1).putShort((short) 2)
                .put(new byte[] {(byte) 0xC3, (byte) 0x28}).putInt(0).putLong(0).putInt(0).putInt(0).putInt(0)
                .array());
        bodies.add(ByteBuffer.allocate(4 + 2 + 1 + 4 + 8 + 4 + 4 + 4).putInt(1).putShort((short) 1)
                .put((byte) 'T').putInt(0).putLong(0).putInt(0).putInt(Integer.MAX_VALUE).putInt(0).array());
        return bodies;
    }
}
