package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What dispatch and the checkpoint may expose before the CommitLog is fsynced: in SYNC_FLUSH a consumer never
 * sees a message before its fsync returned (a power loss could still take it back); in ASYNC_FLUSH a checkpoint
 * fsyncs the CommitLog below what it records, so the entries it claims survive a cut.
 */
class DispatchDurabilityTest {
    private static final long NEVER = 3_600_000;

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    private MessageStore open(Disk disk, FlushDiskType flush) throws IOException {
        StoreConfig config = new StoreConfig(root(), StoreFixture.SEGMENT_BYTES, StoreFixture.CQ_ENTRIES, flush,
                NEVER, 5_000, 72, 75, NEVER, 256 * 1024, 32);
        StoreTuning tuning = StoreFixture.tuning(disk, NEVER);
        MessageStore store = MessageStore.open(config, StoreFixture.STORE_HOST, tuning);
        store.start();
        return store;
    }

    private static void closeDead(MessageStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            // the power went under it
        }
    }

    @Test
    void anAsyncCheckpointFsyncsTheCommitLogBelowWhatItRecords() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 1);
        MessageStore store = open(disk, FlushDiskType.ASYNC_FLUSH);
        for (int i = 0; i < 5; i++) {
            await(store.append(message("T", 0, "m" + i)));
        }
        Awaitility.await().until(() -> store.maxOffset("T", 0) == 5);
        store.retainExpired(); // takes a checkpoint; no background flush ran
        disk.cut(CutMode.LOSE_UNFORCED);
        closeDead(store);
        disk.powerOn();

        try (MessageStore reopened = open(disk, FlushDiskType.ASYNC_FLUSH)) {
            assertThat(reopened.recoveryReport().consumeQueueEntriesDropped())
                    .as("entries the checkpoint claimed past the CommitLog end (%s)", reopened.recoveryReport())
                    .isZero();
            assertThat(MessageStoreAppendTest.readAll(reopened, "T", 0)).containsExactly("m0", "m1", "m2", "m3", "m4");
        }
    }

    @Test
    void aSyncMessageIsNotDispatchedWhileItsFsyncIsStillRunning() throws Exception {
        PowerCutDisk powerCut = new PowerCutDisk(dir.resolve("trash"), 2);
        SlowForceDisk disk = new SlowForceDisk(powerCut, root().resolve("commitlog"));
        MessageStore store = open(disk, FlushDiskType.SYNC_FLUSH);
        await(store.append(message("T", 0, "durable")));
        disk.holdForces();
        CompletableFuture<AppendResult> pending = store.append(message("T", 0, "written"));
        assertThat(disk.forceHeld.await(10, TimeUnit.SECONDS)).as("the writer reached its fsync").isTrue();

        Awaitility.await("no dispatch of a message whose fsync has not returned").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> store.maxOffset("T", 0) == 1);
        assertThat(pending).isNotDone();
        powerCut.cut(CutMode.LOSE_UNFORCED);
        disk.release.countDown();
        closeDead(store);
        powerCut.powerOn();
        try (MessageStore reopened = open(powerCut, FlushDiskType.SYNC_FLUSH)) {
            assertThat(MessageStoreAppendTest.readAll(reopened, "T", 0)).containsExactly("durable");
        }
    }

    /** A disk whose CommitLog fsyncs, once held, wait for the test: the window between a write and its fsync. */
    private static final class SlowForceDisk implements Disk {
        final CountDownLatch forceHeld = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Disk delegate;
        private final Path commitLog;
        private volatile boolean holding;

        SlowForceDisk(Disk delegate, Path commitLog) {
            this.delegate = delegate;
            this.commitLog = commitLog.toAbsolutePath().normalize();
        }

        void holdForces() {
            holding = true;
        }

        @Override
        public FileChannel open(Path file, OpenOption... options) throws IOException {
            FileChannel channel = delegate.open(file, options);
            return file.toAbsolutePath().normalize().startsWith(commitLog) ? new HeldForceChannel(channel) : channel;
        }

        @Override
        public void createDirectory(Path directory) throws IOException {
            delegate.createDirectory(directory);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            delegate.move(source, target);
        }

        @Override
        public boolean deleteIfExists(Path path) throws IOException {
            return delegate.deleteIfExists(path);
        }

        @Override
        public void fsyncDirectory(Path directory) throws IOException {
            delegate.fsyncDirectory(directory);
        }

        private final class HeldForceChannel extends FileChannel {
            private final FileChannel channel;

            HeldForceChannel(FileChannel channel) {
                this.channel = channel;
            }

            @Override
            public void force(boolean metaData) throws IOException {
                if (holding) {
                    forceHeld.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("the test never released the fsync");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted in a held fsync", e);
                    }
                }
                channel.force(metaData);
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return channel.read(dst);
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
                return channel.read(dsts, offset, length);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                return channel.write(src);
            }

            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                return channel.write(srcs, offset, length);
            }

            @Override
            public long position() throws IOException {
                return channel.position();
            }

            @Override
            public FileChannel position(long newPosition) throws IOException {
                channel.position(newPosition);
                return this;
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public FileChannel truncate(long size) throws IOException {
                channel.truncate(size);
                return this;
            }

            @Override
            public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
                return channel.transferTo(position, count, target);
            }

            @Override
            public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
                return channel.transferFrom(src, position, count);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return channel.read(dst, position);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                return channel.write(src, position);
            }

            @Override
            public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
                return channel.map(mode, position, size);
            }

            @Override
            public FileLock lock(long position, long size, boolean shared) throws IOException {
                return channel.lock(position, size, shared);
            }

            @Override
            public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                return channel.tryLock(position, size, shared);
            }

            @Override
            protected void implCloseChannel() throws IOException {
                channel.close();
            }
        }
    }
}
