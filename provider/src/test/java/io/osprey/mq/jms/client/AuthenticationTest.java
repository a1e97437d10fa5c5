package io.osprey.mq.jms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.EmbeddedServer;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.security.ConnectionAuthenticator;
import io.osprey.mq.server.security.PasswordHash;
import io.osprey.mq.server.security.UserRegistry;
import io.osprey.mq.server.security.UsersFile;
import jakarta.jms.JMSSecurityException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7, Credentials: the broker checks a connection's user and password against its users file. */
class AuthenticationTest {
    @TempDir
    static Path dir;
    static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("users.properties");
        SecureRandom random = new SecureRandom();
        UsersFile.empty().withUser("alice", PasswordHash.create("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS,
                random)).write(Disk.local(), users);
        server = new EmbeddedServer(dir.resolve("data"), ConnectionAuthenticator.checking(
                UserRegistry.load(users, random), Optional.empty()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theRightPasswordOpensTheConnection() throws Exception {
        try (ClientConnection connection = ClientConnection.open(ProviderUrl.parse(server.url()), "alice", "s3cret",
                null)) {
            assertThat(connection.user()).isEqualTo("alice");
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefusedAlikeWithoutTheirPassword() {
        assertThatThrownBy(() -> ClientConnection.open(ProviderUrl.parse(server.url()), "alice", "wrong", null))
                .isInstanceOf(JMSSecurityException.class).hasMessageContaining("wrong user name or password")
                .hasMessageNotContaining("wrong\"");
        assertThatThrownBy(() -> ClientConnection.open(ProviderUrl.parse(server.url()), "mallory", "s3cret", null))
                .isInstanceOf(JMSSecurityException.class).hasMessageContaining("wrong user name or password")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void withoutADefaultUserAConnectionWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> ClientConnection.open(ProviderUrl.parse(server.url()), null, null, null))
                .isInstanceOf(JMSSecurityException.class).hasMessageContaining("requires a user name");
    }
}
