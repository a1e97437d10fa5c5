package io.osprey.mq.samples;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.file.Path;

/** The standalone server's NameServer and Broker in this JVM, on 127.0.0.1 and free ports, data in a test folder. */
final class SampleServer implements AutoCloseable {
    private final NameServer nameServer;
    private final Broker broker;

    SampleServer(Path dataDir) throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        broker = new Broker(BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(), "127.0.0.1", 0,
                "127.0.0.1"), StoreConfig.defaults(dataDir).withCommitLogSegmentBytes(4 << 20));
        // start() returns once the broker has registered with the NameServer
        broker.start();
    }

    /** The provider URL a sample takes as its argument. */
    String url() {
        return "osprey://127.0.0.1:" + nameServer.port();
    }

    @Override
    public void close() {
        broker.close();
        nameServer.close();
    }
}
