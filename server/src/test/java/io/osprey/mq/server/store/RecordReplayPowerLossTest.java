package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.RecordReplayTest.JMS_STATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.DiskOperation;
import io.osprey.mq.server.common.DiskOperation.Kind;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.store.RecordReplayTest.Seen;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay after power loss, on a {@link PowerCutDisk}: producers append an owner's records among messages and
 * batches, the power is cut (mid-write, at an fsync, at a segment roll, anywhere; every unforced page lost or a
 * random subset of them), and the reopened store's replay from 0 must hand over exactly what survived: every
 * record intact, none invented, none twice, in log order (each producer's in the order it appended them), every
 * acknowledged-durable record and everything an earlier round replayed, and — from the dispatch checkpoint on —
 * exactly what dispatch handed the owner during open.
 */
class RecordReplayPowerLossTest {
    private static final int PRODUCERS = 2;
    private static final int ROUNDS = 8;

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    /** A record of the test: its payload says who it is, so a corrupt one cannot pass for another. */
    private record Sent(String producer, int sequence) {
        String name() {
            return producer + "s" + sequence;
        }

        String payload() {
            Random r = new Random(name().hashCode());
            StringBuilder b = new StringBuilder(name()).append('|');
            for (int i = 20 + r.nextInt(2_000); i > 0; i--) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            return b.toString();
        }
    }

    private record CutPoint(String what, Predicate<DiskOperation> match, long occurrence) {
    }

    private List<CutPoint> cutPoints(Random random) {
        Path commitLog = root().resolve("commitlog");
        return List.of(
                new CutPoint("a CommitLog write", op -> op.is(Kind.WRITE, commitLog), 20 + random.nextInt(300)),
                new CutPoint("a CommitLog fsync", op -> op.is(Kind.FORCE, commitLog), 5 + random.nextInt(60)),
                new CutPoint("a segment roll", op -> op.is(Kind.OPEN_CREATE, commitLog), 1 + random.nextInt(2)),
                new CutPoint("any operation", op -> true, 100 + random.nextInt(1_500)));
    }

    private MessageStore open(PowerCutDisk disk, FlushDiskType flush, RecordOwner owner) throws IOException {
        return MessageStore.open(StoreFixture.config(root(), flush), StoreFixture.STORE_HOST,
                StoreFixture.tuning(disk, 15).withRecordTypes(RecordReplayTest.types(owner)));
    }

    @Test
    void syncFlushReplaysEveryAcknowledgedRecordAndOnlyWhatSurvivedAfterEachCut() throws Exception {
        runRounds(FlushDiskType.SYNC_FLUSH, 11L);
    }

    @Test
    void asyncFlushReplaysEveryRecordFlushedBeforeTheCutAndOnlyWhatSurvived() throws Exception {
        runRounds(FlushDiskType.ASYNC_FLUSH, 12L);
    }

    private void runRounds(FlushDiskType flush, long seed) throws Exception {
        Random random = new Random(seed);
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), seed);
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        Set<String> mustSurvive = new HashSet<>();
        MessageStore store = open(disk, flush, (offset, payload) -> { });
        store.start();
        for (int round = 0; round < ROUNDS; round++) {
            List<CutPoint> points = cutPoints(random);
            CutPoint point = points.get(round % points.size());
            CutMode mode = round % 2 == 0 ? CutMode.RANDOM_PAGES : CutMode.LOSE_UNFORCED;
            String what = "round " + round + ", " + flush + ", cut before " + point.what() + " #" + point.occurrence()
                    + ", " + mode;
            Load load = new Load(store, sent, round, random.nextLong());
            CutTrigger trigger = disk.cutBefore(point.match(), point.occurrence(), mode);
            load.start();
            try {
                trigger.fired().get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                disk.disarm(trigger);
                disk.cut(mode); // the point was not reached: cut anyway
            }
            long flushedAtCut = store.flushedOffset();
            load.stop();
            closeDead(store);
            load.acknowledged.forEach((name, end) -> {
                if (flush == FlushDiskType.SYNC_FLUSH || end <= flushedAtCut) {
                    mustSurvive.add(name);
                }
            });
            disk.powerOn();

            List<Seen> duringOpen = new CopyOnWriteArrayList<>();
            store = open(disk, flush, RecordReplayTest.recording(duringOpen));
            List<Seen> replayed = new ArrayList<>();
            ReplayResult result = store.replayRecords(JMS_STATE, 0, RecordReplayTest.recording(replayed));
            verify(store, result, replayed, duringOpen, sent, load.acknowledged, mustSurvive, what);
            replayed.forEach(seen -> mustSurvive.add(nameOf(seen.payload())));
            store.start();
        }
        store.close();
    }

    private static void verify(MessageStore store, ReplayResult result, List<Seen> replayed, List<Seen> duringOpen,
                               Map<String, Sent> sent, Map<String, Long> acknowledgedEnds, Set<String> mustSurvive,
                               String what) {
        RecoveryReport report = store.recoveryReport();
        assertThat(result.endOffset()).as("%s: replayed to the recovered end", what).isEqualTo(report.commitLogEnd());
        assertThat(result.records()).as("%s: count", what).isEqualTo(replayed.size());
        Set<String> names = new HashSet<>();
        Map<String, Integer> lastSequence = new HashMap<>();
        long previousOffset = -1;
        for (Seen seen : replayed) {
            assertThat(seen.offset()).as("%s: log order", what).isGreaterThan(previousOffset);
            previousOffset = seen.offset();
            String name = nameOf(seen.payload());
            Sent record = sent.get(name);
            assertThat(record).as("%s: replayed a record never appended: %.40s", what, seen.payload()).isNotNull();
            assertThat(seen.payload()).as("%s: %s intact", what, name).isEqualTo(record.payload());
            assertThat(names.add(name)).as("%s: %s replayed twice", what, name).isTrue();
            Integer before = lastSequence.put(record.producer(), record.sequence());
            assertThat(before == null || before < record.sequence()).as("%s: %s after sequence %s of its producer",
                    what, name, before).isTrue();
        }
        Set<String> missing = new HashSet<>(mustSurvive);
        missing.removeAll(names);
        assertThat(missing).as("%s: durable records not replayed", what).isEmpty();
        assertThat(duringOpen).as("%s: dispatch during open handed what the replay hands from the checkpoint", what)
                .containsExactlyElementsOf(replayed.stream().filter(s -> s.offset() >= report.dispatchedFrom())
                        .toList());
        acknowledgedEnds.keySet().stream().filter(names::contains).forEach(name -> {
            Seen seen = replayed.stream().filter(s -> nameOf(s.payload()).equals(name)).findFirst().orElseThrow();
            int length = FrameLayout.HEADER_LENGTH + seen.payload().getBytes(StandardCharsets.UTF_8).length;
            assertThat(seen.offset() + length).as("%s: %s where its append said", what, name)
                    .isEqualTo(acknowledgedEnds.get(name));
        });
    }

    private static String nameOf(String payload) {
        int bar = payload.indexOf('|');
        return bar < 0 ? payload : payload.substring(0, bar);
    }

    private static void closeDead(MessageStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            // the power went out under it: its close cannot write anything, which is the point
        }
    }

    /** Producers appending records, messages and batches one at a time until the power goes. */
    private static final class Load {
        /** Acknowledged records by name, with the end offset of their frame. */
        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        private final MessageStore store;
        private final Map<String, Sent> sent;
        private final int round;
        private final long seed;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final CountDownLatch started = new CountDownLatch(PRODUCERS);

        Load(MessageStore store, Map<String, Sent> sent, int round, long seed) {
            this.store = store;
            this.sent = sent;
            this.round = round;
            this.seed = seed;
        }

        void start() throws InterruptedException {
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                threads.add(new Thread(() -> produce(producer), "producer-" + p));
            }
            threads.forEach(Thread::start);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }

        private void produce(int producer) {
            Random random = new Random(seed + producer);
            started.countDown();
            for (int i = 0; running.get(); i++) {
                try {
                    String topic = "P" + random.nextInt(6);
                    int queueId = random.nextInt(3);
                    switch (random.nextInt(4)) {
                        case 0 -> store.append(StoreFixture.message(topic, queueId, "m" + i + "x".repeat(
                                random.nextInt(1_500)))).get(30, TimeUnit.SECONDS);
                        case 1 -> store.appendBatch(List.of(StoreFixture.message(topic, queueId, "b" + i + "-0"),
                                StoreFixture.message(topic, queueId, "b" + i + "-1"))).get(30, TimeUnit.SECONDS);
                        default -> {
                            Sent record = new Sent("r" + round + "p" + producer, i);
                            sent.put(record.name(), record);
                            AppendResult result = store.appendRecord(JMS_STATE,
                                    record.payload().getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
                            acknowledged.put(record.name(), result.endOffset());
                        }
                    }
                } catch (ExecutionException e) {
                    return; // the power went: the store failed this append and every later one
                } catch (InterruptedException | TimeoutException e) {
                    throw new AssertionError("an append neither completed nor failed", e);
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
            }
        }
    }
}
