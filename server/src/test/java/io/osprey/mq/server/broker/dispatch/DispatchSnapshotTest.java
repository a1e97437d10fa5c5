package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file reads back as written; a damaged one is an error naming the file and what is wrong with it. */
class DispatchSnapshotTest {
    @TempDir
    Path dir;

    private final DispatchSnapshot.Content content = new DispatchSnapshot.Content(4_096, List.of(
            new DispatchRecord.Subscribed("queue:Q", "Q", SubscriptionType.QUEUE, null, false, Map.of(0, 3L, 1, 0L)),
            new DispatchRecord.Done("queue:Q", List.of(new DispatchRecord.Position(0, 5, 0))),
            new DispatchRecord.Counted("queue:Q", List.of(new DispatchRecord.Position(1, 2, 4)))));

    @Test
    void readsBackWhatItWroteAndNothingWhenThereIsNone() throws IOException {
        Path file = dir.resolve(DispatchSnapshot.FILE_NAME);
        assertThat(DispatchSnapshot.read(file)).isEmpty();

        DispatchSnapshot.write(Disk.local(), file, content);

        assertThat(DispatchSnapshot.read(file)).contains(content);
    }

    @Test
    void everyTruncationAndEveryFlippedByteIsDamage() throws IOException {
        Path file = dir.resolve(DispatchSnapshot.FILE_NAME);
        DispatchSnapshot.write(Disk.local(), file, content);
        byte[] whole = Files.readAllBytes(file);
        for (int length = 0; length < whole.length; length++) {
            Files.write(file, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> DispatchSnapshot.read(file)).as("%d of %d bytes", length, whole.length)
                    .isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("damaged").hasMessageNotContaining("null");
        }
        for (int at = 0; at < whole.length; at++) {
            byte[] flipped = whole.clone();
            flipped[at] ^= 0x40;
            Files.write(file, flipped);
            assertThatThrownBy(() -> DispatchSnapshot.read(file)).as("byte %d flipped", at)
                    .isInstanceOf(IOException.class).hasMessageContaining("damaged");
        }
    }
}
