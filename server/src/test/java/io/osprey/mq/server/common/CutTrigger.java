package io.osprey.mq.server.common;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * An armed "cut the power right before this operation" on a {@link PowerCutDisk}: the {@code occurrence}-th
 * operation that matches (counted from arming) does not happen; the power is cut instead and the calling thread
 * gets a {@link PowerCutException}. Fires at most once. Any power cut disarms every trigger that has not fired
 * (its {@link #fired()} completes with a {@link CancellationException}), so a trigger never leaks into the next
 * boot.
 */
public final class CutTrigger {
    private final Predicate<DiskOperation> match;
    private final long occurrence;
    private final CutMode mode;
    private final CompletableFuture<DiskOperation> fired = new CompletableFuture<>();
    private long matched;

    CutTrigger(Predicate<DiskOperation> match, long occurrence, CutMode mode) {
        this.match = Objects.requireNonNull(match, "match");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (occurrence < 1) {
            throw new IllegalArgumentException("occurrence counts from 1: " + occurrence);
        }
        this.occurrence = occurrence;
    }

    /**
     * Completes, once the power-loss image has been written, with the operation that was cut before; fails if
     * writing the image failed, or with {@link CancellationException} if the power was cut otherwise first. The
     * returned future is a copy: completing it does not affect the trigger.
     */
    public CompletableFuture<DiskOperation> fired() {
        return fired.copy();
    }

    public CutMode mode() {
        return mode;
    }

    /** Called for each operation, in the order the disk lets them happen; true for the one to cut before. */
    boolean offer(DiskOperation operation) {
        return match.test(operation) && ++matched == occurrence;
    }

    void firedBefore(DiskOperation operation) {
        fired.complete(operation);
    }

    void failed(Throwable cause) {
        fired.completeExceptionally(cause);
    }

    void disarmed() {
        fired.completeExceptionally(new CancellationException("the power was cut before this trigger matched"));
    }

    @Override
    public String toString() {
        return "cut (" + mode + ") before matching operation #" + occurrence;
    }
}
