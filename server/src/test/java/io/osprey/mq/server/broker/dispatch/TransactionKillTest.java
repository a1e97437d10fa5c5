package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.server.config.FlushDiskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, Local transactions, across SIGKILL: a broker in a child process (SYNC_FLUSH; {@link
 * SnapshottingBrokerChild} also writes its dispatch snapshot every few milliseconds) serves transactions that each
 * consume one to three messages of queue {@code In} and send a copy of each to queue {@code Out1} and another to
 * queue {@code Out2}, in one commit, until the process is killed at a random moment of a random commit — as it
 * arrives, while its batch is written or fsynced, as it is answered, or in the requests and snapshots around it. After
 * each restart on the same data, every message sent to In is in exactly one place: still in In, or moved, with its
 * copy in Out1 and in Out2 exactly once each — never in one of them only, never in In and moved, never lost — every
 * commit that was answered is moved, and a message still in In comes with more deliveries than any it had.
 */
class TransactionKillTest {
    private static final int KILLS = 20;
    private static final int KILL_WINDOW_MICROS = 6_000;
    private static final String IN = "In";
    private static final String OUT1 = "Out1";
    private static final String OUT2 = "Out2";

    @TempDir
    Path dir;
    private Process child;

    /** Sends to In answered SUCCESS: stored. */
    private final Set<String> stored = new HashSet<>();
    /** Every body ever sent to In, answered or not. */
    private final Set<String> sent = new HashSet<>();
    /** Messages of commits answered SUCCESS. */
    private final Set<String> committed = new HashSet<>();
    /** The most deliveries of each message of In any fetch reported. */
    private final Map<String, Integer> deliveries = new HashMap<>();

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void commitsOnTwoQueuesAreAllOrNothingAcrossKills() throws Exception {
        Random random = new Random(20);
        int next = 0;
        for (int round = 0; round <= KILLS; round++) {
            String address = startChild(round);
            try (JmsWire connection = JmsWire.connected(address, "round-" + round)) {
                connection.openQueue(1, IN);
                connection.openQueue(2, OUT1);
                connection.openQueue(3, OUT2);
                check(connection, round);
                if (round == KILLS) {
                    break;
                }
                next = transactUntilKilled(connection, random, next);
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        }
        assertThat(committed).as("commits answered over all rounds").hasSizeGreaterThan(KILLS);
    }

    /**
     * Sends, fetches and commits; the child is killed a random 0 to {@value #KILL_WINDOW_MICROS} µs after the
     * request of a random commit left, so that the kill lands anywhere from the commit's arrival to the requests
     * after its answer. Answers the next body number.
     */
    private int transactUntilKilled(JmsWire connection, Random random, int next) throws Exception {
        int killAt = 1 + random.nextInt(8);
        long killAfterNanos = TimeUnit.MICROSECONDS.toNanos(random.nextInt(KILL_WINDOW_MICROS));
        for (int commits = 1; ; ) {
            for (int i = random.nextInt(3); i >= 0; i--) {
                String body = "m" + next++;
                sent.add(body);
                succeeded(connection.sendRaw(IN, 0, body, Map.of()));
                stored.add(body);
            }
            List<Received> got = connection.fetch(1, 1 + random.nextInt(3), 0);
            if (got.isEmpty()) {
                continue;
            }
            got.forEach(r -> deliveries.merge(r.body(), r.deliveryCount(), Math::max));
            List<StagedSend> copies = new ArrayList<>();
            for (Received r : got) {
                copies.add(connection.staged(OUT1, "o1-" + r.body()));
                copies.add(connection.staged(OUT2, "o2-" + r.body()));
            }
            CompletableFuture<RemotingCommand> answer = connection.invokeAsync(RequestCode.JMS_TX_COMMIT,
                    new TransactionHeader(connection.connectionId(), "t" + next).toExtFields(),
                    new TransactionWork(copies, JmsWire.tags(got)).encode(), JmsWire.TIMEOUT_MILLIS);
            boolean killed = commits++ == killAt;
            if (killed) {
                // a random moment, not a synchronisation: spin rather than sleep, a sleep is far coarser
                for (long start = System.nanoTime(); System.nanoTime() - start < killAfterNanos; ) {
                    Thread.onSpinWait();
                }
                child.destroyForcibly();
            }
            RemotingCommand answered;
            try {
                answered = answer.get(JmsWire.TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return next; // the broker died under it: all or nothing, checked after the restart
            }
            if (answered.code() != ResponseCode.SUCCESS) {
                return next;
            }
            got.forEach(r -> committed.add(r.body()));
            if (killed) {
                return next;
            }
        }
    }

    private void check(JmsWire connection, int round) throws Exception {
        List<Received> in = drain(connection, 1);
        Set<String> moved1 = moved(drain(connection, 2), "o1-", round);
        Set<String> moved2 = moved(drain(connection, 3), "o2-", round);

        assertThat(moved1).as("round %d: a commit's copies in Out1 and in Out2 go together", round)
                .isEqualTo(moved2);
        Set<String> inIn = new HashSet<>();
        for (Received r : in) {
            assertThat(inIn.add(r.body())).as("round %d: %s delivered twice from In", round, r.body()).isTrue();
            assertThat(moved1).as("round %d: %s both in In and moved", round, r.body()).doesNotContain(r.body());
            assertThat(r.deliveryCount()).as("round %d: deliveries of %s", round, r.body())
                    .isGreaterThan(deliveries.getOrDefault(r.body(), 0));
            deliveries.put(r.body(), r.deliveryCount());
        }
        Set<String> everywhere = new HashSet<>(inIn);
        everywhere.addAll(moved1);
        assertThat(sent).as("round %d: nothing invented", round).containsAll(everywhere);
        assertThat(everywhere).as("round %d: every stored message is in In or moved", round).containsAll(stored);
        assertThat(moved1).as("round %d: every answered commit is moved", round).containsAll(committed);
    }

    /**
     * What a queue delivers now (the restart indexed everything stored: no need to wait), returned to it as
     * delivered so that it stays there for the next round.
     */
    private static List<Received> drain(JmsWire connection, long consumerId) throws Exception {
        List<Received> all = new ArrayList<>();
        for (List<Received> batch = connection.fetch(consumerId, 64, 0); !batch.isEmpty();
             batch = connection.fetch(consumerId, 64, 0)) {
            all.addAll(batch);
        }
        if (!all.isEmpty()) {
            connection.giveBack(all, true);
        }
        return all;
    }

    private static Set<String> moved(List<Received> copies, String prefix, int round) {
        Set<String> moved = new HashSet<>();
        for (Received r : copies) {
            assertThat(r.body()).startsWith(prefix);
            assertThat(moved.add(r.body().substring(prefix.length())))
                    .as("round %d: %s stored twice", round, r.body()).isTrue();
        }
        return moved;
    }

    private String startChild(int round) throws IOException {
        Path log = dir.resolve("child-" + round + ".log");
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", testClassPath(),
                SnapshottingBrokerChild.class.getName(), dir.resolve("data").toString(),
                FlushDiskType.SYNC_FLUSH.name())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = child;
        return "127.0.0.1:" + await("broker ready (" + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> port(started, log), Optional::isPresent).orElseThrow();
    }

    /** This JVM's test class path (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static Optional<String> port(Process process, Path log) throws IOException {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!process.isAlive()) {
            throw new IllegalStateException("broker exited with " + process.exitValue() + ":\n" + output);
        }
        return output.lines().filter(line -> line.startsWith("PORT ")).findFirst()
                .map(line -> line.substring(5).trim());
    }
}
