package io.osprey.mq.server.config;

/** When a send is acknowledged relative to the fsync of its CommitLog record. */
public enum FlushDiskType {
    /** Acknowledged once in the page cache; a background thread fsyncs every {@code flushIntervalMillis}. */
    ASYNC_FLUSH,
    /** Acknowledged only after fsync; concurrent senders share one fsync (group commit). */
    SYNC_FLUSH
}
