package io.osprey.mq.server.common;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One durability-relevant call on a {@link PowerCutDisk}, as a {@link CutTrigger} sees it before it happens.
 * Paths are absolute and normalized; a channel's operations name the path it was opened with.
 *
 * @param kind     what the call does
 * @param path     the file or directory it acts on (for {@link Kind#MOVE}, the source)
 * @param target   for {@link Kind#MOVE} the new name, otherwise {@code null}
 * @param position for {@link Kind#WRITE} the file offset written at, for {@link Kind#TRUNCATE} the new size,
 *                 otherwise 0
 * @param length   for {@link Kind#WRITE} the number of bytes offered, otherwise 0
 */
public record DiskOperation(Kind kind, Path path, Path target, long position, long length) {
    /** The kinds of operation, one for each promise the disk models. */
    public enum Kind {
        /** {@code Disk.open} of a file that exists (or a read-only open): no namespace change. */
        OPEN,
        /** {@code Disk.open} with CREATE or CREATE_NEW of a file that did not exist: a new directory entry. */
        OPEN_CREATE,
        /** A write on a channel, relative, positional or gathering. */
        WRITE,
        /** {@code FileChannel.truncate} (a size change, durable at the next force). */
        TRUNCATE,
        /** {@code FileChannel.force}, either flavour. */
        FORCE,
        /** {@code Disk.createDirectory}. */
        MKDIR,
        /** {@code Disk.move}. */
        MOVE,
        /** {@code Disk.deleteIfExists}, whether or not something was there. */
        DELETE,
        /** {@code Disk.fsyncDirectory}. */
        FSYNC_DIR
    }

    public DiskOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        if ((kind == Kind.MOVE) != (target != null)) {
            throw new IllegalArgumentException("a target is given exactly for MOVE, not " + kind + ": " + target);
        }
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("negative position " + position + " or length " + length);
        }
    }

    static DiskOperation on(Kind kind, Path path) {
        return new DiskOperation(kind, path, null, 0, 0);
    }

    static DiskOperation write(Path path, long position, long length) {
        return new DiskOperation(Kind.WRITE, path, null, position, length);
    }

    static DiskOperation truncate(Path path, long size) {
        return new DiskOperation(Kind.TRUNCATE, path, null, size, 0);
    }

    static DiskOperation move(Path source, Path target) {
        return new DiskOperation(Kind.MOVE, source, target, 0, 0);
    }

    /** True if this is a {@code kind} operation on {@code location} or anything under it (either name of a move). */
    public boolean is(Kind kind, Path location) {
        Path under = location.toAbsolutePath().normalize();
        return this.kind == kind && (path.startsWith(under) || (target != null && target.startsWith(under)));
    }
}
