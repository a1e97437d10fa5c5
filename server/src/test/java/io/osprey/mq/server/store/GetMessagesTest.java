package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.body;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.server.store.GetMessagesResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetMessagesTest {
    @TempDir
    Path root;
    StoreFixture.MutableClock clock = new StoreFixture.MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    MessageStore store;

    @BeforeEach
    void open() throws Exception {
        store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST,
                StoreFixture.tuning(root, clock));
        store.start();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void appendAndDispatch(String topic, int queueId, List<MessageToStore> messages) {
        messages.forEach(m -> await(store.append(m)));
        long expected = messages.size();
        await().until(() -> store.maxOffset(topic, queueId) >= expected);
    }

    private void appendTen() {
        appendAndDispatch("P", 0, java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> message("P", 0, "m" + i, i % 2 == 0 ? "even" : "odds")).toList());
    }

    @Test
    void foundReturnsRecordsAndNextBeginOffsetAfterTheLast() {
        appendTen();

        GetMessagesResult r = store.getMessages("P", 0, 3, 4, 1 << 20, TagFilter.ALL);

        assertThat(r.status()).isEqualTo(Status.FOUND);
        assertThat(r.decodeRecords()).extracting(StoreFixture::body).containsExactly("m3", "m4", "m5", "m6");
        assertThat(r.decodeRecords()).extracting(m -> m.queueOffset()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(r.messageCount()).isEqualTo(4);
        assertThat(r.nextBeginOffset()).isEqualTo(7);
        assertThat(r.minOffset()).isZero();
        assertThat(r.maxOffset()).isEqualTo(10);
    }

    @Test
    void filteredEntriesCountAsScannedSoNextBeginOffsetPassesThem() {
        appendTen();
        TagFilter odd = TagFilter.anyOf(Set.of((long) "odds".hashCode()));

        GetMessagesResult r = store.getMessages("P", 0, 0, 2, 1 << 20, odd);

        assertThat(r.status()).isEqualTo(Status.FOUND);
        assertThat(r.decodeRecords()).extracting(StoreFixture::body).containsExactly("m1", "m3");
        assertThat(r.nextBeginOffset()).isEqualTo(4);
    }

    @Test
    void allScannedEntriesFilteredGivesNoMatchedMessagePastThem() {
        appendTen();
        TagFilter none = TagFilter.anyOf(Set.of((long) "other".hashCode()));

        GetMessagesResult r = store.getMessages("P", 0, 2, 32, 1 << 20, none);

        assertThat(r.status()).isEqualTo(Status.NO_MATCHED_MESSAGE);
        assertThat(r.nextBeginOffset()).isEqualTo(10);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void untaggedMessagesNeverMatchATagFilter() {
        appendAndDispatch("U", 0, List.of(message("U", 0, "plain")));

        assertThat(store.getMessages("U", 0, 0, 1, 1 << 20, TagFilter.anyOf(Set.of(0L))).status())
                .isEqualTo(Status.NO_MATCHED_MESSAGE);
    }

    @Test
    void offsetEqualToMaxIsOverflowOneAndStaysThere() {
        appendTen();

        GetMessagesResult r = store.getMessages("P", 0, 10, 32, 1 << 20, TagFilter.ALL);

        assertThat(r.status()).isEqualTo(Status.OFFSET_OVERFLOW_ONE);
        assertThat(r.nextBeginOffset()).isEqualTo(10);
        assertThat(r.maxOffset()).isEqualTo(10);
    }

    @Test
    void offsetBeyondMaxIsOverflowBadlyAndPointsAtMax() {
        appendTen();

        GetMessagesResult r = store.getMessages("P", 0, 99, 32, 1 << 20, TagFilter.ALL);

        assertThat(r.status()).isEqualTo(Status.OFFSET_OVERFLOW_BADLY);
        assertThat(r.nextBeginOffset()).isEqualTo(10);
    }

    @Test
    void unknownQueueHasNoMessageAndPointsAtZero() {
        GetMessagesResult r = store.getMessages("nobody", 7, 5, 32, 1 << 20, TagFilter.ALL);

        assertThat(r.status()).isEqualTo(Status.NO_MESSAGE_IN_QUEUE);
        assertThat(r.nextBeginOffset()).isZero();
        assertThat(r.minOffset()).isZero();
        assertThat(r.maxOffset()).isZero();
        assertThat(store.maxOffset("nobody", 7)).isZero();
        assertThat(store.minOffset("nobody", 7)).isZero();
    }

    @Test
    void maxCountLimitsTheAnswer() {
        appendTen();

        assertThat(store.getMessages("P", 0, 0, 3, 1 << 20, TagFilter.ALL).messageCount()).isEqualTo(3);
    }

    @Test
    void maxBytesLimitsTheAnswerButAlwaysReturnsAtLeastOneMessage() {
        appendTen();
        int recordBytes = store.getMessages("P", 0, 0, 1, 1 << 20, TagFilter.ALL).body().length;

        GetMessagesResult tiny = store.getMessages("P", 0, 0, 32, 1, TagFilter.ALL);
        GetMessagesResult twoAndAHalf = store.getMessages("P", 0, 0, 32, recordBytes * 5 / 2, TagFilter.ALL);

        assertThat(tiny.messageCount()).isEqualTo(1);
        assertThat(tiny.nextBeginOffset()).isEqualTo(1);
        assertThat(twoAndAHalf.messageCount()).isEqualTo(2);
        assertThat(twoAndAHalf.body()).hasSize(2 * recordBytes);
        assertThat(twoAndAHalf.nextBeginOffset()).isEqualTo(2);
    }

    @Test
    void offsetByTimestampFindsTheNearestEntryByStoreTime() {
        long t0 = clock.millis();
        for (int i = 0; i < 5; i++) {
            await(store.append(message("S", 0, "s" + i)));
            clock.advance(Duration.ofSeconds(10));
        }
        await().until(() -> store.maxOffset("S", 0) == 5);

        assertThat(store.offsetByTimestamp("S", 0, t0 - 1_000)).isZero();
        assertThat(store.offsetByTimestamp("S", 0, t0)).isZero();
        assertThat(store.offsetByTimestamp("S", 0, t0 + 20_000)).isEqualTo(2);
        assertThat(store.offsetByTimestamp("S", 0, t0 + 21_000)).isEqualTo(2);
        assertThat(store.offsetByTimestamp("S", 0, t0 + 29_000)).isEqualTo(3);
        assertThat(store.offsetByTimestamp("S", 0, t0 + 999_000)).isEqualTo(4);
        assertThat(store.offsetByTimestamp("none", 0, t0)).isZero();
        assertThat(store.earliestStoreTime("S", 0)).isEqualTo(t0);
        assertThat(store.earliestStoreTime("none", 0)).isEqualTo(-1);
    }

    @Test
    void deleteTopicDropsItsConsumeQueues() {
        appendTen();

        store.deleteTopic("P").join();

        assertThat(store.maxOffset("P", 0)).isZero();
        assertThat(store.getMessages("P", 0, 0, 1, 1 << 20, TagFilter.ALL).status())
                .isEqualTo(Status.NO_MESSAGE_IN_QUEUE);
        assertThat(Files.exists(root.resolve("consumequeue").resolve("P"))).isFalse();
    }

    @Test
    void readMessageResolvesEveryPulledRecordsPhysicalOffset() {
        appendTen();

        for (var record : store.getMessages("P", 0, 0, 32, 1 << 20, TagFilter.ALL).decodeRecords()) {
            assertThat(body(store.readMessage(record.physicalOffset()).orElseThrow())).isEqualTo(body(record));
        }
    }
}
