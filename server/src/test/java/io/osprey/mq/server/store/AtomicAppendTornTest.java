package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.MessageStoreAppendTest.readAll;
import static io.osprey.mq.server.store.RecordReplayTest.JMS_STATE;
import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.store.RecordReplayTest.Seen;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MessageStore#appendAtomically}, what a JMS commit writes: messages of three queues and owner records (the
 * dispatch state of those queues) in one batch, torn by a power cut anywhere in it — at every frame boundary, inside
 * every header and payload, at every page boundary, with the tail lost, a page-sized hole in the middle (pages
 * written back out of order), a whole frame missing or a byte flipped — is after recovery wholly visible or not at
 * all: the queues' messages and consume-queue entries, the records replayed and those dispatch hands the owner, and
 * the queue offsets the next appends take. The consume queues were durable past the batch before the tear (a clean
 * close), so recovery must also cut entries that point into the lost part.
 */
class AtomicAppendTornTest {
    private static final List<Queue> QUEUES = List.of(new Queue("A", 0), new Queue("B", 1), new Queue("C", 0));
    private static final int PAGE_BYTES = PowerCutDisk.PAGE_BYTES;
    private static final long NEVER = 3_600_000;

    @TempDir
    Path dir;

    private record Queue(String topic, int queueId) {
    }

    /** A way a power cut leaves the batch's bytes at position {@code at}. */
    private enum Damage {
        /** everything from {@code at} to the batch's end never reached the disk */
        TAIL_LOST,
        /** the page-sized span from {@code at} did not, the pages after it did */
        HOLE,
        /** one byte at {@code at} reads as something else (a torn sector holding older data) */
        FLIPPED_BYTE
    }

    /** What was appended: the batch's frames in log order ([start, end) of each, the BATCH_BEGIN first). */
    private record Written(List<long[]> frames, long batchStart, long batchEnd) {
    }

    @Test
    void aBatchTornAnywhereIsRecoveredWholeOrNotAtAll() throws Exception {
        Path pristine = dir.resolve("pristine");
        Written written = writeBeforeAndBatch(pristine);
        int cases = 0;
        for (long at : tearPoints(written)) {
            for (Damage damage : Damage.values()) {
                Path copy = copyOf(pristine, dir.resolve("case-" + cases++));
                damage(copy, written, at, damage);
                checkAllOrNothing(copy, false, damage + " at " + at + " (batch " + written.batchStart() + ".."
                        + written.batchEnd() + ")");
            }
        }
        for (long[] frame : written.frames()) {
            Path copy = copyOf(pristine, dir.resolve("case-" + cases++));
            zero(copy, frame[0], frame[1]);
            checkAllOrNothing(copy, false, "frame " + frame[0] + ".." + frame[1] + " missing");
        }
        checkAllOrNothing(copyOf(pristine, dir.resolve("intact")), true, "the batch intact");
    }

    @Test
    void aPowerCutBeforeTheBatchIsFlushedKeepsAllOrNothingOfIt() throws Exception {
        int whole = 0;
        for (long seed = 1; seed <= 24; seed++) {
            // every other cut keeps a random subset of the unforced pages, of the CommitLog and the consume queues
            CutMode mode = seed % 2 == 0 ? CutMode.RANDOM_PAGES
                    : seed % 4 == 1 ? CutMode.KEEP_EVERYTHING : CutMode.LOSE_UNFORCED;
            Path root = dir.resolve("cut-" + seed);
            PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash-" + seed), seed);
            // nothing fsyncs on its own: the test says when, so each seed cuts the same unforced pages
            MessageStore store = MessageStore.open(new StoreConfig(root, StoreFixture.SEGMENT_BYTES,
                    StoreFixture.CQ_ENTRIES, FlushDiskType.ASYNC_FLUSH, NEVER, 5_000, 72, 75, NEVER, 256 * 1024, 32),
                    StoreFixture.STORE_HOST, StoreFixture.tuning(disk, NEVER)
                            .withRecordTypes(RecordReplayTest.types((offset, payload) -> { })));
            store.start();
            List<AppendResult> before = appendBefore(store);
            long beforeEnd = before.get(before.size() - 1).endOffset();
            await(store.awaitDispatched(beforeEnd));
            store.retainExpired(); // a checkpoint: the CommitLog and the consume queues durable so far
            assertThat(store.flushedOffset()).as("what came before the batch is durable").isEqualTo(beforeEnd);
            List<AppendResult> batch = await(store.appendAtomically(batchMessages(), batchRecords()));
            await(store.awaitDispatched(batch.get(batch.size() - 1).endOffset()));
            disk.cut(mode);
            try {
                store.close();
            } catch (StoreException e) {
                // the power went under it
            }
            disk.powerOn();
            Boolean expected = mode == CutMode.KEEP_EVERYTHING ? Boolean.TRUE
                    : mode == CutMode.LOSE_UNFORCED ? Boolean.FALSE : null;
            if (checkAllOrNothing(root, disk, expected, "seed " + seed + ", " + mode)) {
                whole++;
            }
        }
        assertThat(whole).as("batches that survived whole").isGreaterThanOrEqualTo(6);
    }

