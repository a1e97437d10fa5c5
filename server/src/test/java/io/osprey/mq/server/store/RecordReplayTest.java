package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner rebuilding its state from its own snapshot: {@link MessageStore#replayRecords} hands it every record of
 * its type from the snapshot's offset to the end of the log, in log order, whatever the store's checkpoint, among
 * messages of many topics, batches and other owners' records, across segment rolls.
 */
class RecordReplayTest {
    static final short JMS_STATE = 20;
    private static final short OTHER_OWNER = 21;
    private static final long NO_PERIODIC_CHECKPOINT = 3_600_000;

    @TempDir
    Path dir;

    record Seen(long offset, String payload) {
    }

    /**
     * What {@link #writeMixedLog} appended.
     *
     * @param records         the JMS_STATE records, in log order
     * @param messageStarts   where each message's frame starts
     * @param snapshotOffsets the CommitLog's max offset right after each JMS_STATE record: what a snapshot taken
     *                        then would record
     * @param batches         message batches appended
     */
    record Written(List<Seen> records, List<Long> messageStarts, List<Long> snapshotOffsets, int batches, long end) {
        List<Seen> from(long offset) {
            return records.stream().filter(s -> s.offset() >= offset).toList();
        }
    }

    static RecordOwner recording(List<Seen> seen) {
        return (offset, payload) -> seen.add(new Seen(offset, StandardCharsets.UTF_8.decode(payload).toString()));
    }

    private static final RecordOwner IGNORING = (offset, payload) -> { };

    private Path root() {
        return dir.resolve("store");
    }

    static RecordTypes types(RecordOwner jmsState) {
        return RecordTypes.storeOnly().with(JMS_STATE, jmsState).with(OTHER_OWNER, IGNORING);
    }

    private static MessageStore open(Path root, StoreTuning tuning, RecordOwner jmsState) throws IOException {
        return MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST,
                tuning.withRecordTypes(types(jmsState)));
    }

    private static MessageStore open(Path root, RecordOwner jmsState) throws IOException {
        return open(root, StoreFixture.tuning(root, Clock.systemUTC()), jmsState);
    }

    /**
     * Messages of twelve topics (alone, and in batches of 2 to 6), another owner's records, and {@code count}
     * JMS_STATE records among them, one at a time: several segments' worth.
     */
    static Written writeMixedLog(MessageStore store, int count, long seed) {
        Random random = new Random(seed);
        List<Seen> records = new ArrayList<>();
        List<Long> messageStarts = new ArrayList<>();
        List<Long> snapshots = new ArrayList<>();
        int batches = 0;
        for (int i = 0; i < count; i++) {
            for (int m = random.nextInt(5); m > 0; m--) {
                String topic = "T" + random.nextInt(12);
                int queueId = random.nextInt(4);
                if (random.nextInt(4) == 0) {
                    List<MessageToStore> batch = new ArrayList<>();
                    for (int b = 2 + random.nextInt(5); b > 0; b--) {
                        batch.add(message(topic, queueId, "batch-" + i + "-" + b + "x".repeat(random.nextInt(500))));
                    }
                    await(store.appendBatch(batch)).forEach(r -> messageStarts.add(r.physicalOffset()));
                    batches++;
                } else {
                    String body = "m-" + i + "-" + m + "y".repeat(50 + random.nextInt(1_500));
                    messageStarts.add(await(store.append(message(topic, queueId, body))).physicalOffset());
                }
            }
            if (random.nextInt(3) == 0) {
                await(store.appendRecord(OTHER_OWNER, ("other-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            String payload = "state-" + i + "|" + "s".repeat(random.nextInt(300));
            AppendResult result = await(store.appendRecord(JMS_STATE, payload.getBytes(StandardCharsets.UTF_8)));
            records.add(new Seen(result.physicalOffset(), payload));
            snapshots.add(store.commitLogMaxOffset());
        }
        return new Written(records, messageStarts, snapshots, batches, store.commitLogMaxOffset());
    }

    /** A clean log of {@code count} JMS_STATE records among the rest, closed. */
    private Written cleanLog(int count) throws IOException {
        try (MessageStore store = open(root(), IGNORING)) {
            store.start();
            return writeMixedLog(store, count, 7);
        }
    }

    private static List<Seen> replay(MessageStore store, long from) throws IOException {
        List<Seen> seen = new ArrayList<>();
        ReplayResult result = store.replayRecords(JMS_STATE, from, recording(seen));
        assertThat(result.records()).as("records replayed from %d", from).isEqualTo(seen.size());
        assertThat(result.endOffset()).as("end of the replay from %d", from).isEqualTo(store.commitLogMaxOffset());
        return seen;
    }

    @Test
    void replayFromZeroHandsEveryRecordOfItsTypeInLogOrderAcrossSegmentsAndBatches() throws Exception {
        Written written = cleanLog(150);
        assertThat(written.end()).as("several segment rolls").isGreaterThan(4L * StoreFixture.SEGMENT_BYTES);
        assertThat(written.batches()).isPositive();
        assertThat(DispatchCheckpoint.read(root()).orElseThrow().reputOffset())
                .as("every record lies before the dispatch checkpoint").isEqualTo(written.end());

        List<Seen> duringOpen = new CopyOnWriteArrayList<>();
        try (MessageStore store = open(root(), recording(duringOpen))) {
            List<Seen> replayed = new ArrayList<>();
            ReplayResult result = store.replayRecords(JMS_STATE, 0, recording(replayed));

            assertThat(duringOpen).as("a clean stop leaves dispatch nothing to hand over").isEmpty();
            assertThat(replayed).containsExactlyElementsOf(written.records());
            assertThat(result).isEqualTo(new ReplayResult(written.records().size(), written.end()));
        }
    }

    @Test
    void replayFromAFrameStartHandsTheRecordThereAndEveryLaterOne() throws Exception {
        Written written = cleanLog(150);
        try (MessageStore store = open(root(), IGNORING)) {
            for (Seen record : written.records()) {
                assertThat(replay(store, record.offset())).as("from the record at %d", record.offset())
                        .containsExactlyElementsOf(written.from(record.offset()));
            }
            for (long messageStart : written.messageStarts()) {
                assertThat(replay(store, messageStart)).as("from the message at %d", messageStart)
                        .containsExactlyElementsOf(written.from(messageStart));
            }
            for (int i = 0; i < written.records().size(); i++) {
                long snapshot = written.snapshotOffsets().get(i);
                assertThat(replay(store, snapshot)).as("from a snapshot taken after record %d", i)
                        .containsExactlyElementsOf(written.records().subList(i + 1, written.records().size()));
            }
        }
    }

    @Test
    void replayFromAnOffsetThatStartsNoFrameBeginsAtTheNextFrame() throws Exception {
        Written written = cleanLog(150);
        try (MessageStore store = open(root(), IGNORING)) {
            for (Seen record : written.records()) {
                assertThat(replay(store, record.offset() + 1)).as("from inside the record at %d", record.offset())
                        .containsExactlyElementsOf(written.from(record.offset() + 1));
                long lastByte = record.offset() + FrameLayout.HEADER_LENGTH + record.payload().length() - 1;
                assertThat(replay(store, lastByte)).as("from the last byte of the record at %d", record.offset())
                        .containsExactlyElementsOf(written.from(record.offset() + 1));
            }
            for (long base = StoreFixture.SEGMENT_BYTES; base < written.end(); base += StoreFixture.SEGMENT_BYTES) {
                assertThat(replay(store, base - 1)).as("from the end marker before segment %d", base)
                        .containsExactlyElementsOf(written.from(base));
            }
            assertThat(replay(store, written.end())).as("from the end").isEmpty();
        }
    }

    @Test
    void afterAProcessCrashRecordsBeforeTheCheckpointAreReplayedAndTheRestHandedOverExactlyOnce() throws Exception {
        Path crashed = dir.resolve("crashed");
        StoreTuning tuning = StoreFixture.tuning(root(), Clock.systemUTC())
                .withCheckpointIntervalMillis(NO_PERIODIC_CHECKPOINT);
        Written before;
        Written after;
        long checkpointed;
        try (MessageStore store = open(root(), tuning, IGNORING)) {
            store.start();
            before = writeMixedLog(store, 60, 1);
            Awaitility.await().ignoreExceptions().untilAsserted(() -> {
                store.retainExpired(); // takes a checkpoint
                assertThat(DispatchCheckpoint.read(root()).orElseThrow().reputOffset()).isEqualTo(before.end());
            });
            checkpointed = before.end();
            after = writeMixedLog(store, 60, 2);
            // what a SIGKILL now leaves: the page cache's files, an older checkpoint, no clean-shutdown marker
            RecoveryTest.copyRecursively(root(), crashed);
        }
        List<Seen> all = new ArrayList<>(before.records());
        all.addAll(after.records());

        ReplayingOwner owner = new ReplayingOwner();
        try (MessageStore store = open(crashed, tuning, owner)) {
            assertThat(store.recoveryReport().cleanShutdown()).isFalse();
            assertThat(store.recoveryReport().dispatchedFrom()).isEqualTo(checkpointed);
            assertThat(owner.handedDuringOpen).as("dispatch resumed from the checkpoint during open")
                    .containsExactlyElementsOf(after.records());

            ReplayResult result = store.replayRecords(JMS_STATE, 0, owner::replayed);
            owner.replayEnd = result.endOffset();
            assertThat(owner.applied).as("the replay reaches back past the checkpoint").containsExactlyElementsOf(all);
            assertThat(result.endOffset()).isEqualTo(after.end());

            store.start();
            AppendResult live = await(store.appendRecord(JMS_STATE, "live".getBytes(StandardCharsets.UTF_8)));
            all.add(new Seen(live.physicalOffset(), "live"));
            Awaitility.await().until(() -> owner.applied.size() == all.size());
            assertThat(owner.applied).as("each record applied once, in log order").containsExactlyElementsOf(all);
            assertThat(live.physicalOffset()).isGreaterThanOrEqualTo(result.endOffset());
        }
    }

    /** An owner following {@link RecordOwner}'s protocol: applies what it is handed at or above its replay's end. */
    static final class ReplayingOwner implements RecordOwner {
        final List<Seen> handedDuringOpen = new CopyOnWriteArrayList<>();
        final List<Seen> applied = new CopyOnWriteArrayList<>();
        volatile long replayEnd = -1;

        @Override
        public void onRecord(long physicalOffset, ByteBuffer payload) {
            Seen seen = new Seen(physicalOffset, StandardCharsets.UTF_8.decode(payload).toString());
            if (replayEnd < 0) {
                handedDuringOpen.add(seen);
            } else if (physicalOffset >= replayEnd) {
                applied.add(seen);
            }
        }

        void replayed(long physicalOffset, ByteBuffer payload) {
            applied.add(new Seen(physicalOffset, StandardCharsets.UTF_8.decode(payload).toString()));
        }
    }

    @Test
    void replayFromBelowTheLogsMinimumIsRefusedNamingBothOffsets() throws Exception {
        StoreFixture.MutableClock clock = new StoreFixture.MutableClock(Instant.now());
        StoreTuning tuning = StoreFixture.tuning(root(), clock);
        Written written;
        try (MessageStore store = open(root(), tuning, IGNORING)) {
            store.start();
            written = writeMixedLog(store, 150, 3);
            // retention deletes only segments dispatch is done with: on a busy machine it may not be there yet
            await(store.awaitDispatched(written.end()));
            clock.advance(Duration.ofHours(73));
            assertThat(store.retainExpired()).isPositive();
        }
        try (MessageStore store = open(root(), tuning, IGNORING)) {
            long min = store.commitLogMinOffset();
            assertThat(min).isPositive();
            for (long from : new long[] {0, min - 1}) {
                assertThatThrownBy(() -> store.replayRecords(JMS_STATE, from, IGNORING))
                        .isInstanceOf(ReplayUnavailableException.class)
                        .hasMessageContaining("physical offset " + from + ":")
                        .hasMessageContaining("starts at physical offset " + min)
                        .hasMessageContaining("cannot be rebuilt")
                        .satisfies(e -> {
                            ReplayUnavailableException refused = (ReplayUnavailableException) e;
                            assertThat(refused.fromOffset()).isEqualTo(from);
                            assertThat(refused.commitLogMinOffset()).isEqualTo(min);
                        });
            }
            assertThat(replay(store, min)).containsExactlyElementsOf(written.from(min));
        }
    }

    @Test
    void replayFromBeyondTheLogsEndIsRefused() throws Exception {
        Written written = cleanLog(5);
        try (MessageStore store = open(root(), IGNORING)) {
            assertThatThrownBy(() -> store.replayRecords(JMS_STATE, written.end() + 1, IGNORING))
                    .isInstanceOf(ReplayUnavailableException.class)
                    .hasMessageContaining("ends at physical offset " + written.end());
        }
    }

    @Test
    void replayIsRefusedOnceTheStoreHasStartedOrClosedAndForATypeWithoutAnOwner() throws Exception {
        MessageStore store = open(root(), IGNORING);
        assertThatThrownBy(() -> store.replayRecords((short) 22, 0, IGNORING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no owner");
        assertThatThrownBy(() -> store.replayRecords(JMS_STATE, -1, IGNORING))
                .isInstanceOf(IllegalArgumentException.class);
        store.start();
        assertThatThrownBy(() -> store.replayRecords(JMS_STATE, 0, IGNORING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("started");
        store.close();
        assertThatThrownBy(() -> store.replayRecords(JMS_STATE, 0, IGNORING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aSinkFailureStopsTheReplayAndLeavesTheStoreUsable() throws Exception {
        Written written = cleanLog(10);
        try (MessageStore store = open(root(), IGNORING)) {
            List<Seen> seen = new ArrayList<>();
            RecordOwner failingOnThird = (offset, payload) -> {
                if (seen.size() == 2) {
                    throw new IOException("cannot apply the record at " + offset);
                }
                recording(seen).onRecord(offset, payload);
            };
            assertThatThrownBy(() -> store.replayRecords(JMS_STATE, 0, failingOnThird))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot apply the record at " + written.records().get(2).offset());
            assertThat(seen).containsExactlyElementsOf(written.records().subList(0, 2));
            assertThat(store.isFailed()).isFalse();
            assertThat(replay(store, 0)).containsExactlyElementsOf(written.records());
            store.start();
        }
    }

    @Test
    void aDamagedRecordBelowTheEndStopsTheReplayNamingItsOffset() throws Exception {
        Written written = cleanLog(150);
        Seen victim = written.records().get(1);
        assertThat(victim.offset()).as("in a sealed segment, which open does not scan")
                .isLessThan(StoreFixture.SEGMENT_BYTES);
        flipByte(victim.offset() + FrameLayout.PAYLOAD_OFFSET + 2);

        try (MessageStore store = open(root(), IGNORING)) {
            List<Seen> seen = new ArrayList<>();
            assertThatThrownBy(() -> store.replayRecords(JMS_STATE, 0, recording(seen)))
                    .isInstanceOf(StoreIoException.class)
                    .hasMessageContaining("physical offset " + victim.offset())
                    .hasMessageContaining("CRC");
            assertThat(seen).as("nothing after the damage").containsExactly(written.records().get(0));
        }
    }

    @Test
    void aSkippedFrameWithAGarbageLengthStopsTheReplayNamingItsOffset() throws Exception {
        Written written = cleanLog(150);
        long message = written.messageStarts().get(3);
        assertThat(message).isLessThan(StoreFixture.SEGMENT_BYTES);
        flipByte(message + FrameLayout.FRAME_LENGTH_OFFSET + 1);

        try (MessageStore store = open(root(), IGNORING)) {
            assertThatThrownBy(() -> store.replayRecords(JMS_STATE, 0, IGNORING))
                    .isInstanceOf(StoreIoException.class)
                    .hasMessageContaining("physical offset " + message);
        }
    }

    private void flipByte(long physicalOffset) throws IOException {
        Path segment = root().resolve("commitlog").resolve(CommitLog.fileName(
                physicalOffset / StoreFixture.SEGMENT_BYTES * StoreFixture.SEGMENT_BYTES));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = physicalOffset % StoreFixture.SEGMENT_BYTES;
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, at);
        }
    }
}
