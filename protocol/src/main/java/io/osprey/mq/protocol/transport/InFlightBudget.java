package io.osprey.mq.protocol.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a server holds for requests and their responses, bounded. A request is counted from the moment its
 * header is decoded (its whole frame, before the body is read) until its handler has answered — for a send, until
 * the store acknowledged it — and then its response until that is written to the socket (see {@link Lease}).
 *
 * <p>Only what is counted can be refused: a request that does not fit is refused before its body is read (see
 * {@link WhenBusy}), so a frame that is not admitted never costs memory. What the budget cannot see — the store's
 * own buffers, caches, garbage not yet collected — is why the default is only a fraction of the heap
 * ({@link #defaultLimitBytes}).
 */
public final class InFlightBudget {
    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    /** @param limitBytes the most {@link #tryAcquire} grants; must be positive */
    public InFlightBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limitBytes must be positive: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** A budget that grants everything (clients): it still counts. */
    public static InFlightBudget unlimited() {
        return new InFlightBudget(Long.MAX_VALUE);
    }

    /**
     * The limit for a process whose heap is at most {@code maxHeapBytes}: a quarter of it, 256 MiB for a 1 GiB
     * heap. A counted send can briefly exist twice on the heap (the decoded body and the store's encoded copy of
     * it), so the budget's worth of sends may take half the heap at their peak; the other half is for what the
     * budget does not count — consume-queue and metadata tables, pull answers being read, GC headroom (large
     * message arrays are humongous objects for G1 and fragment the heap).
     */
    public static long defaultLimitBytes(long maxHeapBytes) {
        return Math.max(1, maxHeapBytes / 4);
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long usedBytes() {
        return usedBytes.get();
    }

    /**
     * Takes {@code bytes} if they fit under the limit, or if nothing at all is counted: a frame larger than the whole
     * budget must not be refused forever.
     */
    public boolean tryAcquire(long bytes) {
        requireNonNegative(bytes);
        while (true) {
            long used = usedBytes.get();
            if (used != 0 && used + bytes > limitBytes) {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    /** Takes {@code bytes} whatever the limit: for memory that is already allocated, or that must be served. */
    public void acquire(long bytes) {
        requireNonNegative(bytes);
        usedBytes.addAndGet(bytes);
    }

    /** Gives back {@code bytes} taken by {@link #tryAcquire} or {@link #acquire}. */
    public void release(long bytes) {
        requireNonNegative(bytes);
        long after = usedBytes.addAndGet(-bytes);
        if (after < 0) {
            usedBytes.addAndGet(bytes);
            throw new IllegalStateException("released " + bytes + " bytes, more than the " + (after + bytes)
                    + " in flight");
        }
    }

    /** Wraps {@code acquiredBytes} already taken from this budget into a lease that gives them back once. */
    Lease lease(long acquiredBytes) {
        return new Lease(this, acquiredBytes);
    }

    private static void requireNonNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + bytes);
        }
    }

    @Override
    public String toString() {
        return "InFlightBudget[" + usedBytes.get() + " of " + limitBytes + " bytes]";
    }
}
