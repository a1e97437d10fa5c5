package io.osprey.mq.server.store;

import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Knobs that are not operator configuration: the clock, how disk usage is measured, queue and batch sizes.
 * Tests replace them; production uses {@link #defaults(Path)}.
 *
 * @param disk                     where the store's files are written and fsynced
 * @param recordTypes              the record types of the store's owners, besides its own
 * @param clock                    store timestamps and retention ages
 * @param diskUsedPercent          percentage of the store's disk in use
 * @param writeQueueCapacity       appends waiting for the writer before new ones are refused (SYSTEM_BUSY)
 * @param maxWriteBatch            requests the writer takes per write/fsync round
 * @param checkpointIntervalMillis how often the checkpoint thread fsyncs the consume queues and records
 *                                 how far dispatch got
 */
record StoreTuning(Disk disk, RecordTypes recordTypes, Clock clock, DoubleSupplier diskUsedPercent,
                   int writeQueueCapacity, int maxWriteBatch, long checkpointIntervalMillis) {
    StoreTuning {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(recordTypes, "recordTypes");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(diskUsedPercent, "diskUsedPercent");
        if (writeQueueCapacity < 1 || maxWriteBatch < 1 || checkpointIntervalMillis < 1) {
            throw new IllegalArgumentException("capacities and intervals must be positive");
        }
    }

    static StoreTuning defaults(Path storeRoot) {
        return new StoreTuning(Disk.local(), RecordTypes.storeOnly(), Clock.systemUTC(), () -> usedPercent(storeRoot),
                16_384, 4_096, 1_000);
    }

    StoreTuning withClock(Clock newClock) {
        return new StoreTuning(disk, recordTypes, newClock, diskUsedPercent, writeQueueCapacity, maxWriteBatch,
                checkpointIntervalMillis);
    }

    StoreTuning withDisk(Disk newDisk) {
        return new StoreTuning(newDisk, recordTypes, clock, diskUsedPercent, writeQueueCapacity, maxWriteBatch,
                checkpointIntervalMillis);
    }

    StoreTuning withRecordTypes(RecordTypes types) {
        return new StoreTuning(disk, types, clock, diskUsedPercent, writeQueueCapacity, maxWriteBatch,
                checkpointIntervalMillis);
    }

    StoreTuning withDiskUsedPercent(DoubleSupplier supplier) {
        return new StoreTuning(disk, recordTypes, clock, supplier, writeQueueCapacity, maxWriteBatch,
                checkpointIntervalMillis);
    }

    StoreTuning withWriteQueueCapacity(int capacity) {
        return new StoreTuning(disk, recordTypes, clock, diskUsedPercent, capacity, maxWriteBatch,
                checkpointIntervalMillis);
    }

    StoreTuning withCheckpointIntervalMillis(long intervalMillis) {
        return new StoreTuning(disk, recordTypes, clock, diskUsedPercent, writeQueueCapacity, maxWriteBatch,
                intervalMillis);
    }

    private static double usedPercent(Path storeRoot) {
        try {
            FileStore store = Files.getFileStore(storeRoot);
            long total = store.getTotalSpace();
            return total == 0 ? 0 : 100.0 * (total - store.getUsableSpace()) / total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure disk usage of " + storeRoot, e);
        }
    }
}
