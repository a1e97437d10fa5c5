package io.osprey.mq.server.security;

import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A {@link Disk} whose files, where the file system has POSIX permissions, are {@code rw-------} from the moment
 * they exist: the temp file {@code AtomicFiles} writes and renames is created (or, left over from a crash,
 * narrowed) before a byte goes in, so the users' hashes are never readable by others, not even briefly. Elsewhere
 * it is the disk it wraps.
 */
final class OwnerOnlyDisk implements Disk {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Disk disk;

    OwnerOnlyDisk(Disk disk) {
        this.disk = disk;
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        if (Arrays.asList(options).contains(StandardOpenOption.CREATE) && supportsPosix(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
        return disk.open(file, options);
    }

    @Override
    public void createDirectory(Path directory) throws IOException {
        disk.createDirectory(directory);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        disk.move(source, target);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return disk.deleteIfExists(path);
    }

    @Override
    public void fsyncDirectory(Path directory) throws IOException {
        disk.fsyncDirectory(directory);
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
