package io.osprey.mq.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A monotonically advancing CommitLog offset (written or fsynced) and the futures waiting for it to reach some
 * value. Futures complete outside the lock, on the thread that advances the offset.
 */
final class OffsetWaiters {
    private record Waiter(long offset, CompletableFuture<Void> future) {
    }

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.offset, b.offset));
    private volatile long reached;
    private Throwable failure;

    OffsetWaiters(long initial) {
        this.reached = initial;
    }

    long reached() {
        return reached;
    }

    CompletableFuture<Void> await(long offset) {
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (offset > reached) {
                CompletableFuture<Void> future = new CompletableFuture<>();
                waiters.add(new Waiter(offset, future));
                return future;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Raises the offset to {@code offset} (never lowers it) and completes every waiter it satisfies. */
    void advance(long offset) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            if (offset <= reached) {
                return;
            }
            reached = offset;
            while (!waiters.isEmpty() && waiters.peek().offset <= offset) {
                done.add(waiters.poll());
            }
        }
        done.forEach(w -> w.future.complete(null));
    }

    /** Fails every present and future waiter: the offset will not advance any more. */
    void failAll(Throwable cause) {
        List<Waiter> failed;
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
            failed = new ArrayList<>(waiters);
            waiters.clear();
        }
        failed.forEach(w -> w.future.completeExceptionally(cause));
    }
}
