package io.osprey.mq.server.broker.pull;

import io.osprey.mq.server.store.MessageStore;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls that found nothing, held until a message arrives in their queue or their suspend time runs out. Woken
 * by the store's arrival notification (never by polling): each held pull is retried exactly once, on the pull
 * executor, either when its queue's max offset passes the pull's offset or at its deadline.
 *
 * <p>A message may arrive between a pull's empty read and its registration here; {@link #hold} re-reads the
 * queue's max offset after registering, so such a pull is woken at once instead of waiting its whole timeout.
 */
public final class LongPolling {
    private static final Logger LOG = LoggerFactory.getLogger(LongPolling.class);

    private record QueueRef(String topic, int queueId) {
    }

    private static final class HeldPull {
        final long offset;
        final Runnable retry;
        final AtomicBoolean fired = new AtomicBoolean();
        volatile ScheduledFuture<?> deadline;

        HeldPull(long offset, Runnable retry) {
            this.offset = offset;
            this.retry = retry;
        }
    }

    /** Longest a pull is held, whatever the client asks: bounds what a bad client can park here. */
    static final long MAX_HOLD_MILLIS = 60_000;

    private final Map<QueueRef, Queue<HeldPull>> held = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final MessageStore store;
    private final Executor pullExecutor;
    private final ScheduledExecutorService timer;

    public LongPolling(MessageStore store, Executor pullExecutor, ScheduledExecutorService timer) {
        this.store = store;
        this.pullExecutor = pullExecutor;
        this.timer = timer;
    }

    /** Holds a pull at {@code offset}; {@code retry} runs once, when a message arrives or after {@code holdMillis}. */
    public void hold(String topic, int queueId, long offset, long holdMillis, Runnable retry) {
        QueueRef queue = new QueueRef(topic, queueId);
        HeldPull pull = new HeldPull(offset, retry);
        held.computeIfAbsent(queue, q -> new ConcurrentLinkedQueue<>()).add(pull);
        long boundedMillis = Math.max(0, Math.min(holdMillis, MAX_HOLD_MILLIS));
        pull.deadline = timer.schedule(() -> fire(queue, pull), boundedMillis, TimeUnit.MILLISECONDS);
        if (closed || store.maxOffset(topic, queueId) > offset) {
            fire(queue, pull);
        }
    }

    /** The store made entries up to {@code maxOffset} readable in this queue. Called on the store's thread. */
    public void onArrival(String topic, int queueId, long maxOffset) {
        QueueRef queue = new QueueRef(topic, queueId);
        Queue<HeldPull> waiting = held.get(queue);
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        for (HeldPull pull : waiting) {
            if (maxOffset > pull.offset) {
                fire(queue, pull);
            }
        }
    }

    /**
     * At shutdown: answers every held pull now, each with whatever its queue holds, and every later one at once, so
     * no pull waits on a timer that is about to stop.
     */
    public void close() {
        closed = true;
        held.forEach((queue, waiting) -> waiting.forEach(pull -> fire(queue, pull)));
    }

    public int heldCount() {
        return held.values().stream().mapToInt(Queue::size).sum();
    }

    private void fire(QueueRef queue, HeldPull pull) {
        if (!pull.fired.compareAndSet(false, true)) {
            return;
        }
        Queue<HeldPull> waiting = held.get(queue);
        if (waiting != null) {
            waiting.remove(pull);
        }
        ScheduledFuture<?> deadline = pull.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        try {
            pullExecutor.execute(pull.retry);
        } catch (RejectedExecutionException e) {
            LOG.debug("pull executor full, retrying held pull of {} on the caller", queue);
            pull.retry.run();
        }
    }
}
