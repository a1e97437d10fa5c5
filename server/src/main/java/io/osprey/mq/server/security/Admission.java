package io.osprey.mq.server.security;

/** Whether a connection may go on, and as whom: the answer of {@link ConnectionAuthenticator#admit}. */
public sealed interface Admission {
    /** The connection acts as {@code principal}. */
    record Admitted(UserPrincipal principal) implements Admission {
    }

    /**
     * The connection is refused; {@code clientMessage} is what the client may be told. It is the same for an
     * unknown user and a wrong password, and quotes neither the user nor the password.
     */
    record Refused(String clientMessage) implements Admission {
    }
}
