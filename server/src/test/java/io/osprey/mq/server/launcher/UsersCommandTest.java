package io.osprey.mq.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.security.AuthenticationOutcome;
import io.osprey.mq.server.security.AuthenticationOutcome.Authenticated;
import io.osprey.mq.server.security.AuthenticationOutcome.WrongPassword;
import io.osprey.mq.server.security.LogCapture;
import io.osprey.mq.server.security.UserRegistry;
import io.osprey.mq.server.security.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osprey users} end to end through {@link OspreyMain} and picocli, the password piped on standard input
 * as a script would (no terminal).
 */
class UsersCommandTest {
    private static final String PASSWORD = "pipe-Secret-6120";
    private static final String OTHER_PASSWORD = "other-Secret-9034";
    /** Every password any test here pipes, none of which may ever be printed or logged. */
    private static final List<String> PASSWORDS = List.of(PASSWORD, OTHER_PASSWORD);

    @TempDir
    Path dir;

    private Path usersFile;
    private final List<String> printed = new ArrayList<>();
    private LogCapture logs;

    @BeforeEach
    void setUp() {
        usersFile = dir.resolve("conf/users.properties");
        logs = LogCapture.start();
    }

    @AfterEach
    void nothingEverShowsAPassword() {
        logs.close();
        for (String password : PASSWORDS) {
            assertThat(printed).noneMatch(text -> text.contains(password));
            assertThat(logs.texts()).noneMatch(text -> text.contains(password));
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String stdin, Optional<Path> home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LaunchEnvironment launch = new LaunchEnvironment(home, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Runtime.getRuntime(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Optional.empty());
        int exitCode = OspreyMain.run(launch, args);
        Run run = new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        printed.add(run.out());
        printed.add(run.err());
        return run;
    }

    private Run users(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("users"));
        all.addAll(List.of(args));
        all.addAll(List.of("--users-file", usersFile.toString()));
        return run(stdin, Optional.empty(), all.toArray(String[]::new));
    }

    private AuthenticationOutcome authenticate(String user, String password) throws Exception {
        return UserRegistry.load(usersFile, new SecureRandom()).authenticate(user, password.toCharArray());
    }

    @Test
    void addCreatesTheFileWithTheUserWhosePipedPasswordThenAuthenticates() throws Exception {
        Run add = users(PASSWORD + "\n", "add", "alice", "--iterations", "1000");

        assertThat(add).isEqualTo(new Run(0, "user 'alice' added to " + usersFile + "\n", ""));
        assertThat(authenticate("alice", PASSWORD)).isInstanceOf(Authenticated.class);
        assertThat(authenticate("alice", OTHER_PASSWORD)).isInstanceOf(WrongPassword.class);
        assertThat(Files.readString(usersFile)).startsWith(UsersFile.HEADER);
        if (Files.getFileStore(usersFile).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void addHashesWithOwaspsIterationCountByDefault() throws Exception {
        assertThat(users(PASSWORD + "\n", "add", "alice").exitCode()).isZero();

        assertThat(Files.readAllLines(usersFile)).last().asString().startsWith("alice = pbkdf2-sha256:600000:");
        assertThat(authenticate("alice", PASSWORD)).isInstanceOf(Authenticated.class);
    }

    @Test
    void aPasswordEndingInCarriageReturnLineFeedLosesOnlyTheLineEnd() throws Exception {
        assertThat(users(PASSWORD + "\r\nignored second line\n", "add", "alice", "--iterations", "1000").exitCode())
                .isZero();

        assertThat(authenticate("alice", PASSWORD)).isInstanceOf(Authenticated.class);
    }

    @Test
    void aPasswordWithoutLineEndIsReadToTheEndOfInput() throws Exception {
        assertThat(users(PASSWORD, "add", "alice", "--iterations", "1000").exitCode()).isZero();

        assertThat(authenticate("alice", PASSWORD)).isInstanceOf(Authenticated.class);
    }

    @Test
    void addingAUserTwiceIsRefusedAndLeavesTheFileAlone() throws Exception {
        users(PASSWORD + "\n", "add", "alice", "--iterations", "1000");
        String before = Files.readString(usersFile);

        Run again = users(OTHER_PASSWORD + "\n", "add", "alice", "--iterations", "1000");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("osprey users: user 'alice' already exists in " + usersFile
                + "; change its password with 'osprey users passwd alice'\n");
        assertThat(Files.readString(usersFile)).isEqualTo(before);
    }

    @Test
    void passwdChangesThePasswordOfAnExistingUserOnly() throws Exception {
        users(PASSWORD + "\n", "add", "alice", "--iterations", "1000");
        users(PASSWORD + "\n", "add", "bob", "--iterations", "1000");

        Run passwd = users(OTHER_PASSWORD + "\n", "passwd", "alice", "--iterations", "1000");
        Run unknown = users(OTHER_PASSWORD + "\n", "passwd", "carol", "--iterations", "1000");

        assertThat(passwd).isEqualTo(new Run(0, "password of user 'alice' changed in " + usersFile + "\n", ""));
        assertThat(authenticate("alice", OTHER_PASSWORD)).isInstanceOf(Authenticated.class);
        assertThat(authenticate("alice", PASSWORD)).isInstanceOf(WrongPassword.class);
        assertThat(authenticate("bob", PASSWORD)).isInstanceOf(Authenticated.class);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("osprey users: no user 'carol' in " + usersFile);
        assertThat(UsersFile.read(usersFile).users().keySet()).containsExactly("alice", "bob");
    }

    @Test
    void removeTakesTheUserOutAndListShowsTheNamesLeft() throws Exception {
        users(PASSWORD + "\n", "add", "alice", "--iterations", "1000");
        users(PASSWORD + "\n", "add", "bob", "--iterations", "1000");
        users(PASSWORD + "\n", "add", "carol", "--iterations", "1000");

        Run remove = users("", "remove", "bob");
        Run removeAgain = users("", "remove", "bob");
        Run list = users("", "list");

        assertThat(remove).isEqualTo(new Run(0, "user 'bob' removed from " + usersFile + "\n", ""));
        assertThat(removeAgain.exitCode()).isEqualTo(1);
        assertThat(removeAgain.err()).isEqualTo("osprey users: no user 'bob' in " + usersFile + "\n");
        assertThat(list).isEqualTo(new Run(0, "alice\ncarol\n", ""));
    }

    @Test
    void listShowsNamesOnlyNeverHashes() throws Exception {
        users(PASSWORD + "\n", "add", "alice", "--iterations", "1000");
        String hash = Files.readAllLines(usersFile).get(Files.readAllLines(usersFile).size() - 1).split(":")[3];

        assertThat(users("", "list").out()).isEqualTo("alice\n").doesNotContain(hash);
    }

    @Test
    void noPasswordOnStandardInputOrAnEmptyOneIsRefusedAndWritesNothing() {
        Run none = users("", "add", "alice", "--iterations", "1000");
        Run empty = users("\n", "add", "alice", "--iterations", "1000");

        assertThat(none).isEqualTo(new Run(1, "", "osprey users: no password on standard input\n"));
        assertThat(empty).isEqualTo(new Run(1, "", "osprey users: the password is empty\n"));
        assertThat(usersFile).doesNotExist();
    }

    @Test
    void anInvalidNameOrCostIsABadCommandLine() {
        Run name = users(PASSWORD + "\n", "add", "al=ice");
        Run cost = users(PASSWORD + "\n", "add", "alice", "--iterations", "10");

        assertThat(name).isEqualTo(new Run(2, "",
                "osprey users: a user name is 1 to 64 characters of A-Z a-z 0-9 . _ @ -\n"));
        assertThat(cost).isEqualTo(new Run(2, "", "osprey users: --iterations must be in 1000..10000000\n"));
        assertThat(usersFile).doesNotExist();
    }

    @Test
    void aMalformedUsersFileIsNamedWithItsLineAndNotChanged() throws Exception {
        Files.createDirectories(usersFile.getParent());
        Files.writeString(usersFile, "# users\nalice = " + PASSWORD + "\n");

        Run add = users(OTHER_PASSWORD + "\n", "add", "bob", "--iterations", "1000");
        Run list = users("", "list");

        assertThat(add).isEqualTo(new Run(2, "", "osprey users: " + usersFile
                + " line 2: user 'alice': expected pbkdf2-sha256:<iterations>:<salt>:<hash>\n"));
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(Files.readString(usersFile)).isEqualTo("# users\nalice = " + PASSWORD + "\n");
        // the file itself holds the password here; only what the command printed must not
        PASSWORDS.forEach(password -> assertThat(add.err() + list.err()).doesNotContain(password));
    }

    @Test
    void listOfAMissingFileSaysSo() {
        assertThat(users("", "list")).isEqualTo(new Run(1, "", "osprey users: " + usersFile + " does not exist\n"));
    }

    @Test
    void withoutUsersFileTheDistributionsConfUsersPropertiesIsEdited() throws Exception {
        Path home = dir.resolve("osprey-home");

        Run add = run(PASSWORD + "\n", Optional.of(home), "users", "add", "alice", "--iterations", "1000");

        Path expected = home.resolve("conf/users.properties").toAbsolutePath();
        assertThat(add).isEqualTo(new Run(0, "user 'alice' added to " + expected + "\n", ""));
        assertThat(UsersFile.read(expected).users().keySet()).containsExactly("alice");
    }

    @Test
    void usersAloneListsItsSubcommands() {
        Run usage = run("", Optional.empty(), "users");

        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("add", "passwd", "remove", "list");
    }
}
