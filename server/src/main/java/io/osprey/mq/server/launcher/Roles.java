package io.osprey.mq.server.launcher;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.namesrv.NameServer;
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

    static Role broker(Broker broker, BrokerConfig config) {
        return new Role("Broker " + config.brokerName(), Role.dialableHost(config.listenAddress()), broker::start,
                broker::port, broker::close);
    }
}
