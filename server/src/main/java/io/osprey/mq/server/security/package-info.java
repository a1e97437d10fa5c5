/**
 * Who may connect to the broker: the users file and its password hashes, the check of a connection's
 * credentials, and the reload of the file while the broker runs.
 *
 * <pre>
 *   launcher ──load──▶ BrokerAuthentication ──▶ ConnectionAuthenticator.admit(user, password, remote)
 *                          │                         │        → Admitted(principal) | Refused(clientMessage)
 *                          │ startWatching            ▼
 *                          └─▶ UsersFileWatch ──▶ UserRegistry.authenticate / reloadIfChanged
 *                                                     │
 *                                        UsersFile (lines) ─▶ PasswordHash (PBKDF2-HMAC-SHA256)
 * </pre>
 *
 * Passwords exist only as {@code char[]} on their way to PBKDF2; no log line, exception message or
 * {@code toString} contains a password, a salt or a hash. {@code bin/osprey users} (the launcher's
 * {@code UsersCommand}) edits the file with {@link io.osprey.mq.server.security.UsersFile} without a broker.
 */
package io.osprey.mq.server.security;
