package io.osprey.mq.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.security.Admission.Admitted;
import io.osprey.mq.server.security.Admission.Refused;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionAuthenticatorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = "Tr0ub4dor&3-unique";
    private static final String REMOTE = "/10.1.2.3:50123";

    @TempDir
    Path dir;

    private UserRegistry registry;

    @BeforeEach
    void users() throws Exception {
        Path file = dir.resolve("users.properties");
        UsersFile.empty()
                .withUser("alice", PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS, RANDOM))
                .write(Disk.local(), file);
        registry = UserRegistry.load(file, RANDOM);
    }

    @Test
    void withAuthenticationOffEveryConnectionIsAdmittedAnonymouslyWhateverItBrings() {
        ConnectionAuthenticator off = ConnectionAuthenticator.disabled();

        assertThat(off.enabled()).isFalse();
        assertThat(off.admit(null, null, REMOTE)).isEqualTo(new Admitted(UserPrincipal.ANONYMOUS));
        assertThat(off.admit("alice", "wrong".toCharArray(), REMOTE)).isEqualTo(new Admitted(UserPrincipal.ANONYMOUS));
    }

    @Test
    void theRightPasswordAdmitsTheConnectionAsItsUser() {
        ConnectionAuthenticator on = ConnectionAuthenticator.checking(registry, Optional.empty());

        assertThat(on.admit("alice", PASSWORD.toCharArray(), REMOTE))
                .isEqualTo(new Admitted(new UserPrincipal("alice")));
    }

    @Test
    void anUnknownUserAndAWrongPasswordAreRefusedWithTheSameAnswerAndTheSameLogLine() {
        ConnectionAuthenticator on = ConnectionAuthenticator.checking(registry, Optional.empty());

        try (LogCapture logs = LogCapture.start()) {
            Admission wrongPassword = on.admit("alice", (PASSWORD + "x").toCharArray(), REMOTE);
            Admission unknownUser = on.admit("bob", PASSWORD.toCharArray(), REMOTE);
            Admission noPassword = on.admit("alice", null, REMOTE);

            assertThat(wrongPassword).isEqualTo(unknownUser).isEqualTo(noPassword)
                    .isEqualTo(new Refused("authentication failed: wrong user name or password"));
            assertThat(logs.at(Level.INFO)).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "authentication failed for user 'alice' from " + REMOTE,
                    "authentication failed for user 'bob' from " + REMOTE,
                    "authentication failed for user 'alice' from " + REMOTE);
            assertThat(logs.texts()).noneMatch(text -> text.contains(PASSWORD));
        }
    }

    @Test
    void aUserNameThatCannotBeAUserIsNotEchoedInTheLog() {
        ConnectionAuthenticator on = ConnectionAuthenticator.checking(registry, Optional.empty());
        String forged = PASSWORD + "\nINFO authentication succeeded";

        try (LogCapture logs = LogCapture.start()) {
            assertThat(on.admit(forged, PASSWORD.toCharArray(), REMOTE)).isInstanceOf(Refused.class);

            assertThat(logs.at(Level.INFO)).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "authentication failed for an invalid user name (" + forged.length() + " characters) from "
                            + REMOTE);
        }
    }

    @Test
    void aConnectionWithoutCredentialsGetsTheDefaultUser() {
        ConnectionAuthenticator on = ConnectionAuthenticator.checking(registry,
                Optional.of(new UserPrincipal("guest")));

        assertThat(on.admit(null, null, REMOTE)).isEqualTo(new Admitted(new UserPrincipal("guest")));
        assertThat(on.admit("", new char[0], REMOTE)).isEqualTo(new Admitted(new UserPrincipal("guest")));
        assertThat(on.admit("guest", PASSWORD.toCharArray(), REMOTE))
                .as("the default user has no password to log in with").isInstanceOf(Refused.class);
    }

    @Test
    void withoutADefaultUserAConnectionWithoutCredentialsIsRefused() {
        ConnectionAuthenticator on = ConnectionAuthenticator.checking(registry, Optional.empty());

        try (LogCapture logs = LogCapture.start()) {
            assertThat(on.admit(null, null, REMOTE))
                    .isEqualTo(new Refused("authentication failed: this broker requires a user name and password"));
            assertThat(logs.at(Level.INFO)).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("connection without credentials refused from " + REMOTE);
        }
    }
}
