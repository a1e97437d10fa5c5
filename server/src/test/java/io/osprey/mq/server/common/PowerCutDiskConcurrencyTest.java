package io.osprey.mq.server.common;

import static io.osprey.mq.server.common.PowerCutDisk.PAGE_BYTES;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.DiskOperation.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Load from several threads, the way the store drives the disk (a writer per file with its own forces, a writer
 * and a separate forcing thread on one file, atomic metadata rewrites), then a cut from another thread: every file
 * must be an image the mode allows for what was acknowledged, and nothing but {@link PowerCutException} may escape.
 */
class PowerCutDiskConcurrencyTest {
    /** Not a multiple of the page size, so blocks share pages and pages are torn between blocks. */
    private static final int BLOCK_BYTES = 1500;
    private static final int OWN_FILE_WRITERS = 3;
    /**
     * Files stop growing here (the last block is rewritten with the same bytes from then on), so that the load
     * keeps going until the cut without filling the disk.
     */
    private static final long MAX_BLOCKS = 2000;
    /** Each writer has written this much before the test cuts: the cut hits every thread in the middle. */
    private static final long WARM_UP_BLOCKS = 100;

    @TempDir
    Path root;
    Path data;
    PowerCutDisk disk;
    ExecutorService threads;
    CountDownLatch warmedUp;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(root.resolve("data"));
        disk = new PowerCutDisk(root.resolve("trash"), 11);
        threads = Executors.newCachedThreadPool();
        warmedUp = new CountDownLatch(OWN_FILE_WRITERS + 2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CutMode.class)
    void concurrentLoadAndACutFromAnotherThreadLeaveValidImages(CutMode mode) throws Exception {
        Load load = startLoad();
        assertThat(warmedUp.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(disk.cut(mode)).isTrue();

        load.awaitAllStoppedByThePowerCut();
        load.assertValidImages(mode);
        disk.powerOn();
        disk.open(load.ownFiles.get(0).file, READ).close();
    }

    @Test
    void aTriggerUnderLoadCutsExactlyOnceAndOnlyItsThreadSeesIt() throws Exception {
        Path shared = data.resolve("shared");
        CutTrigger trigger = disk.cutBefore(op -> op.is(Kind.WRITE, shared), 150, CutMode.LOSE_UNFORCED);
        Load load = startLoad();

        DiskOperation cutBefore = trigger.fired().get(30, TimeUnit.SECONDS);

        assertThat(cutBefore.position()).isEqualTo(149L * BLOCK_BYTES);
        List<PowerCutException> stops = load.awaitAllStoppedByThePowerCut();
        assertThat(stops).filteredOn(e -> e.getMessage().contains("cut before")).hasSize(1);
        assertThat(load.sharedWriter.written).isEqualTo(149);
        load.assertValidImages(CutMode.LOSE_UNFORCED);
    }

    private Load startLoad() throws IOException {
        Load load = new Load();
        for (int i = 0; i < OWN_FILE_WRITERS; i++) {
            OwnFileWriter writer = new OwnFileWriter(createDurable("own-" + i));
            load.ownFiles.add(writer);
            load.running.add(threads.submit(writer));
        }
        load.sharedWriter = new SharedFileWriter(createDurable("shared"));
        load.running.add(threads.submit(load.sharedWriter));
        load.forcer = new Forcer(load.sharedWriter);
        load.running.add(threads.submit(load.forcer));
        load.metadata = new MetadataWriter(data.resolve("meta"));
        load.running.add(threads.submit(load.metadata));
        return load;
    }

    private Path createDurable(String name) throws IOException {
        Path file = data.resolve(name);
        disk.open(file, CREATE_NEW, WRITE).close();
        disk.fsyncDirectory(data);
        return file;
    }

    private final class Load {
        final List<OwnFileWriter> ownFiles = new ArrayList<>();
        final List<Future<PowerCutException>> running = new ArrayList<>();
        SharedFileWriter sharedWriter;
        Forcer forcer;
        MetadataWriter metadata;

        /** Every thread ran until the power cut stopped it; any other failure fails the test here. */
        List<PowerCutException> awaitAllStoppedByThePowerCut() throws Exception {
            List<PowerCutException> stops = new ArrayList<>();
            for (Future<PowerCutException> thread : running) {
                stops.add(thread.get(30, TimeUnit.SECONDS));
            }
            return stops;
        }

        void assertValidImages(CutMode mode) throws IOException {
            for (OwnFileWriter writer : ownFiles) {
                assertBlocks(writer.file, mode, writer.forced, writer.forced, writer.written);
            }
            assertBlocks(sharedWriter.file, mode, forcer.forcedAtLeast, sharedWriter.written, sharedWriter.written);
            assertMetadata(mode);
        }

        /**
         * LOSE_UNFORCED: whole blocks, at least {@code durable}, at most {@code lostAtMost} (a force can race the
         * last writes); KEEP_EVERYTHING: exactly what was written; RANDOM_PAGES: the durable blocks intact, and
         * past them each page written, a hole, or (at the durable end) written then a hole.
         */
        private void assertBlocks(Path file, CutMode mode, long durable, long lostAtMost, long written)
                throws IOException {
            byte[] image = Files.readAllBytes(file);
            switch (mode) {
                case KEEP_EVERYTHING -> assertThat((long) image.length).as(file + " size")
                        .isEqualTo(written * BLOCK_BYTES);
                case LOSE_UNFORCED -> {
                    assertThat(image.length % BLOCK_BYTES).as(file + " whole blocks").isZero();
                    assertThat((long) image.length / BLOCK_BYTES).as(file + " blocks").isBetween(durable, lostAtMost);
                }
                case RANDOM_PAGES -> assertThat((long) image.length).as(file + " size")
                        .isBetween(durable * BLOCK_BYTES, written * BLOCK_BYTES);
            }
            int intact = mode == CutMode.RANDOM_PAGES ? (int) durable * BLOCK_BYTES : image.length;
            byte[] expected = expectedBlocks(image.length);
            assertThat(Arrays.copyOf(image, intact)).as(file + " durable blocks")
                    .isEqualTo(Arrays.copyOf(expected, intact));
            // block bytes are never zero: in each page, the written part (durable or reached) comes first and
            // the hole after it; only a page that straddles the unknown durable end has both
            for (int at = intact; at < image.length; ) {
                int end = Math.min(image.length, (at / PAGE_BYTES + 1) * PAGE_BYTES);
                int hole = at;
                while (hole < end && image[hole] != 0) {
                    hole++;
                }
                assertThat(Arrays.copyOfRange(image, at, hole)).as(file + " page at " + at + " written part")
                        .isEqualTo(Arrays.copyOfRange(expected, at, hole));
                assertThat(Arrays.copyOfRange(image, hole, end)).as(file + " page at " + at + " hole")
                        .isEqualTo(new byte[end - hole]);
                at = end;
            }
        }

        private void assertMetadata(CutMode mode) throws IOException {
            Path file = metadata.file;
            if (mode == CutMode.KEEP_EVERYTHING) {
                // a rename not yet fsynced is kept as well
                if (metadata.acknowledged > 0 || Files.exists(file)) {
                    assertThat(Files.readString(file, UTF_8))
                            .isIn(version(metadata.acknowledged), version(metadata.acknowledged + 1));
                }
                return;
            }
            if (metadata.acknowledged == 0) {
                assertThat(file).doesNotExist();
            } else {
                assertThat(Files.readString(file, UTF_8)).isEqualTo(version(metadata.acknowledged));
            }
            assertThat(file.resolveSibling("meta.tmp")).doesNotExist();
        }
    }

    private static byte[] expectedBlocks(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = blockByte(i / BLOCK_BYTES);
        }
        return bytes;
    }

