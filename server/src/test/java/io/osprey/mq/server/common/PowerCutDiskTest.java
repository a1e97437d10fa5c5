package io.osprey.mq.server.common;

import static io.osprey.mq.server.common.PowerCutDisk.PAGE_BYTES;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.server.common.DiskOperation.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowerCutDiskTest {
    @TempDir
    Path root;
    Path data;
    Path trash;
    PowerCutDisk disk;

    @BeforeEach
    void bootOnAnEmptyDataFolder() throws IOException {
        data = Files.createDirectory(root.resolve("data"));
        trash = root.resolve("trash");
        disk = new PowerCutDisk(trash, 42);
    }

    // ---- data ----

    @Test
    void writtenButNotForcedIsLostOnLoseUnforced() throws IOException {
        Path file = durableFile("f", "durable");
        try (FileChannel channel = disk.open(file, WRITE)) {
            write(channel, 7, "-lost");
            write(channel, 3L * PAGE_BYTES, "lost too");
        }
        assertThat(text(file)).startsWith("durable-lost");

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(file)).isEqualTo("durable");
    }

    @Test
    void writtenButNotForcedIsKeptOnKeepEverything() throws IOException {
        Path file = durableFile("f", "durable");
        try (FileChannel channel = disk.open(file, WRITE)) {
            write(channel, 7, "-kept");
        }

        reboot(CutMode.KEEP_EVERYTHING);

        assertThat(text(file)).isEqualTo("durable-kept");
    }

    @ParameterizedTest(name = "force({0})")
    @ValueSource(booleans = {true, false})
    void forcedWritesSurvive(boolean metaData) throws IOException {
        Path file = durableFile("f", "");
        try (FileChannel channel = disk.open(file, WRITE)) {
            write(channel, 0, "one");
            write(channel, 2L * PAGE_BYTES, "two");
            channel.force(metaData);
            assertThat(disk.unforcedPages()).isZero();
        }

        reboot(CutMode.LOSE_UNFORCED);

        byte[] content = Files.readAllBytes(file);
        assertThat(content).hasSize(2 * PAGE_BYTES + 3);
        assertThat(new String(content, 0, 3, UTF_8)).isEqualTo("one");
        assertThat(new String(content, 2 * PAGE_BYTES, 3, UTF_8)).isEqualTo("two");
    }

    @Test
    void onlyPagesWrittenSinceTheLastForceAreHeld() throws IOException {
        Path file = durableFile("f", "");
        try (FileChannel channel = disk.open(file, WRITE)) {
            channel.write(ByteBuffer.allocate(3 * PAGE_BYTES), 10);
            assertThat(disk.unforcedPages()).isEqualTo(4);
            channel.force(false);
            assertThat(disk.unforcedPages()).isZero();
        }
    }

    @Test
    void sizeGrowthWithoutForceIsRolledBack() throws IOException {
        Path file = durableFile("f", "small");
        try (FileChannel channel = disk.open(file, READ, WRITE)) {
            // what SegmentFile.extend does to preallocate
            channel.write(ByteBuffer.wrap(new byte[1]), 5L * PAGE_BYTES - 1);
            assertThat(channel.size()).isEqualTo(5L * PAGE_BYTES);
        }

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(file)).isEqualTo("small");
    }

    @Test
    void truncateWithoutForceIsRolledBackWithTheContentItCut() throws IOException {
        byte[] pattern = pattern(3 * PAGE_BYTES + 100, 1);
        Path file = durableFile("f", pattern);
        try (FileChannel channel = disk.open(file, READ, WRITE)) {
            channel.truncate(PAGE_BYTES / 2);
            channel.write(ByteBuffer.wrap(new byte[1]), 3L * PAGE_BYTES + 99);
        }
        assertThat(Files.readAllBytes(file)).isNotEqualTo(pattern);

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(Files.readAllBytes(file)).isEqualTo(pattern);
    }

    @Test
    void forcedTruncateStaysTruncated() throws IOException {
        Path file = durableFile("f", pattern(3 * PAGE_BYTES, 1));
        try (FileChannel channel = disk.open(file, READ, WRITE)) {
            channel.truncate(100);
            channel.force(false);
        }

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(pattern(3 * PAGE_BYTES, 1), 100));
    }

    @Test
    void truncateExistingOnOpenIsASizeChangeLikeAnyOther() throws IOException {
        Path file = durableFile("f", "durable");
        disk.open(file, WRITE, TRUNCATE_EXISTING).close();
        assertThat(Files.size(file)).isZero();

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(file)).isEqualTo("durable");
    }

    @Test
    void relativeAndGatheringWritesAreTrackedAtTheChannelPosition() throws IOException {
        Path file = durableFile("f", "0123456789");
        try (FileChannel channel = disk.open(file, READ, WRITE)) {
            channel.position(PAGE_BYTES - 2);
            channel.write(ByteBuffer.wrap("ab".getBytes(UTF_8)));
            channel.write(new ByteBuffer[] {ByteBuffer.wrap("cd".getBytes(UTF_8)),
                ByteBuffer.wrap("ef".getBytes(UTF_8))});
            assertThat(channel.position()).isEqualTo(PAGE_BYTES + 4);
            channel.position(0);
            channel.write(ByteBuffer.wrap("XY".getBytes(UTF_8)));
            ByteBuffer[] back = {ByteBuffer.allocate(4), ByteBuffer.allocate(4)};
            channel.position(0);
            assertThat(channel.read(back)).isEqualTo(8);
            assertThat(new String(back[0].array(), UTF_8) + new String(back[1].array(), UTF_8)).isEqualTo("XY234567");
            assertThat(disk.unforcedPages()).isEqualTo(2);
        }

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(file)).isEqualTo("0123456789");
    }

    @Test
    void randomPagesLosesSomeUnforcedPagesKeepsOthersAndNeverTouchesForcedOnes() throws IOException {
        byte[] image = randomPagesImage(7);

        // pages 0..31: written and forced, never touched
        for (int page = 0; page < 32; page++) {
            assertThat(page(image, page)).as("forced page %d", page).containsOnly('B');
        }
        // pages 32..63: unforced overwrite of forced content, page by page either reached the disk or not
        int kept = 0;
        int lost = 0;
        for (int page = 32; page < 64; page++) {
            byte[] content = page(image, page);
            if (onlyByte(content, 'C')) {
                kept++;
            } else {
                assertThat(content).as("page %d is whole: old or new", page).containsOnly('B');
                lost++;
            }
        }
        assertThat(kept).isPositive();
        assertThat(lost).isPositive();
        // pages 64..95 grew the file without a force: all gone, or each page new or a hole
        assertThat(image.length).isIn(64 * PAGE_BYTES, 96 * PAGE_BYTES);
        for (int page = 64; page < image.length / PAGE_BYTES; page++) {
            byte[] content = page(image, page);
            assertThat(onlyByte(content, 'C') || onlyByte(content, 0)).as("page %d", page).isTrue();
        }
    }

    @Test
    void randomPagesReplaysWithTheSameSeed() throws IOException {
        byte[] first = randomPagesImage(7);
        byte[] again = randomPagesImage(7);
        assertThat(again).isEqualTo(first);
    }

    private byte[] randomPagesImage(long seed) throws IOException {
        Path folder = Files.createDirectories(root.resolve("random-" + System.nanoTime()));
        PowerCutDisk seeded = new PowerCutDisk(root.resolve("trash-" + folder.getFileName()), seed);
        Path file = folder.resolve("f");
        try (FileChannel channel = seeded.open(file, CREATE_NEW, WRITE)) {
            seeded.fsyncDirectory(folder);
            channel.write(ByteBuffer.wrap(filled(64 * PAGE_BYTES, 'A')), 0);
            channel.force(false);
            channel.write(ByteBuffer.wrap(filled(64 * PAGE_BYTES, 'B')), 0);
            channel.force(false);
            channel.write(ByteBuffer.wrap(filled(64 * PAGE_BYTES, 'C')), 32L * PAGE_BYTES);
        }
        seeded.cut(CutMode.RANDOM_PAGES);
        return Files.readAllBytes(file);
    }

    // ---- namespace ----

    @Test
    void createdFileVanishesUnlessItsDirectoryIsFsynced() throws IOException {
        Path lost = data.resolve("lost");
        Path kept = data.resolve("kept");
        try (FileChannel channel = disk.open(lost, CREATE_NEW, WRITE)) {
            write(channel, 0, "forced, but nameless");
            channel.force(true);
        }
        reboot(CutMode.LOSE_UNFORCED);
        assertThat(lost).doesNotExist();

        try (FileChannel channel = disk.open(kept, CREATE, WRITE)) {
            write(channel, 0, "forced and named");
            channel.force(true);
        }
        disk.fsyncDirectory(data);
        reboot(CutMode.LOSE_UNFORCED);
        assertThat(text(kept)).isEqualTo("forced and named");
    }

    @Test
    void createdFileWithoutDirectoryFsyncIsKeptOnKeepEverything() throws IOException {
        Path file = data.resolve("f");
        disk.open(file, CREATE_NEW, WRITE).close();

        reboot(CutMode.KEEP_EVERYTHING);

        assertThat(file).exists();
    }

    @Test
    void atomicWriteSurvives() throws IOException {
        Path target = data.resolve("meta.json");
        AtomicFiles.write(disk, target, "old".getBytes(UTF_8));
        AtomicFiles.write(disk, target, "new".getBytes(UTF_8));
        assertThat(disk.pendingNamespaceChanges()).isZero();

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(target)).isEqualTo("new");
        assertThat(data.resolve("meta.json.tmp")).doesNotExist();
    }

    @Test
    void renameWithoutDirectoryFsyncRevertsToTheOldContent() throws IOException {
        Path target = data.resolve("meta.json");
        AtomicFiles.write(disk, target, "old".getBytes(UTF_8));
        Path temp = data.resolve("meta.json.tmp");
        try (FileChannel channel = disk.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            write(channel, 0, "new");
            channel.force(true);
        }
        disk.move(temp, target);
        // AtomicFiles.write would fsync the directory here
        assertThat(text(target)).isEqualTo("new");

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(target)).isEqualTo("old");
        assertThat(temp).doesNotExist();
    }

    @Test
    void renameWithoutDataForceLeavesAnEmptyTarget() throws IOException {
        Path target = data.resolve("meta.json");
        AtomicFiles.write(disk, target, "old".getBytes(UTF_8));
        Path temp = data.resolve("meta.json.tmp");
        try (FileChannel channel = disk.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            write(channel, 0, "new");
            // AtomicFiles.write would force here
        }
        disk.move(temp, target);
        disk.fsyncDirectory(data);

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(Files.readAllBytes(target)).isEmpty();
    }

    @Test
    void firstAtomicWriteWithoutDirectoryFsyncLeavesNoFile() throws IOException {
        Path target = data.resolve("meta.json");
        Path temp = data.resolve("meta.json.tmp");
        try (FileChannel channel = disk.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            write(channel, 0, "first");
            channel.force(true);
        }
        disk.move(temp, target);

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(target).doesNotExist();
        assertThat(temp).doesNotExist();
    }

    @Test
    void deleteWithoutDirectoryFsyncIsUndoneWithTheFilesOwnDurableImage() throws IOException {
        Path file = durableFile("f", "durable");
        try (FileChannel channel = disk.open(file, WRITE)) {
            write(channel, 7, "-unforced");
        }
        assertThat(disk.deleteIfExists(file)).isTrue();
        assertThat(file).doesNotExist();

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(file)).isEqualTo("durable");
    }

    @Test
    void durableDeleteIsPurgedFromTheTrash() throws IOException {
        Path file = durableFile("f", "gone");
        AtomicFiles.delete(disk, file);
        assertThat(trash).isEmptyDirectory();

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(file).doesNotExist();
    }

    @Test
    void deletingAMissingEntryOrAFullFolderChangesNothing() throws IOException {
        assertThat(disk.deleteIfExists(data.resolve("missing"))).isFalse();
        durableFile("f", "x");
        assertThatThrownBy(() -> disk.deleteIfExists(data)).isInstanceOf(DirectoryNotEmptyException.class);
        assertThat(disk.pendingNamespaceChanges()).isZero();
        assertThat(disk.count(Kind.DELETE)).isEqualTo(2);
    }

    @Test
    void mkdirWithoutParentFsyncTakesItsWholeSubtree() throws IOException {
        Path folder = data.resolve("a");
        disk.createDirectory(folder);
        disk.createDirectory(folder.resolve("b"));
        Path file = folder.resolve("b").resolve("f");
        try (FileChannel channel = disk.open(file, CREATE_NEW, WRITE)) {
            write(channel, 0, "deep");
            channel.force(true);
        }
        disk.fsyncDirectory(folder.resolve("b"));
        disk.fsyncDirectory(folder);
        // data itself is not fsynced: "a" has no durable name

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(folder).doesNotExist();
    }

    @Test
    void durablyCreatedFoldersKeepTheirDurableFiles() throws IOException {
        Path folder = data.resolve("a").resolve("b");
        AtomicFiles.createDirectories(disk, folder);
        AtomicFiles.write(disk, folder.resolve("f"), "deep".getBytes(UTF_8));

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(folder.resolve("f"))).isEqualTo("deep");
    }

    @Test
    void deletedEmptyFolderComesBackWithoutParentFsync() throws IOException {
        Path folder = data.resolve("queue");
        AtomicFiles.createDirectories(disk, folder);
        Path file = folder.resolve("segment");
        AtomicFiles.write(disk, file, "entries".getBytes(UTF_8));
        assertThat(disk.deleteIfExists(file)).isTrue();
        assertThat(disk.deleteIfExists(folder)).isTrue();

        reboot(CutMode.LOSE_UNFORCED);

        assertThat(text(file)).isEqualTo("entries");
    }

    // ---- power ----

    @Test
    void channelsAreDeadAfterACut() throws IOException {
        Path file = durableFile("f", "content");
        FileChannel channel = disk.open(file, READ, WRITE);
        disk.cut(CutMode.KEEP_EVERYTHING);

        ByteBuffer buf = ByteBuffer.allocate(4);
        assertPowerCut(() -> channel.read(buf));
        assertPowerCut(() -> channel.read(buf, 0));
        assertPowerCut(() -> channel.read(new ByteBuffer[] {buf}));
        assertPowerCut(() -> channel.write(buf));
        assertPowerCut(() -> channel.write(buf, 0));
        assertPowerCut(() -> channel.write(new ByteBuffer[] {buf}));
        assertPowerCut(channel::position);
        assertPowerCut(() -> channel.position(1));
        assertPowerCut(channel::size);
        assertPowerCut(() -> channel.truncate(0));
        assertPowerCut(() -> channel.force(true));
        assertPowerCut(channel::lock);
        assertPowerCut(channel::tryLock);
        assertThat(channel.isOpen()).isFalse();
        channel.close();

        disk.powerOn();
        assertPowerCut(channel::size);
        try (FileChannel next = disk.open(file, READ)) {
            assertThat(next.size()).isEqualTo(7);
        }
    }

    @Test
    void theDiskIsOffUntilPoweredOn() throws IOException {
        Path file = durableFile("f", "x");
        disk.cut(CutMode.LOSE_UNFORCED);

        assertPowerCut(() -> disk.open(file, READ));
        assertPowerCut(() -> disk.createDirectory(data.resolve("d")));
        assertPowerCut(() -> disk.move(file, data.resolve("g")));
        assertPowerCut(() -> disk.deleteIfExists(file));
        assertPowerCut(() -> disk.fsyncDirectory(data));
        assertThat(disk.isPowerOn()).isFalse();
        assertThat(disk.cut(CutMode.LOSE_UNFORCED)).as("already off").isFalse();

        disk.powerOn();
        assertThatThrownBy(disk::powerOn).isInstanceOf(IllegalStateException.class);
        disk.open(file, READ).close();
    }

    @Test
    void locksWorkWhileThePowerIsOn() throws IOException {
        Path file = durableFile("f", "x");
        try (FileChannel channel = disk.open(file, READ, WRITE)) {
            var lock = channel.lock();
            assertThat(lock.channel()).isSameAs(channel);
            assertThat(lock.isValid()).isTrue();
            lock.release();
            assertThat(lock.isValid()).isFalse();
            try (var shared = channel.tryLock(0, 1, false)) {
                assertThat(shared).isNotNull();
            }
        }
    }

    @Test
    void unmodelledCallsAreRefused() throws IOException {
        Path file = durableFile("f", "x");
        try (FileChannel channel = disk.open(file, READ, WRITE)) {
            assertThatThrownBy(() -> channel.map(FileChannel.MapMode.READ_WRITE, 0, 1))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> channel.transferTo(0, 1, channel))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> channel.transferFrom(channel, 0, 1))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
        assertThatThrownBy(() -> disk.open(file, WRITE, StandardOpenOption.APPEND))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> disk.move(data, root.resolve("elsewhere")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void channelRespectsTheRequestedAccess() throws IOException {
        Path file = durableFile("f", "x");
        try (FileChannel readOnly = disk.open(file, READ); FileChannel writeOnly = disk.open(file, WRITE)) {
            assertThatThrownBy(() -> readOnly.write(ByteBuffer.allocate(1), 0))
                    .isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> writeOnly.read(ByteBuffer.allocate(1), 0))
                    .isInstanceOf(NonReadableChannelException.class);
        }
    }

    // ---- triggers and counts ----

    @Test
    void triggerCutsBeforeTheMatchingOperationExactlyOnce() throws Exception {
        Path file = durableFile("f", "durable");
        long writesBefore = disk.count(Kind.WRITE, file);
        CutTrigger trigger = disk.cutBefore(op -> op.is(Kind.WRITE, file), 3, CutMode.LOSE_UNFORCED);
        try (FileChannel channel = disk.open(file, WRITE)) {
            write(channel, 7, "-1");
            write(channel, 9, "-2");
            assertThat(trigger.fired()).isNotDone();
            assertThatThrownBy(() -> write(channel, 11, "-3")).isInstanceOf(PowerCutException.class)
                    .hasMessageContaining("power cut");
        }
        DiskOperation cutBefore = trigger.fired().get(10, TimeUnit.SECONDS);
        assertThat(cutBefore).isEqualTo(new DiskOperation(Kind.WRITE, file, null, 11, 2));
        assertThat(disk.count(Kind.WRITE, file)).as("the cut-before write did not happen").isEqualTo(writesBefore + 2);
        assertThat(text(file)).isEqualTo("durable");

        disk.powerOn();
        try (FileChannel channel = disk.open(file, WRITE)) {
            for (int i = 0; i < 5; i++) {
                write(channel, 7 + 2 * i, "+" + i);
            }
        }
        assertThat(disk.isPowerOn()).isTrue();
        assertThat(disk.count(Kind.WRITE, file)).isEqualTo(5);
    }

    @Test
    void cutBeforeAForceLosesTheDataItWouldHaveMadeDurable() throws Exception {
        Path file = durableFile("f", "durable");
        CutTrigger trigger = disk.cutBefore(op -> op.is(Kind.FORCE, data), CutMode.LOSE_UNFORCED);
        try (FileChannel channel = disk.open(file, WRITE)) {
            write(channel, 7, "-acknowledged?");
            assertPowerCut(() -> channel.force(false));
        }
        assertThat(trigger.fired().get(10, TimeUnit.SECONDS).kind()).isEqualTo(Kind.FORCE);
        assertThat(text(file)).isEqualTo("durable");
    }

    @Test
    void cutBeforeADirectoryFsyncLosesTheRename() throws Exception {
        Path target = data.resolve("meta.json");
        AtomicFiles.write(disk, target, "old".getBytes(UTF_8));
        disk.cutBefore(op -> op.kind() == Kind.FSYNC_DIR, CutMode.LOSE_UNFORCED);

        assertPowerCut(() -> AtomicFiles.write(disk, target, "new".getBytes(UTF_8)));

        assertThat(text(target)).isEqualTo("old");
    }

    @Test
    void aCutDisarmsTriggersThatDidNotFire() throws IOException {
        CutTrigger never = disk.cutBefore(op -> false, CutMode.LOSE_UNFORCED);
        disk.cut(CutMode.LOSE_UNFORCED);
        assertThatThrownBy(() -> never.fired().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancellationException.class);
        assertThat(disk.disarm(never)).isFalse();
    }

    @Test
    void countsOperationsPerKindAndPathForTheCurrentBoot() throws IOException {
        Path file = data.resolve("f");
        AtomicFiles.write(disk, file, "x".getBytes(UTF_8));
        assertThat(disk.count(Kind.OPEN_CREATE, data.resolve("f.tmp"))).isEqualTo(1);
        assertThat(disk.count(Kind.WRITE)).isEqualTo(1);
        assertThat(disk.count(Kind.FORCE)).isEqualTo(1);
        assertThat(disk.count(Kind.MOVE, data.resolve("f.tmp"))).isEqualTo(1);
        assertThat(disk.count(Kind.FSYNC_DIR, data)).isEqualTo(1);

        reboot(CutMode.KEEP_EVERYTHING);

        assertThat(disk.count(Kind.WRITE)).isZero();
    }

    // ---- helpers ----

    private void reboot(CutMode mode) throws IOException {
        assertThat(disk.cut(mode)).isTrue();
        disk.powerOn();
    }

    private Path durableFile(String name, String content) throws IOException {
        return durableFile(name, content.getBytes(UTF_8));
    }

    private Path durableFile(String name, byte[] content) throws IOException {
        Path file = data.resolve(name);
        try (FileChannel channel = disk.open(file, CREATE_NEW, WRITE)) {
            channel.write(ByteBuffer.wrap(content), 0);
            channel.force(true);
        }
        disk.fsyncDirectory(data);
        return file;
    }

    private static void write(FileChannel channel, long position, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf, position + buf.position());
        }
    }

    private static String text(Path file) throws IOException {
        return Files.readString(file, UTF_8);
    }

    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    private static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] page(byte[] image, int page) {
        return Arrays.copyOfRange(image, page * PAGE_BYTES, Math.min(image.length, (page + 1) * PAGE_BYTES));
    }

    private static boolean onlyByte(byte[] content, int b) {
        if (content.length == 0) {
            return false;
        }
        for (byte x : content) {
            if (x != (byte) b) {
                return false;
            }
        }
        return true;
    }

    private static void assertPowerCut(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(PowerCutException.class).hasMessageStartingWith("power cut");
    }
}
