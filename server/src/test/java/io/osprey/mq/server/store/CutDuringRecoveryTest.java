package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.DiskOperation.Kind;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second power cut while the store recovers from the first, at every single disk operation of the reopening:
 * the zeroing of a torn CommitLog tail, the consume queues cut back to the checkpoint, re-dispatch (a topic
 * deletion replayed, its queues created again), the checkpoint written at open. Whatever the interrupted
 * recovery had done, the next one must open and serve exactly what an uninterrupted one serves.
 */
class CutDuringRecoveryTest {
    private static final long NEVER = 3_600_000;
    private static final List<String> QUEUES = List.of("A/0", "A/1", "B/0", "B/1");

    @TempDir
    Path dir;

    private static StoreConfig config(Path root) {
        return new StoreConfig(root, StoreFixture.SEGMENT_BYTES, StoreFixture.CQ_ENTRIES, FlushDiskType.ASYNC_FLUSH,
                NEVER, 5_000, 72, 75, NEVER, 256 * 1024, 32);
    }

    private static MessageStore open(PowerCutDisk disk, Path root) throws IOException {
        StoreTuning tuning = StoreFixture.tuning(disk, NEVER);
        return MessageStore.open(config(root), StoreFixture.STORE_HOST, tuning);
    }

    /** Appends messages {@code from} until {@code to}; returns each queue's next offset after them. */
    private static Map<String, Long> append(MessageStore store, int from, int to) {
        Map<String, Long> next = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            String topic = i % 3 == 0 ? "B" : "A";
            int queueId = i % 2;
            List<AppendResult> results;
            if (i % 7 == 0) {
                results = await(store.appendBatch(List.of(message(topic, queueId, "m" + i + "a|" + "y".repeat(i % 300)),
                        message(topic, queueId, "m" + i + "b|" + "z".repeat(i % 200)))));
            } else {
                results = List.of(await(store.append(message(topic, queueId, "m" + i + "|" + "x".repeat(i % 500)))));
            }
            next.put(topic + "/" + queueId, results.get(results.size() - 1).queueOffset() + 1);
        }
        return next;
    }

    private static void awaitDispatched(MessageStore store, Map<String, Long> next) {
        next.forEach((queue, offset) -> {
            String[] key = queue.split("/");
            Awaitility.await().until(() -> store.maxOffset(key[0], Integer.parseInt(key[1])) == offset);
        });
    }

    private static Map<String, List<String>> served(MessageStore store) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String queue : QUEUES) {
            String[] key = queue.split("/");
            all.put(queue, MessageStoreAppendTest.readAll(store, key[0], Integer.parseInt(key[1])));
        }
        return all;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            RecoveryTest.deleteRecursively(to);
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void closeQuietly(MessageStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            // the power went under it
        }
    }

    private static long operations(PowerCutDisk disk) {
        long n = 0;
        for (Kind kind : Kind.values()) {
            n += disk.count(kind);
        }
        return n;
    }

    @ParameterizedTest(name = "first cut with seed {0}")
    @ValueSource(longs = {5, 6, 7})
    void aCutAtAnyOperationOfRecoveryLeavesAStoreThatRecoversToTheSameMessages(long seed) throws Exception {
        Path live = dir.resolve("live");
        PowerCutDisk first = new PowerCutDisk(dir.resolve("trash"), seed);
        MessageStore store = open(first, live);
        store.start();
        awaitDispatched(store, append(store, 0, 150));
        store.retainExpired(); // a checkpoint: the CommitLog flushed up to it, the queues fsynced
        awaitDispatched(store, append(store, 150, 260));
        await(store.deleteTopic("B"));
        awaitDispatched(store, append(store, 260, 330));
        // the unforced tail: the segment after the checkpoint, with the deletion and the topic created again
        first.cut(CutMode.RANDOM_PAGES);
        closeQuietly(store);
        Path snapshot = dir.resolve("snapshot");
        copy(live, snapshot);

        Path work = dir.resolve("work");
        copy(snapshot, work);
        PowerCutDisk reference = new PowerCutDisk(dir.resolve("trash-ref"), 6);
        Map<String, List<String>> expected;
        long recoveryOperations;
        try (MessageStore recovered = open(reference, work)) {
            recoveryOperations = operations(reference);
            expected = served(recovered);
        }
        assertThat(recoveryOperations).isPositive();

        for (long k = 1; k <= recoveryOperations; k++) {
            copy(snapshot, work);
            PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash-" + k % 2), k);
            CutMode mode = k % 2 == 0 ? CutMode.LOSE_UNFORCED : CutMode.RANDOM_PAGES;
            disk.cutBefore(op -> true, k, mode);
            String what = "second cut before recovery operation #" + k + " of " + recoveryOperations + ", " + mode;
            try {
                closeQuietly(open(disk, work));
            } catch (IOException | RuntimeException e) {
                assertThat(disk.isPowerOn()).as("%s: recovery failed with the power on: %s", what, e).isFalse();
            }
            if (disk.isPowerOn()) {
                disk.cut(mode);
            }
            disk.powerOn();
            try (MessageStore again = open(disk, work)) {
                assertThat(served(again)).as(what).isEqualTo(expected);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(what + ": the store does not open again", e);
            }
        }
    }
}
