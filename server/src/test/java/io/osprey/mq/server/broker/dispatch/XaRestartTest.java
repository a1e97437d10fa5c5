package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.server.broker.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prepared XA branches across broker restarts on the same data, restored from the dispatch snapshot of a clean stop
 * or (the snapshot removed) replayed from the CommitLog's dispatch records: each is listed by recover, keeps its
 * consumed message locked and its sends unstored, and commits or rolls back as asked. Completed and unprepared
 * branches do not come back.
 */
class XaRestartTest {
    private static final String IN = "In";
    private static final String OUT = "Out";

    @TempDir
    Path dataDir;

    /** Consumes In's message and sends a copy to Out in a prepared branch; the broker then stops. */
    private XaBranchId prepareOne(String name) throws Exception {
        XaBranchId branch = XaWire.branch(name);
        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "before")) {
            broker.createTopic(IN, 1);
            broker.createTopic(OUT, 1);
            connection.openQueue(1, IN);
            connection.send(IN, 0, "m1");
            XaWire xa = new XaWire(connection);
            xa.start(branch);
            xa.end(branch, List.of(connection.staged(OUT, "copy")), connection.fetchExactly(1, 1));
            xa.prepare(branch);
        }
        return branch;
    }

    private void restartFrom(boolean snapshot) throws Exception {
        Path file = dataDir.resolve("config").resolve(Dispatcher.SNAPSHOT_FILE);
        assertThat(file).exists();
        if (!snapshot) {
            Files.delete(file);
        }
    }

    @ParameterizedTest(name = "from the snapshot: {0}")
    @ValueSource(booleans = {true, false})
    void aPreparedBranchCommitsAfterARestart(boolean snapshot) throws Exception {
        XaBranchId branch = prepareOne("commit-after-restart");
        restartFrom(snapshot);

        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "after")) {
            connection.openQueue(1, IN);
            connection.openQueue(2, OUT);
            XaWire xa = new XaWire(connection);
            assertThat(xa.recover()).containsExactly(branch);
            assertThat(connection.fetch(1, 10, 300)).as("the consumed message stays locked").isEmpty();
            assertThat(connection.fetch(2, 10, 300)).as("the send stays unstored").isEmpty();

            xa.commit(branch, false);

            assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("copy");
            assertThat(connection.fetch(1, 10, 300)).isEmpty();
            assertThat(xa.recover()).isEmpty();
        }
        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "later")) {
            connection.openQueue(1, IN);
            connection.openQueue(2, OUT);
            assertThat(new XaWire(connection).recover()).as("a committed branch stays committed").isEmpty();
            assertThat(bodies(connection.fetchExactly(2, 1))).containsExactly("copy");
            assertThat(connection.fetch(2, 10, 300)).as("stored once").isEmpty();
            assertThat(connection.fetch(1, 10, 300)).isEmpty();
        }
    }

    @ParameterizedTest(name = "from the snapshot: {0}")
    @ValueSource(booleans = {true, false})
    void aPreparedBranchRollsBackAfterARestart(boolean snapshot) throws Exception {
        XaBranchId branch = prepareOne("rollback-after-restart");
        restartFrom(snapshot);

        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "after")) {
            connection.openQueue(1, IN);
            connection.openQueue(2, OUT);
            XaWire xa = new XaWire(connection);
            assertThat(xa.recover()).containsExactly(branch);

            xa.rollback(branch);

            List<Received> again = connection.fetchExactly(1, 1);
            assertThat(bodies(again)).containsExactly("m1");
            assertThat(again.get(0).deliveryCount()).isEqualTo(2);
            assertThat(connection.fetch(2, 10, 300)).isEmpty();
            connection.giveBack(again, true);
        }
        Files.delete(dataDir.resolve("config").resolve(Dispatcher.SNAPSHOT_FILE));
        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "later")) {
            connection.openQueue(1, IN);
            connection.openQueue(2, OUT);
            assertThat(new XaWire(connection).recover()).as("the replayed rollback marker ends it").isEmpty();
            assertThat(bodies(connection.fetchExactly(1, 1))).containsExactly("m1");
            assertThat(connection.fetch(2, 10, 300)).isEmpty();
        }
    }

    @Test
    void anUnpreparedBranchIsGoneAfterARestartAndItsMessageIsRedelivered() throws Exception {
        XaBranchId branch = XaWire.branch("unprepared");
        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "before")) {
            broker.createTopic(IN, 1);
            broker.createTopic(OUT, 1);
            connection.openQueue(1, IN);
            connection.send(IN, 0, "m1");
            XaWire xa = new XaWire(connection);
            xa.start(branch);
            xa.end(branch, List.of(connection.staged(OUT, "copy")), connection.fetchExactly(1, 1));
        }
        Files.delete(dataDir.resolve("config").resolve(Dispatcher.SNAPSHOT_FILE));

        try (TestBroker broker = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "after")) {
            connection.openQueue(1, IN);
            connection.openQueue(2, OUT);
            XaWire xa = new XaWire(connection);
            assertThat(xa.recover()).isEmpty();
            XaWire.refused(xa.commitRaw(branch, true), ResponseCode.XA_UNKNOWN_BRANCH);
            List<Received> again = connection.fetchExactly(1, 1);
            assertThat(again.get(0).deliveryCount()).isEqualTo(2);
            assertThat(connection.fetch(2, 10, 300)).isEmpty();
        }
    }
}
