package io.osprey.mq.server.broker.retry;

import io.osprey.mq.server.broker.Broker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A broker in its own JVM, for tests that SIGKILL it: {@code main(dataDir, delayLevels)} starts it without a
 * NameServer, prints {@code PORT <n>} and runs until killed.
 */
public final class CrashedBrokerChild {
    private CrashedBrokerChild() {
    }

    public static void main(String[] args) throws Exception {
        Broker broker = BrokerHarness.newBroker(Path.of(args[0]), "", args[1]);
        broker.start();
        System.out.println("PORT " + broker.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
