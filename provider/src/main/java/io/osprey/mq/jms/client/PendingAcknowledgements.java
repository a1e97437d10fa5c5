package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic acknowledgements of one connection that are on their way to a broker. Under AUTO_ACKNOWLEDGE and
 * DUPS_OK_ACKNOWLEDGE a {@code receive} or a listener does not wait for its acknowledgement (a round trip and,
 * under SYNC_FLUSH, an fsync per message); what could observe the order does: every later request that settles
 * messages on the same broker (a return, a consumer close, a commit, a disconnect) first waits for the
 * acknowledgements sent before it, because the broker handles requests of one channel on several threads.
 * An acknowledgement that fails leaves its message delivered and unacknowledged, so the broker redelivers it:
 * a duplicate, which both modes allow after a failure.
 */
final class PendingAcknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(PendingAcknowledgements.class);
    /** Bounds what a consumer faster than its broker keeps in flight; a full window makes the next one wait. */
    static final int WINDOW = 1_024;

    private final Map<String, Set<CompletableFuture<RemotingCommand>>> byBroker = new ConcurrentHashMap<>();
    private final Semaphore window = new Semaphore(WINDOW);
    private final long timeoutMillis;

    PendingAcknowledgements(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Takes a place in the window for one acknowledgement; false when none frees up within the request timeout
     * (the caller then acknowledges and waits).
     */
    boolean reserve() throws InterruptedException {
        return window.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Follows {@code ack} (sent to {@code broker} on a place {@link #reserve} took) until the broker answers. */
    void track(String broker, int messages, CompletableFuture<RemotingCommand> ack) {
        Set<CompletableFuture<RemotingCommand>> pending =
                byBroker.computeIfAbsent(broker, b -> ConcurrentHashMap.newKeySet());
        pending.add(ack);
        ack.whenComplete((answer, failure) -> {
            pending.remove(ack);
            window.release();
            if (failure != null) {
                LOG.warn("acknowledging {} message(s) on broker {} failed, they will be redelivered: {}", messages,
                        broker, failure.toString());
            } else if (answer.code() != ResponseCode.SUCCESS) {
                LOG.warn("broker {} refused the acknowledgement of {} message(s), they will be redelivered: {} {}",
                        broker, messages, answer.code(), answer.remark());
            }
        });
    }

    /**
     * Returns once every acknowledgement sent to {@code broker} before this call has its answer, or the request
     * timeout passed (each has that bound of its own, so it only ends early when the channel is gone).
     */
    void awaitAnswered(String broker) throws InterruptedException {
        Set<CompletableFuture<RemotingCommand>> pending = byBroker.get(broker);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        List<CompletableFuture<RemotingCommand>> before = List.copyOf(pending);
        try {
            CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                    .get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // failures are logged where they complete; the request that waited goes ahead and has its own bound
        }
    }
}
