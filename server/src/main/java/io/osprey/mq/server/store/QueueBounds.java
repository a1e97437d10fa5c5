package io.osprey.mq.server.store;

/**
 * A consume queue's readable range: entries [{@code minOffset}, {@code maxOffset}).
 *
 * @param minOffset first entry still pointing into the CommitLog
 * @param maxOffset one past the last entry
 */
record QueueBounds(long minOffset, long maxOffset) {
    QueueBounds {
        if (minOffset < 0 || maxOffset < minOffset) {
            throw new IllegalArgumentException("bad queue bounds [" + minOffset + ", " + maxOffset + ")");
        }
    }
}
