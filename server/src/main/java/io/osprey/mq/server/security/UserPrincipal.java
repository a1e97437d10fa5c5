package io.osprey.mq.server.security;

import java.security.Principal;
import java.util.Objects;

/**
 * The identity a connection acts as once admitted: a user of the users file, the configured default user, or
 * {@link #ANONYMOUS} when authentication is off.
 */
public record UserPrincipal(String name) implements Principal {
    /**
     * Every connection's identity while authentication is off. Its name is not a valid user name, so no users
     * file entry or {@code defaultUser} can ever be mistaken for it.
     */
    public static final UserPrincipal ANONYMOUS = new UserPrincipal("<anonymous>");

    public UserPrincipal {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }
}
