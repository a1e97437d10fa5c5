package io.osprey.mq.server.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerOffsetTableTest {
    @TempDir
    Path configDir;

    @Test
    void answersMinusOneForAQueueNeverCommitted() {
        assertThat(ConsumerOffsetTable.open(configDir).query("g", "T", 0)).isEqualTo(-1);
    }

    @Test
    void answersTheLastCommittedOffsetPerQueue() {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        table.commit("g", "T", 0, 10);
        table.commit("g", "T", 0, 12);
        table.commit("g", "T", 3, 7);

        assertThat(table.query("g", "T", 0)).isEqualTo(12);
        assertThat(table.offsets("g", "T")).isEqualTo(Map.of(0, 12L, 3, 7L));
        assertThat(table.offsets("other", "T")).isEmpty();
    }

    @Test
    void committedOffsetsSurviveReopenAfterPersist() {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        table.commit("g1", "T", 0, 5);
        table.commit("g2", "%RETRY%g2", 1, 9);
        assertThat(table.persist()).isTrue();

        ConsumerOffsetTable reopened = ConsumerOffsetTable.open(configDir);

        assertThat(reopened.query("g1", "T", 0)).isEqualTo(5);
        assertThat(reopened.query("g2", "%RETRY%g2", 1)).isEqualTo(9);
    }

    @Test
    void writesTheFileInRocketMqLayout() throws Exception {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        table.commit("g", "T", 1, 42);
        table.persist();

        assertThat(Files.readString(configDir.resolve("consumerOffset.json")).replaceAll("\\s", ""))
                .isEqualTo("{\"offsetTable\":{\"T@g\":{\"1\":42}}}");
    }

    @Test
    void persistSkipsTheWriteWhenNothingChanged() throws Exception {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        assertThat(table.persist()).isFalse();
        table.commit("g", "T", 0, 1);
        assertThat(table.persist()).isTrue();
        Files.delete(configDir.resolve("consumerOffset.json"));

        assertThat(table.persist()).isFalse();
        assertThat(configDir.resolve("consumerOffset.json")).doesNotExist();

        table.commit("g", "T", 0, 2);
        assertThat(table.persist()).isTrue();
    }

    @Test
    void keepsEveryCommitMadeConcurrently() throws Exception {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int queueId = thread;
                work.add(pool.submit(() -> {
                    for (long offset = 1; offset <= 2_000; offset++) {
                        table.commit("g", "T", queueId, offset);
                        if (offset % 500 == 0) {
                            table.persist();
                        }
                    }
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        table.persist();

        assertThat(ConsumerOffsetTable.open(configDir).offsets("g", "T"))
                .isEqualTo(Map.of(0, 2_000L, 1, 2_000L, 2, 2_000L, 3, 2_000L));
    }

    @Test
    void listsGroupsOfATopicAndTopicsOfAGroup() {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        table.commit("g1", "A", 0, 1);
        table.commit("g2", "A", 0, 1);
        table.commit("g1", "B", 0, 1);

        assertThat(table.groupsConsuming("A")).isEqualTo(Set.of("g1", "g2"));
        assertThat(table.topicsOf("g1")).isEqualTo(Set.of("A", "B"));
        assertThat(table.groupsConsuming("none")).isEmpty();
    }

    @Test
    void aRemovedTopicsOffsetsAreGoneAfterPersistAndReopen() {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        table.commit("g1", "A", 0, 1);
        table.commit("g1", "B", 0, 1);
        table.persist();

        table.removeTopic("A");
        assertThat(table.persist()).isTrue();

        ConsumerOffsetTable reopened = ConsumerOffsetTable.open(configDir);
        assertThat(reopened.query("g1", "A", 0)).isEqualTo(-1);
        assertThat(reopened.topicsOf("g1")).containsExactly("B");
    }

    @Test
    void rejectsNegativeOffsetsAndQueueIds() {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        assertThatThrownBy(() -> table.commit("g", "T", 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.commit("g", "T", -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheLastOffsetsIntact() throws Exception {
        ConsumerOffsetTable table = ConsumerOffsetTable.open(configDir);
        table.commit("g", "T", 0, 5);
        table.persist();
        Files.writeString(configDir.resolve("consumerOffset.json.tmp"), "{\"offsetTable\":{\"T@g\":{\"0\":");

        assertThat(ConsumerOffsetTable.open(configDir).query("g", "T", 0)).isEqualTo(5);
    }

    @Test
    void refusesToOpenACorruptFileInsteadOfResettingEveryConsumer() throws Exception {
        Files.writeString(configDir.resolve("consumerOffset.json"), "{\"offsetTable\":{\"T@g\":{\"0\":12");

        assertThatThrownBy(() -> ConsumerOffsetTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("consumerOffset.json");
    }

    @Test
    void refusesToOpenAnEmptyFile() throws Exception {
        Files.write(configDir.resolve("consumerOffset.json"), new byte[0]);

        assertThatThrownBy(() -> ConsumerOffsetTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void refusesToOpenAnEntryThatIsNotTopicAtGroup() throws Exception {
        Files.writeString(configDir.resolve("consumerOffset.json"), "{\"offsetTable\":{\"nogroup\":{\"0\":1}}}");

        assertThatThrownBy(() -> ConsumerOffsetTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("[nogroup]");
    }
}
