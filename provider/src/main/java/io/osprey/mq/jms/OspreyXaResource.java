package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.jms.client.XaClient;
import io.osprey.mq.jms.client.XaErrors;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.protocol.xa.XaEndHeader;
import io.osprey.mq.protocol.xa.XaStartHeader;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link XAResource} of one XA session. The session is XA's thread of control: {@code start} associates it with
 * a branch, and until {@code end} its sends are held ({@link XaAssociation}) and the messages it consumes stay
 * unacknowledged; {@code end} hands both to the branch on the broker, which holds them until the branch completes.
 * Outside an association the session sends and acknowledges at once, as under AUTO_ACKNOWLEDGE.
 *
 * <p>{@code prepare}, {@code commit}, {@code rollback}, {@code forget} and {@code recover} act on the broker and need
 * no association: a transaction manager may complete a branch through any resource of the same broker
 * ({@link #isSameRM}), the resource of a closed session included, while its connection is open. A resource manager
 * that cannot be reached answers XAER_RMFAIL.
 */
final class OspreyXaResource implements XAResource {
    private static final Logger LOG = LoggerFactory.getLogger(OspreyXaResource.class);

    private final XaClient client;
    private final String sessionName;
    /** Takes the session's unacknowledged messages: what the association consumed. */
    private final Supplier<List<ReceivedMessage>> consumed;
    private final Object lock = new Object();
    private volatile int timeoutSeconds;
    /** Guarded by {@link #lock}, as are the fields below. */
    private XaAssociation current;
    private final Set<XaBranchId> suspended = new HashSet<>();
    /** Branches whose association the session's close ended (rollback-only). */
    private final Set<XaBranchId> abandoned = new HashSet<>();
    private boolean scanning;
    private long associations;

    OspreyXaResource(XaClient client, String sessionName, Supplier<List<ReceivedMessage>> consumed) {
        this.client = client;
        this.sessionName = sessionName;
        this.consumed = consumed;
    }

    /** Whether the session works for a branch now. */
    boolean isAssociated() {
        synchronized (lock) {
            return current != null;
        }
    }

    /** Where the session's sends go now; null outside an association. */
    XaAssociation association() {
        synchronized (lock) {
            return current;
        }
    }

    // ---------------------------------------------------------------- associations

    @Override
    public void start(Xid xid, int flags) throws XAException {
        XaBranchId branch = branchOf(xid);
        XaStartHeader.Mode mode = switch (flags) {
            case TMNOFLAGS -> XaStartHeader.Mode.NEW;
            case TMJOIN -> XaStartHeader.Mode.JOIN;
            case TMRESUME -> XaStartHeader.Mode.RESUME;
            default -> throw XaErrors.withCode("start takes TMNOFLAGS, TMJOIN or TMRESUME, not flags 0x"
                    + Integer.toHexString(flags), XAException.XAER_INVAL);
        };
        synchronized (lock) {
            if (current != null) {
                throw XaErrors.withCode("the session is associated with branch " + current.branch()
                        + ": end that association first", XAException.XAER_PROTO);
            }
            if (mode == XaStartHeader.Mode.RESUME && !suspended.contains(branch)) {
                throw XaErrors.withCode("the session did not suspend branch " + branch, XAException.XAER_PROTO);
            }
            client.start(branch, mode, mode == XaStartHeader.Mode.NEW ? timeoutSeconds : 0);
            suspended.remove(branch);
            abandoned.remove(branch);
            current = new XaAssociation(client, branch, client.connectionId() + "/" + sessionName + "/xa-"
                    + (++associations));
        }
    }

    /**
     * Ends the association: its sends and consumed messages go to the branch. TMSUSPEND keeps the association for a
     * TMRESUME; TMFAIL leaves the branch able only to roll back. Ending a branch the session is not associated with
     * is XAER_PROTO, except a suspended one (with TMSUCCESS or TMFAIL).
     */
    @Override
    public void end(Xid xid, int flags) throws XAException {
        XaBranchId branch = branchOf(xid);
        XaEndHeader.Mode mode = switch (flags) {
            case TMSUCCESS -> XaEndHeader.Mode.SUCCESS;
            case TMFAIL -> XaEndHeader.Mode.FAIL;
            case TMSUSPEND -> XaEndHeader.Mode.SUSPEND;
            default -> throw XaErrors.withCode("end takes TMSUCCESS, TMFAIL or TMSUSPEND, not flags 0x"
                    + Integer.toHexString(flags), XAException.XAER_INVAL);
        };
        synchronized (lock) {
            if (current == null || !current.branch().equals(branch)) {
                if (abandoned.remove(branch)) {
                    throw XaErrors.withCode("the session closed while associated with branch " + branch
                            + ": the branch can only roll back", XAException.XA_RBROLLBACK);
                }
                if (mode != XaEndHeader.Mode.SUSPEND && suspended.remove(branch)) {
                    client.end(branch, mode, null, List.of(), List.of());
                    return;
                }
                throw XaErrors.withCode("the session is not associated with branch " + branch
                        + (current == null ? "" : " but with " + current.branch()), XAException.XAER_PROTO);
            }
            XaAssociation ending = current;
            current = null;
            List<DeliveryTag> tags = new ArrayList<>();
            List<ReceivedMessage> elsewhere = new ArrayList<>();
            for (ReceivedMessage m : consumed.get()) {
                if (m.broker().equals(client.home())) {
                    tags.add(m.tag());
                } else {
                    elsewhere.add(m);
                }
            }
            String problem = ending.failed();
            if (!elsewhere.isEmpty()) {
                problem = "the session consumed messages of broker " + elsewhere.get(0).broker() + ", not the"
                        + " branch's (" + client.home() + "): XA branches across masters are not supported yet";
                giveBack(elsewhere);
            }
            XaEndHeader.Mode sent = problem == null ? mode : XaEndHeader.Mode.FAIL;
            client.end(branch, sent, ending.stagedAs(), ending.held(), tags);
            if (problem != null) {
                throw XaErrors.withCode("branch " + branch + " can only roll back: " + problem,
                        XAException.XA_RBROLLBACK);
            }
            if (mode == XaEndHeader.Mode.SUSPEND) {
                suspended.add(branch);
            }
        }
    }

    private void giveBack(List<ReceivedMessage> messages) {
        try {
            client.giveBack(messages);
        } catch (JMSException e) {
            // the broker returns them when the connection ends
            LOG.debug("{}: messages of another broker not returned ({})", sessionName, e.toString());
        }
    }

    /**
     * The session closes: an association in progress ends with TMFAIL, so its branch can only roll back (the
     * session gives back what it consumed, and its held sends are dropped).
     */
    void sessionClosed() {
        synchronized (lock) {
            if (current == null) {
                return;
            }
            XaAssociation ending = current;
            current = null;
            abandoned.add(ending.branch());
            try {
                client.end(ending.branch(), XaEndHeader.Mode.FAIL, ending.stagedAs(), List.of(), List.of());
            } catch (XAException e) {
                // an unknown or lost branch rolls back anyway
                LOG.debug("{}: ending branch {} at close: {}", sessionName, ending.branch(), e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- completion

    @Override
    public int prepare(Xid xid) throws XAException {
        return client.prepare(branchOf(xid)) ? XA_RDONLY : XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        client.commit(branchOf(xid), onePhase);
    }

    /** Rolls back; an association of this session with the branch ends first, with TMFAIL. */
    @Override
    public void rollback(Xid xid) throws XAException {
        XaBranchId branch = branchOf(xid);
        boolean associated;
        synchronized (lock) {
            associated = current != null && current.branch().equals(branch);
        }
        if (associated) {
            try {
                end(xid, TMFAIL);
            } catch (XAException e) {
                if (e.errorCode < XAException.XA_RBBASE || e.errorCode > XAException.XA_RBEND) {
                    throw e;
                }
            }
        }
        client.rollback(branch);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        client.forget(branchOf(xid));
    }

    /** The prepared branches of the broker, all at the scan's start (TMSTARTRSCAN); later calls of it get none. */
    @Override
    public Xid[] recover(int flags) throws XAException {
        if ((flags & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw XaErrors.withCode("recover takes TMSTARTRSCAN, TMENDRSCAN or TMNOFLAGS, not flags 0x"
                    + Integer.toHexString(flags), XAException.XAER_INVAL);
        }
        synchronized (lock) {
            if ((flags & TMSTARTRSCAN) == 0 && !scanning) {
                throw XaErrors.withCode("no recovery scan is open: start one with TMSTARTRSCAN",
                        XAException.XAER_INVAL);
            }
            List<Xid> found = new ArrayList<>();
            if ((flags & TMSTARTRSCAN) != 0) {
                for (XaBranchId branch : client.recover()) {
                    found.add(new OspreyXid(branch));
                }
            }
            scanning = (flags & TMENDRSCAN) == 0;
            return found.toArray(new Xid[0]);
        }
    }

    // ---------------------------------------------------------------- resource manager

    /** The same broker holds both resources' branches (in one cluster, the connections' first master). */
    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof OspreyXaResource resource && resource.client.home().equals(client.home());
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    /**
     * Seconds a branch started by this resource may stay unprepared before the broker rolls it back; 0 for the
     * broker's default (300 s).
     */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw XaErrors.withCode("a transaction timeout cannot be negative: " + seconds, XAException.XAER_INVAL);
        }
        timeoutSeconds = seconds;
        return true;
    }

    private static XaBranchId branchOf(Xid xid) throws XAException {
        if (xid == null) {
            throw XaErrors.withCode("the Xid is null", XAException.XAER_INVAL);
        }
        try {
            return new XaBranchId(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
        } catch (IllegalArgumentException | NullPointerException e) {
            XAException invalid = XaErrors.withCode("not a valid Xid: " + e.getMessage(), XAException.XAER_INVAL);
            invalid.initCause(e);
            throw invalid;
        }
    }

    @Override
    public String toString() {
        return "XAResource of " + sessionName;
    }
}
