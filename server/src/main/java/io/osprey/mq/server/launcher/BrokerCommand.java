package io.osprey.mq.server.launcher;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.AuthenticationConfig;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.ConfigLoader;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.security.BrokerAuthentication;
import jakarta.validation.ValidatorFactory;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code osprey broker}: one Broker registering with the NameServers of {@code namesrvAddr}. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs a Broker; broker and store keys share one file.")
final class BrokerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    @Mixin
    ConfigOptions options;

    private final LaunchEnvironment launch;
    private final ValidationBootstrap validation;

    BrokerCommand(LaunchEnvironment launch, ValidationBootstrap validation) {
        this.launch = launch;
        this.validation = validation;
    }

    @Override
    public Integer call() throws InterruptedException {
        BrokerConfig broker;
        StoreConfig store;
        AuthenticationConfig authenticationConfig;
        BrokerAuthentication authentication;
        try (ValidatorFactory validatorFactory = validation.await()) {
            ConfigLoader loader = new ConfigLoader(options.sources(launch, "broker.properties"),
                    validatorFactory.getValidator());
            broker = loader.load(BrokerConfig.defaults());
            store = loader.load(StoreConfig.defaults(Roles.DEFAULT_DATA_DIR));
            authenticationConfig = loader.load(AuthenticationConfig.defaults());
            loader.rejectUnknownKeys();
            LOG.info("Authentication configuration: {}", authenticationConfig);
            authentication = BrokerAuthentication.load(authenticationConfig,
                    UsersFileLocation.resolve(authenticationConfig.usersFile(), launch.home()));
        }
        LOG.info("Broker configuration: {}", broker);
        LOG.info("Store configuration: {}", store);
        ServerLifecycle lifecycle = new ServerLifecycle(launch);
        lifecycle.start(Roles.broker(new Broker(broker, store, authentication.authenticator()), broker,
                authentication));
        lifecycle.awaitStop();
        return 0;
    }
}
