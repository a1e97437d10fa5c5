package io.osprey.mq.server.metadata;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One small file replaced as a whole, so that after a crash or power loss at any instant a reader finds either
 * the complete old content or the complete new content, never a mix:
 * <ol>
 *   <li>write {@code <name>.tmp} and fsync it: the new bytes are durable before anything points at them;</li>
 *   <li>rename it over {@code <name>} (atomic on POSIX file systems);</li>
 *   <li>fsync the directory: the rename itself is durable, so an acknowledged change survives power loss.</li>
 * </ol>
 * A crash before step 2 leaves a stray temp file next to the intact old file; it is ignored on read and
 * overwritten by the next write. Not thread-safe: each owner serialises its writes.
 */
final class AtomicFile {
    private final Disk disk;
    private final Path target;
    private final Path temp;

    AtomicFile(Path target) {
        this(Disk.local(), target);
    }

    AtomicFile(Disk disk, Path target) {
        this.disk = disk;
        this.target = target;
        this.temp = target.resolveSibling(target.getFileName() + ".tmp");
    }

    Path path() {
        return target;
    }

    /** The current content, or empty when the file has never been written. */
    Optional<byte[]> read() {
        try {
            return Optional.of(Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MetadataIoException("cannot read " + target, e);
        }
    }

    /** Replaces the content durably; when this returns the new bytes survive a power loss. */
    void write(byte[] content) {
        try {
            AtomicFiles.write(disk, target, content);
        } catch (IOException e) {
            throw new MetadataIoException("cannot write " + target + " durably", e);
        }
    }
}
