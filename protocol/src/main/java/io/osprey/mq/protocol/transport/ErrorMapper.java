package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.concurrent.RejectedExecutionException;

/** Maps a handler's failure to the response code the client sees: the one table at the wire's edge. */
@FunctionalInterface
public interface ErrorMapper {
    /** {@link RequestException} keeps its code, a full executor is SYSTEM_BUSY, anything else SYSTEM_ERROR. */
    ErrorMapper DEFAULT = failure -> {
        if (failure instanceof RequestException request) {
            return request.responseCode();
        }
        if (failure instanceof RejectedExecutionException) {
            return ResponseCode.SYSTEM_BUSY;
        }
        if (failure instanceof HeaderException) {
            return ResponseCode.SYSTEM_ERROR;
        }
        return ResponseCode.SYSTEM_ERROR;
    };

    int responseCode(Throwable failure);

    /** This mapper for the failures it knows, then {@code fallback}. */
    default ErrorMapper orElse(ErrorMapper fallback) {
        return failure -> {
            int code = responseCode(failure);
            return code == ResponseCode.SYSTEM_ERROR ? fallback.responseCode(failure) : code;
        };
    }
}
