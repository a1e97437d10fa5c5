package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.server.metadata.CorruptMetadataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelayProgressTest {
    @TempDir
    Path dir;

    @Test
    void startsAtZeroWithoutAFile() {
        DelayProgress progress = DelayProgress.open(dir, 3);

        assertThat(progress.snapshot().offsetTable()).containsExactly(
                Map.entry(1, 0L), Map.entry(2, 0L), Map.entry(3, 0L));
    }

    @Test
    void persistedOffsetsAreReadBack() {
        DelayProgress progress = DelayProgress.open(dir, 3);
        progress.advance(1, 12);
        progress.advance(3, 4);

        progress.persist();

        DelayProgress reloaded = DelayProgress.open(dir, 3);
        assertThat(reloaded.offset(1)).isEqualTo(12);
        assertThat(reloaded.offset(2)).isZero();
        assertThat(reloaded.offset(3)).isEqualTo(4);
        assertThat(dir.resolve(DelayProgress.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void readsTheStockBrokersBareKeys() throws Exception {
        Files.writeString(dir.resolve(DelayProgress.FILE_NAME), "{\"offsetTable\":{1:5,2:7}}");

        DelayProgress progress = DelayProgress.open(dir, 2);

        assertThat(progress.offset(1)).isEqualTo(5);
        assertThat(progress.offset(2)).isEqualTo(7);
    }

    @Test
    void levelsBeyondTheConfiguredOnesAreIgnored() throws Exception {
        Files.writeString(dir.resolve(DelayProgress.FILE_NAME), "{\"offsetTable\":{\"1\":5,\"18\":9}}");

        DelayProgress progress = DelayProgress.open(dir, 2);

        assertThat(progress.offset(1)).isEqualTo(5);
        assertThat(progress.levels()).isEqualTo(2);
    }

    @Test
    void corruptFileRefusesToOpenInsteadOfRedeliveringEverything() throws Exception {
        Files.write(dir.resolve(DelayProgress.FILE_NAME), "{\"offsetTable\":{\"1\":".getBytes(
                StandardCharsets.UTF_8));

        assertThatThrownBy(() -> DelayProgress.open(dir, 2)).isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(DelayProgress.FILE_NAME);
    }

    @Test
    void negativeOffsetIsCorrupt() throws Exception {
        Files.writeString(dir.resolve(DelayProgress.FILE_NAME), "{\"offsetTable\":{\"1\":-3}}");

        assertThatThrownBy(() -> DelayProgress.open(dir, 2)).isInstanceOf(CorruptMetadataException.class);
    }
}
