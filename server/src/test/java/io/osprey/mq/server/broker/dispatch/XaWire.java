package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.protocol.xa.XaBranchHeader;
import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.protocol.xa.XaBranchIds;
import io.osprey.mq.protocol.xa.XaEndHeader;
import io.osprey.mq.protocol.xa.XaRecoverHeader;
import io.osprey.mq.protocol.xa.XaStartHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The XA codes as the provider's XAResource drives them, over a {@link JmsWire}'s connection. The raw methods answer
 * the broker's response whatever its code; the others assert success.
 */
final class XaWire {
    private final JmsWire wire;

    XaWire(JmsWire wire) {
        this.wire = wire;
    }

    /** A branch identifier of the test's choosing: the name's last 64 bytes (the unique part of a test's names). */
    static XaBranchId branch(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, bytes.length - XaBranchId.MAX_ID_BYTES);
        return new XaBranchId(0x4F535052, java.util.Arrays.copyOfRange(bytes, from, bytes.length), new byte[] {1});
    }

    RemotingCommand startRaw(XaBranchId branch, XaStartHeader.Mode mode, int timeoutSeconds) throws Exception {
        return wire.invoke(RequestCode.XA_START, new XaStartHeader(wire.connectionId(), branch, mode, timeoutSeconds)
                .toExtFields(), null);
    }

    RemotingCommand endRaw(XaBranchId branch, XaEndHeader.Mode mode, String stagedAs, List<StagedSend> sends,
                           List<DeliveryTag> consumed) throws Exception {
        return wire.invoke(RequestCode.XA_END, new XaEndHeader(wire.connectionId(), branch, mode, stagedAs)
                .toExtFields(), new TransactionWork(sends, consumed).encode());
    }

    RemotingCommand prepareRaw(XaBranchId branch) throws Exception {
        return wire.invoke(RequestCode.XA_PREPARE, new XaBranchHeader(wire.connectionId(), branch).toExtFields(),
                null);
    }

    RemotingCommand commitRaw(XaBranchId branch, boolean onePhase) throws Exception {
        return wire.invoke(RequestCode.XA_COMMIT, new XaBranchHeader(wire.connectionId(), branch, onePhase)
                .toExtFields(), null);
    }

    RemotingCommand rollbackRaw(XaBranchId branch) throws Exception {
        return wire.invoke(RequestCode.XA_ROLLBACK, new XaBranchHeader(wire.connectionId(), branch).toExtFields(),
                null);
    }

    RemotingCommand forgetRaw(XaBranchId branch) throws Exception {
        return wire.invoke(RequestCode.XA_FORGET, new XaBranchHeader(wire.connectionId(), branch).toExtFields(),
                null);
    }

    void start(XaBranchId branch) throws Exception {
        succeeded(startRaw(branch, XaStartHeader.Mode.NEW, 0));
    }

    /** Ends the association with TMSUCCESS, handing the branch these sends and consumed messages. */
    void end(XaBranchId branch, List<StagedSend> sends, List<Received> consumed) throws Exception {
        succeeded(endRaw(branch, XaEndHeader.Mode.SUCCESS, null, sends, JmsWire.tags(consumed)));
    }

    /** Prepares, asserting the branch was not read-only. */
    void prepare(XaBranchId branch) throws Exception {
        RemotingCommand answer = succeeded(prepareRaw(branch));
        assertThat(answer.extFields()).containsEntry(XaBranchHeader.READ_ONLY, "false");
    }

    void commit(XaBranchId branch, boolean onePhase) throws Exception {
        succeeded(commitRaw(branch, onePhase));
    }

    void rollback(XaBranchId branch) throws Exception {
        succeeded(rollbackRaw(branch));
    }

    List<XaBranchId> recover() throws Exception {
        RemotingCommand answer = succeeded(wire.invoke(RequestCode.XA_RECOVER,
                new XaRecoverHeader(wire.connectionId()).toExtFields(), null));
        return XaBranchIds.decode(answer.body());
    }

    /** Asserts the broker refused a call with {@code code}. */
    static void refused(RemotingCommand answer, int code) {
        assertThat(answer.code()).as("%s: %s", ResponseCode.name(answer.code()), answer.remark()).isEqualTo(code);
    }
}
