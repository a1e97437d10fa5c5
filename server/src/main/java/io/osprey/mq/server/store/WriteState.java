package io.osprey.mq.server.store;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writer, the flusher, the dispatcher and readers share: how far the CommitLog is written and fsynced,
 * how many fsyncs ran, and whether the store has failed. Once failed it stays failed: no retry-and-carry-on.
 */
final class WriteState {
    private static final Logger LOG = LoggerFactory.getLogger(WriteState.class);

    final OffsetWaiters written;
    final OffsetWaiters flushed;
    final LongAdder fsyncs = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    WriteState(long commitLogEnd) {
        this.written = new OffsetWaiters(commitLogEnd);
        this.flushed = new OffsetWaiters(commitLogEnd);
    }

    Throwable failure() {
        return failure.get();
    }

    /** Puts the store into the failed state (first cause wins) and fails everyone waiting on offsets. */
    void fail(Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            LOG.error("Store failed; it accepts no more appends and the broker must stop. Cause: {}",
                    cause.toString(), cause);
            StoreFailedException failed = new StoreFailedException(cause);
            written.failAll(failed);
            flushed.failAll(failed);
        }
    }
}
