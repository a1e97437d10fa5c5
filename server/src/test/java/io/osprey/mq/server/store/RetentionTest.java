package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.osprey.mq.server.security.LogCapture;
import io.osprey.mq.server.store.GetMessagesResult.Status;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path root;
    StoreFixture.MutableClock clock = new StoreFixture.MutableClock(Instant.now());

    private MessageStore openWithSegments(StoreTuning tuning, int messages) throws Exception {
        MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST, tuning);
        store.start();
        for (int i = 0; i < messages; i++) {
            await(store.append(message("T", 0, i + "-" + "r".repeat(400))));
        }
        await().until(() -> store.maxOffset("T", 0) == messages);
        return store;
    }

    private long segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("commitlog"))) {
            return files.count();
        }
    }

    @Test
    void expiredSegmentsAreDeletedAndTheQueueMinimumRises() throws Exception {
        try (MessageStore store = openWithSegments(StoreFixture.tuning(root, clock), 600)) {
            long segments = segmentFiles();
            assertThat(segments).isGreaterThanOrEqualTo(4);
            assertThat(store.retainExpired()).as("nothing is old yet").isZero();

            clock.advance(Duration.ofHours(73));
            int deleted = store.retainExpired();

            assertThat(deleted).isEqualTo(segments - 1);
            assertThat(segmentFiles()).isEqualTo(1);
            long clMin = store.commitLogMinOffset();
            assertThat(clMin).isEqualTo((segments - 1) * StoreFixture.SEGMENT_BYTES);
            long min = store.minOffset("T", 0);
            assertThat(min).isPositive().isLessThan(600);

            GetMessagesResult tooSmall = store.getMessages("T", 0, 0, 32, 1 << 20, TagFilter.ALL);
            assertThat(tooSmall.status()).isEqualTo(Status.OFFSET_TOO_SMALL);
            assertThat(tooSmall.nextBeginOffset()).isEqualTo(min);
            GetMessagesResult first = store.getMessages("T", 0, min, 1, 1 << 20, TagFilter.ALL);
            assertThat(first.status()).isEqualTo(Status.FOUND);
            assertThat(first.firstPhysicalOffset()).isGreaterThanOrEqualTo(clMin);
            assertThat(store.readMessage(0)).isEmpty();
            assertThat(store.retainExpired()).as("the active segment is never deleted").isZero();
        }
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST)) {
            assertThat(store.minOffset("T", 0)).isPositive();
            assertThat(store.maxOffset("T", 0)).isEqualTo(600);
        }
    }

    @Test
    void aFullDiskDeletesTheOldestSegmentsRegardlessOfAge() throws Exception {
        AtomicInteger used = new AtomicInteger(95);
        StoreTuning tuning = StoreFixture.tuning(root, clock).withDiskUsedPercent(() -> used.getAndAdd(-10));
        try (MessageStore store = openWithSegments(tuning, 600)) {
            long segments = segmentFiles();

            int deleted = store.retainExpired();

            // 95 and 85 are above the 75% limit, 75 is not
            assertThat(deleted).isEqualTo(2);
            assertThat(segmentFiles()).isEqualTo(segments - 2);
            assertThat(store.commitLogMinOffset()).isEqualTo(2L * StoreFixture.SEGMENT_BYTES);
        }
    }

    @Test
    void aReaderHoldingASegmentKeepsReadingItUntilItLetsGo() throws Exception {
        try (MessageStore store = openWithSegments(StoreFixture.tuning(root, clock), 600)) {
            SegmentFile held = store.commitLog().acquire(0);
            assertThat(held).isNotNull();

            clock.advance(Duration.ofHours(100));
            assertThat(store.retainExpired()).isPositive();

            // the name is gone at once (free for a new file), the open file stays readable to its holder
            assertThat(held.path()).doesNotExist();
            ByteBuffer header = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH);
            held.read(header, 0);
            assertThat(header.getInt(FrameLayout.MAGIC_OFFSET)).isEqualTo(FrameLayout.MAGIC);
            assertThat(store.commitLog().acquire(0)).as("newcomers no longer get it").isNull();
            held.release();
            ByteBuffer afterRelease = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH);
            assertThatThrownBy(() -> held.read(afterRelease, 0)).as("closed with its last reference")
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    @Test
    void aPinKeepsEverySegmentHoldingItsOffsetUntilItAdvancesOrIsReleased() throws Exception {
        try (MessageStore store = openWithSegments(StoreFixture.tuning(root, clock), 600)) {
            long segments = segmentFiles();
            assertThat(segments).isGreaterThanOrEqualTo(5);
            AtomicLong keepFrom = new AtomicLong(2L * StoreFixture.SEGMENT_BYTES + 100);
            RetentionPin pin = store.pinRetention("jms-dispatch", keepFrom::get);
            clock.advance(Duration.ofHours(73));

            assertThat(store.retainExpired()).as("only the segments wholly below the pin").isEqualTo(2);
            assertThat(store.commitLogMinOffset()).isEqualTo(2L * StoreFixture.SEGMENT_BYTES);
            assertThat(store.retainExpired()).as("the pin holds round after round").isZero();

            keepFrom.set(3L * StoreFixture.SEGMENT_BYTES); // a segment's first offset: the one before holds none
            assertThat(store.retainExpired()).as("an advanced pin, asked again").isEqualTo(1);
            assertThat(store.commitLogMinOffset()).isEqualTo(3L * StoreFixture.SEGMENT_BYTES);

            pin.close();
            pin.close();
            assertThat(store.retainExpired()).as("released").isEqualTo(segments - 4);
            assertThat(segmentFiles()).isEqualTo(1);
        }
    }

    @Test
    void theLowestOfSeveralPinsHoldsEvenWhenTheDiskIsFull() throws Exception {
        StoreTuning tuning = StoreFixture.tuning(root, clock).withDiskUsedPercent(() -> 95);
        try (MessageStore store = openWithSegments(tuning, 600)) {
            long segments = segmentFiles();
            RetentionPin high = store.pinRetention("high", () -> 3L * StoreFixture.SEGMENT_BYTES);
            RetentionPin low = store.pinRetention("low", () -> StoreFixture.SEGMENT_BYTES + 1);

            assertThat(store.retainExpired()).isEqualTo(1);
            assertThat(store.retainExpired()).isZero();
            assertThat(segmentFiles()).isEqualTo(segments - 1);

            low.close();
            assertThat(store.retainExpired()).isEqualTo(2);
            assertThat(store.commitLogMinOffset()).isEqualTo(3L * StoreFixture.SEGMENT_BYTES);
            high.close();
        }
    }

    @Test
    void aPinsNameIsTakenUntilThePinIsReleased() throws Exception {
        try (MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST,
                StoreFixture.tuning(root, clock))) {
            RetentionPin pin = store.pinRetention("jms-dispatch", () -> 0);
            assertThatThrownBy(() -> store.pinRetention("jms-dispatch", () -> 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jms-dispatch");
            pin.close();
            store.pinRetention("jms-dispatch", () -> 0).close();
        }
    }

    @Test
    void aFullDiskAPinHoldsWarnsOncePerRoundNamingWhoHoldsIt() throws Exception {
        StoreTuning tuning = StoreFixture.tuning(root, clock).withDiskUsedPercent(() -> 99);
        try (MessageStore store = openWithSegments(tuning, 600)) {
            store.pinRetentionWithReason("jms-dispatch", () -> new PinnedOffset(2L * StoreFixture.SEGMENT_BYTES + 100,
                    "subscription queue:Orders holds its oldest message"));
            try (LogCapture logs = LogCapture.start()) {
                assertThat(store.retainExpired()).as("the two segments below the pin go").isEqualTo(2);
                assertThat(store.retainExpired()).as("then nothing: the pin holds the rest").isZero();

                assertThat(logs.at(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                        .filteredOn(text -> text.contains("but pin")).hasSize(2)
                        .allMatch(text -> text.contains("'jms-dispatch' (subscription queue:Orders holds its oldest"
                                + " message) keeps CommitLog physical offsets from " + (2L
                                * StoreFixture.SEGMENT_BYTES + 100)));
            }
            assertThat(store.commitLogMinOffset()).isEqualTo(2L * StoreFixture.SEGMENT_BYTES);
        }
    }

    @Test
    void aPinThatFailsToAnswerDeletesNothing() throws Exception {
        try (MessageStore store = openWithSegments(StoreFixture.tuning(root, clock), 600)) {
            long segments = segmentFiles();
            store.pinRetention("broken", () -> {
                throw new IllegalStateException("snapshot offset unknown");
            });
            clock.advance(Duration.ofHours(73));

            assertThatThrownBy(store::retainExpired).hasMessageContaining("snapshot offset unknown");
            assertThat(segmentFiles()).isEqualTo(segments);
        }
    }
}
