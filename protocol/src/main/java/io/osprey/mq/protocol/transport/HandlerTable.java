package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request code → handler and the executor it runs on. Unknown codes get REQUEST_CODE_NOT_SUPPORTED (even when
 * oneway, as the stock broker does; clients drop unmatched replies); a full executor gets SYSTEM_BUSY at once.
 */
public final class HandlerTable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerTable.class);

    private record Registration(RequestHandler handler, Executor executor) {
    }

    private final Map<Integer, Registration> handlers = new ConcurrentHashMap<>();
    private final ErrorMapper errorMapper;
    /** Non-null while the server is starting or stopping: every request is answered SERVICE_NOT_AVAILABLE. */
    private volatile String unavailableReason;

    public HandlerTable(ErrorMapper errorMapper) {
        this.errorMapper = Objects.requireNonNull(errorMapper, "errorMapper");
    }

    public HandlerTable() {
        this(ErrorMapper.DEFAULT);
    }

    /** Replaces any handler registered for {@code code}. */
    public HandlerTable register(int code, RequestHandler handler, Executor executor) {
        handlers.put(code, new Registration(Objects.requireNonNull(handler), Objects.requireNonNull(executor)));
        return this;
    }

    public boolean handles(int code) {
        return handlers.containsKey(code);
    }

    /**
     * Answers every request SERVICE_NOT_AVAILABLE with {@code reason} until {@link #open()}: while a server starts
     * (handlers not yet installed) or stops. Producers retry that code on another broker, where a missing handler's
     * REQUEST_CODE_NOT_SUPPORTED or a full executor's SYSTEM_BUSY would be thrown to the application.
     */
    public void refuseAll(String reason) {
        unavailableReason = Objects.requireNonNull(reason, "reason");
    }

    /** Serves requests again after {@link #refuseAll(String)}. */
    public void open() {
        unavailableReason = null;
    }

    void dispatch(RemotingChannel channel, RemotingCommand request) {
        String unavailable = unavailableReason;
        if (unavailable != null) {
            if (!request.isOneway()) {
                channel.write(RemotingCommand.response(request, ResponseCode.SERVICE_NOT_AVAILABLE, unavailable));
            }
            return;
        }
        Registration registration = handlers.get(request.code());
        if (registration == null) {
            LOG.debug("{} sent unsupported request code {}", channel, request.code());
            channel.write(RemotingCommand.response(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " not supported"));
            return;
        }
        try {
            registration.executor().execute(() -> run(registration.handler(), channel, request));
        } catch (RejectedExecutionException e) {
            answerFailure(channel, request, new RejectedExecutionException(
                    "too many requests, " + RequestCode.name(request.code()) + " rejected: try again later"));
        }
    }

    private void run(RequestHandler handler, RemotingChannel channel, RemotingCommand request) {
        CompletionStage<RemotingCommand> response;
        try {
            response = handler.handle(channel, request);
        } catch (Throwable failure) {
            answerFailure(channel, request, failure);
            return;
        }
        if (response == null) {
            return;
        }
        response.whenComplete((answer, failure) -> {
            if (failure != null) {
                answerFailure(channel, request, unwrap(failure));
            } else if (answer != null && !request.isOneway()) {
                channel.write(answer);
            }
        });
    }

    private void answerFailure(RemotingChannel channel, RemotingCommand request, Throwable failure) {
        int code = errorMapper.responseCode(failure);
        if (code == ResponseCode.SYSTEM_ERROR && !(failure instanceof RequestException)) {
            LOG.warn("{} from {} failed", RequestCode.name(request.code()), channel.remoteAddress(), failure);
        } else {
            LOG.debug("{} from {} answered {}: {}", RequestCode.name(request.code()), channel.remoteAddress(),
                    ResponseCode.name(code), failure.getMessage());
        }
        if (!request.isOneway()) {
            String remark = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            channel.write(RemotingCommand.response(request, code, remark));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
