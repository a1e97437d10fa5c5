package io.osprey.mq.server.launcher;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.AuthenticationConfig;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.ConfigException;
import io.osprey.mq.server.config.ConfigLoader;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.security.BrokerAuthentication;
import jakarta.validation.ValidatorFactory;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code osprey standalone}: a NameServer and one master Broker in one JVM, the broker registered with that
 * NameServer. NameServer keys carry the prefix {@code namesrv.}; broker and store keys have none (no component
 * name occurs in both records, which {@link ConfigLoader} checks).
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Runs a NameServer and one master Broker in one process.")
final class StandaloneCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneCommand.class);
    static final String NAMESRV_PREFIX = "namesrv.";

    @Mixin
    ConfigOptions options;

    private final LaunchEnvironment launch;
    private final ValidationBootstrap validation;

    StandaloneCommand(LaunchEnvironment launch, ValidationBootstrap validation) {
        this.launch = launch;
        this.validation = validation;
    }

    @Override
    public Integer call() throws InterruptedException {
        NameServerConfig namesrvConfig;
        BrokerConfig brokerConfig;
        StoreConfig store;
        AuthenticationConfig authenticationConfig;
        BrokerAuthentication authentication;
        try (ValidatorFactory validatorFactory = validation.await()) {
            ConfigLoader loader = new ConfigLoader(options.sources(launch, "standalone.properties"),
                    validatorFactory.getValidator());
            namesrvConfig = loader.load(NAMESRV_PREFIX, NameServerConfig.defaults());
            brokerConfig = loader.load(BrokerConfig.defaults());
            store = loader.load(StoreConfig.defaults(Roles.DEFAULT_DATA_DIR));
            authenticationConfig = loader.load(AuthenticationConfig.defaults());
            loader.rejectUnknownKeys();
            if (loader.isSet("namesrvAddr")) {
                throw new ConfigException("namesrvAddr", "standalone registers the broker with its own NameServer;"
                        + " run 'osprey broker' to use other NameServers");
            }
            if (brokerConfig.brokerId() != 0) {
                throw new ConfigException("brokerId", "'" + brokerConfig.brokerId()
                        + "' standalone runs one master, whose brokerId is 0");
            }
            // before anything starts: a configuration error after the NameServer started would exit as a stop
            LOG.info("Authentication configuration: {}", authenticationConfig);
            authentication = BrokerAuthentication.load(authenticationConfig,
                    UsersFileLocation.resolve(authenticationConfig.usersFile(), launch.home()));
        }
        LOG.info("NameServer configuration: {}", namesrvConfig);
        ServerLifecycle lifecycle = new ServerLifecycle(launch);
        NameServer nameServer = new NameServer(namesrvConfig);
        Role namesrvRole = Roles.nameServer(nameServer, namesrvConfig);
        lifecycle.start(namesrvRole);

        BrokerConfig registered = brokerConfig.withNetwork(namesrvRole.host() + ':' + nameServer.port(),
                brokerConfig.listenAddress(), brokerConfig.listenPort(), brokerConfig.brokerIP1());
        LOG.info("Broker configuration: {}", registered);
        LOG.info("Store configuration: {}", store);
        lifecycle.start(Roles.broker(new Broker(registered, store, authentication.authenticator()), registered,
                authentication));
        lifecycle.awaitStop();
        return 0;
    }
}
