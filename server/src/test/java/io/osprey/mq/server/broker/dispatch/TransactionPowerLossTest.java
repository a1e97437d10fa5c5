package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, Local transactions: a commit is atomic across a power cut. A broker on a {@link PowerCutDisk} (SYNC_FLUSH)
 * serves transactions that each move messages from queue {@code In} to queue {@code Out}: they consume one to three
 * messages of In and send an {@code out-} copy of each to Out, until the power is cut at a random write of the
 * CommitLog. After each restart on what the disk kept, every message sent to In is in exactly one place: still in
 * In, or moved to Out (once) — never both, never neither — and every commit that was answered is moved.
 */
class TransactionPowerLossTest {
    private static final int ROUNDS = 6;
    private static final String IN = "In";
    private static final String OUT = "Out";
    private static final String MOVED = "out-";

    @TempDir
    Path dir;

    @Test
    void syncFlushCommitsAreAllOrNothingAcrossPowerCuts() throws Exception {
        Path root = dir.resolve("store");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 47);
        Random random = new Random(47);
        StoreConfig storeConfig = StoreConfig.defaults(root).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.SYNC_FLUSH);
        Set<String> stored = new HashSet<>();
        Set<String> committed = new HashSet<>();
        int sent = 0;
        int commits = 0;
        try (NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0))) {
            nameServer.start();
            BrokerConfig brokerConfig = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(),
                    "127.0.0.1", 0, "127.0.0.1");
            for (int round = 0; round <= ROUNDS; round++) {
                Broker broker = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
                broker.start();
                CutTrigger trigger = null;
                try (JmsWire connection = JmsWire.connected(broker.address(), "round-" + round)) {
                    connection.openQueue(1, IN);
                    connection.openQueue(2, OUT);
                    List<String> inQueue = drainAndReturn(connection, 1);
                    List<String> outQueue = drainAndReturn(connection, 2);
                    Set<String> moved = new HashSet<>();
                    for (String body : outQueue) {
                        assertThat(body).startsWith(MOVED);
                        assertThat(moved.add(body.substring(MOVED.length())))
                                .as("round %d: %s moved twice", round, body).isTrue();
                    }
                    for (String body : inQueue) {
                        assertThat(moved).as("round %d: %s is both in In and moved to Out", round, body)
                                .doesNotContain(body);
                    }
                    Set<String> everywhere = new HashSet<>(inQueue);
                    everywhere.addAll(moved);
                    assertThat(everywhere).as("round %d: every message stored in In is in In or in Out", round)
                            .containsAll(stored);
                    assertThat(moved).as("round %d: every answered commit is moved", round).containsAll(committed);
                    if (round == ROUNDS) {
                        break;
                    }
                    trigger = disk.cutBefore(op -> op.path().startsWith(root.resolve("commitlog")),
                            10 + random.nextInt(80), round % 2 == 0 ? CutMode.LOSE_UNFORCED : CutMode.RANDOM_PAGES);
                    while (!trigger.fired().isDone()) {
                        String body = "m" + (sent++);
                        if (!sendQuietly(connection, body)) {
                            break;
                        }
                        stored.add(body);
                        RemotingCommand fetched = connection.fetchAsync(1, 1 + random.nextInt(3), 0)
                                .get(5, TimeUnit.SECONDS);
                        if (fetched.code() != ResponseCode.SUCCESS) {
                            break;
                        }
                        List<Received> got = connection.deliveries(1, fetched);
                        if (got.isEmpty()) {
                            continue;
                        }
                        List<StagedSend> copies = new ArrayList<>();
                        for (Received r : got) {
                            copies.add(connection.staged(OUT, MOVED + body(r)));
                        }
                        RemotingCommand answer;
                        try {
                            answer = connection.commitRaw("t" + (commits++), copies, JmsWire.tags(got));
                        } catch (Exception e) {
                            break; // the power went mid-commit: all or nothing, checked after the restart
                        }
                        if (answer.code() != ResponseCode.SUCCESS) {
                            break;
                        }
                        got.forEach(r -> committed.add(body(r)));
                    }
                    try {
                        trigger.fired().get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        disk.disarm(trigger);
                    }
                } catch (java.util.concurrent.ExecutionException | java.io.UncheckedIOException e) {
                    // the broker went down with its disk mid-request
                } finally {
                    if (trigger != null) {
                        disk.disarm(trigger);
                        if (disk.isPowerOn()) {
                            disk.cut(CutMode.LOSE_UNFORCED);
                        }
                    }
                    broker.close();
                    if (!disk.isPowerOn()) {
                        disk.powerOn();
                    }
                }
            }
        }
        assertThat(committed).as("the test committed something").hasSizeGreaterThan(20);
    }

    /** Every message of the consumer's queue now, returned as delivered so that it stays there. */
    private static List<String> drainAndReturn(JmsWire connection, long consumerId) throws Exception {
        List<String> bodies = new ArrayList<>();
        List<Received> held = new ArrayList<>();
        for (List<Received> batch = connection.fetch(consumerId, 64, 200); !batch.isEmpty();
             batch = connection.fetch(consumerId, 64, 200)) {
            for (Received r : batch) {
                bodies.add(body(r));
            }
            held.addAll(batch);
        }
        if (!held.isEmpty()) {
            connection.giveBack(held, true);
        }
        return bodies;
    }

    private static boolean sendQuietly(JmsWire connection, String body) {
        try {
            connection.send(IN, 0, body);
            return true;
        } catch (Throwable e) {
            return false; // the power went: not acknowledged
        }
    }

    private static String body(Received r) {
        return new String(r.message().body(), StandardCharsets.UTF_8);
    }
}
