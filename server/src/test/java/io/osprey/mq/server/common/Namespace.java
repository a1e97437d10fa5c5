package io.osprey.mq.server.common;

import io.osprey.mq.server.common.DiskOperation.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory entries a {@link PowerCutDisk} has changed since the last power cut, and which {@link TrackedFile}
 * each name holds. POSIX makes a created, renamed or deleted entry durable only when its directory is fsynced (a
 * rename: both directories), so each change is held as pending, in order, with the directories still to be
 * fsynced; a cut undoes the pending ones newest first. Names that a change removed stay restorable: a deleted
 * entry is renamed into the trash folder, and a file replaced by a rename is hard-linked there first (so the
 * target name never disappears, as with a real rename); the trash copy is purged when the change becomes durable.
 *
 * <p>Not modelled: renaming a directory (refused; the store never does it), and a durable later change that
 * depends on a pending earlier one in another directory (a real disk can then show a file under two names; here
 * the earlier change's undo finds its entry gone and the file is lost). Every method holds this object's monitor,
 * the one lock for all namespace changes; it is taken before a {@link TrackedFile}'s, never after.
 */
final class Namespace {
    /** Lets an operation happen, or throws (power off, or a trigger fires); called right before each one acts. */
    @FunctionalInterface
    interface Gate {
        void enter(DiskOperation operation) throws PowerCutException;
    }

    record Opened(FileChannel delegate, TrackedFile file) {
    }

    private final Path trash;
    private final Gate gate;
    private final Map<Path, TrackedFile> byName = new HashMap<>();
    private final List<TrackedFile> tracked = new ArrayList<>();
    private final List<PendingChange> pending = new ArrayList<>();
    private long nextId;

    Namespace(Path trash, Gate gate) {
        this.trash = trash;
        this.gate = gate;
    }

    synchronized Opened open(Path path, Set<? extends OpenOption> options) throws IOException {
        boolean writable = options.contains(StandardOpenOption.WRITE);
        boolean existed = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        // FileChannel.open ignores CREATE for a read-only open
        boolean creates = !existed && writable
                && (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW));
        gate.enter(DiskOperation.on(creates ? Kind.OPEN_CREATE : Kind.OPEN, path));
        Set<OpenOption> real = new HashSet<>(options);
        // the pre-images of a truncation must be saved first; and they are read through the same channel
        real.remove(StandardOpenOption.TRUNCATE_EXISTING);
        real.add(StandardOpenOption.READ);
        FileChannel delegate = FileChannel.open(path, real);
        try {
            TrackedFile file;
            if (creates) {
                file = track(path, 0);
                pending.add(new PendingChange(new Created(path), path.getParent()));
            } else {
                file = tracked(path);
            }
            if (existed && writable && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                file.truncate(delegate, 0);
            }
            return new Opened(delegate, file);
        } catch (IOException | RuntimeException e) {
            try {
                delegate.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    synchronized void createDirectory(Path directory) throws IOException {
        gate.enter(DiskOperation.on(Kind.MKDIR, directory));
        Files.createDirectory(directory);
        pending.add(new PendingChange(new MadeDirectory(directory), directory.getParent()));
    }

    synchronized void move(Path source, Path target) throws IOException {
        gate.enter(DiskOperation.move(source, target));
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(source.toString());
        }
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsupportedOperationException("PowerCutDisk does not model renaming a directory: " + source);
        }
        if (source.equals(target)) {
            return;
        }
        TrackedFile moving = tracked(source);
        TrackedFile replaced = null;
        Path replacedInTrash = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(source.toString(), target.toString(), "target is a directory");
            }
            replaced = tracked(target);
            replacedInTrash = trashName(target);
            Files.createLink(replacedInTrash, target);
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (replacedInTrash != null) {
                Files.delete(replacedInTrash);
            }
            throw e;
        }
        byName.remove(source);
        byName.put(target, moving);
        moving.movedTo(target);
        if (replaced != null) {
            byName.put(replacedInTrash, replaced);
            replaced.movedTo(replacedInTrash);
        }
        pending.add(new PendingChange(new Renamed(source, target, replacedInTrash, replaced),
                source.getParent(), target.getParent()));
    }

    synchronized boolean deleteIfExists(Path entry) throws IOException {
        gate.enter(DiskOperation.on(Kind.DELETE, entry));
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        TrackedFile file = null;
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(entry)) {
                if (children.findAny().isPresent()) {
                    throw new DirectoryNotEmptyException(entry.toString());
                }
            }
        } else {
            file = tracked(entry);
        }
        Path inTrash = trashName(entry);
        Files.move(entry, inTrash, StandardCopyOption.ATOMIC_MOVE);
        byName.remove(entry);
        if (file != null) {
            byName.put(inTrash, file);
            file.movedTo(inTrash);
        }
        pending.add(new PendingChange(new Deleted(entry, inTrash, file), entry.getParent()));
        return true;
    }

    synchronized void fsyncDirectory(Path directory) throws IOException {
        gate.enter(DiskOperation.on(Kind.FSYNC_DIR, directory));
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString());
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        for (Iterator<PendingChange> it = pending.iterator(); it.hasNext(); ) {
            PendingChange change = it.next();
            change.unsyncedDirectories.remove(directory);
            if (change.unsyncedDirectories.isEmpty()) {
                it.remove();
                change.change.becameDurable(this);
            }
        }
    }

    synchronized long heldPages() {
        return tracked.stream().mapToLong(TrackedFile::heldPages).sum();
    }

    synchronized int pendingChanges() {
        return pending.size();
    }

    /**
     * Rewrites the real folders to the post-power-loss image and forgets everything, so the next boot starts
     * from a disk where all is durable. Data first (each file where its name is now, trash included), then the
     * namespace, newest change first.
     */
    synchronized void writePowerLossImage(CutMode mode, Random random) throws IOException {
        try {
            if (mode != CutMode.KEEP_EVERYTHING) {
                Random writeBack = mode == CutMode.RANDOM_PAGES ? random : null;
                for (TrackedFile file : tracked) {
                    file.writePowerLossImage(writeBack);
                }
                for (int i = pending.size() - 1; i >= 0; i--) {
                    pending.get(i).change.undo();
                }
            }
        } finally {
            pending.clear();
            byName.clear();
            tracked.clear();
            try (Stream<Path> leftovers = Files.list(trash)) {
                for (Path leftover : leftovers.toList()) {
                    deleteTree(leftover);
                }
            }
        }
    }

    private TrackedFile tracked(Path path) throws IOException {
        TrackedFile file = byName.get(path);
        return file != null ? file : track(path, Files.size(path));
    }

    private TrackedFile track(Path path, long durableSize) {
        TrackedFile file = new TrackedFile(nextId++, path, durableSize);
        byName.put(path, file);
        tracked.add(file);
        return file;
    }

    private Path trashName(Path entry) {
        return trash.resolve(nextId++ + "-" + entry.getFileName());
    }

    private void purge(Path inTrash, TrackedFile file) throws IOException {
        Files.deleteIfExists(inTrash);
        if (file != null) {
            byName.remove(inTrash);
            file.movedTo(null);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Moves a name back, unless the folder it lived in is itself gone (then the entry is lost, as on a disk). */
    private static void restoreName(Path from, Path to) throws IOException {
        if (Files.isDirectory(to.getParent())) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static final class PendingChange {
        final Change change;
        final Set<Path> unsyncedDirectories = new HashSet<>();

        PendingChange(Change change, Path... directories) {
            this.change = change;
            unsyncedDirectories.addAll(List.of(directories));
        }
    }

    private sealed interface Change permits Created, MadeDirectory, Renamed, Deleted {
        void becameDurable(Namespace namespace) throws IOException;

        void undo() throws IOException;
    }

    private record Created(Path file) implements Change {
        @Override
        public void becameDurable(Namespace namespace) {
        }

        @Override
        public void undo() throws IOException {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
            }
        }
    }

    /** Undone with whatever was put in it: without the parent's fsync, nothing in it is reachable. */
    private record MadeDirectory(Path directory) implements Change {
        @Override
        public void becameDurable(Namespace namespace) {
        }

        @Override
        public void undo() throws IOException {
            deleteTree(directory);
        }
    }

    private record Renamed(Path source, Path target, Path replacedInTrash, TrackedFile replaced) implements Change {
        @Override
        public void becameDurable(Namespace namespace) throws IOException {
            if (replacedInTrash != null) {
                namespace.purge(replacedInTrash, replaced);
            }
        }

        @Override
        public void undo() throws IOException {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(source.getParent())) {
                    Files.move(target, source, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.delete(target);
                }
            }
            if (replacedInTrash != null && Files.exists(replacedInTrash, LinkOption.NOFOLLOW_LINKS)) {
                restoreName(replacedInTrash, target);
            }
        }
    }

    private record Deleted(Path entry, Path inTrash, TrackedFile file) implements Change {
        @Override
        public void becameDurable(Namespace namespace) throws IOException {
            namespace.purge(inTrash, file);
        }

        @Override
        public void undo() throws IOException {
            if (Files.exists(inTrash, LinkOption.NOFOLLOW_LINKS)) {
                restoreName(inTrash, entry);
            }
        }
    }
}
