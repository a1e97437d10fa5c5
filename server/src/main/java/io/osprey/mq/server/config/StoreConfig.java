package io.osprey.mq.server.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;

/**
 * The broker's store: where it lives, how big its segments are, when it fsyncs and how long it keeps data.
 *
 * @param storePathRootDir            root folder: {@code commitlog/}, {@code consumequeue/}, {@code config/}, markers
 * @param commitLogSegmentBytes       size of one CommitLog segment file
 * @param consumeQueueSegmentEntries  entries (20 bytes each) per ConsumeQueue segment file
 * @param flushDiskType               ASYNC_FLUSH (default) or SYNC_FLUSH
 * @param flushIntervalMillis         period of the background fsync in ASYNC_FLUSH
 * @param syncFlushTimeoutMillis      a SYNC_FLUSH send not fsynced within this answers FLUSH_DISK_TIMEOUT
 * @param fileReservedHours           CommitLog segments whose last write is older than this are deleted
 * @param diskMaxUsedSpaceRatio       above this disk usage (percent) the oldest segments are deleted regardless of age
 * @param retentionCheckIntervalMillis how often retention runs
 * @param maxTransferBytesOnPull      a pull answer carries at most this many bytes (and at least one message)
 * @param maxTransferCountOnPull      a pull answer carries at most this many messages
 */
public record StoreConfig(
        @NotNull Path storePathRootDir,
        @Min(4096) @Max(1L << 30) int commitLogSegmentBytes,
        @Min(64) int consumeQueueSegmentEntries,
        @NotNull FlushDiskType flushDiskType,
        @Positive long flushIntervalMillis,
        @Positive long syncFlushTimeoutMillis,
        @Min(0) double fileReservedHours,
        @Min(10) @Max(95) int diskMaxUsedSpaceRatio,
        @Positive long retentionCheckIntervalMillis,
        @Min(1024) int maxTransferBytesOnPull,
        @Min(1) int maxTransferCountOnPull) {

    public static StoreConfig defaults(Path storePathRootDir) {
        return new StoreConfig(storePathRootDir, 1 << 30, 300_000, FlushDiskType.ASYNC_FLUSH, 500, 5_000,
                72, 75, 10_000, 256 * 1024, 32);
    }

    public StoreConfig withFlushDiskType(FlushDiskType type) {
        return new StoreConfig(storePathRootDir, commitLogSegmentBytes, consumeQueueSegmentEntries, type,
                flushIntervalMillis, syncFlushTimeoutMillis, fileReservedHours, diskMaxUsedSpaceRatio,
                retentionCheckIntervalMillis, maxTransferBytesOnPull, maxTransferCountOnPull);
    }

    public StoreConfig withCommitLogSegmentBytes(int bytes) {
        return new StoreConfig(storePathRootDir, bytes, consumeQueueSegmentEntries, flushDiskType,
                flushIntervalMillis, syncFlushTimeoutMillis, fileReservedHours, diskMaxUsedSpaceRatio,
                retentionCheckIntervalMillis, maxTransferBytesOnPull, maxTransferCountOnPull);
    }
}
