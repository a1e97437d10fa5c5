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
 * Request code → handler, the executor it runs on, and what it gets when the server is out of budget
 * ({@link WhenBusy}). Unknown codes get REQUEST_CODE_NOT_SUPPORTED (even when oneway, as the stock broker does;
 * clients drop unmatched replies); a full executor, or a refused frame, gets SYSTEM_BUSY at once.
 *
 * <p>Every request arrives with the {@link Lease} of its frame's bytes, and every path through here ends it: the
 * lease is resized to the response once the handler answered and released when that write completes, or released
 * at once when there is nothing to write. A handler's stage must therefore complete (a held pull does, at its
 * deadline); meanwhile this table keeps only the request's header, not its body.
 */
public final class HandlerTable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerTable.class);

    private record Registration(RequestHandler handler, Executor executor, WhenBusy whenBusy) {
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

    /** Replaces any handler registered for {@code code}; served beyond the budget when small. */
    public HandlerTable register(int code, RequestHandler handler, Executor executor) {
        return register(code, handler, executor, WhenBusy.SERVE_IF_SMALL);
    }

    /** Replaces any handler registered for {@code code}. */
    public HandlerTable register(int code, RequestHandler handler, Executor executor, WhenBusy whenBusy) {
        handlers.put(code, new Registration(Objects.requireNonNull(handler), Objects.requireNonNull(executor),
                Objects.requireNonNull(whenBusy)));
        return this;
    }

    /** What a request of {@code code} gets beyond the budget; unknown codes are served (and told they are unknown). */
    WhenBusy whenBusy(int code) {
        Registration registration = handlers.get(code);
        return registration == null ? WhenBusy.SERVE_IF_SMALL : registration.whenBusy();
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

    /** Serves {@code request}; {@code lease} holds its frame's bytes and ends on every path (see the class notes). */
    void dispatch(RemotingChannel channel, RemotingCommand request, Lease lease) {
        String unavailable = unavailableReason;
        if (unavailable != null) {
            answer(channel, request, RemotingCommand.response(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    unavailable), lease);
            return;
        }
        Registration registration = handlers.get(request.code());
        if (registration == null) {
            LOG.debug("{} sent unsupported request code {}", channel, request.code());
            channel.write(RemotingCommand.response(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " not supported"), lease);
            return;
        }
        try {
            registration.executor().execute(() -> run(registration.handler(), channel, request, lease));
        } catch (RejectedExecutionException e) {
            answerFailure(channel, request, new RejectedExecutionException(
                    "too many requests, " + RequestCode.name(request.code()) + " rejected: try again later"), lease);
        }
    }

    /**
     * Answers a request whose body admission refused: SYSTEM_BUSY, unless oneway. Nothing of it was counted, so
     * there is no lease to end.
     */
    void refuse(RemotingChannel channel, RemotingCommand header, InFlightBudget budget) {
        LOG.debug("{} from {} refused: {}", RequestCode.name(header.code()), channel.remoteAddress(), budget);
        if (!header.isOneway()) {
            channel.write(RemotingCommand.response(header, ResponseCode.SYSTEM_BUSY, "server busy: "
                    + budget.usedBytes() + " bytes of requests in flight, limit " + budget.limitBytes() + "; "
                    + RequestCode.name(header.code()) + " refused unread, try again later"));
        }
    }

    private void run(RequestHandler handler, RemotingChannel channel, RemotingCommand request, Lease lease) {
        CompletionStage<RemotingCommand> response;
        try {
            response = handler.handle(channel, request);
        } catch (Throwable failure) {
            answerFailure(channel, request, failure, lease);
            return;
        }
        if (response == null) {
            lease.release();
            return;
        }
        RemotingCommand answered = request.withoutBody();
        response.whenComplete((answer, failure) -> {
            if (failure != null) {
                answerFailure(channel, answered, unwrap(failure), lease);
            } else if (answer != null) {
                answer(channel, answered, answer, lease);
            } else {
                lease.release();
            }
        });
    }

    private static void answer(RemotingChannel channel, RemotingCommand request, RemotingCommand response,
                               Lease lease) {
        if (request.isOneway()) {
            lease.release();
        } else {
            channel.write(response, lease);
        }
    }

    private void answerFailure(RemotingChannel channel, RemotingCommand request, Throwable failure, Lease lease) {
        int code = errorMapper.responseCode(failure);
        if (code == ResponseCode.SYSTEM_ERROR && !(failure instanceof RequestException)) {
            LOG.warn("{} from {} failed", RequestCode.name(request.code()), channel.remoteAddress(), failure);
        } else {
            LOG.debug("{} from {} answered {}: {}", RequestCode.name(request.code()), channel.remoteAddress(),
                    ResponseCode.name(code), failure.getMessage());
        }
        String remark = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        answer(channel, request, RemotingCommand.response(request, code, remark), lease);
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
