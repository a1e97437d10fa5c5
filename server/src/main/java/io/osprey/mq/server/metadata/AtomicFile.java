package io.osprey.mq.server.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
    private final Path target;
    private final Path temp;

    AtomicFile(Path target) {
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
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new MetadataIoException("cannot write " + target + " durably", e);
        }
    }
}
