package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.body;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.message.MessageId;
import io.osprey.mq.protocol.message.MessageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreAppendTest {
    @TempDir
    Path root;

    @Test
    void appendedMessageReadsBackByPhysicalOffsetMsgIdAndPull() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            AppendResult result = await(store.append(message("T1", 2, "hello", "tagA")));

            assertThat(result.queueOffset()).isZero();
            assertThat(MessageId.parse(result.msgId()))
                    .isEqualTo(new MessageId(StoreFixture.STORE_HOST, result.physicalOffset()));
            MessageRecord record = store.readMessage(result.physicalOffset()).orElseThrow();
            assertThat(body(record)).isEqualTo("hello");
            assertThat(record.topic()).isEqualTo("T1");
            assertThat(record.queueId()).isEqualTo(2);
            assertThat(record.physicalOffset()).isEqualTo(result.physicalOffset());
            assertThat(record.storeHost()).isEqualTo(StoreFixture.STORE_HOST);
            assertThat(record.bornHost()).isEqualTo(StoreFixture.BORN_HOST);
            assertThat(record.storeTimestamp()).isEqualTo(result.storeTimestamp());
            assertThat(record.propertiesMap()).containsEntry("TAGS", "tagA");

            await().until(() -> store.maxOffset("T1", 2) == 1);
            GetMessagesResult pull = store.getMessages("T1", 2, 0, 32, 1 << 20, TagFilter.ALL);
            assertThat(pull.status()).isEqualTo(GetMessagesResult.Status.FOUND);
            assertThat(pull.decodeRecords()).containsExactly(record);
            assertThat(pull.firstPhysicalOffset()).isEqualTo(result.physicalOffset());
        }
    }

    @Test
    void readMessageIsEmptyForAnOffsetThatIsNotAMessage() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            AppendResult result = await(store.append(message("T", 0, "x")));

            assertThat(store.readMessage(result.physicalOffset() + 1)).isEmpty();
            assertThat(store.readMessage(result.endOffset())).isEmpty();
            assertThat(store.readMessage(-5)).isEmpty();
        }
    }

    @Test
    void manyMessagesFillManySmallSegmentsAndNoRecordSpansTwo() throws Exception {
        List<AppendResult> results = new ArrayList<>();
        String padding = "p".repeat(300);
        try (MessageStore store = StoreFixture.openStarted(root)) {
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(store.append(message("T", i % 3, i + ":" + padding)));
            }
            futures.forEach(f -> results.add(await(f)));
            await().until(() -> store.maxOffset("T", 0) + store.maxOffset("T", 1) + store.maxOffset("T", 2) == 2_000);

            for (AppendResult r : results) {
                long segmentStart = r.physicalOffset() - r.physicalOffset() % StoreFixture.SEGMENT_BYTES;
                assertThat(r.endOffset()).isLessThanOrEqualTo(segmentStart + StoreFixture.SEGMENT_BYTES);
            }
            for (int q = 0; q < 3; q++) {
                List<String> bodies = readAll(store, "T", q);
                int queue = q;
                assertThat(bodies).containsExactlyElementsOf(LongStream.range(0, 2_000).filter(i -> i % 3 == queue)
                        .mapToObj(i -> i + ":" + padding).toList());
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("commitlog"))) {
            assertThat(files.count()).isGreaterThan(5);
        }
        assertThat(Files.exists(root.resolve("commitlog").resolve("00000000000000065536"))).isTrue();
    }

    @Test
    void concurrentAppendersGetConsecutiveQueueOffsets() throws Exception {
        int threads = 8;
        int perThread = 250;
        ConcurrentLinkedQueue<CompletableFuture<AppendResult>> futures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (MessageStore store = StoreFixture.openStarted(root)) {
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        futures.add(store.append(message("C", 0, thread + "-" + i)));
                    }
                    return null;
                });
            }
            go.countDown();
            await().until(() -> futures.size() == threads * perThread);
            List<Long> offsets = futures.stream().map(f -> await(f).queueOffset()).sorted().toList();

            assertThat(offsets).containsExactlyElementsOf(
                    LongStream.range(0, threads * perThread).boxed().toList());
            await().until(() -> store.maxOffset("C", 0) == threads * perThread);
            List<String> bodies = readAll(store, "C", 0);
            assertThat(bodies).hasSize(threads * perThread).doesNotHaveDuplicates();
            for (int t = 0; t < threads; t++) {
                String prefix = t + "-";
                List<String> ofThread = bodies.stream().filter(b -> b.startsWith(prefix)).toList();
                assertThat(ofThread).as("each appender's messages stay in its order")
                        .isEqualTo(LongStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchTakesConsecutiveQueueOffsetsEvenWithOtherAppendsAround() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            await(store.append(message("B", 1, "before")));
            List<MessageToStore> batch = List.of(message("B", 1, "b0"), message("B", 1, "b1"), message("B", 1, "b2"));

            List<AppendResult> results = await(store.appendBatch(batch));

            assertThat(results).extracting(AppendResult::queueOffset).containsExactly(1L, 2L, 3L);
            assertThat(results.get(1).physicalOffset()).isEqualTo(results.get(0).endOffset());
            await().until(() -> store.maxOffset("B", 1) == 4);
            assertThat(readAll(store, "B", 1)).containsExactly("before", "b0", "b1", "b2");
        }
    }

    @Test
    void batchForMoreThanOneQueueIsRefused() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            assertThatThrownBy(() -> store.appendBatch(List.of(message("B", 1, "a"), message("B", 2, "b"))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void messageLargerThanASegmentFailsWithMessageTooLarge() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            CompletableFuture<AppendResult> tooLarge = store.append(
                    message("T", 0, "x".repeat(StoreFixture.SEGMENT_BYTES)));

            assertThatThrownBy(tooLarge::join).hasCauseInstanceOf(MessageTooLargeException.class);
            assertThat(await(store.append(message("T", 0, "small"))).queueOffset()).isZero();
        }
    }

    @Test
    void fullWriterQueueFailsFastWithStoreBusy() throws Exception {
        StoreTuning tuning = StoreFixture.tuning(root, java.time.Clock.systemUTC()).withWriteQueueCapacity(2);
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST, tuning)) {
            CompletableFuture<AppendResult> first = store.append(message("T", 0, "1"));
            CompletableFuture<AppendResult> second = store.append(message("T", 0, "2"));
            CompletableFuture<AppendResult> third = store.append(message("T", 0, "3"));

            assertThat(third).isCompletedExceptionally();
            assertThatThrownBy(third::join).hasCauseInstanceOf(StoreBusyException.class);
            store.start();
            assertThat(await(first).queueOffset()).isZero();
            assertThat(await(second).queueOffset()).isEqualTo(1);
        }
    }

    @Test
    void failedWriteFailsTheStoreAndLaterAppendsFailFast() throws Exception {
        MessageStore store = StoreFixture.openStarted(root);
        try {
            await(store.append(message("T", 0, "ok")));
            // drop the store's reference: the file channel closes (once the reput thread lets go) and writes fail
            store.commitLog().last().closeWhenReleased();

            await().until(() -> store.append(message("T", 0, "lost")).handle((r, e) -> e).join() != null);

            assertThat(store.isFailed()).isTrue();
            CompletableFuture<AppendResult> later = store.append(message("T", 0, "later"));
            assertThat(later).isCompletedExceptionally();
            assertThatThrownBy(later::join).hasCauseInstanceOf(StoreFailedException.class);
        } finally {
            store.close();
        }
        assertThat(Files.exists(root.resolve(CleanShutdownMarker.FILE_NAME))).isFalse();
    }

    @Test
    void arrivalListenerHearsTheNewMaxOffsetOncePullable() throws Exception {
        ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
        try (MessageStore store = StoreFixture.openStarted(root)) {
            store.addArrivalListener((topic, queueId, max) -> {
                if (store.getMessages(topic, queueId, max - 1, 1, 1 << 20, TagFilter.ALL).messageCount() == 1) {
                    heard.add(topic + "/" + queueId + "@" + max);
                }
            });
            await(store.append(message("L", 3, "a")));
            await().until(() -> heard.contains("L/3@1"));
            await(store.append(message("L", 3, "b")));
            await().until(() -> heard.contains("L/3@2"));
        }
    }

    @Test
    void readCommitLogReturnsWholeFramesMirroringTheLog() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            List<AppendResult> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(await(store.append(message("R", 0, "m" + i))));
            }
            int frame = results.get(0).wroteBytes();

            java.nio.ByteBuffer two = store.readCommitLog(results.get(1).physicalOffset(), 2 * frame + frame / 2);
            java.nio.ByteBuffer atLeastOne = store.readCommitLog(results.get(0).physicalOffset(), 1);
            java.nio.ByteBuffer rest = store.readCommitLog(results.get(3).physicalOffset(), 1 << 20);

            assertThat(two.remaining()).isEqualTo(results.get(3).physicalOffset() - results.get(1).physicalOffset());
            assertThat(atLeastOne.remaining()).isEqualTo(frame);
            assertThat(rest.remaining()).isEqualTo(results.get(4).endOffset() - results.get(3).physicalOffset());
            assertThat(store.readCommitLog(results.get(4).endOffset(), 1 << 20).remaining()).isZero();
            assertThatThrownBy(() -> store.readCommitLog(results.get(0).physicalOffset() + 3, 100))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    static List<String> readAll(MessageStore store, String topic, int queueId) {
        List<String> bodies = new ArrayList<>();
        long offset = store.minOffset(topic, queueId);
        while (offset < store.maxOffset(topic, queueId)) {
            GetMessagesResult r = store.getMessages(topic, queueId, offset, 32, 256 * 1024, TagFilter.ALL);
            assertThat(r.status()).isEqualTo(GetMessagesResult.Status.FOUND);
            r.decodeRecords().forEach(m -> bodies.add(body(m)));
            offset = r.nextBeginOffset();
        }
        return Collections.unmodifiableList(bodies.stream().collect(Collectors.toList()));
    }
}
