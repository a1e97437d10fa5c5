package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.DiskOperation.Kind;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process crash, a restart, then a power loss. The broker dies between a CommitLog write and its fsync (kill -9,
 * the OOM killer, or the failed fsync itself, which stops the store), the machine keeps running, the broker
 * restarts, and only later does the power go. What the restart's recovery read of the CommitLog tail was then
 * still only in the page cache: a SYNC_FLUSH store must not serve it, nor checkpoint it, before it is fsynced.
 *
 * <p>{@link PowerCutDisk} has no "process crash" cut ({@link CutMode#KEEP_EVERYTHING} followed by
 * {@link PowerCutDisk#powerOn()} treats everything on disk as durable), so the crash is an fsync that fails
 * (its trigger's match throws, before the fsync happens), and the restart opens a new store on the same boot:
 * the written, unforced pages stay unforced, as they do in a real page cache.
 */
class CrashThenPowerLossTest {
    private static final String TOPIC = "T";
    private static final long NO_PERIODIC_CHECKPOINT = 3_600_000;

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    private MessageStore open(PowerCutDisk disk) throws IOException {
        StoreTuning tuning = StoreFixture.tuning(disk, NO_PERIODIC_CHECKPOINT);
        return MessageStore.open(StoreFixture.config(root(), FlushDiskType.SYNC_FLUSH), StoreFixture.STORE_HOST,
                tuning);
    }

    /** Makes the next CommitLog fsync fail (before it happens): the store fails, as it does on EIO. */
    private CutTrigger failNextCommitLogFsync(PowerCutDisk disk) {
        Path commitLog = root().resolve("commitlog");
        AtomicBoolean failed = new AtomicBoolean();
        return disk.cutBefore(op -> {
            if (op.is(Kind.FORCE, commitLog) && failed.compareAndSet(false, true)) {
                throw new UncheckedIOException(new IOException("injected: fsync of " + op.path() + " failed"));
            }
            return false;
        }, CutMode.LOSE_UNFORCED);
    }

    private static String body(String name) {
        return name + "|" + "x".repeat(300);
    }

    /** Every message of the queue, by body; a record that does not decode fails the test with its offset. */
    private static List<String> served(MessageStore store) {
        List<String> bodies = new ArrayList<>();
        for (long offset = store.minOffset(TOPIC, 0); offset < store.maxOffset(TOPIC, 0); offset++) {
            GetMessagesResult r = store.getMessages(TOPIC, 0, offset, 1, 1 << 20, TagFilter.ALL);
            assertThat(r.status()).as("queue offset %d", offset).isEqualTo(GetMessagesResult.Status.FOUND);
            long at = offset;
            try {
                r.decodeRecords().forEach(m -> bodies.add(StoreFixture.body(m)));
            } catch (RuntimeException e) {
                throw new AssertionError("queue offset " + at + " serves a corrupt record", e);
            }
        }
        return bodies;
    }

    private static void closeDead(MessageStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            // its disk failed or lost power under it: close cannot write anything
        }
    }

    @Test
    void aTailRecoveredAfterACrashIsFsyncedBeforeASyncStoreServesOrCheckpointsIt() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 1);
        MessageStore first = open(disk);
        first.start();
        await(first.append(message(TOPIC, 0, body("acknowledged"))));
        CutTrigger fault = failNextCommitLogFsync(disk);
        CompletableFuture<AppendResult> unacknowledged = first.append(message(TOPIC, 0, body("written")));
        assertThatThrownBy(() -> unacknowledged.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        disk.disarm(fault);
        closeDead(first);

        // the restart: same boot, the page cache still holds the frame whose fsync never happened
        MessageStore restarted = open(disk);
        restarted.start();
        List<String> servedAfterRestart = served(restarted);
        disk.cut(CutMode.LOSE_UNFORCED);
        closeDead(restarted);
        disk.powerOn();

        try (MessageStore afterPowerLoss = open(disk)) {
            assertThat(served(afterPowerLoss)).as("what the restarted SYNC store served survives a power loss")
                    .containsAll(servedAfterRestart);
            assertThat(afterPowerLoss.recoveryReport().consumeQueueEntriesDropped())
                    .as("the checkpoint claimed no entry the CommitLog could still lose (%s)",
                            afterPowerLoss.recoveryReport()).isZero();
        }
    }

    @Test
    void aSegmentSealedJustBeforeACrashIsFsyncedBeforeItsSuccessorIsWritten() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 2);
        MessageStore filling = open(disk);
        filling.start();
        int limit = StoreFixture.SEGMENT_BYTES - FrameLayout.HEADER_LENGTH;
        AppendResult last = await(filling.append(message(TOPIC, 0, body("fill-0000"))));
        for (int i = 1; last.physicalOffset() + 3L * last.wroteBytes() <= limit; i++) {
            last = await(filling.append(message(TOPIC, 0, body(String.format("fill-%04d", i)))));
        }
        filling.close();

        // one writer batch: "sealed" still fits the segment, "next" does not, so the writer writes "sealed",
        // seals the segment with its end marker and fsyncs it — and that fsync fails
        MessageStore first = open(disk);
        CompletableFuture<AppendResult> sealed = first.append(message(TOPIC, 0, body("sealed-00")));
        CompletableFuture<AppendResult> next = first.append(message(TOPIC, 0, body("next-0000")));
        CutTrigger fault = failNextCommitLogFsync(disk);
        first.start();
        assertThatThrownBy(() -> sealed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> next.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        disk.disarm(fault);
        closeDead(first);

        // the restart finds the sealed segment, creates its successor and appends there, fsyncing only that one
        MessageStore restarted = open(disk);
        restarted.start();
        assertThat(restarted.commitLog().segments()).as("the restart created the next segment").hasSize(2);
        await(restarted.append(message(TOPIC, 0, body("after-000"))));
        List<String> servedAfterRestart = served(restarted);
        disk.cut(CutMode.LOSE_UNFORCED);
        closeDead(restarted);
        disk.powerOn();

        try (MessageStore afterPowerLoss = open(disk)) {
            assertThat(served(afterPowerLoss)).as("what the restarted SYNC store served survives a power loss, intact")
                    .containsAll(servedAfterRestart);
        }
    }
}
