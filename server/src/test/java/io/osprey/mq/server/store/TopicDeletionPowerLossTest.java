package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic deletion in ASYNC_FLUSH under power loss. Dispatch runs ahead of the CommitLog fsync there, and deleting
 * a topic's queues is durable at once: a power cut can keep the deletion and lose the TOPIC_DELETED record that
 * caused it (and the messages of the topic created again after it). {@link MessageStore#deleteTopic} promises
 * the queues are gone durably once its future completes; a recovery must never bring back the deleted messages,
 * nor serve entries of a queue created again that point at CommitLog bytes the cut took back.
 */
class TopicDeletionPowerLossTest {
    private static final long NEVER = 3_600_000;

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    private MessageStore open(PowerCutDisk disk) throws IOException {
        StoreConfig config = new StoreConfig(root(), StoreFixture.SEGMENT_BYTES, StoreFixture.CQ_ENTRIES,
                FlushDiskType.ASYNC_FLUSH, NEVER, 5_000, 72, 75, NEVER, 256 * 1024, 32);
        StoreTuning tuning = StoreFixture.tuning(disk, NEVER);
        MessageStore store = MessageStore.open(config, StoreFixture.STORE_HOST, tuning);
        store.start();
        return store;
    }

    private static void appendAndAwaitDispatch(MessageStore store, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            await(store.append(message("B", 0, prefix + i)));
        }
        Awaitility.await().until(() -> store.maxOffset("B", 0) == count);
    }

    /** The queue's messages by body, each offset alone, failing on a record that does not decode. */
    private static List<String> served(MessageStore store) {
        List<String> bodies = new ArrayList<>();
        for (long offset = store.minOffset("B", 0); offset < store.maxOffset("B", 0); offset++) {
            GetMessagesResult r = store.getMessages("B", 0, offset, 1, 1 << 20, TagFilter.ALL);
            if (r.status() != GetMessagesResult.Status.FOUND) {
                continue;
            }
            long at = offset;
            try {
                r.decodeRecords().forEach(m -> bodies.add(StoreFixture.body(m)));
            } catch (RuntimeException e) {
                throw new AssertionError("B/0 offset " + at + " serves a corrupt record", e);
            }
        }
        return bodies;
    }

    private static void closeDead(MessageStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            // the power went under it
        }
    }

    /** Five messages checkpointed (so flushed), then the topic deleted: the deletion's record is not flushed. */
    private MessageStore checkpointedThenDeleted(PowerCutDisk disk) throws IOException {
        MessageStore store = open(disk);
        appendAndAwaitDispatch(store, "old-", 5);
        store.retainExpired(); // takes a checkpoint: CommitLog flushed to it, queue [0, 5) fsynced
        await(store.deleteTopic("B"));
        return store;
    }

    @Test
    void anAcknowledgedTopicDeletionSurvivesAPowerCut() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 1);
        MessageStore store = checkpointedThenDeleted(disk);
        disk.cut(CutMode.LOSE_UNFORCED);
        closeDead(store);
        disk.powerOn();

        try (MessageStore reopened = open(disk)) {
            assertThat(served(reopened)).as("messages of the deleted topic (%s)", reopened.recoveryReport())
                    .noneMatch(body -> body.startsWith("old-"));
        }
    }

    @Test
    void aQueueCreatedAgainAfterADeletionNeverServesEntriesTheCutTookTheMessagesOf() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 2);
        MessageStore store = checkpointedThenDeleted(disk);
        appendAndAwaitDispatch(store, "new-", 3);
        // an image RANDOM_PAGES can leave: the new queue file's page reached the disk, the CommitLog's did not
        Path queueFile = root().resolve("consumequeue").resolve("B").resolve("0").resolve(CommitLog.fileName(0));
        byte[] queuePage = Files.readAllBytes(queueFile);
        disk.cut(CutMode.LOSE_UNFORCED);
        closeDead(store);
        Files.write(queueFile, queuePage);
        disk.powerOn();

        try (MessageStore reopened = open(disk)) {
            List<String> bodies = served(reopened);
            assertThat(bodies).as("B/0 after the cut (%s)", reopened.recoveryReport())
                    .allMatch(body -> body.startsWith("old-") || body.startsWith("new-"));
            boolean deletionLost = bodies.equals(List.of("old-0", "old-1", "old-2", "old-3", "old-4"));
            boolean deletionKept = bodies.stream().noneMatch(body -> body.startsWith("old-"));
            assertThat(deletionLost || deletionKept).as("B/0 serves all of the deleted topic or none of it: %s",
                    bodies).isTrue();
        }
    }
}
