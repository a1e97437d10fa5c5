package io.osprey.mq.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the producers are doing now, shared by all of them: warming up, measuring, or done. The measured part
 * ends after a duration or once {@code measuredMessages} sends have been claimed, whichever the options chose.
 */
final class RunPhase {
    enum Phase { WARM_UP, MEASURED, DONE }

    private final long warmUpEndNanos;
    private final long warmUpMessages;
    private final long measuredNanos;
    private final long measuredMessages;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong measuredStartNanos = new AtomicLong();
    private volatile Phase phase = Phase.WARM_UP;

    /**
     * @param warmUpNanos      warm-up time (0 = none unless {@code warmUpMessages} &gt; 0)
     * @param warmUpMessages   warm-up sends in total (0 = by time)
     * @param measuredNanos    measured time (used when {@code measuredMessages} is 0)
     * @param measuredMessages measured sends in total (0 = by time)
     */
    RunPhase(long startNanos, long warmUpNanos, long warmUpMessages, long measuredNanos, long measuredMessages) {
        this.warmUpEndNanos = startNanos + warmUpNanos;
        this.warmUpMessages = warmUpMessages;
        this.measuredNanos = measuredNanos;
        this.measuredMessages = measuredMessages;
    }

    /** Claims the next send: returns the phase it belongs to ({@link Phase#DONE} = stop sending). */
    Phase claim(long nowNanos) {
        Phase current = phase;
        if (current == Phase.WARM_UP) {
            boolean over = warmUpMessages > 0 ? claimed.get() >= warmUpMessages : nowNanos >= warmUpEndNanos;
            if (!over) {
                claimed.incrementAndGet();
                return Phase.WARM_UP;
            }
            synchronized (this) {
                if (phase == Phase.WARM_UP) {
                    claimed.set(0);
                    measuredStartNanos.set(nowNanos);
                    phase = Phase.MEASURED;
                }
            }
            current = phase;
        }
        if (current == Phase.MEASURED) {
            boolean over = measuredMessages > 0
                    ? claimed.incrementAndGet() > measuredMessages
                    : nowNanos - measuredStartNanos.get() >= measuredNanos;
            if (!over) {
                return Phase.MEASURED;
            }
            phase = Phase.DONE;
        }
        return Phase.DONE;
    }

    /** Ends the run early (a send failed and the run cannot be valid any more). */
    void abort() {
        phase = Phase.DONE;
    }
}
