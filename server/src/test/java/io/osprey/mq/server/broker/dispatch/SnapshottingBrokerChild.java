package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A broker in its own JVM, for tests that SIGKILL it: {@code main(dataDir, flushDiskType)} starts it on
 * {@code dataDir} without a NameServer (small CommitLog segments, so that they roll; no dead-letter limit), prints
 * {@code PORT <n>}, then writes the dispatch snapshot every {@value #SNAPSHOT_MILLIS} ms rather than every 30 s, so
 * that a kill may land in the middle of one, or just after one taken while a commit was being written.
 */
public final class SnapshottingBrokerChild {
    private static final long SNAPSHOT_MILLIS = 10;

    private SnapshottingBrokerChild() {
    }

    public static void main(String[] args) throws Exception {
        // unlimited deliveries: a test that returns what it reads each round must not see it dead-lettered
        BrokerConfig config = BrokerConfig.defaults().withNetwork("", "127.0.0.1", 0, "127.0.0.1")
                .withJmsDeadLetters(0, "DLQ");
        StoreConfig store = StoreConfig.defaults(Path.of(args[0])).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(FlushDiskType.valueOf(args[1]));
        Broker broker = new Broker(config, store);
        broker.start();
        System.out.println("PORT " + broker.port());
        System.out.flush();
        ScheduledExecutorService snapshots = Executors.newSingleThreadScheduledExecutor();
        snapshots.scheduleWithFixedDelay(() -> broker.snapshotDispatch().join(), SNAPSHOT_MILLIS, SNAPSHOT_MILLIS,
                TimeUnit.MILLISECONDS);
        new CountDownLatch(1).await();
    }
}
