package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static io.osprey.mq.server.broker.dispatch.XaWire.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.protocol.xa.XaEndHeader;
import io.osprey.mq.protocol.xa.XaStartHeader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XA calls out of order or with wrong arguments get the XA outcome the X/Open specification names, change nothing
 * they should not, and leave the broker serving: unknown branch (XAER_NOTA), wrong state or connection
 * (XAER_PROTO), a second start (XAER_DUPID), work the branch cannot take (XA_RBROLLBACK).
 */
class XaBadInputTest extends BrokerFixture {

    @Test
    void everyCallOnAnUnknownBranchIsRefusedAsUnknown() throws Exception {
        XaWire xa = new XaWire(connection("c"));
        XaBranchId nobody = XaWire.branch(unique("nobody"));

        refused(xa.endRaw(nobody, XaEndHeader.Mode.SUCCESS, null, List.of(), List.of()),
                ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.prepareRaw(nobody), ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.commitRaw(nobody, false), ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.commitRaw(nobody, true), ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.rollbackRaw(nobody), ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.forgetRaw(nobody), ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.startRaw(nobody, XaStartHeader.Mode.JOIN, 0), ResponseCode.XA_UNKNOWN_BRANCH);
        refused(xa.startRaw(nobody, XaStartHeader.Mode.RESUME, 0), ResponseCode.XA_UNKNOWN_BRANCH);
    }

    @Test
    void aSecondStartOfTheSameBranchIsADuplicateFromAnyConnection() throws Exception {
        XaWire first = new XaWire(connection("first"));
        XaWire second = new XaWire(connection("second"));
        XaBranchId branch = XaWire.branch(unique("b"));
        first.start(branch);

        refused(first.startRaw(branch, XaStartHeader.Mode.NEW, 0), ResponseCode.XA_DUPLICATE_BRANCH);
        refused(second.startRaw(branch, XaStartHeader.Mode.NEW, 0), ResponseCode.XA_DUPLICATE_BRANCH);

        first.end(branch, List.of(), List.of());
        succeeded(first.prepareRaw(branch));
    }

    @Test
    void callsOutOfOrderAreProtocolErrors() throws Exception {
        String out = topic("Out", 1);
        JmsWire connection = connection("c");
        XaWire xa = new XaWire(connection);
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);

        refused(xa.prepareRaw(branch), ResponseCode.XA_PROTOCOL_ERROR); // still associated
        refused(xa.commitRaw(branch, true), ResponseCode.XA_PROTOCOL_ERROR);
        refused(xa.rollbackRaw(branch), ResponseCode.XA_PROTOCOL_ERROR);
        refused(xa.startRaw(branch, XaStartHeader.Mode.RESUME, 0), ResponseCode.XA_PROTOCOL_ERROR);
        xa.end(branch, List.of(connection.staged(out, "kept")), List.of());
        refused(xa.commitRaw(branch, false), ResponseCode.XA_PROTOCOL_ERROR); // not prepared
        refused(xa.endRaw(branch, XaEndHeader.Mode.SUCCESS, null, List.of(), List.of()),
                ResponseCode.XA_PROTOCOL_ERROR); // not associated any more
        xa.prepare(branch);
        refused(xa.commitRaw(branch, true), ResponseCode.XA_PROTOCOL_ERROR); // prepared: two phases
        refused(xa.prepareRaw(branch), ResponseCode.XA_PROTOCOL_ERROR);
        refused(xa.startRaw(branch, XaStartHeader.Mode.JOIN, 0), ResponseCode.XA_PROTOCOL_ERROR);
        refused(xa.forgetRaw(branch), ResponseCode.XA_PROTOCOL_ERROR);

