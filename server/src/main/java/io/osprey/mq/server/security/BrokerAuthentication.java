package io.osprey.mq.server.security;

import io.osprey.mq.server.config.AuthenticationConfig;
import io.osprey.mq.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's authentication as configured: {@link #load} checks the users file when the broker starts (so a bad
 * file stops it with a configuration error), {@link #startWatching} re-reads the file when it changes while the
 * broker serves, {@link #close} stops that. The broker's connect request asks {@link #authenticator()}.
 */
public final class BrokerAuthentication implements AutoCloseable {
    /** How stale the broker's users can be after the file changed. */
    public static final long USERS_FILE_CHECK_INTERVAL_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthentication.class);

    private final ConnectionAuthenticator authenticator;
    private final UserRegistry registry;
    /** Guarded by this. */
    private UsersFileWatch watch;
    /** Guarded by this. */
    private boolean closed;

    private BrokerAuthentication(ConnectionAuthenticator authenticator, UserRegistry registry) {
        this.authenticator = authenticator;
        this.registry = registry;
    }

    /**
     * Reads the users file when authentication is on; with it off, reads nothing.
     *
     * @param usersFile {@code config.usersFile()} resolved by the launcher
     * @throws ConfigException naming {@code usersFile} when the file is missing, unreadable, malformed (with its
     *                         line) or lists no users
     */
    public static BrokerAuthentication load(AuthenticationConfig config, Path usersFile) {
        if (!config.authenticationEnabled()) {
            LOG.info("authentication is off (authenticationEnabled=false): every connection is admitted");
            return new BrokerAuthentication(ConnectionAuthenticator.disabled(), null);
        }
        UserRegistry registry;
        try {
            if (Files.isDirectory(usersFile)) {
                throw new ConfigException("usersFile", quote(usersFile) + " is a folder, not a file");
            }
            registry = UserRegistry.load(usersFile, new SecureRandom());
        } catch (NoSuchFileException e) {
            throw new ConfigException("usersFile", quote(usersFile) + " does not exist, and authenticationEnabled"
                    + " is true: add a user with 'bin/osprey users add <name>'", e);
        } catch (IOException e) {
            throw new ConfigException("usersFile", quote(usersFile) + " cannot be read: " + e, e);
        } catch (UsersFileException e) {
            String where = e.line() > 0 ? " line " + e.line() + ":" : "";
            String hint = e.reason().equals(UserRegistry.NO_USERS) ? ", and authenticationEnabled is true: add a"
                    + " user with 'bin/osprey users add <name>'" : "";
            throw new ConfigException("usersFile", quote(usersFile) + where + " " + e.reason() + hint, e);
        }
        Optional<UserPrincipal> defaultUser = config.defaultUser().isEmpty()
                ? Optional.empty() : Optional.of(new UserPrincipal(config.defaultUser()));
        LOG.info("authentication is on: {} users from {}; connections without credentials are {}",
                registry.userNames().size(), usersFile,
                defaultUser.map(user -> "admitted as " + user.name()).orElse("refused"));
        return new BrokerAuthentication(ConnectionAuthenticator.checking(registry, defaultUser), registry);
    }

    public ConnectionAuthenticator authenticator() {
        return authenticator;
    }

    /** The users, when authentication is on. */
    public Optional<UserRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    /** Starts polling the users file (nothing to poll with authentication off); once only. */
    public synchronized void startWatching() {
        if (registry != null && watch == null && !closed) {
            watch = UsersFileWatch.start(registry, USERS_FILE_CHECK_INTERVAL_MILLIS);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    private static String quote(Path file) {
        return "'" + file + "'";
    }
}
