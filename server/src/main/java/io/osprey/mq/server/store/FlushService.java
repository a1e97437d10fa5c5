package io.osprey.mq.server.store;

import java.io.IOException;

/**
 * ASYNC_FLUSH's background fsync ({@value #THREAD_NAME}): every {@code flushIntervalMillis} it fsyncs the
 * segment holding the written end. Earlier segments were fsynced when the writer sealed them. A failed fsync
 * fails the store.
 */
final class FlushService extends PeriodicTask {
    static final String THREAD_NAME = "osprey-flush";

    private final CommitLog log;
    private final WriteState state;

    FlushService(CommitLog log, WriteState state, long intervalMillis) {
        super(state, intervalMillis);
        this.log = log;
        this.state = state;
    }

    @Override
    void runOnce() {
        flushOnce();
    }

    /** fsyncs what is written; a no-op when nothing new was written. */
    void flushOnce() {
        long target = state.written.reached();
        if (target <= state.flushed.reached() || state.failure() != null) {
            return;
        }
        SegmentFile segment = log.acquire(target - 1);
        if (segment == null) {
            return;
        }
        try {
            segment.force();
            state.fsyncs.increment();
        } catch (IOException | RuntimeException e) {
            state.fail(e);
            return;
        } finally {
            segment.release();
        }
        state.flushed.advance(target);
    }
}
