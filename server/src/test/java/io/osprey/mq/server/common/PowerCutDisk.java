package io.osprey.mq.server.common;

import io.osprey.mq.server.common.DiskOperation.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * A {@link Disk} that can lose power: open a real store or broker on it, run load, {@link #cut} (or let a
 * {@link #cutBefore trigger} cut at a precise operation), {@link #powerOn()}, and reopen on the same folder to see
 * what survived. It keeps POSIX's promises and nothing more, adversarially:
 *
 * <ul>
 *   <li><b>Data</b> (fsync(2)/fdatasync(2)): bytes written to a file survive only once a {@code force} of that
 *       file returned; until then any subset of its pages may be lost. The first write to a 4 KiB page since the
 *       file's last force saves the page's durable content (copy-on-write; only such pages are held in memory).
 *       A file's size (growth by a write, {@code truncate}) is durable only after a force too; fdatasync counts,
 *       as it must persist the size that reading the data back needs.</li>
 *   <li><b>Namespace</b> (fsync of a directory): a created file ({@code open} with CREATE/CREATE_NEW of a file
 *       that did not exist), {@code createDirectory}, {@code move} (replacing the target) and {@code deleteIfExists}
 *       survive only once {@link #fsyncDirectory} of the directory holding the entry returned (for a move, of
 *       both directories). A deleted or replaced file waits in the trash folder (outside the data folder, on the
 *       same file system) until its removal is durable.</li>
 *   <li><b>Power cut</b>: atomic with respect to every operation of every thread: an operation either completed
 *       before the cut and is subject to it, or throws {@link PowerCutException}. Every channel opened before is
 *       dead for good; the real files are rewritten to the image the {@link CutMode} says; the disk stays off
 *       (every operation throws) until {@link #powerOn()} starts the next boot, so the dead broker's threads
 *       cannot write into the image while the test shuts them down. Tracking starts clean at each boot: whatever
 *       is on the real disk then is durable.</li>
 * </ul>
 *
 * <p>Reads need no model (the page cache is what readers see): read through {@code java.nio.file} or the channels.
 * Every change to the data folders must go through this disk, or its map of which name holds which file goes
 * stale. Real fsyncs are never issued: the host never loses power during a test.
 *
 * <p>Locking: a read/write "power" lock, shared by every operation and taken exclusively by a cut; inside it one
 * monitor for all namespace changes and one per file for its data, so a writer thread and a forcing thread of
 * different files never wait for each other.
 */
public final class PowerCutDisk implements Disk {
    /** The page size the model tracks; write-back is all-or-nothing per page. */
    public static final int PAGE_BYTES = TrackedFile.PAGE_BYTES;

    private enum Power { ON, CUTTING, OFF }

    private final Path trash;
    private final Random writeBack;
    private final Namespace namespace;
    private final ReentrantReadWriteLock powerLock = new ReentrantReadWriteLock();
    /** Written under {@link #triggers}' monitor, so that a trigger's match and its cut are one step. */
    private volatile Power power = Power.ON;
    private volatile long boot;
    private volatile CompletableFuture<Void> poweredOff = new CompletableFuture<>();
    private final List<CutTrigger> triggers = new CopyOnWriteArrayList<>();
    private final Set<PowerCutChannel> openChannels = ConcurrentHashMap.newKeySet();
    private final Map<Kind, LongAdder> countsByKind = new ConcurrentHashMap<>();
    private final Map<CountKey, LongAdder> countsByPath = new ConcurrentHashMap<>();

    /**
     * @param trashDirectory where deleted and replaced files wait until their removal is durable: outside every
     *                       folder the store uses, on the same file system (created if missing, emptied)
     * @param seed           seeds the choices of {@link CutMode#RANDOM_PAGES}, so a failing run can be replayed
     */
    public PowerCutDisk(Path trashDirectory, long seed) throws IOException {
        this.trash = trashDirectory.toAbsolutePath().normalize();
        this.writeBack = new Random(seed);
        Files.createDirectories(trash);
        this.namespace = new Namespace(trash, this::happening);
        // start from an empty trash, so that the files in it are exactly the pending removals
        namespace.writePowerLossImage(CutMode.KEEP_EVERYTHING, writeBack);
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        Path path = normal(file);
        Set<OpenOption> requested = Set.copyOf(List.of(options));
        if (requested.contains(StandardOpenOption.APPEND) || requested.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new UnsupportedOperationException("PowerCutDisk does not model APPEND or DELETE_ON_CLOSE: "
                    + requested);
        }
        boolean writable = requested.contains(StandardOpenOption.WRITE);
        boolean readable = requested.contains(StandardOpenOption.READ) || !writable;
        boolean forceEachWrite = requested.contains(StandardOpenOption.SYNC)
                || requested.contains(StandardOpenOption.DSYNC);
        return perform(null, () -> {
            Namespace.Opened opened = namespace.open(path, requested);
            PowerCutChannel channel = new PowerCutChannel(this, boot, path, opened.delegate(), opened.file(),
                    readable, writable, forceEachWrite);
            openChannels.add(channel);
            return channel;
        });
    }

    @Override
    public void createDirectory(Path directory) throws IOException {
        perform(null, () -> {
            namespace.createDirectory(normal(directory));
            return null;
        });
    }

    /** As {@link Disk#move}, for files only: renaming a directory is not modelled and throws. */
    @Override
    public void move(Path source, Path target) throws IOException {
        perform(null, () -> {
            namespace.move(normal(source), normal(target));
            return null;
        });
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return perform(null, () -> namespace.deleteIfExists(normal(path)));
    }

    /** Makes the pending changes of entries in {@code directory} durable (no real fsync is issued). */
    @Override
    public void fsyncDirectory(Path directory) throws IOException {
        perform(null, () -> {
            namespace.fsyncDirectory(normal(directory));
            return null;
        });
    }

    /**
     * Cuts the power now and writes the post-power-loss image. Returns false, after waiting for that cut's image,
     * if the power was already being cut or off (a trigger may have beaten the caller to it).
     *
     * @throws IOException if the image could not be written (the test's real disk failed)
     */
    public boolean cut(CutMode mode) throws IOException {
        Objects.requireNonNull(mode, "mode");
        boolean cutting;
        synchronized (triggers) {
            cutting = power == Power.ON;
            if (cutting) {
                power = Power.CUTTING;
            }
        }
        if (!cutting) {
            awaitPoweredOff();
            return false;
        }
        powerDown(mode, null, null);
        return true;
    }

    /**
     * Arms a cut before the first operation that matches. {@code match} runs for every operation, under the
     * disk's locks: it must be quick and must not call the disk.
     */
    public CutTrigger cutBefore(Predicate<DiskOperation> match, CutMode mode) {
        return cutBefore(match, 1, mode);
    }

    /** Arms a cut before the {@code occurrence}-th operation (counting from 1, from now) that matches. */
    public CutTrigger cutBefore(Predicate<DiskOperation> match, long occurrence, CutMode mode) {
        CutTrigger trigger = new CutTrigger(match, occurrence, mode);
        synchronized (triggers) {
            triggers.add(trigger);
        }
        return trigger;
    }

    /** Disarms {@code trigger} if it has not fired; true if it was armed. Its future stays incomplete. */
    public boolean disarm(CutTrigger trigger) {
        synchronized (triggers) {
            return triggers.remove(trigger);
        }
    }

    /**
     * Starts the next boot on what the last cut left: new opens work, channels of earlier boots stay dead, and
     * the operation counts start from zero. Waits for a cut in progress to finish its image.
     *
     * @throws IllegalStateException if the power is on
     */
    public void powerOn() throws IOException {
        if (power == Power.ON) {
            throw new IllegalStateException("the power is on: cut it first");
        }
        awaitPoweredOff();
        Lock exclusive = powerLock.writeLock();
        exclusive.lock();
        try {
            if (power != Power.OFF) {
                throw new IllegalStateException("the power is " + power + ": another thread powered on");
            }
            countsByKind.clear();
            countsByPath.clear();
            boot++;
            poweredOff = new CompletableFuture<>();
            synchronized (triggers) {
                power = Power.ON;
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** Operations of {@code kind} that happened this boot (one cut before by a trigger did not happen). */
    public long count(Kind kind) {
        LongAdder n = countsByKind.get(kind);
        return n == null ? 0 : n.sum();
    }

    /** Operations of {@code kind} on {@code path} this boot (for a move: from {@code path}). */
    public long count(Kind kind, Path path) {
        LongAdder n = countsByPath.get(new CountKey(kind, normal(path)));
        return n == null ? 0 : n.sum();
    }

    /** Pages written since their file's last force: what a cut may lose (and what this disk holds in memory). */
    public long unforcedPages() {
        return namespace.heldPages();
    }

    /** Directory entry changes not yet made durable by a directory fsync. */
    public int pendingNamespaceChanges() {
        return namespace.pendingChanges();
    }

    public boolean isPowerOn() {
        return power == Power.ON;
    }

    /**
     * Runs {@code call} as one operation with respect to a cut. {@code channel} is null for disk operations, and
     * a channel of an earlier boot is dead even when the power is on.
     */
    <T> T perform(PowerCutChannel channel, IoCall<T> call) throws IOException {
        TriggerFired fired;
        Lock shared = powerLock.readLock();
        shared.lock();
        try {
            requirePower();
            if (channel != null && channel.boot() != boot) {
                throw new PowerCutException(channel + " was opened before the last power cut");
            }
            return call.run();
        } catch (TriggerFired e) {
            fired = e;
        } finally {
            shared.unlock();
        }
        PowerCutException cut = new PowerCutException("cut before " + fired.operation);
        try {
            powerDown(fired.trigger.mode(), fired.trigger, fired.operation);
        } catch (IOException e) {
            cut.addSuppressed(e);
        }
        throw cut;
    }

    /**
     * Called by each operation right before it touches the file system: lets it happen and counts it, or throws
     * because the power is off or a trigger picked it as the one to cut before.
     */
    void happening(DiskOperation operation) throws PowerCutException {
        if (!triggers.isEmpty()) {
            synchronized (triggers) {
                requirePower();
                for (CutTrigger trigger : triggers) {
                    if (trigger.offer(operation)) {
                        triggers.remove(trigger);
                        power = Power.CUTTING;
                        throw new TriggerFired(trigger, operation);
                    }
                }
            }
        } else {
            requirePower();
        }
        countsByKind.computeIfAbsent(operation.kind(), k -> new LongAdder()).increment();
        countsByPath.computeIfAbsent(new CountKey(operation.kind(), operation.path()), k -> new LongAdder())
                .increment();
    }

    void closed(PowerCutChannel channel) {
        openChannels.remove(channel);
    }

    private void requirePower() throws PowerCutException {
        if (power != Power.ON) {
            throw new PowerCutException("the disk is off (powerOn() starts the next boot)");
        }
    }

    private void powerDown(CutMode mode, CutTrigger trigger, DiskOperation before) throws IOException {
        IOException failure = null;
        Lock exclusive = powerLock.writeLock();
        exclusive.lock();
        try {
            for (PowerCutChannel channel : openChannels) {
                try {
                    channel.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            openChannels.clear();
            try {
                namespace.writePowerLossImage(mode, writeBack);
            } catch (IOException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
            synchronized (triggers) {
                power = Power.OFF;
            }
        } finally {
            exclusive.unlock();
        }
        List<CutTrigger> disarmed;
        synchronized (triggers) {
            disarmed = new ArrayList<>(triggers);
            triggers.clear();
        }
        disarmed.forEach(CutTrigger::disarmed);
        if (failure == null) {
            if (trigger != null) {
                trigger.firedBefore(before);
            }
            poweredOff.complete(null);
        } else {
            if (trigger != null) {
                trigger.failed(failure);
            }
            poweredOff.completeExceptionally(failure);
            throw failure;
        }
    }

    private void awaitPoweredOff() throws IOException {
        try {
            poweredOff.join();
        } catch (CompletionException e) {
            throw new IOException("the power-loss image could not be written", e.getCause());
        }
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "power-cut disk (boot " + boot + ", " + power + ", trash " + trash + ")";
    }

    private record CountKey(Kind kind, Path path) {
    }

    /** Carries a trigger's decision out of the operation to {@link #perform}, which cuts outside the shared lock. */
    private static final class TriggerFired extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient CutTrigger trigger;
        final transient DiskOperation operation;

        TriggerFired(CutTrigger trigger, DiskOperation operation) {
            super(null, null, false, false);
            this.trigger = trigger;
            this.operation = operation;
        }
    }
}