    private static byte[] block(long index) {
        byte[] bytes = new byte[BLOCK_BYTES];
        Arrays.fill(bytes, blockByte(index));
        return bytes;
    }

    /** Never zero, so that a hole is told from data. */
    private static byte blockByte(long index) {
        return (byte) (index % 250 + 1);
    }

    /** Writes the next block (or rewrites the last one, unchanged, once the file is full); returns the count. */
    private long appendBlock(FileChannel channel, long written) throws IOException {
        long index = Math.min(written, MAX_BLOCKS - 1);
        ByteBuffer block = ByteBuffer.wrap(block(index));
        while (block.hasRemaining()) {
            channel.write(block, index * BLOCK_BYTES + block.position());
        }
        long now = Math.min(written + 1, MAX_BLOCKS);
        if (now == WARM_UP_BLOCKS) {
            warmedUp.countDown();
        }
        return now;
    }

    private static String version(long n) {
        return "version " + n;
    }

    /** Appends blocks to its own file and forces every fourth, like a segment writer with its own fsyncs. */
    private final class OwnFileWriter implements Callable<PowerCutException> {
        final Path file;
        volatile long written;
        volatile long forced;

        OwnFileWriter(Path file) {
            this.file = file;
        }

        @Override
        public PowerCutException call() throws IOException {
            try (FileChannel channel = disk.open(file, WRITE)) {
                for (long round = 1; ; round++) {
                    written = appendBlock(channel, written);
                    if (round % 4 == 0) {
                        channel.force(false);
                        forced = written;
                    }
                }
            } catch (PowerCutException e) {
                return e;
            }
        }
    }

    /** Appends blocks; another thread forces the file, like a consume queue and the flush thread. */
    private final class SharedFileWriter implements Callable<PowerCutException> {
        final Path file;
        volatile long written;
        volatile FileChannel channel;

        SharedFileWriter(Path file) throws IOException {
            this.file = file;
            this.channel = disk.open(file, READ, WRITE);
        }

        @Override
        public PowerCutException call() throws IOException {
            try {
                while (true) {
                    written = appendBlock(channel, written);
                }
            } catch (PowerCutException e) {
                return e;
            }
        }
    }

    private final class Forcer implements Callable<PowerCutException> {
        final SharedFileWriter writer;
        volatile long forcedAtLeast;

        Forcer(SharedFileWriter writer) {
            this.writer = writer;
        }

        @Override
        public PowerCutException call() throws IOException {
            try {
                while (true) {
                    long before = writer.written;
                    writer.channel.force(false);
                    forcedAtLeast = before;
                }
            } catch (PowerCutException e) {
                return e;
            }
        }
    }

    /** Rewrites a metadata file atomically, again and again. */
    private final class MetadataWriter implements Callable<PowerCutException> {
        final Path file;
        volatile long acknowledged;

        MetadataWriter(Path file) {
            this.file = file;
        }

        @Override
        public PowerCutException call() throws IOException {
            try {
                while (true) {
                    AtomicFiles.write(disk, file, version(acknowledged + 1).getBytes(UTF_8));
                    acknowledged++;
                    if (acknowledged == 1) {
                        warmedUp.countDown();
                    }
                }
            } catch (PowerCutException e) {
                return e;
            }
        }
    }
}
