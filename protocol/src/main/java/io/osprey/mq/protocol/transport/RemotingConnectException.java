package io.osprey.mq.protocol.transport;

import java.io.IOException;

/** A connection could not be made, or closed before the response arrived. */
public final class RemotingConnectException extends IOException {
    public RemotingConnectException(String message) {
        super(message);
    }

    public RemotingConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
