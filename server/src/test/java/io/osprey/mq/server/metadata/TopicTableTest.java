package io.osprey.mq.server.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.body.DataVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicTableTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @TempDir
    Path configDir;

    @Test
    void aPutTopicIsOnDiskWhenPutReturns() {
        TopicTable table = TopicTable.open(configDir, CLOCK);
        TopicConfig topic = new TopicConfig("Orders", 8, 4, 6, 0, true, "SINGLE_TAG");

        assertThat(table.put(topic)).isEqualTo(topic);

        // no close, no flush: what a power loss right after the acknowledgement would leave
        assertThat(TopicTable.open(configDir).get("Orders")).contains(topic);
    }

    @Test
    void aDeletedTopicStaysDeletedAfterReopen() {
        TopicTable table = TopicTable.open(configDir);
        table.put(TopicConfig.of("A", 1, 1, 6));
        table.put(TopicConfig.of("B", 1, 1, 6));

        assertThat(table.delete("A")).isTrue();
        assertThat(table.delete("A")).isFalse();

        assertThat(TopicTable.open(configDir).all()).extracting(TopicConfig::topicName).containsExactly("B");
    }

    @Test
    void everyChangeBumpsTheDataVersionAndTheVersionSurvivesReopen() {
        TopicTable table = TopicTable.open(configDir, CLOCK);
        DataVersion initial = table.dataVersion();
        table.put(TopicConfig.of("A", 1, 1, 6));
        table.put(TopicConfig.of("A", 2, 2, 6));
        table.delete("A");

        assertThat(table.dataVersion().counter()).isEqualTo(initial.counter() + 3);
        assertThat(table.dataVersion().timestamp()).isEqualTo(CLOCK.millis());
        assertThat(TopicTable.open(configDir).dataVersion()).isEqualTo(table.dataVersion());
    }

    @Test
    void puttingAnUnchangedTopicKeepsTheDataVersion() {
        TopicTable table = TopicTable.open(configDir);
        table.put(TopicConfig.of("A", 1, 1, 6));
        DataVersion before = table.dataVersion();

        table.put(TopicConfig.of("A", 1, 1, 6));

        assertThat(table.dataVersion()).isEqualTo(before);
    }

    @Test
    void publishingAnUnchangedTopicMovesTheDataVersionOnSoNameServersTakeItAgain() {
        TopicTable table = TopicTable.open(configDir);
        table.put(TopicConfig.of("A", 1, 1, 6));
        DataVersion before = table.dataVersion();

        table.publish(TopicConfig.of("A", 1, 1, 6));

        assertThat(table.dataVersion().counter()).isEqualTo(before.counter() + 1);
        assertThat(TopicTable.open(configDir).get("A")).contains(TopicConfig.of("A", 1, 1, 6));
    }

    @Test
    void writesTheFileInRocketMqLayout() throws Exception {
        TopicTable.open(configDir, CLOCK).put(TopicConfig.of("T", 8, 8, 6));

        String json = Files.readString(configDir.resolve("topics.json")).replaceAll("\\s", "");

        assertThat(json).isEqualTo("{\"dataVersion\":{\"counter\":1,\"timestamp\":1700000000000},"
                + "\"topicConfigTable\":{\"T\":{\"order\":false,\"perm\":6,\"readQueueNums\":8,"
                + "\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"T\",\"topicSysFlag\":0,\"writeQueueNums\":8}}}");
    }

    @Test
    void readsAFileWrittenByRocketMqWithExtraProperties() throws Exception {
        Files.writeString(configDir.resolve("topics.json"), "{\"dataVersion\":{\"counter\":7,\"timestamp\":5,"
                + "\"stateVersion\":0},\"topicConfigTable\":{\"T\":{\"attributes\":{},\"order\":false,\"perm\":6,"
                + "\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"T\",\"topicSysFlag\":0,"
                + "\"writeQueueNums\":4}}}");

        TopicTable table = TopicTable.open(configDir);

        assertThat(table.get("T")).contains(TopicConfig.of("T", 4, 4, 6));
        assertThat(table.dataVersion()).isEqualTo(new DataVersion(5, 7));
    }

    @Test
    void createsTheSystemTopicsOnceAndKeepsAnOperatorsChanges() {
        TopicTable table = TopicTable.open(configDir);

        assertThat(table.ensureSystemTopics()).extracting(TopicConfig::topicName)
                .containsExactly("TBW102", "SCHEDULE_TOPIC_XXXX");
        assertThat(table.get("TBW102")).contains(TopicConfig.of("TBW102", 8, 8, 7));
        assertThat(table.get("SCHEDULE_TOPIC_XXXX")).contains(TopicConfig.of("SCHEDULE_TOPIC_XXXX", 18, 18, 6));

        table.put(TopicConfig.of("TBW102", 8, 8, 6));
        DataVersion before = table.dataVersion();
        TopicTable reopened = TopicTable.open(configDir);

        assertThat(reopened.ensureSystemTopics()).isEmpty();
        assertThat(reopened.get("TBW102").orElseThrow().perm()).isEqualTo(6);
        assertThat(reopened.dataVersion()).isEqualTo(before);
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheLastTableIntact() throws Exception {
        TopicTable.open(configDir).put(TopicConfig.of("Kept", 1, 1, 6));
        Files.write(configDir.resolve("topics.json.tmp"), "{\"dataVersion\":{\"coun".getBytes(UTF_8));

        TopicTable reopened = TopicTable.open(configDir);

        assertThat(reopened.all()).extracting(TopicConfig::topicName).containsExactly("Kept");
        reopened.put(TopicConfig.of("Next", 1, 1, 6));
        assertThat(TopicTable.open(configDir).all()).hasSize(2);
    }

    @Test
    void refusesToOpenAnEmptyFileInsteadOfForgettingEveryTopic() throws Exception {
        Files.write(configDir.resolve("topics.json"), new byte[0]);

        assertThatThrownBy(() -> TopicTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("topics.json").hasMessageContaining("empty");
    }

    @Test
    void refusesToOpenATruncatedFileNamingIt() throws Exception {
        TopicTable.open(configDir).put(TopicConfig.of("T", 1, 1, 6));
        byte[] whole = Files.readAllBytes(configDir.resolve("topics.json"));
        Files.write(configDir.resolve("topics.json"), java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> TopicTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining(configDir.resolve("topics.json").toString());
    }

    @Test
    void refusesToOpenAFileHoldingAnInvalidTopicName() throws Exception {
        Files.writeString(configDir.resolve("topics.json"), "{\"dataVersion\":{\"counter\":1,\"timestamp\":1},"
                + "\"topicConfigTable\":{\"a b\":{\"topicName\":\"a b\",\"readQueueNums\":1,\"writeQueueNums\":1,"
                + "\"perm\":6,\"topicSysFlag\":0,\"order\":false}}}");

        assertThatThrownBy(() -> TopicTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("[a b]");
    }

    @Test
    void aFailedWriteLeavesTheTableUnchanged() throws Exception {
        TopicTable table = TopicTable.open(configDir);
        table.put(TopicConfig.of("A", 1, 1, 6));
        DataVersion before = table.dataVersion();
        // a non-empty directory where the file goes makes the rename fail, as a full or failing disk would
        Files.delete(configDir.resolve("topics.json"));
        Files.createDirectories(configDir.resolve("topics.json").resolve("blocker"));

        assertThatThrownBy(() -> table.put(TopicConfig.of("B", 1, 1, 6)))
                .isInstanceOf(MetadataIoException.class)
                .hasMessageContaining("topics.json");
        assertThat(table.get("B")).isEmpty();
        assertThat(table.dataVersion()).isEqualTo(before);
    }
}
