package io.osprey.mq.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherStartFailureTest {
    @TempDir
    Path workDir;

    @Test
    void aBrokerThatCannotOpenItsStoreExitsWith1AndSaysWhichRoleFailed() throws Exception {
        Path notADirectory = Files.writeString(workDir.resolve("store-is-a-file"), "x");

        try (LauncherProcess launcher = LauncherProcess.start(workDir, null, Map.of(), "broker",
                "-D", "listenPort=0", "-D", "namesrvAddr=", "-D", "storePathRootDir=" + notADirectory)) {
            assertThat(launcher.exitCode(60)).isEqualTo(1);
            assertThat(launcher.stderr()).anySatisfy(line ->
                    assertThat(line).startsWith("osprey: Broker broker-a failed to start: "));
            assertThat(launcher.stdout()).noneMatch(line -> line.contains(" ready on "));
        }
    }
}
