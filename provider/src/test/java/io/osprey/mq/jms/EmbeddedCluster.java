package io.osprey.mq.jms;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.security.ConnectionAuthenticator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real NameServer and several master Brokers of one cluster in this JVM ({@code broker-a}, {@code broker-b}, …),
 * on 127.0.0.1 and free ports, each with a data folder of its own under {@code dataRoot}.
 */
final class EmbeddedCluster implements AutoCloseable {
    private final NameServer nameServer;
    private final List<Broker> masters = new ArrayList<>();

    EmbeddedCluster(Path dataRoot, int masterCount) throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        try {
            for (int i = 0; i < masterCount; i++) {
                String name = "broker-" + (char) ('a' + i);
                BrokerConfig config = BrokerConfig.defaults().withNetwork(nameServerAddress(), "127.0.0.1", 0,
                        "127.0.0.1").withBrokerName(name);
                Broker broker = new Broker(config, StoreConfig.defaults(dataRoot.resolve(name))
                        .withCommitLogSegmentBytes(4 << 20), ConnectionAuthenticator.disabled());
                // start() returns once the broker has registered with the NameServer
                broker.start();
                masters.add(broker);
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    /** The URL a connection factory takes, with {@code options} ({@code key=value&…}, may be empty). */
    String url(String options) {
        return "osprey://" + nameServerAddress() + (options.isEmpty() ? "" : "?" + options);
    }

    Broker master(int index) {
        return masters.get(index);
    }

    /** Messages {@code master} stored in {@code topic}, over all its queues. */
    long stored(int master, String topic) {
        long total = 0;
        for (int q = 0; q < 16; q++) {
            total += masters.get(master).store().maxOffset(topic, q);
        }
        return total;
    }

    /** Waits until the NameServer routes {@code topic} to every master. */
    void awaitRouteOnEveryMaster(String topic) {
        RouteCheck.awaitMasters(nameServerAddress(), topic, masters.size());
    }

    @Override
    public void close() {
        for (int i = masters.size() - 1; i >= 0; i--) {
            masters.get(i).close();
        }
        nameServer.close();
    }
}
