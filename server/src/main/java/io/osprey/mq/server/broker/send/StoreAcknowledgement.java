package io.osprey.mq.server.broker.send;

import io.osprey.mq.server.store.AppendResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds how long a send waits for its store acknowledgement. With SYNC_FLUSH a write that is not fsynced in
 * time answers FLUSH_DISK_TIMEOUT (the client reports it as a send status, not an exception), as the stock
 * broker does; with ASYNC_FLUSH the store acknowledges at write time and no bound applies.
 */
public final class StoreAcknowledgement {
    /** The store's answer, or {@code append == null} with {@code acknowledged == false} on timeout. */
    public record Outcome(AppendResult append, boolean acknowledged) {
    }

    /** The store's answer to a batch, or {@code appends == null} with {@code acknowledged == false} on timeout. */
    public record BatchOutcome(List<AppendResult> appends, boolean acknowledged) {
    }

    /** No bound: {@link #unbounded()}. */
    private static final long NO_BOUND = -1;

    private final long timeoutMillis;

    /** Sends whose acknowledgement takes longer than {@code timeoutMillis} are answered as timed out. */
    public StoreAcknowledgement(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    private StoreAcknowledgement() {
        this.timeoutMillis = NO_BOUND;
    }

    /**
     * Waits as long as the store takes (ASYNC_FLUSH). No timer is armed: a per-send {@code orTimeout} would
     * schedule and cancel a task on the JDK's delayer thread, and wake that thread, for every message.
     */
    public static StoreAcknowledgement unbounded() {
        return new StoreAcknowledgement();
    }

    public CompletionStage<Outcome> await(CompletableFuture<AppendResult> appended) {
        return bounded(appended).thenApply(result -> new Outcome(result, result != null));
    }

    public CompletionStage<BatchOutcome> awaitAll(CompletableFuture<List<AppendResult>> appended) {
        return bounded(appended).thenApply(results -> new BatchOutcome(results, results != null));
    }

    private <T> CompletionStage<T> bounded(CompletableFuture<T> appended) {
        if (timeoutMillis == NO_BOUND) {
            return appended;
        }
        return appended.copy().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    if (failure == null) {
                        return result;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        return null;
                    }
                    throw failure instanceof CompletionException completion ? completion
                            : new CompletionException(cause);
                });
    }
}
