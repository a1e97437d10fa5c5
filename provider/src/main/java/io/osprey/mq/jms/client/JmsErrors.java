package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RemotingConnectException;
import io.osprey.mq.protocol.transport.RemotingTimeoutException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.TransactionRolledBackException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Broker answers and transport failures as the JMS exceptions the specification names: the one table. */
public final class JmsErrors {
    private JmsErrors() {
    }

    /** The exception for a failed answer of {@code broker}. */
    public static JMSException fromResponse(RemotingCommand response, String broker) {
        String reason = response.remark() == null ? ResponseCode.name(response.code()) : response.remark();
        String code = ResponseCode.name(response.code());
        JMSException e = switch (response.code()) {
            case ResponseCode.AUTHENTICATION_FAILED, ResponseCode.NO_PERMISSION ->
                    new JMSSecurityException(reason, code);
            case ResponseCode.CLIENT_ID_IN_USE, ResponseCode.INVALID_CLIENT_ID ->
                    new InvalidClientIDException(reason, code);
            case ResponseCode.INVALID_SELECTOR -> new InvalidSelectorException(reason, code);
            case ResponseCode.INVALID_DESTINATION, ResponseCode.TOPIC_NOT_EXIST ->
                    new InvalidDestinationException(reason, code);
            case ResponseCode.ILLEGAL_STATE -> new IllegalStateException(reason, code);
            case ResponseCode.TRANSACTION_ROLLED_BACK -> new TransactionRolledBackException(reason, code);
            case ResponseCode.MESSAGE_ILLEGAL -> new MessageFormatException(reason, code);
            case ResponseCode.SYSTEM_BUSY, ResponseCode.FLOW_CONTROL ->
                    new ResourceAllocationException(reason + " (broker " + broker + ")", code);
            default -> new JMSException(reason + " (broker " + broker + ", " + code + ")", code);
        };
        return e;
    }

    /** A failure of a request's future (timeout, lost connection, …) as a JMSException. */
    public static JMSException fromFailure(Throwable failure, String what) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof JMSException jms) {
            return jms;
        }
        String reason;
        if (cause instanceof RemotingTimeoutException) {
            reason = what + " timed out";
        } else if (cause instanceof RemotingConnectException) {
            reason = what + " failed: cannot connect: " + cause.getMessage();
        } else {
            reason = what + " failed: " + cause;
        }
        JMSException e = new JMSException(reason);
        e.setLinkedException(cause instanceof Exception ex ? ex : new Exception(cause));
        e.initCause(cause);
        return e;
    }

    /**
     * Whether {@code failure} says the broker could not be reached, or its connection closed under the request:
     * the broker has no session for this connection any more (it ends it with the channel), whatever it had done.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RemotingConnectException) {
                return true;
            }
        }
        return false;
    }
}
