package io.osprey.mq.server.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void readsNothingBeforeTheFirstWrite() {
        assertThat(new AtomicFile(dir.resolve("x.json")).read()).isEmpty();
    }

    @Test
    void writeReplacesTheWholeContentAndLeavesNoTempFile() throws Exception {
        AtomicFile file = new AtomicFile(dir.resolve("x.json"));
        file.write("a longer first version".getBytes(UTF_8));
        file.write("short".getBytes(UTF_8));
        assertThat(new String(file.read().orElseThrow(), UTF_8)).isEqualTo("short");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("x.json");
        }
    }

    @Test
    void createsMissingParentDirectories() {
        AtomicFile file = new AtomicFile(dir.resolve("store/config/x.json"));
        file.write("{}".getBytes(UTF_8));
        assertThat(file.read()).isPresent();
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldContentReadable() throws Exception {
        AtomicFile file = new AtomicFile(dir.resolve("x.json"));
        file.write("old".getBytes(UTF_8));
        // what a crash between "write temp" and "rename" leaves behind: a half-written temp file
        Files.write(dir.resolve("x.json.tmp"), "new but torn".getBytes(UTF_8));

        assertThat(new String(new AtomicFile(dir.resolve("x.json")).read().orElseThrow(), UTF_8)).isEqualTo("old");
        file.write("next".getBytes(UTF_8));
        assertThat(new String(file.read().orElseThrow(), UTF_8)).isEqualTo("next");
        assertThat(dir.resolve("x.json.tmp")).doesNotExist();
    }
}
