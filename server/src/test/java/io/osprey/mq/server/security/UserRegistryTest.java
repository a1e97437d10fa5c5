package io.osprey.mq.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.security.AuthenticationOutcome.Authenticated;
import io.osprey.mq.server.security.AuthenticationOutcome.UnknownUser;
import io.osprey.mq.server.security.AuthenticationOutcome.WrongPassword;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserRegistryTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALICE_PASSWORD = "alice-Pa55word-Zq9";
    private static final String BOB_PASSWORD = "bob-Pa55word-Kx3";

    @TempDir
    Path dir;

    private static PasswordHash hash(String password) {
        return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, RANDOM);
    }

    private Path usersFile(UsersFile content) throws Exception {
        Path file = dir.resolve("users.properties");
        content.write(Disk.local(), file);
        return file;
    }

    private static UsersFile alice() {
        return UsersFile.empty().withUser("alice", hash(ALICE_PASSWORD));
    }

    @Test
    void authenticatesTheRightPasswordAndTellsUnknownUserFromWrongPassword() throws Exception {
        UserRegistry registry = UserRegistry.load(usersFile(alice()), RANDOM);

        assertThat(registry.authenticate("alice", ALICE_PASSWORD.toCharArray()))
                .isEqualTo(new Authenticated(new UserPrincipal("alice")));
        assertThat(registry.authenticate("alice", BOB_PASSWORD.toCharArray()))
                .isEqualTo(new WrongPassword("alice"));
        assertThat(registry.authenticate("mallory", ALICE_PASSWORD.toCharArray()))
                .isEqualTo(new UnknownUser("mallory"));
        assertThat(registry.authenticate("ALICE", ALICE_PASSWORD.toCharArray()))
                .as("names are case-sensitive").isEqualTo(new UnknownUser("ALICE"));
    }

    @Test
    void loadingFailsOnAMissingFileAFileWithoutUsersAndAMalformedLine() throws Exception {
        Path missing = dir.resolve("absent.properties");
        Path empty = Files.writeString(dir.resolve("empty.properties"), UsersFile.HEADER);
        Path malformed = Files.writeString(dir.resolve("bad.properties"), "# x\nalice = nope\n");

        assertThatThrownBy(() -> UserRegistry.load(missing, RANDOM)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> UserRegistry.load(empty, RANDOM))
                .isInstanceOf(UsersFileException.class).hasMessage(empty + ": lists no users");
        assertThatThrownBy(() -> UserRegistry.load(malformed, RANDOM))
                .isInstanceOfSatisfying(UsersFileException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void aReplacedFileIsReloadedOnTheNextCheckAndOnlyOnce() throws Exception {
        Path file = usersFile(alice());
        UserRegistry registry = UserRegistry.load(file, RANDOM);
        assertThat(registry.reloadIfChanged()).as("unchanged").isFalse();

        UsersFile.read(file).withUser("bob", hash(BOB_PASSWORD)).write(Disk.local(), file);

        try (LogCapture logs = LogCapture.start()) {
            assertThat(registry.reloadIfChanged()).isTrue();
            assertThat(registry.reloadIfChanged()).isFalse();
            assertThat(logs.at(Level.INFO)).singleElement().satisfies(event -> assertThat(
                    event.getFormattedMessage()).isEqualTo("users file " + file + " reloaded: 2 users"));
        }
        assertThat(registry.authenticate("bob", BOB_PASSWORD.toCharArray())).isInstanceOf(Authenticated.class);
        assertThat(registry.userNames()).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void aFileEditedInPlaceIsReloadedToo() throws Exception {
        Path file = usersFile(alice());
        UserRegistry registry = UserRegistry.load(file, RANDOM);
        FileTime before = Files.getLastModifiedTime(file);

        // an editor writing over the same file: same inode, so only the time and size tell
        Files.writeString(file, UsersFile.read(file).withUser("bob", hash(BOB_PASSWORD)).render());
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));

        assertThat(registry.reloadIfChanged()).isTrue();
        assertThat(registry.authenticate("bob", BOB_PASSWORD.toCharArray())).isInstanceOf(Authenticated.class);
    }

    @Test
    void aMalformedReloadKeepsThePreviousUsersAndWarnsOnceNamingTheLine() throws Exception {
        Path file = usersFile(alice());
        UserRegistry registry = UserRegistry.load(file, RANDOM);
        String broken = UsersFile.read(file).withUser("bob", hash(BOB_PASSWORD)).render() + "carol = "
                + BOB_PASSWORD + "\n";
        int brokenLine = (int) broken.lines().count();
        Files.writeString(file, broken);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));

        try (LogCapture logs = LogCapture.start()) {
            assertThat(registry.reloadIfChanged()).isFalse();
            assertThat(registry.reloadIfChanged()).isFalse();

            assertThat(logs.at(Level.WARN)).singleElement().satisfies(event -> assertThat(
                    event.getFormattedMessage()).isEqualTo("users file " + file + " line " + brokenLine
                    + ": user 'carol': expected pbkdf2-sha256:<iterations>:<salt>:<hash>; keeping the 1 users"
                    + " loaded before"));
            assertThat(logs.texts()).noneMatch(text -> text.contains(BOB_PASSWORD));
        }
        assertThat(registry.authenticate("alice", ALICE_PASSWORD.toCharArray())).isInstanceOf(Authenticated.class);
        assertThat(registry.authenticate("bob", BOB_PASSWORD.toCharArray())).isInstanceOf(UnknownUser.class);

        alice().withUser("bob", hash(BOB_PASSWORD)).write(Disk.local(), file);
        assertThat(registry.reloadIfChanged()).as("fixed").isTrue();
        assertThat(registry.authenticate("bob", BOB_PASSWORD.toCharArray())).isInstanceOf(Authenticated.class);
    }

    @Test
    void aDeletedFileKeepsThePreviousUsersWarnsOnceAndIsReadAgainWhenBack() throws Exception {
        Path file = usersFile(alice());
        UserRegistry registry = UserRegistry.load(file, RANDOM);
        Files.delete(file);

        try (LogCapture logs = LogCapture.start()) {
            assertThat(registry.reloadIfChanged()).isFalse();
            assertThat(registry.reloadIfChanged()).isFalse();
            assertThat(logs.at(Level.WARN)).singleElement().satisfies(event -> assertThat(
                    event.getFormattedMessage()).isEqualTo("users file " + file
                    + " is gone; keeping the 1 users loaded before"));
        }
        assertThat(registry.authenticate("alice", ALICE_PASSWORD.toCharArray())).isInstanceOf(Authenticated.class);

        usersFile(UsersFile.empty().withUser("bob", hash(BOB_PASSWORD)));
        assertThat(registry.reloadIfChanged()).isTrue();
        assertThat(registry.userNames()).containsExactly("bob");
    }

    @Test
    void removingTheLastUserTakesEffectSoThatUserIsLockedOut() throws Exception {
        Path file = usersFile(alice());
        UserRegistry registry = UserRegistry.load(file, RANDOM);

        UsersFile.read(file).withoutUser("alice").write(Disk.local(), file);

        try (LogCapture logs = LogCapture.start()) {
            assertThat(registry.reloadIfChanged()).isTrue();
            assertThat(logs.at(Level.WARN)).singleElement().satisfies(event -> assertThat(
                    event.getFormattedMessage()).contains("lists no users"));
        }
        assertThat(registry.authenticate("alice", ALICE_PASSWORD.toCharArray())).isInstanceOf(UnknownUser.class);
    }

    @Test
    void passwordsAreCheckedConcurrentlyWhileTheFileIsReloaded() throws Exception {
        Path file = usersFile(alice());
        UserRegistry registry = UserRegistry.load(file, RANDOM);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<AuthenticationOutcome>> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                checks.add(pool.submit(() -> registry.authenticate("alice", ALICE_PASSWORD.toCharArray())));
            }
            for (int i = 0; i < 5; i++) {
                UsersFile.read(file).withUser("user" + i, hash(BOB_PASSWORD)).write(Disk.local(), file);
                assertThat(registry.reloadIfChanged()).isTrue();
            }
            for (Future<AuthenticationOutcome> check : checks) {
                assertThat(check.get()).isEqualTo(new Authenticated(new UserPrincipal("alice")));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.userNames()).hasSize(6);
    }
}
