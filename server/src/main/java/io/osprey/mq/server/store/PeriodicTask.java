package io.osprey.mq.server.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A store thread that does one piece of work every interval until it is stopped or the store fails. Stopping
 * wakes it and it returns without a last run: {@link MessageStore#close()} does the final flush and checkpoint
 * itself, after the writer and dispatch have stopped.
 */
abstract class PeriodicTask implements Runnable {
    private final WriteState state;
    private final long intervalNanos;
    private volatile boolean running = true;

    PeriodicTask(WriteState state, long intervalMillis) {
        this.state = state;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /** One round of work; a failure must fail the store through its {@link WriteState}. */
    abstract void runOnce();

    void stop(Thread thread) {
        running = false;
        LockSupport.unpark(thread);
    }

    @Override
    public final void run() {
        while (running && state.failure() == null) {
            LockSupport.parkNanos(this, intervalNanos);
            if (!running) {
                return;
            }
            runOnce();
        }
    }
}
