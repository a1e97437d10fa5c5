package io.osprey.mq.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.DiskOperation;
import io.osprey.mq.server.common.DiskOperation.Kind;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store under power loss, on a {@link PowerCutDisk}: producers append single messages and batches to several
 * queues, a consumer pulls, and the power is cut at a chosen moment — before the k-th write of the CommitLog
 * (mid-batch with {@link CutMode#RANDOM_PAGES}), at a segment roll, inside a consume-queue checkpoint, before a
 * consume-queue write, or at a random operation — losing every unforced page or an arbitrary subset of them.
 * The store is reopened on what the disk kept, checked, and loaded again, round after round on the same data:
 * <ul>
 *   <li>SYNC_FLUSH: every acknowledged message, and every message a consumer was served, is still served,
 *       body intact, exactly once, in its queue's order;</li>
 *   <li>ASYNC_FLUSH: the store opens and serves no corrupt message, and loses at most what was acknowledged
 *       after the last completed flush;</li>
 *   <li>both: a batch is there whole or not at all; queues start at 0 with no gap; no consume-queue hole ever
 *       needs repair (the checkpoint's fsyncs held what they promised).</li>
 * </ul>
 * A missing fsync makes these fail: SIGKILL ({@link CutMode#KEEP_EVERYTHING}) could never show it.
 */
class StorePowerLossTest {
    private static final int TOPICS = 2;
    private static final int QUEUES = 3;
    private static final int PRODUCERS = 3;
    private static final int ROUNDS = 16;

    @TempDir
    Path dir;

    /** A message of the test: its body says who it is, so a corrupt one cannot pass for another. */
    private record Sent(String name, String topic, int queueId, int batch, int batchSize) {
        String body() {
            Random r = new Random(name.hashCode());
            StringBuilder b = new StringBuilder(name).append('|');
            int n = 200 + r.nextInt(3_000);
            for (int i = 0; i < n; i++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            return b.toString();
        }

        static String nameOf(String body) {
            int bar = body.indexOf('|');
            return bar < 0 ? body : body.substring(0, bar);
        }
    }

    /** Where the power goes, one per round in turn. */
    private record CutPoint(String what, Predicate<DiskOperation> match, long occurrence) {
    }

    private Path root() {
        return dir.resolve("store");
    }

    private List<CutPoint> cutPoints(Random random) {
        Path commitLog = root().resolve("commitlog");
        Path consumeQueues = root().resolve("consumequeue");
        Path checkpoint = root().resolve(DispatchCheckpoint.FILE_NAME);
        Path checkpointTemp = root().resolve(DispatchCheckpoint.FILE_NAME + ".tmp");
        return List.of(
                new CutPoint("a CommitLog write (mid-batch)", op -> op.is(Kind.WRITE, commitLog),
                        20 + random.nextInt(200)),
                new CutPoint("a segment roll: creating the next segment", op -> op.is(Kind.OPEN_CREATE, commitLog), 1
                        + random.nextInt(3)),
                new CutPoint("a CommitLog fsync", op -> op.is(Kind.FORCE, commitLog), 5 + random.nextInt(60)),
                new CutPoint("a checkpoint: writing its temp file", op -> op.is(Kind.WRITE, checkpointTemp),
                        2 + random.nextInt(5)),
                new CutPoint("a checkpoint: the rename", op -> op.kind() == Kind.MOVE && checkpoint.equals(
                        op.target()), 2 + random.nextInt(5)),
                new CutPoint("a checkpoint: fsyncing the consume queues", op -> op.is(Kind.FORCE, consumeQueues),
                        3 + random.nextInt(30)),
                new CutPoint("a consume-queue write", op -> op.is(Kind.WRITE, consumeQueues), 50 + random.nextInt(400)),
                new CutPoint("any operation", op -> true, 100 + random.nextInt(1_500)));
    }

    private MessageStore open(PowerCutDisk disk, FlushDiskType flush) throws IOException {
        StoreConfig config = StoreFixture.config(root(), flush);
        StoreTuning tuning = StoreFixture.tuning(disk, 15);
        MessageStore store = MessageStore.open(config, StoreFixture.STORE_HOST, tuning);
        store.start();
        return store;
    }

    @Test
    void syncFlushServesEveryAcknowledgedAndEveryConsumedMessageAfterEachCut() throws Exception {
        runRounds(FlushDiskType.SYNC_FLUSH, 1L);
    }

    @Test
    void asyncFlushLosesAtMostWhatWasAcknowledgedAfterTheLastFlushAndNothingIsCorrupt() throws Exception {
        runRounds(FlushDiskType.ASYNC_FLUSH, 2L);
    }

    private void runRounds(FlushDiskType flush, long seed) throws Exception {
        Random random = new Random(seed);
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), seed);
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        Set<String> mustSurvive = new HashSet<>();
        MessageStore store = open(disk, flush);
        for (int round = 0; round < ROUNDS; round++) {
            List<CutPoint> points = cutPoints(random);
            CutPoint point = points.get(round % points.size());
            CutMode mode = round % 2 == 0 ? CutMode.RANDOM_PAGES : CutMode.LOSE_UNFORCED;
            String what = "round " + round + ", " + flush + ", cut before " + point.what() + " #" + point.occurrence()
                    + ", " + mode;
            Round load = new Round(store, sent, round, random.nextLong());
            CutTrigger trigger = disk.cutBefore(point.match(), point.occurrence(), mode);
            load.start();
            try {
                trigger.fired().get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                disk.disarm(trigger);
                disk.cut(mode); // the point was not reached (e.g. no segment filled): cut anyway
            }
            long flushedAtCut = store.flushedOffset();
            load.stop();
            closeDead(store);
            if (flush == FlushDiskType.SYNC_FLUSH) {
                mustSurvive.addAll(load.acknowledged.keySet());
                mustSurvive.addAll(load.consumed);
            } else {
                load.acknowledged.forEach((name, end) -> {
                    if (end <= flushedAtCut) {
                        mustSurvive.add(name);
                    }
                });
            }
            disk.powerOn();
            store = open(disk, flush);
            verify(store, sent, mustSurvive, what);
        }
        store.close();
    }

    private static void closeDead(MessageStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            // the power went out under it: its close cannot write anything, which is the point
        }
    }

    private static void verify(MessageStore store, Map<String, Sent> sent, Set<String> mustSurvive, String what) {
        RecoveryReport report = store.recoveryReport();
        assertThat(report.consumeQueueHolesRepaired()).as("%s: holes below the checkpoint (%s)", what, report)
                .isZero();
        assertThat(report.consumeQueuesRebuilt()).as("%s: checkpoint lost (%s)", what, report).isFalse();
        assertThat(report.consumeQueueEntriesDropped()).as("%s: checkpointed entries past the CommitLog end (%s)",
                what, report).isZero();
        Set<String> served = new HashSet<>();
        Map<Integer, Integer> batchMembers = new HashMap<>();
        for (int t = 0; t < TOPICS; t++) {
            for (int q = 0; q < QUEUES; q++) {
                String topic = "P" + t;
                assertThat(store.minOffset(topic, q)).as("%s: %s/%d starts at 0", what, topic, q).isZero();
                for (String body : MessageStoreAppendTest.readAll(store, topic, q)) {
                    Sent message = sent.get(Sent.nameOf(body));
                    assertThat(message).as("%s: served a message never sent: %.40s", what, body).isNotNull();
                    assertThat(body).as("%s: body of %s intact", what, message.name()).isEqualTo(message.body());
                    assertThat(message.topic() + "/" + message.queueId()).as("%s: %s in its queue", what,
                            message.name()).isEqualTo(topic + "/" + q);
                    assertThat(served.add(message.name())).as("%s: %s served twice", what, message.name()).isTrue();
                    if (message.batch() >= 0) {
                        batchMembers.merge(message.batch(), 1, Integer::sum);
                    }
                }
            }
        }
        Set<String> missing = new HashSet<>(mustSurvive);
        missing.removeAll(served);
        assertThat(missing).as("%s: acknowledged (or consumed) messages lost", what).isEmpty();
        batchMembers.forEach((batch, count) -> {
            int size = sent.values().stream().filter(s -> s.batch() == batch).findFirst().orElseThrow().batchSize();
            assertThat(count).as("%s: batch %d served whole or not at all", what, batch).isEqualTo(size);
        });
    }

    /** One round of load: producers appending until the power goes, and a consumer pulling everything. */
    private static final class Round {
        private static final AtomicInteger BATCHES = new AtomicInteger();

        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        final Set<String> consumed = ConcurrentHashMap.newKeySet();
        private final MessageStore store;
        private final Map<String, Sent> sent;
        private final int round;
        private final long seed;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final CountDownLatch started = new CountDownLatch(PRODUCERS + 1);

        Round(MessageStore store, Map<String, Sent> sent, int round, long seed) {
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
            threads.add(new Thread(this::consume, "consumer"));
            threads.forEach(Thread::start);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }

        private void produce(int producer) {
            Random random = new Random(seed + producer);
            started.countDown();
            for (int i = 0; running.get(); i++) {
                String topic = "P" + random.nextInt(TOPICS);
                int queueId = random.nextInt(QUEUES);
                int size = random.nextInt(4) == 0 ? 2 + random.nextInt(5) : 1;
                int batch = size > 1 ? BATCHES.incrementAndGet() : -1;
                List<Sent> messages = new ArrayList<>();
                for (int m = 0; m < size; m++) {
                    Sent s = new Sent("r" + round + "p" + producer + "i" + i + "m" + m, topic, queueId, batch, size);
                    sent.put(s.name(), s);
                    messages.add(s);
                }
                List<MessageToStore> toStore = messages.stream()
                        .map(s -> StoreFixture.message(s.topic(), s.queueId(), s.body())).toList();
                try {
                    List<AppendResult> results = size == 1
                            ? List.of(store.append(toStore.get(0)).get(30, TimeUnit.SECONDS))
                            : store.appendBatch(toStore).get(30, TimeUnit.SECONDS);
                    for (int m = 0; m < size; m++) {
                        acknowledged.put(messages.get(m).name(), results.get(m).endOffset());
                    }
                } catch (ExecutionException e) {
                    return; // the power went: the store failed this append and every later one
                } catch (InterruptedException | TimeoutException e) {
                    throw new AssertionError("an append neither completed nor failed", e);
                }
            }
        }

        private void consume() {
            long[][] next = new long[TOPICS][QUEUES];
            started.countDown();
            while (running.get() && !store.isFailed()) {
                for (int t = 0; t < TOPICS; t++) {
                    for (int q = 0; q < QUEUES; q++) {
                        GetMessagesResult r;
                        try {
                            r = store.getMessages("P" + t, q, next[t][q], 32, 1 << 20, TagFilter.ALL);
                        } catch (StoreException e) {
                            return;
                        }
                        if (r.status() == GetMessagesResult.Status.FOUND) {
                            r.decodeRecords().forEach(m -> consumed.add(Sent.nameOf(StoreFixture.body(m))));
                            next[t][q] = r.nextBeginOffset();
                        }
                    }
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