        xa.commit(branch, false);
        connection.openQueue(1, out);
        assertThat(bodies(connection.fetchExactly(1, 1))).as("the refused calls changed nothing")
                .containsExactly("kept");
    }

    @Test
    void anEndFromAConnectionNotAssociatedIsRefusedAndItsMessagesReturn() throws Exception {
        String in = topic("In", 1);
        JmsWire owner = connection("owner");
        JmsWire stranger = connection("stranger");
        stranger.openQueue(1, in);
        stranger.send(in, 0, "m1");
        List<Received> held = stranger.fetchExactly(1, 1);
        XaWire ownerXa = new XaWire(owner);
        XaBranchId branch = XaWire.branch(unique("b"));
        ownerXa.start(branch);

        refused(new XaWire(stranger).endRaw(branch, XaEndHeader.Mode.SUCCESS, null, List.of(),
                JmsWire.tags(held)), ResponseCode.XA_PROTOCOL_ERROR);

        List<Received> again = stranger.fetchExactly(1, 1);
        assertThat(again.get(0).deliveryCount()).as("returned, not taken into the branch").isEqualTo(2);
        ownerXa.end(branch, List.of(), List.of());
        assertThat(succeeded(ownerXa.prepareRaw(branch)).extFields()).containsEntry("readOnly", "true");
    }

    @Test
    void workTheBranchCannotTakeLeavesItAbleOnlyToRollBack() throws Exception {
        String in = topic("In", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, in);
        connection.send(in, 0, "m1");
        List<Received> consumed = connection.fetchExactly(1, 1);
        XaWire xa = new XaWire(connection);
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);

        refused(xa.endRaw(branch, XaEndHeader.Mode.SUCCESS, null, List.of(connection.staged("bad/topic", "x")),
                JmsWire.tags(consumed)), ResponseCode.XA_ROLLED_BACK);

        refused(xa.prepareRaw(branch), ResponseCode.XA_ROLLED_BACK);
        refused(xa.prepareRaw(branch), ResponseCode.XA_UNKNOWN_BRANCH);
        List<Received> again = connection.fetchExactly(1, 1);
        assertThat(bodies(again)).containsExactly("m1");
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
    }

    @Test
    void aConsumedMessageTheConnectionNoLongerHoldsLeavesTheBranchAbleOnlyToRollBack() throws Exception {
        String in = topic("In", 1);
        JmsWire connection = connection("c");
        connection.openQueue(1, in);
        connection.send(in, 0, "m1");
        Received m1 = connection.fetchExactly(1, 1).get(0);
        connection.ack(List.of(m1));
        XaWire xa = new XaWire(connection);
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);

        refused(xa.endRaw(branch, XaEndHeader.Mode.SUCCESS, null, List.of(), List.of(m1.tag())),
                ResponseCode.XA_ROLLED_BACK);
        refused(xa.commitRaw(branch, true), ResponseCode.XA_ROLLED_BACK);
    }

    @Test
    void aFailedEndMarksTheBranchRollbackOnly() throws Exception {
        XaWire xa = new XaWire(connection("c"));
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);

        succeeded(xa.endRaw(branch, XaEndHeader.Mode.FAIL, null, List.of(), List.of()));

        refused(xa.prepareRaw(branch), ResponseCode.XA_ROLLED_BACK);
    }

    @Test
    void xaCallsNeedAnOpenConnection() throws Exception {
        JmsWire never = unconnected("never");
        XaWire xa = new XaWire(never);

        refused(xa.startRaw(XaWire.branch(unique("b")), XaStartHeader.Mode.NEW, 0), ResponseCode.UNKNOWN_SESSION);
        refused(never.invoke(RequestCode.XA_RECOVER, Map.of("connectionId", never.connectionId()), null),
                ResponseCode.UNKNOWN_SESSION);
    }

    @Test
    void malformedRequestsAreRefusedAndTheBrokerKeepsServingTheBranch() throws Exception {
        String out = topic("Out", 1);
        JmsWire connection = connection("c");
        XaWire xa = new XaWire(connection);
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);
        Map<String, String> badXid = new HashMap<>(new XaStartHeader(connection.connectionId(), branch,
                XaStartHeader.Mode.NEW, 0).toExtFields());
        badXid.put("xid", "not an xid");
        Map<String, String> badMode = new HashMap<>(badXid);
        badMode.put("xid", branch.text());
        badMode.put("mode", "SOMETIMES");

        refused(connection.invoke(RequestCode.XA_START, badXid, null), ResponseCode.SYSTEM_ERROR);
        refused(connection.invoke(RequestCode.XA_END, badMode, null), ResponseCode.SYSTEM_ERROR);
        refused(connection.invoke(RequestCode.XA_END, new XaEndHeader(connection.connectionId(), branch,
                XaEndHeader.Mode.SUCCESS, null).toExtFields(), new byte[] {0, 0, 0, 5, 1}), ResponseCode.SYSTEM_ERROR);
        refused(connection.invoke(RequestCode.XA_RECOVER, Map.of(), null), ResponseCode.SYSTEM_ERROR);

        xa.end(branch, List.of(connection.staged(out, "still served")), List.<Received>of());
        xa.prepare(branch);
        xa.commit(branch, false);
        connection.openQueue(1, out);
        assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("still served");
    }

    @Test
    void aTagOfNoSubscriptionIsNotTakenAndRollsTheBranchBack() throws Exception {
        XaWire xa = new XaWire(connection("c"));
        XaBranchId branch = XaWire.branch(unique("b"));
        xa.start(branch);

        refused(xa.endRaw(branch, XaEndHeader.Mode.SUCCESS, null, List.of(),
                List.of(new DeliveryTag("queue:nothing-" + unique("x"), 0, 5))), ResponseCode.XA_ROLLED_BACK);
        succeeded(xa.rollbackRaw(branch));
        refused(xa.rollbackRaw(branch), ResponseCode.XA_UNKNOWN_BRANCH);
    }
}
