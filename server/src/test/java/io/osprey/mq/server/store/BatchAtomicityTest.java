package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.MessageStoreAppendTest.readAll;
import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch survives a crash whole or not at all, wherever it falls in a segment. */
class BatchAtomicityTest {
    @TempDir
    Path root;

    private static List<MessageToStore> batch(String prefix, int n, int bodyBytes) {
        return IntStream.range(0, n).mapToObj(i -> message("B", 0, prefix + i + "-" + "x".repeat(bodyBytes)))
                .toList();
    }

    private void zeroFrame(AppendResult frame) throws Exception {
        long segmentBase = frame.physicalOffset() - frame.physicalOffset() % StoreFixture.SEGMENT_BYTES;
        Path segment = root.resolve("commitlog").resolve(CommitLog.fileName(segmentBase));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(frame.wroteBytes()), frame.physicalOffset() - segmentBase);
        }
    }

    @Test
    void aBatchMissingAnyOfItsFramesIsCutWhole() throws Exception {
        for (int torn = 0; torn < 5; torn++) {
            Path dir = Files.createDirectories(root.resolve("torn-" + torn));
            List<AppendResult> batch;
            try (MessageStore store = MessageStore.open(StoreFixture.config(dir), StoreFixture.STORE_HOST)) {
                store.start();
                await(store.append(message("B", 0, "before")));
                batch = await(store.appendBatch(batch("b", 5, 100)));
            }
            root = dir;
            zeroFrame(batch.get(torn));
            Files.delete(dir.resolve(CleanShutdownMarker.FILE_NAME));

            try (MessageStore store = MessageStore.open(StoreFixture.config(dir), StoreFixture.STORE_HOST)) {
                store.start();
                assertThat(store.recoveryReport().truncationReason()).as("frame %d torn", torn)
                        .contains("batch");
                assertThat(readAll(store, "B", 0)).as("frame %d torn", torn).containsExactly("before");
                assertThat(await(store.append(message("B", 0, "after"))).queueOffset()).isEqualTo(1);
            }
        }
    }

    @Test
    void aBatchThatDoesNotFitTheSegmentGoesWhollyIntoTheNext() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            long end = 0;
            while (end < StoreFixture.SEGMENT_BYTES - 3_000) {
                end = await(store.append(message("B", 0, "fill" + "y".repeat(500)))).endOffset();
            }
            List<AppendResult> batch = await(store.appendBatch(batch("b", 8, 500)));

            assertThat(batch).allSatisfy(r -> assertThat(r.physicalOffset())
                    .isGreaterThanOrEqualTo(StoreFixture.SEGMENT_BYTES));
            assertThat(batch.get(7).queueOffset() - batch.get(0).queueOffset()).isEqualTo(7);
        }
    }

    @Test
    void aBatchLargerThanASegmentIsRefused() throws Exception {
        try (MessageStore store = StoreFixture.openStarted(root)) {
            try {
                store.appendBatch(batch("big", 70, 1_000)).get();
                throw new AssertionError("a batch larger than a segment was taken");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(MessageTooLargeException.class);
            }
            assertThat(await(store.append(message("B", 0, "still-serving"))).queueOffset()).isZero();
        }
    }
}
