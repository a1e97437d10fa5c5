package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import javax.transaction.xa.XAException;

/** Broker answers and transport failures of XA calls as the XAException error codes XA names: the one table. */
public final class XaErrors {
    private XaErrors() {
    }

    /** The exception for a failed answer of {@code broker}. */
    public static XAException fromResponse(RemotingCommand response, String broker) {
        int code = switch (response.code()) {
            case ResponseCode.XA_UNKNOWN_BRANCH -> XAException.XAER_NOTA;
            case ResponseCode.XA_PROTOCOL_ERROR -> XAException.XAER_PROTO;
            case ResponseCode.XA_DUPLICATE_BRANCH -> XAException.XAER_DUPID;
            case ResponseCode.XA_INVALID_ARGUMENTS -> XAException.XAER_INVAL;
            case ResponseCode.XA_ROLLED_BACK -> XAException.XA_RBROLLBACK;
            case ResponseCode.XA_TIMED_OUT -> XAException.XA_RBTIMEOUT;
            // the broker no longer knows the connection: as for a lost one, the resource manager is unavailable
            case ResponseCode.UNKNOWN_SESSION -> XAException.XAER_RMFAIL;
            default -> XAException.XAER_RMERR;
        };
        String reason = response.remark() == null ? ResponseCode.name(response.code()) : response.remark();
        return withCode(reason + " (broker " + broker + ")", code);
    }

    /** A call that got no answer (timeout, lost or refused connection): the resource manager is unavailable. */
    public static XAException unavailable(Exception failure, String what) {
        XAException e = withCode(what + ": " + failure.getMessage(), XAException.XAER_RMFAIL);
        e.initCause(failure);
        return e;
    }

    /** An XAException with both a message and an error code (its constructors take one or the other). */
    public static XAException withCode(String message, int errorCode) {
        XAException e = new XAException(message);
        e.errorCode = errorCode;
        return e;
    }
}
