package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.xa.XaBranchId;
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
 * XA prepares are durable under SYNC_FLUSH: a broker on a {@link PowerCutDisk} loses, at a power cut, every page
 * written and not forced. An answered prepare has its record forced first, so after the cut and a restart on what
 * the disk kept the branch is listed by recover with its consumed message locked and its send unstored, and commits
 * or rolls back as asked. (Run the first test on ASYNC_FLUSH and it fails: the prepared records go with the cut.)
 */
class XaPowerLossTest {
    private static final String IN = "In";
    private static final String OUT = "Out";
    private static final String COPY = "copy-";

    @TempDir
    Path dir;

    @Test
    void answeredPreparesSurviveAPowerCutRightAfterThem() throws Exception {
        Path root = dir.resolve("store");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 11);
        StoreConfig storeConfig = StoreConfig.defaults(root).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.SYNC_FLUSH);
        List<XaBranchId> prepared = new ArrayList<>();
        try (NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0))) {
            nameServer.start();
            BrokerConfig brokerConfig = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(),
                    "127.0.0.1", 0, "127.0.0.1");
            Broker broker = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
            broker.start();
            try (JmsWire connection = JmsWire.connected(broker.address(), "before")) {
                connection.openQueue(1, IN);
                XaWire xa = new XaWire(connection);
                for (int i = 0; i < 6; i++) {
                    connection.send(IN, 0, "m" + i);
                    XaBranchId branch = XaWire.branch("b" + i);
                    xa.start(branch);
                    xa.end(branch, List.of(connection.staged(OUT, COPY + i)), connection.fetchExactly(1, 1));
                    xa.prepare(branch);
                    prepared.add(branch);
                }
                assertThat(disk.cut(CutMode.LOSE_UNFORCED)).isTrue();
            } finally {
                broker.close();
                disk.powerOn();
            }

            Broker restarted = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
            restarted.start();
            try (JmsWire connection = JmsWire.connected(restarted.address(), "after")) {
                connection.openQueue(1, IN);
                connection.openQueue(2, OUT);
                XaWire xa = new XaWire(connection);
                assertThat(xa.recover()).as("every answered prepare survived").containsExactlyElementsOf(prepared);
                assertThat(connection.fetch(1, 10, 300)).as("their messages stay locked").isEmpty();
                assertThat(connection.fetch(2, 10, 300)).as("their sends stay unstored").isEmpty();

                for (int i = 0; i < prepared.size(); i++) {
                    if (i % 2 == 0) {
                        xa.commit(prepared.get(i), false);
                    } else {
                        xa.rollback(prepared.get(i));
                    }
                }

                assertThat(bodies(connection.fetchExactly(2, 3))).containsExactly(COPY + 0, COPY + 2, COPY + 4);
                List<Received> redelivered = connection.fetchExactly(1, 3);
                assertThat(bodies(redelivered)).containsExactly("m1", "m3", "m5");
                assertThat(redelivered).allSatisfy(r -> assertThat(r.deliveryCount()).isEqualTo(2));
                assertThat(connection.fetch(1, 10, 300)).isEmpty();
                assertThat(connection.fetch(2, 10, 300)).isEmpty();
                assertThat(xa.recover()).isEmpty();
            } finally {
                restarted.close();
            }
        }
    }

    /**
     * Branches move messages from In to Out while the power is cut at a random CommitLog write, in every round. After
     * each restart: a branch whose prepare was answered and that was not asked to complete is listed; one whose
     * commit or rollback was answered is not; one never prepared is not. Every listed branch is then completed, and
     * every message sent to In is in exactly one place: still in In, or moved to Out once.
     */
    @Test
    void xaOutcomesAreAllOrNothingAcrossRandomPowerCuts() throws Exception {
        Path root = dir.resolve("store");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 53);
        Random random = new Random(53);
        StoreConfig storeConfig = StoreConfig.defaults(root).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.SYNC_FLUSH);
        Set<String> stored = new HashSet<>();
        Set<XaBranchId> prepareSent = new HashSet<>();
        Map<XaBranchId, String> preparedAnswered = new HashMap<>();
        Set<XaBranchId> completionAsked = new HashSet<>();
        Set<XaBranchId> completionAnswered = new HashSet<>();
        int sent = 0;
        int branches = 0;
        int commits = 0;
        try (NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0))) {
            nameServer.start();
            BrokerConfig brokerConfig = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(),
                    "127.0.0.1", 0, "127.0.0.1");
            for (int round = 0; round <= 5; round++) {
                Broker broker = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
                broker.start();
                CutTrigger trigger = null;
                try (JmsWire connection = JmsWire.connected(broker.address(), "round-" + round)) {
                    connection.openQueue(1, IN);
                    connection.openQueue(2, OUT);
                    XaWire xa = new XaWire(connection);
                    List<XaBranchId> listed = xa.recover();
                    for (Map.Entry<XaBranchId, String> p : preparedAnswered.entrySet()) {
                        if (!completionAsked.contains(p.getKey())) {
                            assertThat(listed).as("round %d: prepared %s", round, p.getKey()).contains(p.getKey());
                        }
                    }
                    for (XaBranchId branch : listed) {
                        assertThat(prepareSent).as("round %d: listed %s was never prepared", round, branch)
                                .contains(branch);
                        assertThat(completionAnswered).as("round %d: completed %s is listed", round, branch)
                                .doesNotContain(branch);
                        // resolve what the cut left in doubt, as a transaction manager's recovery does
                        xa.commit(branch, false);
                        completionAsked.add(branch);
                        completionAnswered.add(branch);
                    }
                    assertExactlyOnce(connection, stored, round);
                    if (round == 5) {
                        break;
                    }
                    trigger = disk.cutBefore(op -> op.path().startsWith(root.resolve("commitlog")),
                            10 + random.nextInt(60), round % 2 == 0 ? CutMode.LOSE_UNFORCED : CutMode.RANDOM_PAGES);
                    while (!trigger.fired().isDone()) {
                        String body = "m" + (sent++);
                        try {
                            connection.send(IN, 0, body);
                        } catch (Throwable cut) {
                            break;
                        }
                        stored.add(body);
                        RemotingCommand fetched = connection.fetchAsync(1, 1, 0).get(5, TimeUnit.SECONDS);
                        if (fetched.code() != ResponseCode.SUCCESS) {
                            break;
                        }
                        List<Received> got = connection.deliveries(1, fetched);
                        if (got.isEmpty()) {
                            continue;
                        }
                        XaBranchId branch = XaWire.branch("r" + round + "-" + (branches++));
                        try {
                            if (xa.startRaw(branch, io.osprey.mq.protocol.xa.XaStartHeader.Mode.NEW, 0).code()
                                    != ResponseCode.SUCCESS) {
                                break;
                            }
                            if (xa.endRaw(branch, io.osprey.mq.protocol.xa.XaEndHeader.Mode.SUCCESS, null,
                                    List.of(connection.staged(OUT, COPY + got.get(0).body())),
                                    JmsWire.tags(got)).code() != ResponseCode.SUCCESS) {
                                break;
                            }
                            prepareSent.add(branch);
                            RemotingCommand prepare = xa.prepareRaw(branch);
                            if (prepare.code() != ResponseCode.SUCCESS) {
                                break;
                            }
                            preparedAnswered.put(branch, got.get(0).body());
                            int choice = random.nextInt(3);
                            if (choice == 2) {
                                continue; // left in doubt for the next round's recovery
                            }
                            completionAsked.add(branch);
                            RemotingCommand completion = choice == 0 ? xa.commitRaw(branch, false)
                                    : xa.rollbackRaw(branch);
                            if (completion.code() != ResponseCode.SUCCESS) {
                                break;
                            }
                            completionAnswered.add(branch);
                            commits += choice == 0 ? 1 : 0;
                        } catch (Exception e) {
                            break; // the power went mid-call: its outcome is checked after the restart
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
        assertThat(preparedAnswered).as("the test prepared branches").hasSizeGreaterThan(15);
        assertThat(commits).as("and committed some").isPositive();
    }

    /** Every message stored in In is in In or moved to Out, exactly once; what is in In goes back to it. */
    private static void assertExactlyOnce(JmsWire connection, Set<String> stored, int round) throws Exception {
        List<String> inQueue = new ArrayList<>();
        List<Received> held = new ArrayList<>();
        for (List<Received> batch = connection.fetch(1, 64, 200); !batch.isEmpty(); batch = connection.fetch(1, 64,
                200)) {
            batch.forEach(r -> inQueue.add(r.body()));
            held.addAll(batch);
        }
        List<Received> moved = new ArrayList<>();
        for (List<Received> batch = connection.fetch(2, 64, 200); !batch.isEmpty(); batch = connection.fetch(2, 64,
                200)) {
            moved.addAll(batch);
        }
        Set<String> movedBodies = new HashSet<>();
        for (Received r : moved) {
            assertThat(movedBodies.add(r.body().substring(COPY.length())))
                    .as("round %d: %s moved twice", round, r.body()).isTrue();
        }
        for (String body : inQueue) {
            assertThat(movedBodies).as("round %d: %s is in In and moved", round, body).doesNotContain(body);
        }
        Set<String> everywhere = new HashSet<>(inQueue);
        everywhere.addAll(movedBodies);
        assertThat(everywhere).as("round %d: every stored message is somewhere", round).containsAll(stored);
        if (!held.isEmpty()) {
            connection.giveBack(held, true);
        }
        if (!moved.isEmpty()) {
            connection.giveBack(moved, true);
        }
    }
}
