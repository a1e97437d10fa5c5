package io.osprey.mq.server.launcher;

import io.osprey.mq.server.config.ConfigLoader;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.namesrv.NameServer;
import jakarta.validation.ValidatorFactory;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code osprey namesrv}: one NameServer. */
@Command(name = "namesrv", mixinStandardHelpOptions = true, description = "Runs a NameServer (route registry).")
final class NameServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerCommand.class);

    @Mixin
    ConfigOptions options;

    private final LaunchEnvironment launch;
    private final ValidationBootstrap validation;

    NameServerCommand(LaunchEnvironment launch, ValidationBootstrap validation) {
        this.launch = launch;
        this.validation = validation;
    }

    @Override
    public Integer call() throws InterruptedException {
        NameServerConfig config;
        try (ValidatorFactory validatorFactory = validation.await()) {
            ConfigLoader loader = new ConfigLoader(options.sources(launch, "namesrv.properties"),
                    validatorFactory.getValidator());
            config = loader.load(NameServerConfig.defaults());
            loader.rejectUnknownKeys();
        }
        LOG.info("NameServer configuration: {}", config);
        ServerLifecycle lifecycle = new ServerLifecycle(launch);
        lifecycle.start(Roles.nameServer(new NameServer(config), config));
        lifecycle.awaitStop();
        return 0;
    }
}
