package io.osprey.mq.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One layer of configuration values. {@link ConfigLoader} stacks layers, a later one overriding an earlier one.
 *
 * @param origin     where the values come from, quoted in error messages ({@code file conf/broker.properties})
 * @param values     raw values by name: configuration keys, or environment variable names for the environment
 * @param environment whether names are environment variables ({@code OSPREY_LISTEN_PORT}) rather than keys
 */
public record ConfigSource(String origin, Map<String, String> values, boolean environment) {
    /** The prefix of every environment variable the loader reads. */
    public static final String ENV_PREFIX = "OSPREY_";
    /** Variables with the prefix that the start script owns, so they are not configuration keys. */
    public static final List<String> RESERVED_ENV = List.of("OSPREY_HOME", "OSPREY_OPTS");

    public ConfigSource {
        Objects.requireNonNull(origin, "origin");
        values = Map.copyOf(values);
    }

    /**
     * The keys of a properties file (ISO 8859-1 escapes aside, read as UTF-8).
     *
     * @throws ConfigException when the file cannot be read
     */
    public static ConfigSource propertiesFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return new ConfigSource("file " + file, values, false);
    }

    /**
     * The {@code OSPREY_*} variables of {@code environment}; all others are not configuration and are ignored.
     * {@link #RESERVED_ENV} are read by the start script, not by the loader.
     */
    public static ConfigSource environment(Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !RESERVED_ENV.contains(name)) {
                values.put(name, value);
            }
        });
        return new ConfigSource("environment", values, true);
    }

    /**
     * {@code key=value} overrides from the command line ({@code -D key=value}); the first {@code =} splits.
     *
     * @throws ConfigException for an entry without {@code =} or with an empty key
     */
    public static ConfigSource commandLine(List<String> keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : keyValues) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(entry, "expected -D key=value");
            }
            values.put(entry.substring(0, equals).trim(), entry.substring(equals + 1));
        }
        return new ConfigSource("command line -D", values, false);
    }

    /** The value of {@code key} in this layer. */
    Optional<String> lookup(String key) {
        return Optional.ofNullable(values.get(environment ? environmentName(key) : key));
    }

    /** Where a key's value came from, e.g. {@code environment variable OSPREY_LISTEN_PORT}. */
    String describe(String key) {
        return environment ? "environment variable " + environmentName(key) : origin;
    }

    /**
     * {@code OSPREY_} and the key in upper snake case: {@code listenPort} → {@code OSPREY_LISTEN_PORT},
     * {@code namesrv.listenPort} → {@code OSPREY_NAMESRV_LISTEN_PORT}, {@code brokerIP1} → {@code OSPREY_BROKER_IP1}.
     */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                name.append('_');
                continue;
            }
            if (Character.isUpperCase(c) && i > 0) {
                char previous = key.charAt(i - 1);
                boolean next = i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && next)) {
                    name.append('_');
                }
            }
            name.append(Character.toUpperCase(c));
        }
        return name.toString();
    }
}
