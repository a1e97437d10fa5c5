package io.osprey.mq.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.server.common.Disk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    private static final Path ORIGIN = Path.of("/etc/osprey/users.properties");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET = "Xyzzy-Plugh-42";

    @TempDir
    Path dir;

    private static PasswordHash hash(String password) {
        return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, RANDOM);
    }

    private static UsersFileException rejected(String... lines) {
        try {
            UsersFile.parse(ORIGIN, List.of(lines));
        } catch (UsersFileException e) {
            return e;
        }
        throw new AssertionError("accepted " + List.of(lines));
    }

    @Test
    void readsUsersSkippingCommentsAndBlankLinesWithBlanksAroundTheEqualsSign() throws Exception {
        PasswordHash alice = hash("a");
        PasswordHash bob = hash("b");

        UsersFile file = UsersFile.parse(ORIGIN, List.of("# users", "", "   # indented comment",
                "alice = " + alice.encoded(), "  bob=" + bob.encoded() + "  ", "\t"));

        assertThat(file.users()).containsExactly(java.util.Map.entry("alice", alice),
                java.util.Map.entry("bob", bob));
    }

    @Test
    void aLineWithoutEqualsSignIsRejectedWithItsNumberAndNotQuoted() {
        UsersFileException e = rejected("# header", "alice = " + hash("a").encoded(), SECRET);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo(ORIGIN + " line 3: expected <name> = "
                + "pbkdf2-sha256:<iterations>:<salt>:<hash>");
    }

    @Test
    void aPasswordWrittenWhereTheHashBelongsIsRejectedWithoutBeingEchoed() {
        UsersFileException e = rejected("", "alice = " + SECRET);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo(ORIGIN + " line 2: user 'alice': expected "
                + "pbkdf2-sha256:<iterations>:<salt>:<hash>").doesNotContain(SECRET);
    }

    @Test
    void aBadUserNameIsRejectedWithoutBeingEchoed() {
        UsersFileException e = rejected("al ice" + SECRET + " = " + hash("a").encoded());

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).isEqualTo(ORIGIN + " line 1: the user name is not 1 to 64 characters of"
                + " A-Z a-z 0-9 . _ @ -");
        assertThat(rejected(" = " + hash("a").encoded()).line()).isEqualTo(1);
        assertThat(rejected("a".repeat(65) + " = " + hash("a").encoded()).line()).isEqualTo(1);
    }

    @Test
    void aTamperedHashFieldIsRejectedNamingLineUserAndPartButNotTheHash() {
        String encoded = hash("a").encoded();
        String tampered = encoded.substring(0, encoded.length() - 4) + "!!!!";

        UsersFileException e = rejected("# x", "# y", "carol = " + tampered);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo(ORIGIN + " line 3: user 'carol': the hash is not Base64")
                .doesNotContain(tampered.split(":")[2]);
    }

    @Test
    void aUserDefinedTwiceIsRejectedNamingBothLines() {
        UsersFileException e = rejected("alice = " + hash("a").encoded(), "bob = " + hash("b").encoded(),
                "alice = " + hash("c").encoded());

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("user 'alice' is already defined on line 1");
    }

    @Test
    void aFileThatIsNotUtf8IsRejectedAsAWhole() throws Exception {
        Path file = Files.write(dir.resolve("users.properties"), new byte[] {'a', ' ', '=', ' ', (byte) 0xC3});

        assertThatThrownBy(() -> UsersFile.read(file))
                .isInstanceOfSatisfying(UsersFileException.class, e -> assertThat(e.line()).isZero())
                .hasMessage(file + ": is not UTF-8 text");
    }

    @Test
    void addingChangingAndRemovingUsersKeepsEveryOtherLineWhereItWas() throws Exception {
        PasswordHash alice = hash("a");
        PasswordHash bob = hash("b");
        PasswordHash newAlice = hash("a2");
        UsersFile file = UsersFile.parse(ORIGIN, List.of("# ops team", "alice = " + alice.encoded(), "",
                "# apps", "bob = " + bob.encoded()));

        UsersFile edited = file.withUser("alice", newAlice).withUser("carol", hash("c")).withoutUser("bob");

        List<String> lines = edited.render().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 4)).containsExactly("# ops team", "alice = " + newAlice.encoded(), "",
                "# apps");
        assertThat(lines.get(4)).startsWith("carol = pbkdf2-sha256:1000:");
        assertThat(UsersFile.parse(ORIGIN, lines).users().keySet()).containsExactly("alice", "carol");
        assertThat(file.users().keySet()).as("the original is unchanged").containsExactly("alice", "bob");
    }

    @Test
    void anInvalidNameCannotBeAdded() {
        assertThatThrownBy(() -> UsersFile.empty().withUser("a=b", hash("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrittenFileReadsBackAndIsReadableByItsOwnerOnly() throws Exception {
        Path target = dir.resolve("conf/users.properties");
        UsersFile file = UsersFile.empty().withUser("alice", hash("a"));

        file.write(Disk.local(), target);

        assertThat(UsersFile.read(target).users()).isEqualTo(file.users());
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).startsWith(UsersFile.HEADER);
        if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(target))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(target.resolveSibling("users.properties.tmp")).doesNotExist();
    }

    @Test
    void rewritingAWorldReadableFileLeavesItReadableByItsOwnerOnly() throws Exception {
        Path target = dir.resolve("users.properties");
        Files.writeString(target, UsersFile.HEADER);
        if (!Files.getFileStore(target).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        // a temp file left by a crash, readable by all
        Path leftover = Files.writeString(dir.resolve("users.properties.tmp"), "old");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));

        UsersFile.read(target).withUser("alice", hash("a")).write(Disk.local(), target);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void theShippedUsersFileIsTheHeaderAndListsNoUsers() throws Exception {
        Path shipped = Path.of("src/dist/conf/users.properties");

        assertThat(Files.readString(shipped)).isEqualTo(UsersFile.HEADER);
        assertThat(UsersFile.read(shipped).users()).isEmpty();
    }
}
