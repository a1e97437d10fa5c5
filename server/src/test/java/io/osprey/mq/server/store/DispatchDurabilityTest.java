package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.common.HeldForceDisk;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
        HeldForceDisk disk = new HeldForceDisk(powerCut, root().resolve("commitlog"));
        MessageStore store = open(disk, FlushDiskType.SYNC_FLUSH);
        await(store.append(message("T", 0, "durable")));
        disk.hold();
        CompletableFuture<AppendResult> pending = store.append(message("T", 0, "written"));
        assertThat(disk.awaitHeldFsync(10_000)).as("the writer reached its fsync").isTrue();

        Awaitility.await("no dispatch of a message whose fsync has not returned").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> store.maxOffset("T", 0) == 1);
        assertThat(pending).isNotDone();
        powerCut.cut(CutMode.LOSE_UNFORCED);
        disk.release();
        closeDead(store);
        powerCut.powerOn();
        try (MessageStore reopened = open(powerCut, FlushDiskType.SYNC_FLUSH)) {
            assertThat(MessageStoreAppendTest.readAll(reopened, "T", 0)).containsExactly("durable");
        }
    }
}
