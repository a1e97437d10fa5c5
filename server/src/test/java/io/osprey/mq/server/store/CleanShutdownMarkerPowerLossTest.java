package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clean-shutdown marker under power loss: open deletes it before the first write, and that deletion must be
 * durable, or a power cut after a clean restart brings it back and the next open takes the cheap path, trusting
 * the old end and never zeroing what the cut left after it — the stale pages the full scan exists to remove.
 */
class CleanShutdownMarkerPowerLossTest {
    private static final long NEVER = 3_600_000;

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    private MessageStore open(PowerCutDisk disk) throws IOException {
        MessageStore store = openUnstarted(disk);
        store.start();
        return store;
    }

    private MessageStore openUnstarted(PowerCutDisk disk) throws IOException {
        StoreConfig config = new StoreConfig(root(), StoreFixture.SEGMENT_BYTES, StoreFixture.CQ_ENTRIES,
                FlushDiskType.ASYNC_FLUSH, NEVER, 5_000, 72, 75, NEVER, 256 * 1024, 32);
        StoreTuning tuning = StoreFixture.tuning(disk, NEVER);
        return MessageStore.open(config, StoreFixture.STORE_HOST, tuning);
    }

    @Test
    void aCutAfterACleanRestartRunsTheFullRecoveryAndZeroesStalePages() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 3);
        MessageStore clean = open(disk);
        for (int i = 0; i < 3; i++) {
            await(clean.append(message("T", 0, "before-" + i)));
        }
        clean.close();

        MessageStore restarted = open(disk);
        long end = restarted.commitLogMaxOffset();
        for (int i = 0; i < 40; i++) {
            await(restarted.append(message("T", 0, "after-" + i + "|" + "x".repeat(400))));
        }
        Path segment = root().resolve("commitlog").resolve(CommitLog.fileName(0));
        long laterPage = (end / PowerCutDisk.PAGE_BYTES + 1) * PowerCutDisk.PAGE_BYTES;
        ByteBuffer page = ByteBuffer.allocate(PowerCutDisk.PAGE_BYTES);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            channel.read(page, laterPage);
        }
        disk.cut(CutMode.LOSE_UNFORCED);
        try {
            restarted.close();
        } catch (StoreException e) {
            // the power went under it
        }
        // an image RANDOM_PAGES can leave: the page holding the old end lost, a later one written back
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(page.flip(), laterPage);
        }
        disk.powerOn();

        try (MessageStore reopened = open(disk)) {
            RecoveryReport report = reopened.recoveryReport();
            assertThat(report.cleanShutdown()).as("a crash passed for a clean stop: %s", report).isFalse();
            assertThat(report.truncatedBytes()).as("the stale page after the end is zeroed: %s", report).isPositive();
            assertThat(MessageStoreAppendTest.readAll(reopened, "T", 0))
                    .containsExactly("before-0", "before-1", "before-2");
        }
    }

    @Test
    void aCleanCloseMakesEveryAcknowledgedAsyncMessageDurable() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 4);
        // never started: close writes what was queued, and its own flush is all that makes it durable
        MessageStore store = openUnstarted(disk);
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            appends.add(store.append(message("T", 0, "m" + i)));
        }
        store.close();
        appends.forEach(StoreFixture::await);
        disk.cut(CutMode.LOSE_UNFORCED);
        disk.powerOn();

        try (MessageStore reopened = open(disk)) {
            assertThat(reopened.recoveryReport().cleanShutdown()).as("the marker matches a durable CommitLog: %s",
                    reopened.recoveryReport()).isTrue();
            assertThat(MessageStoreAppendTest.readAll(reopened, "T", 0)).containsExactly("m0", "m1", "m2");
        }
    }
}
