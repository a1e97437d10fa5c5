package io.osprey.mq.server.launcher;

import io.osprey.mq.server.config.ConfigException;
import io.osprey.mq.server.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every server command shares: a properties file and {@code -D key=value} overrides. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "<file>",
            description = "Properties file (default: conf/${COMMAND-NAME}.properties of the distribution, "
                    + "when it exists).")
    Path configFile;

    @Option(names = "-D", paramLabel = "key=value",
            description = "Overrides a key of the file and the OSPREY_* environment; repeatable.")
    List<String> overrides = new ArrayList<>();

    /**
     * The layers in increasing precedence: the file, the environment, the command line.
     *
     * @param defaultFileName the file looked for under {@code <home>/conf} when {@code -c} is not given
     * @throws ConfigException when {@code -c} names a file that cannot be read
     */
    List<ConfigSource> sources(LaunchEnvironment launch, String defaultFileName) {
        List<ConfigSource> sources = new ArrayList<>(3);
        configFile(launch, defaultFileName).map(ConfigSource::propertiesFile).ifPresent(sources::add);
        sources.add(ConfigSource.environment(launch.environment()));
        sources.add(ConfigSource.commandLine(overrides));
        return sources;
    }

    private Optional<Path> configFile(LaunchEnvironment launch, String defaultFileName) {
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new ConfigException("config", "file " + configFile + " does not exist");
            }
            return Optional.of(configFile);
        }
        return launch.home().map(home -> home.resolve("conf").resolve(defaultFileName)).filter(Files::isRegularFile);
    }
}
