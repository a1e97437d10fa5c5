package io.osprey.mq.server.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.DiskOperation.Kind;
import io.osprey.mq.server.common.PowerCutDisk;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's metadata files under power loss: a topic or subscription group whose creation returned, and
 * consumer offsets whose persist returned, are there after a cut at any step of a rewrite (temp file write, its
 * fsync, the rename, the directory fsync), whatever the disk lost of what was not forced.
 */
class MetadataPowerLossTest {
    private static final int ROUNDS = 24;
    private static final List<Kind> REWRITE_STEPS = List.of(Kind.OPEN_CREATE, Kind.WRITE, Kind.FORCE, Kind.MOVE,
            Kind.FSYNC_DIR);

    @TempDir
    Path dir;

    @Test
    void acknowledgedTopicsGroupsAndPersistedOffsetsSurviveACutAtAnyStepOfARewrite() throws Exception {
        Path configDir = dir.resolve("store").resolve("config");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), 7);
        Random random = new Random(7);
        List<String> topics = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        long persistedOffset = -1;
        for (int round = 0; round < ROUNDS; round++) {
            Kind step = REWRITE_STEPS.get(round % REWRITE_STEPS.size());
            CutMode mode = round % 3 == 0 ? CutMode.RANDOM_PAGES : CutMode.LOSE_UNFORCED;
            long occurrence = 1 + random.nextInt(12);
            String what = "round " + round + ": cut before " + step + " #" + occurrence + " under " + configDir + ", "
                    + mode;
            TopicTable topicTable = TopicTable.open(disk, configDir, Clock.systemUTC());
            SubscriptionGroupTable groupTable = SubscriptionGroupTable.open(disk, configDir, Clock.systemUTC(), 16);
            ConsumerOffsetTable offsets = ConsumerOffsetTable.open(disk, configDir);
            assertThat(topicTable.all()).extracting(TopicConfig::topicName).as(what).containsAll(topics);
            for (String group : groups) {
                assertThat(groupTable.get(group)).as("%s: group %s", what, group).isPresent();
            }
            assertThat(offsets.query("g", "T", 0)).as("%s: persisted offset", what)
                    .isGreaterThanOrEqualTo(persistedOffset);

            CutTrigger trigger = disk.cutBefore(op -> op.is(step, configDir), occurrence, mode);
            AtomicLong committed = new AtomicLong(Math.max(0, persistedOffset));
            for (int i = 0; !trigger.fired().isDone(); i++) {
                try {
                    String topic = "T-" + round + "-" + i;
                    topicTable.put(TopicConfig.of(topic, 4, 4, 6));
                    topics.add(topic);
                    String group = "G-" + round + "-" + i;
                    groupTable.put(SubscriptionGroupConfig.defaults(group));
                    groups.add(group);
                    offsets.commit("g", "T", 0, committed.incrementAndGet());
                    offsets.persist();
                    persistedOffset = committed.get();
                } catch (MetadataIoException e) {
                    break; // the power went in the middle of this change: it was not acknowledged
                }
                if (i > 10_000) {
                    throw new AssertionError(what + ": the cut point was never reached");
                }
            }
            try {
                trigger.fired().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(what + ": the trigger did not fire", e);
            }
            disk.powerOn();
        }
        TopicTable reopened = TopicTable.open(disk, configDir, Clock.systemUTC());
        assertThat(reopened.all()).extracting(TopicConfig::topicName).containsAll(topics);
        assertThat(ConsumerOffsetTable.open(disk, configDir).query("g", "T", 0)).isGreaterThanOrEqualTo(
                persistedOffset);
    }
}
