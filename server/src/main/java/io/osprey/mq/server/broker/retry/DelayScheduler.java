package io.osprey.mq.server.broker.retry;

import io.osprey.mq.protocol.body.DelayOffsetTable;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.send.DelayLevels;
import io.osprey.mq.server.broker.topic.SystemTopics;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.store.AppendResult;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import io.osprey.mq.server.store.TagFilter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves delayed messages from {@code SCHEDULE_TOPIC_XXXX} back to their real topic when due, on one owned thread
 * ({@code osprey-delay-scheduler}).
 *
 * <p>Queue {@code level - 1} of the schedule topic holds the messages of one delay level in store order, and so
 * in due order: a message is due at its store time plus the level's delay (the due time the send path indexes
 * as tag code). For each level the thread reads from its {@link DelayProgress} offset, stores a copy of every
 * due message in the real topic ({@link DelayedCopy}), waits for the store to acknowledge the copies, and only
 * then advances the offset: a crash re-delivers the last few, never loses one. A message whose real topic no
 * longer exists is skipped with a WARN.
 *
 * <p>The thread sleeps until the earliest due time among the levels' next messages, at most
 * {@link #MAX_IDLE_MILLIS}, and is woken at once when a message arrives in the schedule topic (store arrival
 * listener). The offsets are persisted every {@code persistIntervalMillis} and at {@link #close()}.
 */
public final class DelayScheduler implements AutoCloseable {
    static final String THREAD_NAME = "osprey-delay-scheduler";
    static final long MAX_IDLE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(DelayScheduler.class);
    private static final int BATCH_MESSAGES = 64;
    private static final int BATCH_BYTES = 1 << 20;
    private static final long APPEND_TIMEOUT_MILLIS = 10_000;
    private static final long RETRY_AFTER_FAILURE_MILLIS = 1_000;
    private static final long JOIN_MILLIS = 10_000;

    private final MessageStore store;
    private final TopicRegistry topics;
    private final DelayLevels levels;
    private final DelayProgress progress;
    private final Clock clock;
    private final long persistIntervalMillis;
    private final Object wakeup = new Object();
    private final Thread thread;
    private boolean wakeRequested;
    private volatile boolean running;

    /**
     * @throws io.osprey.mq.server.metadata.CorruptMetadataException when {@code delayOffset.json} is unreadable
     */
    public DelayScheduler(MessageStore store, TopicRegistry topics, DelayLevels levels, Path configDir, Clock clock,
                          long persistIntervalMillis) {
        this(store, topics, levels, Disk.local(), configDir, clock, persistIntervalMillis);
    }

    /** As the other constructor, writing its progress through {@code disk}. */
    public DelayScheduler(MessageStore store, TopicRegistry topics, DelayLevels levels, Disk disk, Path configDir,
                          Clock clock, long persistIntervalMillis) {
        this.store = store;
        this.topics = topics;
        this.levels = levels;
        this.progress = DelayProgress.open(disk, configDir, levels.maxLevel());
        this.clock = clock;
        this.persistIntervalMillis = persistIntervalMillis;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
        this.thread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} died: delayed messages stay parked",
                t.getName(), e));
    }

    public synchronized void start() {
        running = true;
        thread.start();
        LOG.info("delay scheduler started: {} levels, offsets {}", levels.maxLevel(),
                progress.snapshot().offsetTable());
    }

    /** The store's arrival listener: wakes the thread for a new schedule-topic message. Never blocks for long. */
    public void onArrival(String topic, int queueId, long newMaxOffset) {
        if (SystemTopics.SCHEDULE.equals(topic)) {
            wake();
        }
    }

    /** Per level, the next schedule-topic offset to deliver (GET_ALL_DELAY_OFFSET). */
    public DelayOffsetTable offsets() {
        return progress.snapshot();
    }

    private void run() {
        long lastPersist = clock.millis();
        while (running) {
            long nextDue;
            try {
                nextDue = deliverDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("delay scheduler failed to read or deliver; retrying in {} ms", RETRY_AFTER_FAILURE_MILLIS,
                        e);
                nextDue = clock.millis() + RETRY_AFTER_FAILURE_MILLIS;
            }
            if (clock.millis() - lastPersist >= persistIntervalMillis) {
                persistLogged();
                lastPersist = clock.millis();
            }
            try {
                awaitWork(nextDue);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Delivers every due message of every level. @return the earliest due time still pending (epoch ms) */
    private long deliverDue() throws InterruptedException {
        long nextDue = Long.MAX_VALUE;
        for (int level = 1; level <= levels.maxLevel() && running; level++) {
            nextDue = Math.min(nextDue, deliverLevel(level));
        }
        return nextDue;
    }

    private long deliverLevel(int level) throws InterruptedException {
        int queueId = level - 1;
        while (running) {
            long offset = progress.offset(level);
            GetMessagesResult result = store.getMessages(SystemTopics.SCHEDULE, queueId, offset, BATCH_MESSAGES,
                    BATCH_BYTES, TagFilter.ALL);
            switch (result.status()) {
                case FOUND -> {
                    long pendingDue = deliverBatch(level, result.decodeRecords());
                    if (pendingDue != Long.MAX_VALUE) {
                        return pendingDue;
                    }
                }
                case OFFSET_OVERFLOW_ONE -> {
                    return Long.MAX_VALUE;
                }
                case NO_MESSAGE_IN_QUEUE -> {
                    if (offset != 0) {
                        LOG.warn("schedule queue {} is empty but delivery was at offset {}; restarting at 0",
                                queueId, offset);
                        progress.advance(level, 0);
                    }
                    return Long.MAX_VALUE;
                }
                case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> {
                    LOG.warn("schedule queue {}: delivery offset {} is outside [{}, {}]; moving to {}", queueId,
                            offset, result.minOffset(), result.maxOffset(), result.nextBeginOffset());
                    progress.advance(level, result.nextBeginOffset());
                }
                case NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL -> progress.advance(level,
                        Math.max(offset + 1, result.nextBeginOffset()));
                default -> {
                    LOG.warn("schedule queue {} offset {}: unexpected read status {}; retrying later", queueId,
                            offset, result.status());
                    return clock.millis() + RETRY_AFTER_FAILURE_MILLIS;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Stores the due prefix of {@code records}, then advances the level's offset past what is acknowledged.
     *
     * @return the due time of the first message not yet due, {@code now + retry} after a failed append, or
     *         {@link Long#MAX_VALUE} when the whole batch was delivered
     */
    private long deliverBatch(int level, List<MessageRecord> records) throws InterruptedException {
        long now = clock.millis();
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>(records.size());
        List<MessageRecord> sent = new ArrayList<>(records.size());
        long pendingDue = Long.MAX_VALUE;
        for (MessageRecord record : records) {
            long due = dueMillis(level, record, now);
            if (due > now) {
                pendingDue = due;
                break;
            }
            appends.add(deliver(record));
            sent.add(record);
        }
        for (int i = 0; i < appends.size(); i++) {
            MessageRecord record = sent.get(i);
            try {
                appends.get(i).get(APPEND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                LOG.warn("delivering delayed message {} (schedule queue {} offset {}) failed, will retry: {}",
                        record.messageId().encode(), level - 1, record.queueOffset(), cause.toString());
                progress.advance(level, record.queueOffset());
                return clock.millis() + RETRY_AFTER_FAILURE_MILLIS;
            }
            progress.advance(level, record.queueOffset() + 1);
        }
        return pendingDue;
    }

    /** Appends the real-topic copy; a completed-null future for a message that is skipped. */
    private CompletableFuture<AppendResult> deliver(MessageRecord parked) {
        MessageToStore copy;
        try {
            copy = DelayedCopy.of(parked);
        } catch (DelayedCopy.UndeliverableException e) {
            LOG.warn("delayed message {} at schedule offset {} skipped: {}", parked.messageId().encode(),
                    parked.queueOffset(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (topics.find(copy.topic()).isEmpty()) {
            LOG.warn("delayed message {} skipped: its topic {} no longer exists", parked.messageId().encode(),
                    copy.topic());
            return CompletableFuture.completedFuture(null);
        }
        LOG.trace("delayed message {} due: to {}/{}", parked.messageId().encode(), copy.topic(), copy.queueId());
        return store.append(copy);
    }

    /**
     * Store time plus the level's delay, as the stock broker computes it. A due time further away than one
     * delay means the clock went back: deliver now rather than hold the whole level behind it.
     */
    private long dueMillis(int level, MessageRecord record, long now) {
        long delay = levels.delayMillis(level);
        long due = record.storeTimestamp() + delay;
        return due > now + delay ? now : due;
    }

    private void awaitWork(long nextDue) throws InterruptedException {
        synchronized (wakeup) {
            long deadline = Math.min(nextDue, clock.millis() + MAX_IDLE_MILLIS);
            while (!wakeRequested && running) {
                long remaining = deadline - clock.millis();
                if (remaining <= 0) {
                    break;
                }
                wakeup.wait(remaining);
            }
            wakeRequested = false;
        }
    }

    private void wake() {
        synchronized (wakeup) {
            wakeRequested = true;
            wakeup.notifyAll();
        }
    }

    private void persistLogged() {
        try {
            progress.persist();
        } catch (RuntimeException e) {
            // Delivery goes on: a stale file only means re-delivering more after a crash, never losing.
            LOG.error("persisting the delay offsets failed; check the disk under the store's config/", e);
        }
    }

    /**
     * Stops the thread (letting an in-flight batch be acknowledged, so call before closing the store), then
     * persists the offsets.
     */
    @Override
    public synchronized void close() {
        if (!running) {
            progress.persist();
            return;
        }
        running = false;
        wake();
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms; interrupting it", THREAD_NAME, JOIN_MILLIS);
                thread.interrupt();
                thread.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.persist();
        LOG.info("delay scheduler stopped at offsets {}", progress.snapshot().offsetTable());
    }
}
