package io.osprey.mq.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.security.PasswordHash;
import io.osprey.mq.server.security.UsersFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one key that turns authentication on, with the users file where the distribution keeps it. */
class AuthenticationLaunchTest {
    @TempDir
    Path workDir;

    @Test
    void standaloneWithAuthenticationOnReadsConfUsersPropertiesOfTheDistributionAndStopsCleanly() throws Exception {
        Path home = workDir.resolve("home");
        UsersFile.empty().withUser("alice", PasswordHash.create("alice-pw".toCharArray(),
                PasswordHash.MIN_ITERATIONS, new SecureRandom())).write(Disk.local(), home.resolve("conf/users.properties"));

        try (LauncherProcess launcher = LauncherProcess.start(workDir, home, Map.of(), "standalone",
                "-D", "authenticationEnabled=true", "-D", "namesrv.listenPort=0", "-D", "listenPort=0",
                "-D", "storePathRootDir=" + workDir.resolve("store"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> launcher.stdout().stream()
                    .anyMatch(line -> line.startsWith("Osprey Broker broker-a ready on ")));

            assertThat(launcher.stdout()).anyMatch(line -> line.contains("authentication is on: 1 users from "
                    + home.resolve("conf/users.properties") + "; connections without credentials are refused"));
            launcher.terminate();
            assertThat(launcher.exitCode(60)).as("stderr %s", launcher.stderr()).isZero();
        }
    }
}
