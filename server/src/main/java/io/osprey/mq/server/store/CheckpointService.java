package io.osprey.mq.server.store;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The consume queues' periodic durability point ({@value #THREAD_NAME}): every {@code intervalMillis} it runs
 * {@link ReputService#checkpoint()}, which fsyncs the consume queues and records how far dispatch got.
 *
 * <p>It is its own thread so that dispatch never waits for those fsyncs: on a busy disk they take tens to
 * hundreds of milliseconds, and every message arriving meanwhile would wait with them before a consumer could
 * see it. A failed fsync fails the store.
 */
final class CheckpointService implements Runnable {
    static final String THREAD_NAME = "osprey-checkpoint";

    private final ReputService reput;
    private final WriteState state;
    private final long intervalNanos;
    private volatile boolean running = true;

    CheckpointService(ReputService reput, WriteState state, long intervalMillis) {
        this.reput = reput;
        this.state = state;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    void stop(Thread thread) {
        running = false;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        while (running && state.failure() == null) {
            LockSupport.parkNanos(this, intervalNanos);
            if (!running) {
                return; // the closing thread takes the last checkpoint after the final dispatch
            }
            try {
                reput.checkpoint();
            } catch (IOException | RuntimeException e) {
                state.fail(e);
            }
        }
    }
}
