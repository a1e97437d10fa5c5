package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
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
 * Issue 7, Redelivery: a queue's acknowledgements and delivery counts survive a power cut under SYNC_FLUSH. A broker
 * on a {@link PowerCutDisk} serves a JMS queue consumer that fetches, acknowledges some messages and returns others,
 * until the power is cut at a random write of the CommitLog; after each restart on what the disk kept, no message
 * whose acknowledgement was answered comes back, every other stored message does (but one whose acknowledgement
 * was asked when the power went, which may or may not have been kept), and each comes back with more
 * deliveries than any fetch answer reported for it.
 */
class DispatchPowerLossTest {
    private static final int ROUNDS = 6;
    private static final String QUEUE = "Work";

    @TempDir
    Path dir;

    @Test
    void syncFlushKeepsAcknowledgementsAndDeliveryCountsAcrossPowerCuts() throws Exception {
        Path root = dir.resolve("store");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 31);
        Random random = new Random(31);
        StoreConfig storeConfig = StoreConfig.defaults(root).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.SYNC_FLUSH);
        Set<String> acknowledged = new HashSet<>();
        // asked to be acknowledged when the power went: the record may or may not have reached the disk
        Set<String> perhapsAcknowledged = new HashSet<>();
        Set<String> stored = new HashSet<>();
        Map<String, Integer> deliveriesSeen = new HashMap<>();
        int sent = 0;
        try (NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0))) {
            nameServer.start();
            // unlimited deliveries: the counts keep rising across the rounds, and no message may leave the queue
            BrokerConfig brokerConfig = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(),
                    "127.0.0.1", 0, "127.0.0.1").withJmsDeadLetters(0, "DLQ");
            for (int round = 0; round <= ROUNDS; round++) {
                Broker broker = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
                broker.start();
                CutTrigger trigger = null;
                try (JmsWire connection = JmsWire.connected(broker.address(), "round-" + round)) {
                    connection.openQueue(1, QUEUE);
                    // what survived: everything stored and not acknowledged comes back, counted higher than before
                    Set<String> back = new HashSet<>();
                    List<Received> held = new java.util.ArrayList<>();
                    for (List<Received> batch = connection.fetch(1, 64, 200); !batch.isEmpty();
                         batch = connection.fetch(1, 64, 200)) {
                        for (Received r : batch) {
                            String body = body(r);
                            assertThat(acknowledged).as("round %d: %s was acknowledged", round, body)
                                    .doesNotContain(body);
                            assertThat(r.deliveryCount()).as("round %d: deliveries of %s", round, body)
                                    .isGreaterThan(deliveriesSeen.getOrDefault(body, 0));
                            assertThat(back.add(body)).as("round %d: %s delivered twice", round, body).isTrue();
                            perhapsAcknowledged.remove(body);
                            deliveriesSeen.put(body, r.deliveryCount());
                        }
                        held.addAll(batch);
                    }
                    // back to the queue, as delivered: the next round's deliveries must count higher still
                    connection.giveBack(held, true);
                    Set<String> expected = new HashSet<>(stored);
                    expected.removeAll(acknowledged);
                    expected.removeAll(perhapsAcknowledged);
                    assertThat(back).as("round %d: every stored, unacknowledged message", round)
                            .containsAll(expected);
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
                        RemotingCommand fetched = connection.fetchAsync(1, 4, 0).get(5, TimeUnit.SECONDS);
                        if (fetched.code() != ResponseCode.SUCCESS) {
                            break;
                        }
                        List<Received> got = connection.deliveries(1, fetched);
                        for (Received r : got) {
                            deliveriesSeen.merge(body(r), r.deliveryCount(), Math::max);
                        }
                        if (got.isEmpty()) {
                            continue;
                        }
                        Received first = got.get(0);
                        if (random.nextBoolean()) {
                            perhapsAcknowledged.add(body(first));
                            if (connection.ackRaw(JmsWire.tags(List.of(first))).code() == ResponseCode.SUCCESS) {
                                perhapsAcknowledged.remove(body(first));
                                acknowledged.add(body(first));
                            } else {
                                break;
                            }
                        }
                        List<Received> rest = got.subList(random.nextBoolean() ? 1 : 0, got.size());
                        if (!rest.isEmpty() && !acknowledged.contains(body(rest.get(0)))) {
                            connection.giveBackRaw(JmsWire.tags(rest), true);
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
        assertThat(acknowledged).as("the test acknowledged something").isNotEmpty();
    }

    private static boolean sendQuietly(JmsWire connection, String body) {
        try {
            connection.send(QUEUE, 0, body);
            return true;
        } catch (Throwable e) {
            return false; // the power went: not acknowledged
        }
    }

    private static String body(Received r) {
        return new String(r.message().body(), StandardCharsets.UTF_8);
    }
}
