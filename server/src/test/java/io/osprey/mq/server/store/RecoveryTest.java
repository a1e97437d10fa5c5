package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.MessageStoreAppendTest.readAll;
import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
    @TempDir
    Path root;

    private static List<String> bodies(int n) {
        return IntStream.range(0, n).mapToObj(i -> "message-" + i).toList();
    }

    /** Appends {@code n} messages to T/0 without starting threads; close writes them (the writer drains). */
    private static List<AppendResult> writeAndClose(Path dir, int n) throws IOException {
        List<java.util.concurrent.CompletableFuture<AppendResult>> futures = new ArrayList<>();
        try (MessageStore store = MessageStore.open(StoreFixture.config(dir), StoreFixture.STORE_HOST)) {
            for (String body : bodies(n)) {
                futures.add(store.append(message("T", 0, body)));
            }
        }
        return futures.stream().map(StoreFixture::await).toList();
    }

    private static Path lastSegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            return files.max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** What a crash leaves: no clean-shutdown marker. */
    private static void simulateCrash(Path dir) throws IOException {
        Files.delete(dir.resolve(CleanShutdownMarker.FILE_NAME));
    }

    @Test
    void cleanRestartKeepsEverythingAndSkipsTheScan() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            for (int i = 0; i < 600; i++) {
                await(store.append(message("T", i % 2, "m" + i + "x".repeat(200))));
            }
        }
        assertThat(root.resolve(CleanShutdownMarker.FILE_NAME)).exists();

        try (MessageStore store = StoreFixture.openStarted(root)) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.cleanShutdown()).isTrue();
            assertThat(report.fullScan()).isFalse();
            assertThat(report.truncatedBytes()).isZero();
            assertThat(report.consumeQueuesRebuilt()).isFalse();
            assertThat(report.dispatchedFrames()).isZero();
            assertThat(root.resolve(CleanShutdownMarker.FILE_NAME)).doesNotExist();
            assertThat(readAll(store, "T", 0)).hasSize(300).first().asString().startsWith("m0x");
            assertThat(readAll(store, "T", 1)).hasSize(300);
            assertThat(await(store.append(message("T", 1, "next"))).queueOffset()).isEqualTo(300);
        }
    }

    @Test
    void checkpointAdvancesWhileTheStoreRunsAndACrashResumesFromIt() throws Exception {
        AppendResult last = null;
        try (MessageStore store = StoreFixture.openStarted(root)) {
            for (int i = 0; i < 200; i++) {
                last = await(store.append(message("T", i % 2, "m" + i)));
            }
            long end = last.endOffset();
            await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                DispatchCheckpoint checkpoint = DispatchCheckpoint.read(root).orElseThrow();
                assertThat(checkpoint.reputOffset()).isEqualTo(end);
                assertThat(checkpoint.queues()).containsEntry(new QueueKey("T", 0), new QueueBounds(0, 100))
                        .containsEntry(new QueueKey("T", 1), new QueueBounds(0, 100));
            });
            // what a crash right now would leave: the checkpoint of a running store, no marker
            Path copy = Files.createDirectories(root.resolveSibling(root.getFileName() + "-crashed"));
            copyRecursively(root, copy);
            try (MessageStore recovered = MessageStore.open(StoreFixture.config(copy), StoreFixture.STORE_HOST)) {
                assertThat(recovered.recoveryReport().consumeQueuesRebuilt()).isFalse();
                assertThat(readAll(recovered, "T", 0)).hasSize(100);
                assertThat(readAll(recovered, "T", 1)).hasSize(100);
            } finally {
                deleteRecursively(copy);
            }
        }
    }

    /** Copies a store folder as a crash would leave it: everything but the clean-shutdown marker. */
    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                if (p.getFileName().toString().equals(CleanShutdownMarker.FILE_NAME)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void crashWithoutMarkerScansAndKeepsEveryAcknowledgedMessage() throws Exception {
        List<AppendResult> written = writeAndClose(root, 50);
        simulateCrash(root);

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().fullScan()).isTrue();
            assertThat(store.recoveryReport().truncatedBytes()).isZero();
            assertThat(store.commitLogMaxOffset()).isEqualTo(written.get(49).endOffset());
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(50));
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCutOffKeepingEveryWholeMessage() throws Exception {
        List<AppendResult> written = writeAndClose(root, 20);
        simulateCrash(root);
        long end = written.get(19).endOffset();
        byte[] garbage = new byte[333];
        new java.util.Random(42).nextBytes(garbage);
        garbage[0] = 0x7F; // never a zero header
        try (FileChannel ch = FileChannel.open(lastSegment(root), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(garbage), end % StoreFixture.SEGMENT_BYTES);
        }

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.fullScan()).isTrue();
            assertThat(report.commitLogEnd()).isEqualTo(end);
            assertThat(report.truncatedBytes()).isEqualTo(garbage.length - countTrailingZeros(garbage));
            assertThat(report.truncationReason()).isNotBlank();
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(20));

            store.start();
            AppendResult next = await(store.append(message("T", 0, "after")));
            assertThat(next.physicalOffset()).isEqualTo(end);
            assertThat(next.queueOffset()).isEqualTo(20);
            assertThat(StoreFixture.body(store.readMessage(end).orElseThrow())).isEqualTo("after");
        }
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().cleanShutdown()).isTrue();
            assertThat(store.maxOffset("T", 0)).isEqualTo(21);
        }
    }

    private static int countTrailingZeros(byte[] bytes) {
        int n = 0;
        for (int i = bytes.length - 1; i >= 0 && bytes[i] == 0; i--) {
            n++;
        }
        return n;
    }

    @Test
    void lastRecordTornAtEveryByteKeepsAllEarlierMessagesAndNoQueueEntryPointsPastTheEnd() throws Exception {
        Path template = root.resolve("template");
        List<AppendResult> written = writeAndClose(template, 5);
        AppendResult last = written.get(4);
        for (int cut = 0; cut < last.wroteBytes(); cut++) {
            Path dir = copy(template, root.resolve("cut-" + cut));
            simulateCrash(dir);
            try (FileChannel ch = FileChannel.open(lastSegment(dir), StandardOpenOption.WRITE)) {
                ch.truncate(last.physicalOffset() % StoreFixture.SEGMENT_BYTES + cut);
            }
            assertRecoversFirstFour(dir, last, "cut at byte " + cut);
        }
    }

    private static void assertRecoversFirstFour(Path dir, AppendResult lost, String what) throws IOException {
        java.util.concurrent.CompletableFuture<AppendResult> again;
        try (MessageStore store = MessageStore.open(StoreFixture.config(dir), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().fullScan()).as(what).isTrue();
            assertThat(store.commitLogMaxOffset()).as(what).isEqualTo(lost.physicalOffset());
            assertThat(store.maxOffset("T", 0)).as(what).isEqualTo(4);
            assertThat(store.readMessage(lost.physicalOffset())).as(what).isEmpty();
            assertThat(readAll(store, "T", 0)).as(what).containsExactlyElementsOf(bodies(4));
            again = store.append(message("T", 0, "again"));
        }
        AppendResult result = await(again);
        assertThat(result.physicalOffset()).as(what).isEqualTo(lost.physicalOffset());
        assertThat(result.queueOffset()).as(what).isEqualTo(4);
    }

    @Test
    void deletedConsumeQueuesAreRebuiltFromTheCommitLog() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            for (int i = 0; i < 200; i++) {
                await(store.append(message("T", i % 2, "m" + i)));
            }
        }
        deleteRecursively(root.resolve("consumequeue"));

        try (MessageStore store = StoreFixture.openStarted(root)) {
            assertThat(store.recoveryReport().consumeQueueHolesRepaired()).isEqualTo(2);
            assertThat(store.maxOffset("T", 0)).isEqualTo(100);
            assertThat(readAll(store, "T", 1)).containsExactlyElementsOf(
                    IntStream.range(0, 200).filter(i -> i % 2 == 1).mapToObj(i -> "m" + i).toList());
            assertThat(await(store.append(message("T", 0, "next"))).queueOffset()).isEqualTo(100);
            await().until(() -> store.maxOffset("T", 0) == 101);
        }
    }

    @Test
    void consumeQueueMissingItsNewestFileIsCompletedFromTheCommitLog() throws Exception {
        List<AppendResult> written = writeAndClose(root, 100);
        Path queueDir = root.resolve("consumequeue").resolve("T").resolve("0");
        // entries 64..99 live in the second file (64 entries of 20 bytes per file)
        Files.delete(queueDir.resolve(String.format("%020d", 64 * 20)));

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().consumeQueueHolesRepaired()).isEqualTo(1);
            assertThat(store.maxOffset("T", 0)).isEqualTo(100);
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(100));
            assertThat(written).hasSize(100);
        }
    }

    @Test
    void missingCheckpointRebuildsTheConsumeQueues() throws Exception {
        writeAndClose(root, 10);
        Files.delete(root.resolve(DispatchCheckpoint.FILE_NAME));

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().consumeQueuesRebuilt()).isTrue();
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(10));
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
