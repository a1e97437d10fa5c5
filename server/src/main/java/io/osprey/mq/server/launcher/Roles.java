package io.osprey.mq.server.launcher;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.security.BrokerAuthentication;
import java.nio.file.Path;

/** The servers the launcher wires, as {@link Role}s. */
final class Roles {
    /** {@code storePathRootDir} when no source sets it: {@code data} under the working directory. */
    static final Path DEFAULT_DATA_DIR = Path.of("data");

    private Roles() {
    }

    static Role nameServer(NameServer nameServer, NameServerConfig config) {
        return new Role("NameServer", Role.dialableHost(config.listenAddress()), nameServer::start,
                nameServer::port, nameServer::close);
    }

    /**
     * The broker with its authentication: the users file is watched while the broker runs, and no longer once it
     * stopped.
     */
    static Role broker(Broker broker, BrokerConfig config, BrokerAuthentication authentication) {
        return new Role("Broker " + config.brokerName(), Role.dialableHost(config.listenAddress()), () -> {
            authentication.startWatching();
            broker.start();
        }, broker::port, () -> {
            try {
                broker.close();
            } finally {
                authentication.close();
            }
        });
    }
}