    // ---------------------------------------------------------------- the log

    private Written writeBeforeAndBatch(Path root) throws IOException {
        PowerCutDisk disk = new PowerCutDisk(root.resolveSibling("pristine-trash"), 0);
        try (MessageStore store = open(root, disk, FlushDiskType.SYNC_FLUSH, (offset, payload) -> { })) {
            store.start();
            appendBefore(store);
            List<AppendResult> batch = await(store.appendAtomically(batchMessages(), batchRecords()));
            List<long[]> frames = new ArrayList<>();
            long batchStart = batch.get(0).physicalOffset() - FrameLayout.BATCH_BEGIN_LENGTH;
            frames.add(new long[] {batchStart, batch.get(0).physicalOffset()});
            for (AppendResult r : batch) {
                frames.add(new long[] {r.physicalOffset(), r.endOffset()});
            }
            long batchEnd = batch.get(batch.size() - 1).endOffset();
            assertThat(batchEnd - batchStart).as("the batch spans several pages").isGreaterThan(3L * PAGE_BYTES);
            // the consume queues are dispatched past the batch before the close makes them durable
            await(store.awaitDispatched(batchEnd));
            return new Written(frames, batchStart, batchEnd);
        }
    }

    private static List<AppendResult> appendBefore(MessageStore store) {
        List<AppendResult> results = new ArrayList<>();
        for (Queue q : QUEUES) {
            results.add(await(store.append(message(q.topic(), q.queueId(), q.topic() + "-before"))));
        }
        results.add(await(store.appendRecord(JMS_STATE, "record-before".getBytes(StandardCharsets.UTF_8))));
        return results;
    }

    /** Messages of three queues, one of them spanning page boundaries. */
    private static List<MessageToStore> batchMessages() {
        return List.of(message("A", 0, "A-tx-1-" + "a".repeat(1_500)), message("B", 1, "B-tx-1"),
                message("A", 0, "A-tx-2-" + "b".repeat(9_000)), message("C", 0, "C-tx-1-" + "c".repeat(3_000)));
    }

    /** The dispatch state of the three queues: what a commit's acknowledgements are. */
    private static List<OwnedRecord> batchRecords() {
        return List.of(record("done A/0 " + "d".repeat(100)), record("done B/1 " + "e".repeat(2_500)),
                record("done C/0"));
    }

