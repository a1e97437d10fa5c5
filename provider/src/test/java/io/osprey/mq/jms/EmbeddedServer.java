package io.osprey.mq.jms;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.security.ConnectionAuthenticator;
import java.nio.file.Path;

/** A real NameServer and one master Broker in this JVM, on 127.0.0.1 and free ports, data in a test folder. */
public final class EmbeddedServer implements AutoCloseable {
    private final NameServer nameServer;
    private final Broker broker;

    public EmbeddedServer(Path dataDir) throws Exception {
        this(dataDir, ConnectionAuthenticator.disabled());
    }

    /** A server whose JMS connections {@code authenticator} admits. */
    public EmbeddedServer(Path dataDir, ConnectionAuthenticator authenticator) throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        broker = new Broker(BrokerConfig.defaults().withNetwork(nameServerAddress(), "127.0.0.1", 0, "127.0.0.1"),
                StoreConfig.defaults(dataDir).withCommitLogSegmentBytes(4 << 20), authenticator);
        // start() returns once the broker has registered with the NameServer
        broker.start();
    }

    public String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    /** The URL a connection factory takes. */
    public String url() {
        return "osprey://" + nameServerAddress();
    }

    public Broker broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.close();
        nameServer.close();
    }
}
