package io.osprey.mq.server.broker.retry;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.osprey.mq.protocol.body.DelayOffsetTable;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.MalformedBodyException;
import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.metadata.CorruptMetadataException;
import io.osprey.mq.server.metadata.MetadataIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the delay scheduler has delivered each level: the next offset of {@code SCHEDULE_TOPIC_XXXX} queue
 * {@code level - 1} to look at, kept in {@code <configDir>/delayOffset.json} as RocketMQ lays it out
 * ({@code {"offsetTable":{"1":12,"2":0}}}).
 *
 * <p>An offset only moves past a message once its copy is stored in the real topic, and the file is written only
 * from those offsets, so after a crash the scheduler resumes at or before the first undelivered message: the
 * messages delivered since the last persist are delivered again (at-least-once), none is lost. The file is
 * replaced atomically (temp file, fsync, rename, directory fsync) so a crash mid-write leaves the old one intact.
 *
 * <p>Offsets are read from any thread; only the scheduler's thread advances and persists them.
 */
final class DelayProgress {
    static final String FILE_NAME = "delayOffset.json";
    private static final Logger LOG = LoggerFactory.getLogger(DelayProgress.class);
    private static final ObjectWriter WRITER = JsonBodies.mapper().writerWithDefaultPrettyPrinter();

    private final Disk disk;
    private final Path file;
    private final AtomicLongArray offsets;
    private final AtomicLong changes = new AtomicLong();
    private long persistedChanges;

    private DelayProgress(Disk disk, Path file, int levels) {
        this.disk = disk;
        this.file = file;
        this.offsets = new AtomicLongArray(levels);
    }

    /**
     * Loads the progress of {@code levels} delay levels, all 0 when the file does not exist yet.
     *
     * @throws CorruptMetadataException when the file exists but is not a valid offset table
     */
    static DelayProgress open(Path configDir, int levels) {
        return open(Disk.local(), configDir, levels);
    }

    static DelayProgress open(Disk disk, Path configDir, int levels) {
        DelayProgress progress = new DelayProgress(disk, configDir.resolve(FILE_NAME), levels);
        progress.load();
        return progress;
    }

    private void load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new MetadataIoException("cannot read " + file, e);
        }
        DelayOffsetTable stored;
        try {
            stored = JsonBodies.decode(bytes, DelayOffsetTable.class);
        } catch (MalformedBodyException e) {
            throw new CorruptMetadataException(file, e.getMessage(), e);
        }
        stored.offsetTable().forEach((level, offset) -> {
            if (offset == null || offset < 0) {
                throw new CorruptMetadataException(file, "level " + level + " has offset " + offset, null);
            }
            if (level < 1 || level > offsets.length()) {
                // The operator configured fewer levels: that queue is no longer served, its messages stay parked.
                LOG.warn("{}: level {} (offset {}) is beyond the {} configured delay levels, ignored", file, level,
                        offset, offsets.length());
                return;
            }
            offsets.set(level - 1, offset);
        });
    }

    int levels() {
        return offsets.length();
    }

    long offset(int level) {
        return offsets.get(level - 1);
    }

    void advance(int level, long offset) {
        if (offsets.getAndSet(level - 1, offset) != offset) {
            changes.incrementAndGet();
        }
    }

    DelayOffsetTable snapshot() {
        Map<Integer, Long> table = new TreeMap<>();
        for (int level = 1; level <= offsets.length(); level++) {
            table.put(level, offsets.get(level - 1));
        }
        return new DelayOffsetTable(table);
    }

    /**
     * Writes the offsets durably if they moved since the last write.
     *
     * @throws MetadataIoException when the write, fsync or rename fails (the old file is left intact)
     */
    void persist() {
        long seen = changes.get();
        if (seen == persistedChanges && Files.exists(file)) {
            return;
        }
        byte[] content;
        try {
            content = WRITER.writeValueAsBytes(snapshot());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the delay offsets", e);
        }
        write(content);
        persistedChanges = seen;
    }

    private void write(byte[] content) {
        try {
            AtomicFiles.write(disk, file, content);
        } catch (IOException e) {
            throw new MetadataIoException("cannot write " + file + " durably", e);
        }
    }
}