    private static OwnedRecord record(String payload) {
        return new OwnedRecord(JMS_STATE, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> expectedBodies(Queue q, boolean batchVisible) {
        List<String> bodies = new ArrayList<>(List.of(q.topic() + "-before"));
        if (batchVisible) {
            batchMessages().stream().filter(m -> m.topic().equals(q.topic()) && m.queueId() == q.queueId())
                    .map(m -> new String(m.body(), StandardCharsets.UTF_8)).forEach(bodies::add);
        }
        return bodies;
    }

    private static List<String> expectedRecords(boolean batchVisible) {
        List<String> records = new ArrayList<>(List.of("record-before"));
        if (batchVisible) {
            batchRecords().forEach(r -> records.add(new String(r.payload(), StandardCharsets.UTF_8)));
        }
        return records;
    }

    // ---------------------------------------------------------------- tearing

    /**
     * Every frame boundary, and inside each frame its header's end, its middle and its last byte; every page
     * boundary.
     */
    private static TreeSet<Long> tearPoints(Written written) {
        TreeSet<Long> points = new TreeSet<>();
        for (long[] frame : written.frames()) {
            long start = frame[0];
            long end = frame[1];
            Stream.of(start, start + FrameLayout.HEADER_LENGTH, (start + end) / 2, end - 1)
                    .filter(p -> p >= start && p < end).forEach(points::add);
        }
        for (long page = written.batchStart() - written.batchStart() % PAGE_BYTES + PAGE_BYTES;
             page < written.batchEnd(); page += PAGE_BYTES) {
            points.add(page);
        }
        return points;
    }

    private static void damage(Path root, Written written, long at, Damage damage) throws IOException {
        switch (damage) {
            case TAIL_LOST -> zero(root, at, written.batchEnd());
            case HOLE -> zero(root, at, Math.min(written.batchEnd(), at + PAGE_BYTES));
            case FLIPPED_BYTE -> {
                try (FileChannel segment = FileChannel.open(segmentOf(root, at), StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    segment.read(one, at % StoreFixture.SEGMENT_BYTES);
                    one.put(0, (byte) ~one.get(0)).clear();
                    segment.write(one, at % StoreFixture.SEGMENT_BYTES);
                }
            }
            default -> throw new IllegalArgumentException(damage.toString());
        }
    }

    private static void zero(Path root, long from, long to) throws IOException {
        try (FileChannel segment = FileChannel.open(segmentOf(root, from), StandardOpenOption.WRITE)) {
            segment.write(ByteBuffer.allocate((int) (to - from)), from % StoreFixture.SEGMENT_BYTES);
        }
    }

    private static Path segmentOf(Path root, long offset) {
        return root.resolve("commitlog").resolve(CommitLog.fileName(offset - offset % StoreFixture.SEGMENT_BYTES));
    }

    // ---------------------------------------------------------------- checking

    private void checkAllOrNothing(Path root, boolean batchVisible, String what) throws IOException {
        // as after a crash: the clean close's marker would skip the scan of the tail
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));
        // a simulated disk only to spare the real one an fsync per write: nothing is cut here
        PowerCutDisk disk = new PowerCutDisk(root.resolveSibling(root.getFileName() + "-trash"), 0);
        assertThat(checkAllOrNothing(root, disk, batchVisible, what)).isEqualTo(batchVisible);
    }

    /**
     * Opens the store on {@code root} and checks that the batch is wholly there or wholly gone, as {@code expected}
     * says (null: either); then that the queues continue right after what survived, across a clean restart.
     * Answers whether the batch was there.
     */
    private boolean checkAllOrNothing(Path root, PowerCutDisk disk, Boolean expected, String what)
            throws IOException {
        List<Seen> duringOpen = new CopyOnWriteArrayList<>();
        boolean visible;
        List<CompletableFuture<AppendResult>> after = new ArrayList<>();
        // never started: appends queued meanwhile are written by the close (and no thread has to stop)
        try (MessageStore store = open(root, disk, FlushDiskType.SYNC_FLUSH, RecordReplayTest.recording(duringOpen))) {
            List<Seen> replayed = new ArrayList<>();
            store.replayRecords(JMS_STATE, 0, RecordReplayTest.recording(replayed));
            List<String> records = replayed.stream().map(Seen::payload).toList();
            visible = records.size() > 1;
            if (expected != null) {
                assertThat(visible).as("%s: batch visible (%s)", what, store.recoveryReport()).isEqualTo(expected);
            }
            assertThat(records).as("%s: records replayed", what).containsExactlyElementsOf(expectedRecords(visible));
            assertThat(duringOpen).as("%s: records dispatch handed over during open", what)
                    .allSatisfy(seen -> assertThat(replayed).contains(seen));
            for (Queue q : QUEUES) {
                List<String> bodies = expectedBodies(q, visible);
                assertThat(store.maxOffset(q.topic(), q.queueId())).as("%s: entries of %s", what, q)
                        .isEqualTo(bodies.size());
                assertThat(readAll(store, q.topic(), q.queueId())).as("%s: messages of %s", what, q)
                        .containsExactlyElementsOf(bodies);
            }
            for (Queue q : QUEUES) {
                after.add(store.append(message(q.topic(), q.queueId(), q.topic() + "-after")));
            }
        }
        for (int i = 0; i < QUEUES.size(); i++) {
            assertThat(await(after.get(i)).queueOffset()).as("%s: the next offset of %s", what, QUEUES.get(i))
                    .isEqualTo(expectedBodies(QUEUES.get(i), visible).size());
        }
        // stale bytes of a torn batch must never join the log again
        try (MessageStore store = open(root, disk, FlushDiskType.SYNC_FLUSH, (offset, payload) -> { })) {
            List<Seen> replayed = new ArrayList<>();
            store.replayRecords(JMS_STATE, 0, RecordReplayTest.recording(replayed));
            assertThat(replayed).extracting(Seen::payload).as("%s: records after a restart", what)
                    .containsExactlyElementsOf(expectedRecords(visible));
            for (Queue q : QUEUES) {
                List<String> bodies = expectedBodies(q, visible);
                bodies.add(q.topic() + "-after");
                assertThat(readAll(store, q.topic(), q.queueId())).as("%s: %s after a restart", what, q)
                        .containsExactlyElementsOf(bodies);
            }
        }
        return visible;
    }

    private static MessageStore open(Path root, PowerCutDisk disk, FlushDiskType flush, RecordOwner owner)
            throws IOException {
        return MessageStore.open(StoreFixture.config(root, flush), StoreFixture.STORE_HOST,
                StoreFixture.tuning(disk, 15).withRecordTypes(RecordReplayTest.types(owner)));
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }
}
