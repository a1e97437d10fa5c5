package io.osprey.mq.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad configuration stops the process before anything binds: exit code 2 and one line naming the key. */
class LauncherConfigErrorTest {
    private static final String PREFIX = "osprey: invalid configuration: ";

    @TempDir
    Path workDir;

    private void assertRejected(LauncherProcess launcher, String expectedLineStart) throws InterruptedException {
        try (launcher) {
            assertThat(launcher.exitCode(60)).isEqualTo(2);
            assertThat(launcher.stderr()).anySatisfy(line -> assertThat(line).startsWith(expectedLineStart));
            assertThat(launcher.stdout()).noneMatch(line -> line.contains(" ready on "));
        }
    }

    @Test
    void aPortOutOfRangeOnTheCommandLineExitsWith2NamingTheKeyAndValue() throws Exception {
        assertRejected(LauncherProcess.start(workDir, null, Map.of(), "broker", "-D", "listenPort=99999"),
                PREFIX + "listenPort: '99999' must be less than or equal to 65535");
    }

    @Test
    void anUnknownFlushDiskTypeInTheConfigFileExitsWith2() throws Exception {
        Path file = Files.writeString(workDir.resolve("my.properties"), "flushDiskType=SOMETIMES\n");

        assertRejected(LauncherProcess.start(workDir, null, Map.of(), "broker", "-c", file.toString()),
                PREFIX + "flushDiskType: 'SOMETIMES' is not one of ASYNC_FLUSH, SYNC_FLUSH");
    }

    @Test
    void aMistypedKeyInStandaloneExitsWith2NamingIt() throws Exception {
        assertRejected(LauncherProcess.start(workDir, null, Map.of(), "standalone", "-DlisenPort=10911"),
                PREFIX + "lisenPort: unknown key");
    }

    @Test
    void aNameServerKeyWithoutItsPrefixInStandaloneIsABrokerKey() throws Exception {
        assertRejected(LauncherProcess.start(workDir, null, Map.of(), "standalone", "-D", "brokerExpiryMillis=1000"),
                PREFIX + "brokerExpiryMillis: unknown key");
    }

    @Test
    void anUnparsableEnvironmentVariableExitsWith2NamingIt() throws Exception {
        assertRejected(LauncherProcess.start(workDir, null, Map.of("OSPREY_LISTEN_PORT", "abc"), "namesrv"),
                PREFIX + "listenPort: 'abc' is not an integer");
    }

    @Test
    void theDefaultConfigFileUnderOspreyHomeIsRead() throws Exception {
        Path home = workDir.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/namesrv.properties"), "channelIdleSeconds=0\n");

        assertRejected(LauncherProcess.start(workDir, home, Map.of(), "namesrv"),
                PREFIX + "channelIdleSeconds: '0' must be greater than 0");
    }

    @Test
    void aMissingExplicitConfigFileExitsWith2() throws Exception {
        assertRejected(LauncherProcess.start(workDir, null, Map.of(), "namesrv", "-c", "absent.properties"),
                PREFIX + "config: file absent.properties does not exist");
    }

    @Test
    void standaloneRefusesAnotherNameServerAddress() throws Exception {
        assertRejected(LauncherProcess.start(workDir, null, Map.of(), "standalone", "-D", "namesrvAddr=10.0.0.1:9876"),
                PREFIX + "namesrvAddr: standalone registers the broker with its own NameServer");
    }

    @Test
    void authenticationEnabledWithoutAUsersFileExitsWith2NamingTheKeyAndTheFile() throws Exception {
        Path home = workDir.resolve("home");
        Files.createDirectories(home.resolve("conf"));

        assertRejected(LauncherProcess.start(workDir, home, Map.of(), "standalone", "-D", "authenticationEnabled=true"),
                PREFIX + "usersFile: '" + home.resolve("conf/users.properties").toAbsolutePath()
                        + "' does not exist, and authenticationEnabled is true");
    }

    @Test
    void aMalformedUsersFileExitsWith2NamingItsLineButNotItsContent() throws Exception {
        Path users = Files.writeString(workDir.resolve("users.properties"), "# users\n\nalice = hunter2-secret\n");

        try (LauncherProcess launcher = LauncherProcess.start(workDir, null, Map.of(), "broker",
                "-D", "authenticationEnabled=true", "-D", "usersFile=" + users)) {
            assertThat(launcher.exitCode(60)).isEqualTo(2);
            assertThat(launcher.stderr()).contains(PREFIX + "usersFile: '" + users + "' line 3: user 'alice':"
                    + " expected pbkdf2-sha256:<iterations>:<salt>:<hash>");
            assertThat(launcher.stdout()).noneMatch(line -> line.contains(" ready on "));
            assertThat(launcher.stdout()).noneMatch(line -> line.contains("hunter2-secret"));
            assertThat(launcher.stderr()).noneMatch(line -> line.contains("hunter2-secret"));
        }
    }
}
