package io.osprey.mq.server.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The durable compound operations on a {@link Disk}: small files replaced so that after any crash the reader
 * sees either the old or the new content, never a mix (write a temp file, fsync it, rename it over the target,
 * fsync the directory so the rename itself survives a power loss); durable deletion; durable folder creation.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code target}'s content durably: when this returns, the new bytes survive a power loss. */
    public static void write(Disk disk, Path target, byte[] content) throws IOException {
        createDirectories(disk, target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = disk.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            // the data must be on disk before the name points at it, or a power loss leaves an empty target
            channel.force(true);
        }
        disk.move(temp, target);
        disk.fsyncDirectory(target.getParent());
    }

    /** Deletes {@code target} if present and makes the deletion durable. */
    public static void delete(Disk disk, Path target) throws IOException {
        if (disk.deleteIfExists(target)) {
            disk.fsyncDirectory(target.getParent());
        }
    }

    /**
     * Creates {@code directory} and any missing parent, fsyncing the parent of each one created: a file later
     * made durable inside it is only reachable after a power loss if every folder on its path is.
     */
    public static void createDirectories(Disk disk, Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path created = missing.pop();
            try {
                disk.createDirectory(created);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(created)) {
                    throw e;
                }
                // another thread made it between the check and the call: fsync anyway, it may not have yet
            }
            disk.fsyncDirectory(created.getParent());
        }
    }
}
