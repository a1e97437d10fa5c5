package io.osprey.mq.server.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;

/**
 * Who may connect to a broker: whether connections must authenticate, where the users and their password hashes
 * are, and which identity a connection that brings no credentials gets. Loaded beside {@link BrokerConfig} from
 * the same file, without a prefix.
 *
 * @param authenticationEnabled whether a connection must present a user and password listed in {@code usersFile}
 *                              (or get {@code defaultUser}); off by default in standalone
 * @param usersFile             the users file; a relative path is relative to the distribution folder
 *                              ({@code bin/osprey} sets it), else to the working directory
 * @param defaultUser           the identity of a connection without credentials when authentication is enabled;
 *                              empty = such connections are refused. It need not be listed in {@code usersFile}
 */
public record AuthenticationConfig(
        boolean authenticationEnabled,
        @NotNull Path usersFile,
        @NotNull @Pattern(regexp = "|" + AuthenticationConfig.USER_NAME_REGEX,
                message = "must be empty or 1 to 64 characters of A-Z a-z 0-9 . _ @ -") String defaultUser) {

    /**
     * What a user name may be, in the users file and in {@code defaultUser}: no blanks, {@code =}, {@code :} or
     * {@code #}, so a line of the users file splits one way only.
     */
    public static final String USER_NAME_REGEX = "[A-Za-z0-9._@-]{1,64}";

    /** {@code usersFile} when no source sets it: beside the broker's other configuration files. */
    public static final Path DEFAULT_USERS_FILE = Path.of("conf", "users.properties");

    public static AuthenticationConfig defaults() {
        return new AuthenticationConfig(false, DEFAULT_USERS_FILE, "");
    }
}
