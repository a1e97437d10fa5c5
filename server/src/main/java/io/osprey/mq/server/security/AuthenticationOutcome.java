package io.osprey.mq.server.security;

/**
 * What {@link UserRegistry#authenticate} found. The two failures are told apart for the broker's own use (tests,
 * metrics); a client must be answered the same for both, or it learns which user names exist.
 */
public sealed interface AuthenticationOutcome {
    /** The password matched {@code principal}'s hash. */
    record Authenticated(UserPrincipal principal) implements AuthenticationOutcome {
    }

    /** No such user (the password was still hashed once, so this takes as long as a wrong password). */
    record UnknownUser(String user) implements AuthenticationOutcome {
    }

    /** The user exists and the password does not match. */
    record WrongPassword(String user) implements AuthenticationOutcome {
    }
}
