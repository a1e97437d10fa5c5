package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.DiskOperation.Kind;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.metadata.MetadataIoException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delay scheduler's progress: what a persist returned is there after a cut at any step of the next one. */
class DelayProgressPowerLossTest {
    private static final int LEVELS = 3;

    @TempDir
    Path dir;

    @Test
    void persistedProgressSurvivesACutAtAnyStepOfTheNextRewrite() throws Exception {
        Path configDir = dir.resolve("store").resolve("config");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 11);
        long[] persisted = new long[LEVELS + 1];
        List<Kind> steps = List.of(Kind.OPEN_CREATE, Kind.WRITE, Kind.FORCE, Kind.MOVE, Kind.FSYNC_DIR);
        for (int round = 0; round < 15; round++) {
            Kind step = steps.get(round % steps.size());
            CutMode mode = round % 2 == 0 ? CutMode.LOSE_UNFORCED : CutMode.RANDOM_PAGES;
            DelayProgress progress = DelayProgress.open(disk, configDir, LEVELS);
            for (int level = 1; level <= LEVELS; level++) {
                assertThat(progress.offset(level)).as("round %d level %d", round, level)
                        .isGreaterThanOrEqualTo(persisted[level]);
            }
            CutTrigger trigger = disk.cutBefore(op -> op.is(step, configDir), 1 + round % 4, mode);
            for (long i = persisted[1] + 1; !trigger.fired().isDone(); i++) {
                for (int level = 1; level <= LEVELS; level++) {
                    progress.advance(level, i * level);
                }
                try {
                    progress.persist();
                } catch (MetadataIoException e) {
                    break;
                }
                for (int level = 1; level <= LEVELS; level++) {
                    persisted[level] = i * level;
                }
                if (i > persisted[1] + 10_000) {
                    throw new AssertionError("round " + round + ": the cut before " + step + " never came");
                }
            }
            trigger.fired().get(10, TimeUnit.SECONDS);
            disk.powerOn();
        }
    }
}
