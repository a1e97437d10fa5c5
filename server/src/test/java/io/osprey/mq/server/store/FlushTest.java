package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.server.config.FlushDiskType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlushTest {
    @TempDir
    Path root;

    @Test
    void syncAppendCompletesOnlyOnceItsRecordIsFsynced() throws Exception {
        try (MessageStore store = MessageStore.open(StoreFixture.config(root, FlushDiskType.SYNC_FLUSH),
                StoreFixture.STORE_HOST)) {
            store.start();
            long fsyncsBefore = store.fsyncCount();

            // runs on the completing thread at the moment of completion
            CompletableFuture<Long> flushedAtCompletion = store.append(message("S", 0, "durable"))
                    .thenApply(r -> store.flushedOffset() - r.endOffset());

            assertThat(await(flushedAtCompletion)).isGreaterThanOrEqualTo(0);
            assertThat(store.fsyncCount()).isGreaterThan(fsyncsBefore);
        }
    }

    @Test
    void concurrentSyncAppendsShareFsyncs() throws Exception {
        int appends = 400;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (MessageStore store = MessageStore.open(StoreFixture.config(root, FlushDiskType.SYNC_FLUSH),
                StoreFixture.STORE_HOST)) {
            // queued from four threads before the writer starts, so they are pending together
            List<Future<CompletableFuture<AppendResult>>> submitted = new ArrayList<>();
            for (int i = 0; i < appends; i++) {
                int n = i;
                submitted.add(pool.submit(() -> store.append(message("G", n % 4, "g" + n))));
            }
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            for (Future<CompletableFuture<AppendResult>> f : submitted) {
                futures.add(f.get());
            }
            long fsyncsBefore = store.fsyncCount();
            store.start();
            List<AppendResult> results = futures.stream().map(StoreFixture::await).toList();

            assertThat(results).hasSize(appends);
            long fsyncs = store.fsyncCount() - fsyncsBefore;
            assertThat(fsyncs).isPositive().isLessThan(appends / 10);
            long lastEnd = results.stream().mapToLong(AppendResult::endOffset).max().orElseThrow();
            assertThat(store.waitForOffset(lastEnd, true)).isDone();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void syncMessagesBecomePullableOnlyOnceDurable() throws Exception {
        try (MessageStore store = MessageStore.open(StoreFixture.config(root, FlushDiskType.SYNC_FLUSH),
                StoreFixture.STORE_HOST)) {
            store.start();
            AppendResult r = await(store.append(message("S", 0, "x")));

            await().until(() -> store.maxOffset("S", 0) == 1);
            assertThat(store.flushedOffset()).isGreaterThanOrEqualTo(r.endOffset());
        }
    }

    @Test
    void asyncAppendIsAcknowledgedThenFsyncedInTheBackground() throws Exception {
        try (MessageStore store = MessageStore.open(StoreFixture.config(root, FlushDiskType.ASYNC_FLUSH),
                StoreFixture.STORE_HOST)) {
            store.start();
            AppendResult r = await(store.append(message("A", 0, "later")));

            CompletableFuture<Void> durable = store.waitForOffset(r.endOffset(), true);

            await().atMost(Duration.ofSeconds(5)).until(durable::isDone);
            assertThat(store.flushedOffset()).isGreaterThanOrEqualTo(r.endOffset());
            assertThat(store.waitForOffset(r.endOffset(), false)).isDone();
        }
    }

    @Test
    void waitForOffsetCompletesWhenTheOffsetIsWritten() throws Exception {
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            CompletableFuture<Void> written = store.waitForOffset(1, false);
            assertThat(written).isNotDone();

            store.start();
            await(store.append(message("W", 0, "w")));

            await().until(written::isDone);
        }
    }
}
