package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.ResponseCode;
import java.util.concurrent.RejectedExecutionException;

/** Maps a handler's failure to the response code the client sees: the one table at the wire's edge. */
@FunctionalInterface
public interface ErrorMapper {
    /**
     * {@link RequestException} keeps its code, a full executor is SYSTEM_BUSY, anything else (a malformed header
     * included, as the stock broker answers it) SYSTEM_ERROR.
     */
    ErrorMapper DEFAULT = failure -> {
        if (failure instanceof RequestException request) {
            return request.responseCode();
        }
        if (failure instanceof RejectedExecutionException) {
            return ResponseCode.SYSTEM_BUSY;
        }
        return ResponseCode.SYSTEM_ERROR;
    };

    int responseCode(Throwable failure);
}
