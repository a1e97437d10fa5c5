package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.DispatchProperties;
import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, dead letters: the move to the dead-letter queue is atomic across a power cut. A broker on a
 * {@link PowerCutDisk} (SYNC_FLUSH, {@code jmsMaxDeliveries=3}) has its messages of queue {@code In} delivered and
 * returned again and again, so that they move to {@code DLQ} one after another, until the power is cut at a random
 * write of the CommitLog. After each restart on what the disk kept, every message sent to In is in exactly one
 * place: still in In, or in DLQ once (naming In as its origin) — never both, never neither, never twice.
 */
class DeadLetterPowerLossTest {
    private static final int ROUNDS = 6;
    private static final int MAX_DELIVERIES = 3;
    private static final String IN = "In";
    private static final String DLQ = "DLQ";

    @TempDir
    Path dir;

    @Test
    void movesToTheDeadLetterQueueAreAllOrNothingAcrossPowerCuts() throws Exception {
        Path root = dir.resolve("store");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 53);
        Random random = new Random(53);
        StoreConfig storeConfig = StoreConfig.defaults(root).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.SYNC_FLUSH);
        Set<String> stored = new HashSet<>();
        int sent = 0;
        int movedBeforeLastRound = 0;
        try (NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0))) {
            nameServer.start();
            BrokerConfig brokerConfig = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(),
                    "127.0.0.1", 0, "127.0.0.1").withJmsDeadLetters(MAX_DELIVERIES, DLQ);
            for (int round = 0; round <= ROUNDS; round++) {
                Broker broker = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
                broker.start();
                CutTrigger trigger = null;
                try (JmsWire connection = JmsWire.connected(broker.address(), "round-" + round)) {
                    connection.openQueue(1, IN);
                    connection.openQueue(2, DLQ);
                    movedBeforeLastRound = checkEachMessageIsInOnePlace(connection, round, stored);
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
                        if (!got.isEmpty() && connection.giveBackRaw(JmsWire.tags(got), true).code()
                                != ResponseCode.SUCCESS) {
                            break;
                        }
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
        assertThat(movedBeforeLastRound).as("the test moved messages to the dead-letter queue").isGreaterThan(20);
    }

    /**
     * Holds every message of In and of DLQ (a fetch of In may move the ones at their maximum: they are awaited in
     * DLQ), checks each stored message is in one place, then returns them all undelivered so their counts stand.
     * Answers how many are in DLQ.
     */
    private static int checkEachMessageIsInOnePlace(JmsWire connection, int round, Set<String> stored)
            throws Exception {
        List<Received> held = new ArrayList<>();
        Set<String> inQueue = new HashSet<>();
        for (List<Received> batch = connection.fetch(1, 64, 200); !batch.isEmpty();
             batch = connection.fetch(1, 64, 200)) {
            batch.forEach(r -> inQueue.add(r.body()));
            held.addAll(batch);
        }
        Map<String, Integer> dead = new HashMap<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Received r : connection.fetch(2, 64, 200)) {
                held.add(r);
                dead.merge(r.body(), 1, Integer::sum);
                assertThat(r.property(DispatchProperties.DEAD_LETTER_ORIGIN)).isEqualTo("queue://" + IN);
            }
            Set<String> everywhere = new HashSet<>(inQueue);
            everywhere.addAll(dead.keySet());
            return everywhere.containsAll(stored);
        });
        held.addAll(connection.fetch(2, 64, 300)); // a duplicate the await stopped before
        Map<String, Integer> copies = new HashMap<>();
        held.stream().filter(r -> r.message().topic().equals(DLQ))
                .forEach(r -> copies.merge(r.body(), 1, Integer::sum));
        copies.forEach((body, n) -> assertThat(n).as("round %d: %s is in DLQ %d times", round, body, n)
                .isEqualTo(1));
        for (String body : inQueue) {
            assertThat(copies).as("round %d: %s is both in In and in DLQ", round, body).doesNotContainKey(body);
        }
        if (!held.isEmpty()) {
            connection.giveBack(held, false);
        }
        return copies.size();
    }

    private static boolean sendQuietly(JmsWire connection, String body) {
        try {
            connection.send(IN, 0, body);
            return true;
        } catch (Throwable e) {
            return false; // the power went: not acknowledged
        }
    }
}
