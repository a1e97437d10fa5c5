package io.osprey.mq.server.security;

import io.osprey.mq.server.security.Admission.Admitted;
import io.osprey.mq.server.security.Admission.Refused;
import io.osprey.mq.server.security.AuthenticationOutcome.Authenticated;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's rule for a connection that asks to be admitted, with or without credentials: every connection
 * when authentication is off; with it on, a user whose password matches the users file, or the configured
 * default user for a connection without credentials.
 *
 * <p>A refusal is logged at INFO with the user name and the remote address only: never the password, and never
 * which of "unknown user" and "wrong password" it was, as the client is not told either. A name that is not a
 * valid user name (someone's password typed in the wrong field, a control character meant to forge a log line)
 * is not echoed at all.
 *
 * <p>Checking a password costs one PBKDF2 computation (about 0.1 s of CPU at the default cost): call
 * {@link #admit} from a request executor, never from a Netty event loop.
 */
public final class ConnectionAuthenticator {
    static final String WRONG_CREDENTIALS = "authentication failed: wrong user name or password";
    static final String CREDENTIALS_REQUIRED = "authentication failed: this broker requires a user name and password";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAuthenticator.class);
    private static final ConnectionAuthenticator DISABLED = new ConnectionAuthenticator(null, Optional.empty());

    /** Null when authentication is off. */
    private final UserRegistry registry;
    private final Optional<UserPrincipal> defaultUser;

    private ConnectionAuthenticator(UserRegistry registry, Optional<UserPrincipal> defaultUser) {
        this.registry = registry;
        this.defaultUser = defaultUser;
    }

    /** Admits every connection as {@link UserPrincipal#ANONYMOUS}, whatever credentials it brings. */
    public static ConnectionAuthenticator disabled() {
        return DISABLED;
    }

    /**
     * Checks credentials against {@code registry}.
     *
     * @param defaultUser the identity of a connection without credentials; empty = refuse such connections
     */
    public static ConnectionAuthenticator checking(UserRegistry registry, Optional<UserPrincipal> defaultUser) {
        return new ConnectionAuthenticator(Objects.requireNonNull(registry, "registry"), defaultUser);
    }

    public boolean enabled() {
        return registry != null;
    }

    /**
     * Decides whether a connection may go on.
     *
     * @param user          the user name the client sent; null or empty = no credentials
     * @param password      the password the client sent (null = empty); kept by the caller, who should clear it
     * @param remoteAddress the client's address, for the log line of a refusal
     */
    public Admission admit(String user, char[] password, String remoteAddress) {
        if (registry == null) {
            return new Admitted(UserPrincipal.ANONYMOUS);
        }
        if (user == null || user.isEmpty()) {
            if (defaultUser.isPresent()) {
                return new Admitted(defaultUser.get());
            }
            LOG.info("connection without credentials refused from {}", remoteAddress);
            return new Refused(CREDENTIALS_REQUIRED);
        }
        AuthenticationOutcome outcome = registry.authenticate(user, password == null ? new char[0] : password);
        if (outcome instanceof Authenticated authenticated) {
            return new Admitted(authenticated.principal());
        }
        if (UsersFile.isValidName(user)) {
            LOG.info("authentication failed for user '{}' from {}", user, remoteAddress);
        } else {
            LOG.info("authentication failed for an invalid user name ({} characters) from {}", user.length(),
                    remoteAddress);
        }
        return new Refused(WRONG_CREDENTIALS);
    }
}
