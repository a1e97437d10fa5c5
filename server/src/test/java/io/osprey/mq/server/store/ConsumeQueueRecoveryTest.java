package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.MessageStoreAppendTest.readAll;
import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consume queues after an unclean stop: whatever a queue holds past the checkpoint is never trusted, and no hole
 * is ever skipped (the pages of a queue file can reach the disk in any order before a power loss).
 */
class ConsumeQueueRecoveryTest {
    private static final int ENTRY = ConsumeQueue.ENTRY_BYTES;

    @TempDir
    Path root;
    @TempDir
    Path crashRoot;

    private static List<String> bodies(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "message-" + i).toList();
    }

    /** Appends bodies [from, to) to T/0 and closes cleanly (a checkpoint at the end, the marker written). */
    private void appendAndClose(int from, int to) throws IOException {
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            store.start();
            for (String body : bodies(from, to)) {
                await(store.append(message("T", 0, body)));
            }
        }
    }

    private Path queueFile(int firstEntry) {
        return root.resolve("consumequeue").resolve("T").resolve("0")
                .resolve(String.format("%020d", (long) firstEntry * ENTRY));
    }

    private static void zero(Path file, long fromByte, long toByte) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) (toByte - fromByte)), fromByte);
        }
    }

    private void crashWithCheckpointOf(byte[] checkpoint) throws IOException {
        Files.write(root.resolve(DispatchCheckpoint.FILE_NAME), checkpoint);
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));
    }

    @Test
    void entriesPastTheCheckpointWithAHoleBeforeThemAreCutAndDispatchedAgain() throws Exception {
        appendAndClose(0, 64);
        byte[] checkpointAt64 = Files.readAllBytes(root.resolve(DispatchCheckpoint.FILE_NAME));
        appendAndClose(64, 200);
        // a power loss kept the checkpoint at entry 64 and the third queue file, not the second (entries 64-127)
        crashWithCheckpointOf(checkpointAt64);
        zero(queueFile(64), 0, 64L * ENTRY);

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().consumeQueueHolesRepaired()).isZero();
            assertThat(store.recoveryReport().consumeQueuesCut()).isEqualTo(1);
            assertThat(store.minOffset("T", 0)).isZero();
            assertThat(store.maxOffset("T", 0)).isEqualTo(200);
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(0, 200));
        }
    }

    @Test
    void onlyEachQueuesLastEntryPastTheCheckpointSurvivingIsRepairedToo() throws Exception {
        appendAndClose(0, 64);
        byte[] checkpointAt64 = Files.readAllBytes(root.resolve(DispatchCheckpoint.FILE_NAME));
        appendAndClose(64, 150);
        crashWithCheckpointOf(checkpointAt64);
        // entries 64..148 lost, 149 (the last) reached the disk
        zero(queueFile(64), 0, 64L * ENTRY);
        zero(queueFile(128), 0, (149 - 128) * (long) ENTRY);

        try (MessageStore store = StoreFixture.openStarted(root)) {
            assertThat(store.minOffset("T", 0)).isZero();
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(0, 150));
            assertThat(await(store.append(message("T", 0, "next"))).queueOffset()).isEqualTo(150);
        }
    }

    @Test
    void aHoleBelowTheCheckpointIsRefilledFromTheCommitLogNeverSkipped() throws Exception {
        appendAndClose(0, 200);
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));
        zero(queueFile(0), 30L * ENTRY, 41L * ENTRY);

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.recoveryReport().consumeQueueHolesRepaired()).isEqualTo(1);
            assertThat(store.recoveryReport().dispatchedFrom()).isPositive().isLessThan(
                    store.recoveryReport().commitLogEnd());
            assertThat(store.minOffset("T", 0)).isZero();
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(0, 200));
        }
    }

    @Test
    void aLostFirstQueueFileDoesNotRaiseTheMinimumPastMessagesStillInTheCommitLog() throws Exception {
        appendAndClose(0, 200);
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));
        Files.delete(queueFile(0));

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.minOffset("T", 0)).isZero();
            GetMessagesResult first = store.getMessages("T", 0, 0, 1, 1 << 20, TagFilter.ALL);
            assertThat(first.status()).isEqualTo(GetMessagesResult.Status.FOUND);
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(0, 200));
        }
    }

    @Test
    void aCrashRightAfterATopicDeletionIsNotTakenForDamage() throws Exception {
        appendAndClose(0, 100);
        Path crashed = crashRoot.resolve("crashed");
        try (MessageStore store = StoreFixture.openStarted(root)) {
            await(store.append(message("U", 1, "u0")));
            await(store.deleteTopic("T"));
            // what SIGKILL right now leaves: the running store's files, no marker
            RecoveryTest.copyRecursively(root, crashed);
        }
        try (MessageStore store = StoreFixture.openStarted(crashed)) {
            assertThat(store.recoveryReport().consumeQueueHolesRepaired()).isZero();
            assertThat(store.maxOffset("T", 0)).isZero();
            assertThat(readAll(store, "U", 1)).containsExactly("u0");
        }
    }

    @Test
    void aQueueNewerThanTheCheckpointIsDroppedAndRebuilt() throws Exception {
        appendAndClose(0, 10);
        byte[] checkpointBeforeU = Files.readAllBytes(root.resolve(DispatchCheckpoint.FILE_NAME));
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            store.start();
            for (int i = 0; i < 100; i++) {
                await(store.append(message("U", 3, "u" + i)));
            }
        }
        crashWithCheckpointOf(checkpointBeforeU);
        // its queue file lost its first page before the power went
        zero(root.resolve("consumequeue").resolve("U").resolve("3").resolve(String.format("%020d", 0)), 0, 20L * ENTRY);

        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.minOffset("U", 3)).isZero();
            assertThat(readAll(store, "U", 3)).containsExactlyElementsOf(
                    IntStream.range(0, 100).mapToObj(i -> "u" + i).toList());
            assertThat(readAll(store, "T", 0)).containsExactlyElementsOf(bodies(0, 10));
        }
    }
}
