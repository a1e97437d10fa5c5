package io.osprey.mq.server.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Every file-system call whose durability the store and the broker's metadata depend on, in one place: opening
 * files for writing, creating, renaming and deleting directory entries, and fsyncing directories. The power-loss
 * tests open the broker through a disk that forgets whatever was not forced; production uses {@link #local()}.
 *
 * <p>The contract is POSIX's, and the code above it must not assume more: bytes written to a channel survive a
 * power loss only once {@link FileChannel#force} returned (in any order, any subset of pages, before that); a
 * created, renamed or deleted directory entry survives only once {@link #fsyncDirectory} of its directory
 * returned. Reads need no indirection: what the operating system shows is what a reader sees, so they use
 * {@code java.nio.file} directly.
 */
public interface Disk {
    /** The machine's own file system. */
    static Disk local() {
        return LocalDisk.INSTANCE;
    }

    /** Opens {@code file} as {@link FileChannel#open(Path, OpenOption...)} does. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Creates one directory whose parent exists (not durable until the parent is fsynced). */
    void createDirectory(Path directory) throws IOException;

    /** Renames {@code source} over {@code target} atomically, replacing it (durable once the directory is fsynced). */
    void move(Path source, Path target) throws IOException;

    /** Deletes a file or an empty directory if present (durable once its directory is fsynced). */
    boolean deleteIfExists(Path path) throws IOException;

    /** fsyncs {@code directory}: the entries created, renamed or deleted in it so far survive a power loss. */
    void fsyncDirectory(Path directory) throws IOException;
}
