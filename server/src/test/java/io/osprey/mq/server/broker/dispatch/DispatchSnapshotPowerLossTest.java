package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.broker.TestBroker;
import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.MovableClock;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.store.MessageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch snapshot is durable once written (DESIGN.md: metadata goes to a temp file, fsync, rename, fsync the
 * folder): a retention round writes one and deletes the CommitLog segments before it — the dispatch records in them
 * now live only in the snapshot — then the power is cut, on a {@link PowerCutDisk} that loses what was not fsynced
 * (the snapshot's bytes without the file's fsync, its new name without the folder's). The broker must start again
 * on the snapshot, with every acknowledged message still acknowledged and every other one back with its delivery
 * count: without the snapshot's fsync it would find a damaged file, without the folder's none, and the log it would
 * replay instead is gone.
 */
class DispatchSnapshotPowerLossTest {
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final String FILLER = "x".repeat(2_000);
    private static final String QUEUE = "Work";

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(Instant.now());

    @Test
    void theSnapshotRetentionReliesOnSurvivesAPowerCut() throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 3);
        Path snapshot = dir.resolve("store").resolve("config").resolve(Dispatcher.SNAPSHOT_FILE);
        Broker broker = start(disk);
        long kept;
        try (JmsWire connection = JmsWire.connected(broker.address(), "before")) {
            MessageStore store = broker.store();
            connection.openQueue(1, QUEUE);
            fillUpTo(connection, store, 3L * SEGMENT_BYTES);
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                ids.add(connection.send(QUEUE, 0, "w" + i));
            }
            kept = TestBroker.physicalOffset(ids.get(3));
            Map<String, Received> received = connection.fetchExactly(1, 5).stream()
                    .collect(Collectors.toMap(Received::body, r -> r));
            connection.ack(List.of(received.get("w1"), received.get("w2"), received.get("w3")));
            connection.giveBack(List.of(received.get("w4")), true);
            // w5 stays delivered and unacknowledged

            clock.advance(Duration.ofHours(2));
            assertThat(store.retainExpired()).as("segments deleted").isPositive();
            assertThat(snapshot).as("written by the retention round, before it deleted the records").exists();
            assertThat(store.commitLogMinOffset()).as("the log before w4's segment is gone")
                    .isEqualTo(kept - kept % SEGMENT_BYTES).isPositive();
            // a new segment: its creation fsyncs the CommitLog's folder, and the deletions become durable too
            fillUpTo(connection, store, store.commitLogMaxOffset() - store.commitLogMaxOffset() % SEGMENT_BYTES
                    + SEGMENT_BYTES);
        }
        disk.cut(CutMode.LOSE_UNFORCED);
        broker.close();
        disk.powerOn();
        assertThat(dir.resolve("store").resolve("commitlog").resolve(String.format("%020d", 0)))
                .as("the first segment stays deleted after the cut: only the snapshot holds its records")
                .doesNotExist();

        Broker restarted = start(disk);
        try (restarted; JmsWire connection = JmsWire.connected(restarted.address(), "after")) {
            connection.openQueue(1, QUEUE);
            List<String> back = new ArrayList<>();
            for (List<Received> batch = connection.fetch(1, 64, 300); !batch.isEmpty();
                 batch = connection.fetch(1, 64, 300)) {
                batch.forEach(r -> back.add(r.body() + "=" + r.deliveryCount()));
            }
            assertThat(back).containsExactlyInAnyOrder("w4=2", "w5=2");
        }
    }

    private Broker start(PowerCutDisk disk) throws Exception {
        // retention after one hour, run by the test only
        StoreConfig store = new StoreConfig(dir.resolve("store"), SEGMENT_BYTES, 1_000, FlushDiskType.SYNC_FLUSH,
                500, 5_000, 1, 95, 3_600_000, 256 * 1024, 32);
        Broker broker = new Broker(BrokerConfig.defaults().withNetwork("", "127.0.0.1", 0, "127.0.0.1"), store, clock,
                disk);
        broker.start();
        return broker;
    }

    /** Sends messages of a topic no JMS consumer reads until the CommitLog reaches {@code offset}. */
    private static void fillUpTo(JmsWire connection, MessageStore store, long offset) throws Exception {
        while (store.commitLogMaxOffset() < offset) {
            connection.send("Filler", 0, FILLER);
        }
    }
}
