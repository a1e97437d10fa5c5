package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.DelayOffsetTable;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.topic.SystemTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelaySchedulerTest {
    private static final String TOPIC = "Reminders";

    @TempDir
    Path dir;
    private BrokerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir, BrokerHarness.SHORT_LEVELS);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private long sendDelayed(String body, int level) throws Exception {
        return harness.send(TOPIC, 1, body, Map.of(MessageConst.TAGS, "soon", MessageConst.DELAY_TIME_LEVEL,
                Integer.toString(level), MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "U-" + body));
    }

    private DelayOffsetTable delayOffsets() throws Exception {
        RemotingCommand response = harness.invoke(RequestCode.GET_ALL_DELAY_OFFSET, null, null);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return JsonBodies.decode(response.body(), DelayOffsetTable.class);
    }

    @Test
    void delayedSendArrivesInItsTopicNoEarlierThanItsDelay() throws Exception {
        long sentAt = System.currentTimeMillis();
        sendDelayed("in-two-seconds", 2);

        assertThat(harness.messages(TOPIC, 1)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.messages(TOPIC, 1).size() == 1);

        MessageRecord delivered = harness.messages(TOPIC, 1).get(0);
        MessageRecord parked = harness.messages(SystemTopics.SCHEDULE, 1).get(0);
        assertThat(delivered.storeTimestamp()).isGreaterThanOrEqualTo(parked.storeTimestamp() + 2_000);
        assertThat(delivered.storeTimestamp()).isGreaterThanOrEqualTo(sentAt + 2_000);
        assertThat(new String(delivered.body(), StandardCharsets.UTF_8)).isEqualTo("in-two-seconds");
        assertThat(delivered.flag()).isEqualTo(parked.flag());
        assertThat(delivered.propertiesMap())
                .containsEntry(MessageConst.TAGS, "soon")
                .containsEntry(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "U-in-two-seconds")
                .doesNotContainKeys(MessageConst.DELAY_TIME_LEVEL, MessageConst.REAL_TOPIC,
                        MessageConst.REAL_QUEUE_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> delayOffsets().offsetTable().get(2) == 1L);
        assertThat(delayOffsets().offsetTable()).hasSize(18).containsEntry(1, 0L);
    }

    @Test
    void deliveredMessagesIndexTheirTagAgainSoTagFiltersMatch() throws Exception {
        sendDelayed("tagged", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.messages(TOPIC, 1).size() == 1);

        long tagCode = "soon".hashCode();
        assertThat(harness.broker().store().getMessages(TOPIC, 1, 0, 10, 1 << 20, code -> code == tagCode)
                .messageCount()).isEqualTo(1);
    }

    @Test
    void progressSurvivesARestartAndAMessageDueDuringDowntimeArrivesOnce() throws Exception {
        sendDelayed("before", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.messages(TOPIC, 1).size() == 1);
        sendDelayed("during", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.messages(SystemTopics.SCHEDULE, 0).size() == 2);
        long dueAt = harness.messages(SystemTopics.SCHEDULE, 0).get(1).storeTimestamp() + 1_000;

        harness.restartBroker(() -> await().atMost(Duration.ofSeconds(5))
                .until(() -> System.currentTimeMillis() > dueAt + 200));

        assertThat(Files.exists(dir.resolve("config").resolve(DelayProgress.FILE_NAME))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> delayOffsets().offsetTable().get(1) == 2L);
        List<MessageRecord> delivered = harness.messages(TOPIC, 1);
        assertThat(delivered).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                .containsExactly("before", "during");
    }
}
