package io.osprey.mq.protocol.transport;

import java.util.concurrent.TimeoutException;

/** No response arrived within the request's timeout. */
public final class RemotingTimeoutException extends TimeoutException {
    public RemotingTimeoutException(String message) {
        super(message);
    }
}
