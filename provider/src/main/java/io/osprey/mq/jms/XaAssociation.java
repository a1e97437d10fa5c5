package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.XaClient;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.xa.XaBranchId;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One association of an XA session with a branch, from {@code start} to {@code end}: the sends made meanwhile, held
 * until the end hands them to the branch's broker (past {@link LocalTransaction#STAGE_BYTES} they go to it ahead, as
 * a local transaction's do, under {@link #stagedAs()}). The messages consumed meanwhile are the session's
 * unacknowledged ones.
 *
 * <p>The branch lives on the connection's home broker; a send the home broker does not serve fails, as XA branches
 * across masters are not supported yet.
 */
final class XaAssociation implements TransactionSends {
    private final XaClient client;
    private final XaBranchId branch;
    private final String stagedAs;
    private final List<StagedSend> held = new ArrayList<>();
    private long heldBytes;
    private boolean staged;
    /** Why the branch can only roll back (a send of it was lost), or null. */
    private String failed;

    XaAssociation(XaClient client, XaBranchId branch, String stagedAs) {
        this.client = client;
        this.branch = branch;
        this.stagedAs = stagedAs;
    }

    XaBranchId branch() {
        return branch;
    }

    @Override
    public Set<String> brokers() {
        return Set.of(client.home());
    }

    @Override
    public synchronized void add(ClientConnection.TransactionalSend send) throws JMSException {
        if (!send.broker().equals(client.home())) {
            throw new JMSException("XA branch " + branch + " lives on broker " + client.home() + ", which does not"
                    + " serve " + send.send().topic() + ": XA branches across masters are not supported yet");
        }
        held.add(send.send());
        heldBytes += send.send().body().length + send.send().properties().length();
        if (heldBytes >= LocalTransaction.STAGE_BYTES) {
            List<StagedSend> sends = List.copyOf(held);
            held.clear();
            heldBytes = 0;
            try {
                client.stage(stagedAs, sends);
                staged = true;
            } catch (JMSException e) {
                failed = "a send of the branch failed: " + e.getMessage();
                throw e;
            }
        }
    }

    /** The sends not yet handed to the broker. */
    synchronized List<StagedSend> held() {
        return List.copyOf(held);
    }

    /** What the broker holds of the association's sends, named at the end; null when it holds none. */
    synchronized String stagedAs() {
        return staged ? stagedAs : null;
    }

    synchronized String failed() {
        return failed;
    }
}
