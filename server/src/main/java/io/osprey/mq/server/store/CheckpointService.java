package io.osprey.mq.server.store;

import java.io.IOException;

/**
 * The consume queues' periodic durability point ({@value #THREAD_NAME}): every {@code intervalMillis} it runs
 * {@link ReputService#checkpoint()}, which fsyncs the consume queues and records how far dispatch got.
 *
 * <p>It is its own thread so that dispatch never waits for those fsyncs: on a busy disk they take tens to
 * hundreds of milliseconds, and every message arriving meanwhile would wait with them before a consumer could
 * see it. A failed fsync fails the store.
 */
final class CheckpointService extends PeriodicTask {
    static final String THREAD_NAME = "osprey-checkpoint";

    private final ReputService reput;
    private final WriteState state;

    CheckpointService(ReputService reput, WriteState state, long intervalMillis) {
        super(state, intervalMillis);
        this.reput = reput;
        this.state = state;
    }

    @Override
    void runOnce() {
        try {
            reput.checkpoint();
        } catch (IOException | RuntimeException e) {
            state.fail(e);
        }
    }
}
