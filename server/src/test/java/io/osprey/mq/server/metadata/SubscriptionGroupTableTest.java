package io.osprey.mq.server.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionGroupTableTest {
    @TempDir
    Path configDir;

    @Test
    void createsAGroupWithRocketMqDefaultsOnFirstUseAndPersistsIt() {
        SubscriptionGroupTable table = SubscriptionGroupTable.open(configDir);

        SubscriptionGroupConfig created = table.getOrCreate("orders-consumers");

        assertThat(created).isEqualTo(new SubscriptionGroupConfig("orders-consumers", true, true, 1, 16, 0, 1, false));
        assertThat(SubscriptionGroupTable.open(configDir).get("orders-consumers")).contains(created);
    }

    @Test
    void aNewGroupTakesTheBrokersConfiguredRetryCount() {
        SubscriptionGroupTable table = SubscriptionGroupTable.open(configDir, Clock.systemUTC(), 3);

        assertThat(table.getOrCreate("few-retries").retryMaxTimes()).isEqualTo(3);
        assertThat(SubscriptionGroupTable.open(configDir).get("few-retries").orElseThrow().retryMaxTimes())
                .isEqualTo(3);
    }

    @Test
    void getOrCreateReturnsTheStoredGroupWithoutChangingIt() {
        SubscriptionGroupTable table = SubscriptionGroupTable.open(configDir);
        SubscriptionGroupConfig orderly = new SubscriptionGroupConfig("g", true, false, 2, 3, 0, 1, true);
        table.put(orderly);
        long counter = table.dataVersion().counter();

        assertThat(table.getOrCreate("g")).isEqualTo(orderly);
        assertThat(table.dataVersion().counter()).isEqualTo(counter);
    }

    @Test
    void putAndDeleteSurviveReopen() {
        SubscriptionGroupTable table = SubscriptionGroupTable.open(configDir);
        table.getOrCreate("a");
        table.getOrCreate("b");
        table.put(new SubscriptionGroupConfig("a", false, true, 1, 16, 0, 1, false));

        assertThat(table.delete("b")).isTrue();
        assertThat(table.delete("b")).isFalse();

        SubscriptionGroupTable reopened = SubscriptionGroupTable.open(configDir);
        assertThat(reopened.all()).extracting(SubscriptionGroupConfig::groupName).containsExactly("a");
        assertThat(reopened.get("a").orElseThrow().consumeEnable()).isFalse();
        assertThat(reopened.dataVersion()).isEqualTo(table.dataVersion());
    }

    @Test
    void writesTheFileInRocketMqLayout() throws Exception {
        SubscriptionGroupTable.open(configDir).getOrCreate("g");

        String json = Files.readString(configDir.resolve("subscriptionGroup.json")).replaceAll("\\s", "");

        assertThat(json).startsWith("{\"dataVersion\":{\"counter\":1,").contains("\"subscriptionGroupTable\":{\"g\":{"
                + "\"brokerId\":0,\"consumeBroadcastEnable\":true,\"consumeEnable\":true,"
                + "\"consumeMessageOrderly\":false,\"groupName\":\"g\",\"retryMaxTimes\":16,\"retryQueueNums\":1,"
                + "\"whichBrokerWhenConsumeSlowly\":1}}");
    }

    @Test
    void rejectsGroupNamesRocketMqRejects() {
        SubscriptionGroupTable table = SubscriptionGroupTable.open(configDir);

        assertThatThrownBy(() -> table.getOrCreate("bad group")).isInstanceOf(InvalidGroupNameException.class)
                .hasMessageContaining("[bad group]");
        assertThatThrownBy(() -> table.getOrCreate("g".repeat(256))).isInstanceOf(InvalidGroupNameException.class);
        assertThat(table.all()).isEmpty();
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheLastGroupsIntact() throws Exception {
        SubscriptionGroupTable.open(configDir).getOrCreate("kept");
        Files.writeString(configDir.resolve("subscriptionGroup.json.tmp"), "{\"dataVer");

        assertThat(SubscriptionGroupTable.open(configDir).get("kept")).isPresent();
    }

    @Test
    void refusesToOpenACorruptFile() throws Exception {
        Files.writeString(configDir.resolve("subscriptionGroup.json"), "not json");

        assertThatThrownBy(() -> SubscriptionGroupTable.open(configDir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("subscriptionGroup.json");
    }
}
