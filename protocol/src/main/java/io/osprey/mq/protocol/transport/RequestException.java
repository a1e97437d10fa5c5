package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.ResponseCode;

/**
 * Thrown by a {@link RequestHandler} (or completes its future exceptionally) to answer a request with an error
 * code and a remark the client shows to its user.
 */
public class RequestException extends RuntimeException {
    private final int responseCode;

    public RequestException(int responseCode, String remark) {
        super(remark);
        this.responseCode = responseCode;
    }

    public RequestException(int responseCode, String remark, Throwable cause) {
        super(remark, cause);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '[' + ResponseCode.name(responseCode) + "]: " + getMessage();
    }
}
