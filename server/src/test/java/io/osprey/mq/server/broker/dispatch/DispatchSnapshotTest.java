package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.server.broker.dispatch.DispatchRecord.Position;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchSnapshotTest {
    @TempDir
    Path dir;

    private final DispatchSnapshot.Content content = new DispatchSnapshot.Content(4_096, List.of(
            new DispatchRecord.Subscribed("queue:Orders", "Orders", SubscriptionType.QUEUE, null, false,
                    Map.of(0, 17L, 1, 3L)),
            new DispatchRecord.Done("queue:Orders", List.of(new Position(0, 19, 0))),
            new DispatchRecord.Counted("queue:Orders", List.of(new Position(1, 4, 2)))));

    @Test
    void aWrittenSnapshotReadsBackWhole() throws IOException {
        Path file = dir.resolve(DispatchSnapshot.FILE_NAME);
        DispatchSnapshot.write(Disk.local(), file, content);
        assertThat(DispatchSnapshot.read(file)).contains(content);
    }

    @Test
    void noSnapshotIsEmpty() throws IOException {
        assertThat(DispatchSnapshot.read(dir.resolve("none"))).isEmpty();
    }

    @Test
    void everyDamagedByteIsRefused() throws IOException {
        Path file = dir.resolve(DispatchSnapshot.FILE_NAME);
        DispatchSnapshot.write(Disk.local(), file, content);
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x40;
            Files.write(file, bad);
            assertThatThrownBy(() -> DispatchSnapshot.read(file)).as("byte %d flipped", i)
                    .isInstanceOf(IOException.class).hasMessageContaining("damaged");
        }
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 3));
        assertThatThrownBy(() -> DispatchSnapshot.read(file)).isInstanceOf(IOException.class);
    }
}
