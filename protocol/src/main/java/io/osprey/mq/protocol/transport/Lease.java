package io.osprey.mq.protocol.transport;

/**
 * The bytes of one request counted in an {@link InFlightBudget}, from its frame's admission to the end of the
 * write of its response. It follows the request: first the request frame's size; once the handler answered, the
 * response's size ({@link #resize}); nothing once that is written or failed ({@link #release}).
 *
 * <p>Release is idempotent and final, so every path may release without knowing whether another did: a leaked lease
 * would keep its bytes counted forever and, bytes by bytes, wedge the server into refusing every send.
 */
final class Lease {
    private final InFlightBudget budget;
    private long bytes;
    private boolean released;

    Lease(InFlightBudget budget, long acquiredBytes) {
        if (acquiredBytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + acquiredBytes);
        }
        this.budget = budget;
        this.bytes = acquiredBytes;
    }

    /**
     * Counts {@code newBytes} instead of what the lease held: more is taken whatever the limit (the memory exists
     * already), less gives the difference back. Does nothing once released.
     */
    synchronized void resize(long newBytes) {
        if (newBytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + newBytes);
        }
        if (released) {
            return;
        }
        if (newBytes > bytes) {
            budget.acquire(newBytes - bytes);
        } else {
            budget.release(bytes - newBytes);
        }
        bytes = newBytes;
    }

    /** Gives every byte back; later calls, and {@link #resize}, do nothing. */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        budget.release(bytes);
        bytes = 0;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized boolean isReleased() {
        return released;
    }
}
