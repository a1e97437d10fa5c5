package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests this side sent and awaits responses for, keyed by opaque. One per connection: a response is
 * matched only against requests sent on the same connection, and all of them fail when it closes.
 */
final class InFlightRequests {
    private final AtomicInteger nextOpaque;
    private final ConcurrentHashMap<Integer, CompletableFuture<RemotingCommand>> pending = new ConcurrentHashMap<>();

    InFlightRequests(AtomicInteger opaqueSource) {
        this.nextOpaque = opaqueSource;
    }

    int nextOpaque() {
        return nextOpaque.getAndIncrement();
    }

    /** Registers a request; the future fails with {@link RemotingTimeoutException} after {@code timeoutMillis}. */
    CompletableFuture<RemotingCommand> register(int opaque, int code, long timeoutMillis) {
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        pending.put(opaque, response);
        // The timer runs on a separate future so that the response fails with RemotingTimeoutException in the
        // first place: replacing a plain TimeoutException afterwards (obtrudeException) comes too late for
        // stages already chained on the response, which run first and would see the plain one.
        CompletableFuture<Void> deadline = new CompletableFuture<Void>().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        deadline.whenComplete((ignored, expired) -> {
            if (expired != null) {
                response.completeExceptionally(new RemotingTimeoutException(
                        RequestCode.name(code) + " got no response in " + timeoutMillis + " ms"));
            }
        });
        response.whenComplete((ok, failure) -> {
            pending.remove(opaque, response);
            deadline.complete(null); // cancels the timer
        });
        return response;
    }

    /** @return false when no request with that opaque is waiting (late or unsolicited response) */
    boolean complete(RemotingCommand response) {
        CompletableFuture<RemotingCommand> waiting = pending.remove(response.opaque());
        return waiting != null && waiting.complete(response);
    }

    void fail(int opaque, Throwable cause) {
        CompletableFuture<RemotingCommand> waiting = pending.remove(opaque);
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
    }

    void failAll(Throwable cause) {
        for (Integer opaque : pending.keySet()) {
            fail(opaque, cause);
        }
    }
}
