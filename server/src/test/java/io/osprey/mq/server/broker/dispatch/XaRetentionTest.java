package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.TestBroker.physicalOffset;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.server.broker.TestBroker;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.store.MessageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and prepared XA branches: the segment of a message a prepared branch consumed is kept while the branch
 * holds it, and a prepared branch's sends outlive the segment of its prepared record (the dispatch snapshot carries
 * them), so that a commit after retention and a restart still stores them. Small segments and a clock the test moves
 * make retention's choices exact.
 */
class XaRetentionTest {
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final String FILLER = "x".repeat(2_000);

    @TempDir
    Path dataDir;
    private final MovableClock clock = new MovableClock(Instant.now());

    private StoreConfig storeConfig() {
        return new StoreConfig(dataDir, SEGMENT_BYTES, 1_000, FlushDiskType.ASYNC_FLUSH, 500, 5_000, 1, 95,
                3_600_000, 256 * 1024, 32);
    }

    /** About three segments of a topic no JMS subscription reads: retention's to delete. */
    private static void fill(TestBroker broker) throws Exception {
        for (int i = 0; i < 100; i++) {
            broker.send("Filler", 0, FILLER);
        }
    }

    private static long segmentOf(long physicalOffset) {
        return physicalOffset - physicalOffset % SEGMENT_BYTES;
    }

    @Test
    void retentionKeepsWhatPreparedBranchesNeed() throws Exception {
        XaBranchId consuming = XaWire.branch("consuming");
        XaBranchId sending = XaWire.branch("sending");
        long preparedUpTo;
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "before")) {
            MessageStore store = broker.broker().store();
            broker.createTopic("Filler", 1);
            broker.createTopic("In", 1);
            broker.createTopic("Out", 1);
            fill(broker);
            connection.openQueue(1, "In");
            long q1 = physicalOffset(connection.send("In", 0, "q1"));
            XaWire xa = new XaWire(connection);
            xa.start(consuming);
            xa.end(consuming, List.of(connection.staged("Out", "copy-1")), connection.fetchExactly(1, 1));
            xa.prepare(consuming);
            xa.start(sending);
            xa.end(sending, List.of(connection.staged("Out", "copy-2")), List.of());
            xa.prepare(sending);
            preparedUpTo = store.commitLogMaxOffset();
            fill(broker);
            fill(broker);
            broker.awaitDispatched("Filler", 0, 300);
            clock.advance(Duration.ofHours(2));

            assertThat(store.retainExpired()).as("the filler before q1 goes").isPositive();
            assertThat(store.commitLogMinOffset()).as("kept from the segment of q1, locked to a prepared branch")
                    .isEqualTo(segmentOf(q1));
            assertThat(store.readMessage(q1)).isPresent();

            xa.commit(consuming, false);
            assertThat(store.retainExpired()).as("q1 is acknowledged: its segment goes").isPositive();
            assertThat(store.commitLogMinOffset()).as("the prepared records' segments went too")
                    .isGreaterThan(preparedUpTo);
        }

        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire connection = JmsWire.connected(broker.broker().address(), "after")) {
            connection.openQueue(1, "In");
            connection.openQueue(2, "Out");
            XaWire xa = new XaWire(connection);
            assertThat(xa.recover()).containsExactly(sending);

            xa.commit(sending, false);

            assertThat(bodies(connection.fetchExactly(2, 2))).containsExactly("copy-1", "copy-2");
            assertThat(connection.fetch(1, 10, 300)).isEmpty();
        }
    }

    /** A clock the test moves forward: segment ages follow it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
