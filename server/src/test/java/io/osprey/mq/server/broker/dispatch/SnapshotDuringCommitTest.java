package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static io.osprey.mq.server.broker.dispatch.JmsWire.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.HeldForceDisk;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch snapshot taken while a transaction is in progress, then a power cut (DESIGN.md, "How the broker keeps
 * JMS state"): a broker on a {@link PowerCutDisk} (SYNC_FLUSH) holds four messages of queue {@code In} delivered and
 * unacknowledged ({@code m4} delivered twice), and a transaction consumes {@code m1} and {@code m2} and sends to
 * queues {@code Out1} (one send staged ahead of the commit) and {@code Out2}. The snapshot is written while the
 * transaction is only staged, or while its commit's batch waits for its fsync ({@link HeldForceDisk}). After the
 * cut and a restart the commit is either wholly applied (its sends stored, m1 and m2 never delivered again) or wholly
 * absent (no send stored, m1 and m2 back) — as the cut left its batch — and every message still unacknowledged comes
 * back once, redelivered, with one delivery more than it had.
 */
class SnapshotDuringCommitTest {
    private static final String IN = "In";
    private static final String OUT1 = "Out1";
    private static final String OUT2 = "Out2";
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path dir;

    private PowerCutDisk powerCut;
    private HeldForceDisk disk;

    @Test
    void aSnapshotOfAStagedTransactionRestoresWithoutItsSends() throws Exception {
        Broker broker = start();
        try (JmsWire connection = JmsWire.connected(broker.address(), "before")) {
            Map<String, Received> held = deliverFour(connection);
            succeeded(connection.stageRaw("t1", List.of(connection.staged(OUT1, "staged"))));

            broker.snapshotDispatch().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            cutAndStop(broker, CutMode.LOSE_UNFORCED);
            assertThat(held).hasSize(4);
        }
        assertRestoredWithout(start());
    }

    @Test
    void aCommitWhoseBatchAPowerCutLostAfterTheSnapshotIsWhollyAbsent() throws Exception {
        Broker broker = start();
        try (JmsWire connection = JmsWire.connected(broker.address(), "before")) {
            CompletableFuture<RemotingCommand> commit = commitHeldBeforeItsFsync(connection);
            snapshotWhilePending(broker, commit);
            cutAndStop(broker, CutMode.LOSE_UNFORCED);
            assertThat(commit.get(WAIT_MILLIS, TimeUnit.MILLISECONDS).code()).as("never acknowledged")
                    .isNotEqualTo(ResponseCode.SUCCESS);
        }
        assertRestoredWithout(start());
    }

    @Test
    void aCommitWrittenButNotFlushedAfterTheSnapshotIsWhollyAppliedWhenThePageCacheSurvives() throws Exception {
        Broker broker = start();
        try (JmsWire connection = JmsWire.connected(broker.address(), "before")) {
            snapshotWhilePending(broker, commitHeldBeforeItsFsync(connection));
            // what a killed process leaves: the page cache reaches the disk, the batch with it
            cutAndStop(broker, CutMode.KEEP_EVERYTHING);
        }
        assertRestoredWith(start());
    }

    @Test
    void aCommitAnsweredAfterTheSnapshotIsWhollyAppliedAfterAPowerCut() throws Exception {
        Broker broker = start();
        try (JmsWire connection = JmsWire.connected(broker.address(), "before")) {
            CompletableFuture<RemotingCommand> commit = commitHeldBeforeItsFsync(connection);
            // queued to the dispatch thread before the batch can complete, so it runs before the commit is applied
            CompletableFuture<Void> snapshot = broker.snapshotDispatch();
            disk.release();
            succeeded(commit.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
            snapshot.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            // the snapshot shows m1 and m2 delivered and unacknowledged: the restart must replay the batch over it
            cutAndStop(broker, CutMode.LOSE_UNFORCED);
        }
        assertRestoredWith(start());
    }

    // ---------------------------------------------------------------- the run before the cut

    private Broker start() throws Exception {
        if (powerCut == null) {
            powerCut = new PowerCutDisk(dir.resolve("trash"), 5);
            disk = new HeldForceDisk(powerCut, dir.resolve("store").resolve("commitlog"));
        }
        StoreConfig store = StoreConfig.defaults(dir.resolve("store")).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.SYNC_FLUSH);
        BrokerConfig config = BrokerConfig.defaults().withNetwork("", "127.0.0.1", 0, "127.0.0.1");
        Broker broker = new Broker(config, store, Clock.systemUTC(), disk);
        broker.start();
        return broker;
    }

    /** m1…m4 stored in In and delivered to {@code connection}, m4 twice; by body. */
    private static Map<String, Received> deliverFour(JmsWire connection) throws Exception {
        connection.openQueue(1, IN);
        for (int i = 1; i <= 4; i++) {
            connection.send(IN, 0, "m" + i);
        }
        Map<String, Received> held = new LinkedHashMap<>();
        connection.fetchExactly(1, 4).forEach(r -> held.put(r.body(), r));
        connection.giveBack(List.of(held.get("m4")), true);
        Received again = connection.fetchExactly(1, 1).get(0);
        assertThat(again.body()).isEqualTo("m4");
        assertThat(again.deliveryCount()).isEqualTo(2);
        held.put("m4", again);
        return held;
    }

    /** Sends the transaction's commit and holds its batch before its fsync; answers the commit's answer to come. */
    private CompletableFuture<RemotingCommand> commitHeldBeforeItsFsync(JmsWire connection) throws Exception {
        Map<String, Received> held = deliverFour(connection);
        succeeded(connection.stageRaw("t1", List.of(connection.staged(OUT1, "staged"))));
        disk.hold();
        CompletableFuture<RemotingCommand> commit = connection.invokeAsync(RequestCode.JMS_TX_COMMIT,
                new TransactionHeader(connection.connectionId(), "t1").toExtFields(),
                new TransactionWork(List.of(connection.staged(OUT1, "sent-1"), connection.staged(OUT2, "sent-2")),
                        tags(List.of(held.get("m1"), held.get("m2")))).encode(), 60_000);
        assertThat(disk.awaitHeldFsync(WAIT_MILLIS)).as("the commit's batch waits for its fsync").isTrue();
        return commit;
    }

    /** Writes the snapshot while the commit's batch is held: it must not wait for the batch. */
    private void snapshotWhilePending(Broker broker, CompletableFuture<RemotingCommand> commit) throws Exception {
        broker.snapshotDispatch().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(commit).as("the snapshot was written while the commit was pending").isNotDone();
        assertThat(Files.exists(dir.resolve("store").resolve("config").resolve(Dispatcher.SNAPSHOT_FILE))).isTrue();
    }

    private void cutAndStop(Broker broker, CutMode mode) throws Exception {
        powerCut.cut(mode);
        disk.release();
        broker.close();
        powerCut.powerOn();
    }

    // ---------------------------------------------------------------- after the restart

    /** The transaction left nothing: its sends are not stored, m1…m4 all come back with one delivery more. */
    private static void assertRestoredWithout(Broker broker) throws Exception {
        try (broker; JmsWire connection = JmsWire.connected(broker.address(), "after")) {
            assertThat(drain(connection, 2, OUT1)).isEmpty();
            assertThat(drain(connection, 3, OUT2)).isEmpty();
            assertThat(redeliveries(drain(connection, 1, IN)))
                    .containsExactlyInAnyOrder("m1=2", "m2=2", "m3=2", "m4=3");
        }
    }

    /** The transaction took effect whole: its sends are stored once, m1 and m2 never come back, m3 and m4 do. */
    private static void assertRestoredWith(Broker broker) throws Exception {
        try (broker; JmsWire connection = JmsWire.connected(broker.address(), "after")) {
            assertThat(JmsWire.bodies(drain(connection, 2, OUT1))).containsExactly("staged", "sent-1");
            assertThat(JmsWire.bodies(drain(connection, 3, OUT2))).containsExactly("sent-2");
            assertThat(redeliveries(drain(connection, 1, IN))).containsExactlyInAnyOrder("m3=2", "m4=3");
        }
    }

    /** Everything queue {@code queue} delivers now, to a consumer opened on it. */
    private static List<Received> drain(JmsWire connection, long consumerId, String queue) throws Exception {
        connection.openQueue(consumerId, queue);
        List<Received> all = new ArrayList<>();
        for (List<Received> batch = connection.fetch(consumerId, 64, 300); !batch.isEmpty();
             batch = connection.fetch(consumerId, 64, 300)) {
            all.addAll(batch);
        }
        return all;
    }

    /** Each message as body=deliveries (more than one: JMSRedelivered). */
    private static List<String> redeliveries(List<Received> received) {
        return received.stream().map(r -> r.body() + "=" + r.deliveryCount()).toList();
    }
}
