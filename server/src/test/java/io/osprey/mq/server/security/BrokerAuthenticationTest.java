package io.osprey.mq.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.config.AuthenticationConfig;
import io.osprey.mq.server.config.ConfigException;
import io.osprey.mq.server.security.Admission.Admitted;
import io.osprey.mq.server.security.Admission.Refused;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAuthenticationTest {
    private static final String PASSWORD = "n0t-in-any-log-7781";

    @TempDir
    Path dir;

    private static AuthenticationConfig enabled(Path usersFile, String defaultUser) {
        return new AuthenticationConfig(true, usersFile, defaultUser);
    }

    private Path aliceFile() throws Exception {
        Path file = dir.resolve("users.properties");
        UsersFile.empty().withUser("alice", PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS,
                new SecureRandom())).write(Disk.local(), file);
        return file;
    }

    @Test
    void offByDefaultAndThenTheUsersFileIsNotEvenRead() {
        Path absent = dir.resolve("absent.properties");

        try (BrokerAuthentication off = BrokerAuthentication.load(AuthenticationConfig.defaults(), absent)) {
            off.startWatching();
            assertThat(AuthenticationConfig.defaults().authenticationEnabled()).isFalse();
            assertThat(off.authenticator().enabled()).isFalse();
            assertThat(off.registry()).isEmpty();
        }
    }

    @Test
    void enabledWithoutAUsersFileFailsNamingTheKeyAndTheFile() {
        Path absent = dir.resolve("absent.properties");

        assertThatThrownBy(() -> BrokerAuthentication.load(enabled(absent, ""), absent))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("usersFile"))
                .hasMessage("usersFile: '" + absent + "' does not exist, and authenticationEnabled is true: add a"
                        + " user with 'bin/osprey users add <name>'");
    }

    @Test
    void enabledWithAUsersFileWithoutUsersFails() throws Exception {
        Path empty = Files.writeString(dir.resolve("users.properties"), UsersFile.HEADER);

        assertThatThrownBy(() -> BrokerAuthentication.load(enabled(empty, ""), empty))
                .isInstanceOf(ConfigException.class)
                .hasMessage("usersFile: '" + empty + "' lists no users, and authenticationEnabled is true: add a"
                        + " user with 'bin/osprey users add <name>'");
    }

    @Test
    void aMalformedLineStopsTheStartNamingFileAndLineButNotTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("users.properties"), "# users\n\nalice = " + PASSWORD + "\n");

        assertThatThrownBy(() -> BrokerAuthentication.load(enabled(file, ""), file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("usersFile: '" + file + "' line 3: user 'alice': expected"
                        + " pbkdf2-sha256:<iterations>:<salt>:<hash>")
                .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void aFolderIsNotAUsersFile() {
        assertThatThrownBy(() -> BrokerAuthentication.load(enabled(dir, ""), dir))
                .isInstanceOf(ConfigException.class).hasMessage("usersFile: '" + dir + "' is a folder, not a file");
    }

    @Test
    void enabledChecksPasswordsAndGivesConnectionsWithoutCredentialsTheDefaultUser() throws Exception {
        Path file = aliceFile();

        try (BrokerAuthentication on = BrokerAuthentication.load(enabled(file, "guest"), file)) {
            on.startWatching();
            ConnectionAuthenticator authenticator = on.authenticator();
            assertThat(authenticator.enabled()).isTrue();
            assertThat(authenticator.admit("alice", PASSWORD.toCharArray(), "/127.0.0.1:1"))
                    .isEqualTo(new Admitted(new UserPrincipal("alice")));
            assertThat(authenticator.admit("alice", "x".toCharArray(), "/127.0.0.1:1")).isInstanceOf(Refused.class);
            assertThat(authenticator.admit(null, null, "/127.0.0.1:1"))
                    .isEqualTo(new Admitted(new UserPrincipal("guest")));
        }
    }

    @Test
    void theWatchRunsOnItsOwnNamedThreadUntilClosed() throws Exception {
        Path file = aliceFile();
        BrokerAuthentication on = BrokerAuthentication.load(enabled(file, ""), file);

        on.startWatching();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("osprey-users-reload-1"));
        on.close();

        // the pool has terminated when close returns; its thread may take a moment more to end
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("osprey-users-reload")));
    }
}
