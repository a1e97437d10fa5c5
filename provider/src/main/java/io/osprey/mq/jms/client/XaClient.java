package io.osprey.mq.jms.client;

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
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.transaction.xa.XAException;

/**
 * A connection's XA calls. A branch lives on one broker, the connection's first master (its <em>home</em>): its
 * associations are started and ended there, and it is prepared and completed there, from any connection whose home
 * it is. Completion and recovery also ask the other masters, so that a branch is found wherever a connection with
 * another first master put it. Every failure is an {@link XAException} with the error code XA names.
 */
public final class XaClient {
    private final ClientConnection connection;

    public XaClient(ClientConnection connection) {
        this.connection = connection;
    }

    /**
     * The broker the connection's branches live on: its first live master, empty when it has none left (every call
     * then fails with XAER_RMFAIL).
     */
    public String home() {
        List<String> masters = connection.brokers();
        return masters.isEmpty() ? "" : masters.get(0);
    }

    /** The connection's identifier, from which callers name what they stage for a branch. */
    public String connectionId() {
        return connection.connectionId();
    }

    public void start(XaBranchId branch, XaStartHeader.Mode mode, int timeoutSeconds) throws XAException {
        call(home(), RequestCode.XA_START, new XaStartHeader(connectionId(), branch, mode, timeoutSeconds)
                .toExtFields(), null, "starting XA branch " + branch);
    }

    /**
     * Ends an association, handing the branch its work: {@code sends} and the {@code consumed} messages (those of
     * the home broker), and what was staged under {@code stagedAs} (null: nothing).
     */
    public void end(XaBranchId branch, XaEndHeader.Mode mode, String stagedAs, List<StagedSend> sends,
                    List<DeliveryTag> consumed) throws XAException {
        call(home(), RequestCode.XA_END, new XaEndHeader(connectionId(), branch, mode, stagedAs).toExtFields(),
                new TransactionWork(sends, consumed).encode(), "ending XA branch " + branch);
    }

    /** Returns messages consumed in an association to their subscriptions, as delivered (not the branch's). */
    public void giveBack(List<ReceivedMessage> messages) throws JMSException {
        connection.giveBack(messages, true);
    }

    /** Hands the home broker sends of a branch ahead of the association's end, under {@code stagedAs}. */
    public void stage(String stagedAs, List<StagedSend> sends) throws JMSException {
        connection.stageOnBroker(home(), stagedAs, sends);
    }

    /** Prepares; true when the branch was read-only (nothing to commit, and forgotten). */
    public boolean prepare(XaBranchId branch) throws XAException {
        RemotingCommand answer = call(home(), RequestCode.XA_PREPARE, new XaBranchHeader(connectionId(), branch)
                .toExtFields(), null, "preparing XA branch " + branch);
        return Boolean.parseBoolean(answer.extFields().get(XaBranchHeader.READ_ONLY));
    }

    public void commit(XaBranchId branch, boolean onePhase) throws XAException {
        complete(RequestCode.XA_COMMIT, new XaBranchHeader(connectionId(), branch, onePhase),
                "committing XA branch " + branch);
    }

    public void rollback(XaBranchId branch) throws XAException {
        complete(RequestCode.XA_ROLLBACK, new XaBranchHeader(connectionId(), branch), "rolling back XA branch "
                + branch);
    }

    public void forget(XaBranchId branch) throws XAException {
        complete(RequestCode.XA_FORGET, new XaBranchHeader(connectionId(), branch), "forgetting XA branch " + branch);
    }

    /** The prepared branches of every master, each once. */
    public List<XaBranchId> recover() throws XAException {
        Set<XaBranchId> prepared = new LinkedHashSet<>();
        for (String broker : connection.brokers()) {
            RemotingCommand answer = call(broker, RequestCode.XA_RECOVER,
                    new XaRecoverHeader(connectionId()).toExtFields(), null, "listing prepared XA branches");
            try {
                prepared.addAll(XaBranchIds.decode(answer.body()));
            } catch (IllegalArgumentException e) {
                XAException bad = XaErrors.withCode("broker " + broker + " answered a list of XA branches it cannot"
                        + " have written: " + e.getMessage(), XAException.XAER_RMERR);
                bad.initCause(e);
                throw bad;
            }
        }
        return new ArrayList<>(prepared);
    }

    /** Completes on the home broker, or on the first other master that knows the branch. */
    private void complete(int code, XaBranchHeader header, String what) throws XAException {
        XAException unknown = null;
        List<String> brokers = new ArrayList<>(connection.brokers());
        for (String broker : brokers) {
            try {
                call(broker, code, header.toExtFields(), null, what);
                return;
            } catch (XAException e) {
                if (e.errorCode != XAException.XAER_NOTA) {
                    throw e;
                }
                if (unknown == null) {
                    unknown = e;
                }
            }
        }
        throw unknown != null ? unknown : XaErrors.withCode(what + ": the connection has no broker",
                XAException.XAER_RMFAIL);
    }

    private RemotingCommand call(String broker, int code, Map<String, String> header, byte[] body, String what)
            throws XAException {
        RemotingCommand answer;
        try {
            connection.checkOpen();
            answer = connection.invoke(broker, code, header, body, what);
        } catch (JMSException e) {
            throw XaErrors.unavailable(e, what);
        }
        if (answer.code() != ResponseCode.SUCCESS) {
            throw XaErrors.fromResponse(answer, broker);
        }
        return answer;
    }
}
