package io.osprey.mq.server.broker.dispatch;

/**
 * Checks a JMS connection's credentials: answers the user it runs as, or throws
 * {@link io.osprey.mq.protocol.transport.RequestException} AUTHENTICATION_FAILED (the same for an unknown user and a
 * wrong password).
 */
@FunctionalInterface
public interface ConnectionAuthenticator {
    /** Authentication off: every connection runs as the user it names (or none). */
    ConnectionAuthenticator OPEN = (user, password, remoteAddress) -> user;

    String authenticate(String user, String password, String remoteAddress);
}
