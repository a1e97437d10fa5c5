package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.send.DelayLevels;
import io.osprey.mq.server.broker.topic.Perm;
import io.osprey.mq.server.broker.topic.SystemTopics;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.metadata.TopicTable;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import io.osprey.mq.server.store.TagFilter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler over a real store and topic table, without the network. */
class DelaySchedulerStoreTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    @TempDir
    Path dir;
    private MessageStore store;
    private TopicRegistry topics;
    private DelayScheduler scheduler;

    @BeforeEach
    void open() throws Exception {
        store = MessageStore.open(StoreConfig.defaults(dir).withCommitLogSegmentBytes(1 << 20), HOST);
        TopicTable table = TopicTable.open(dir.resolve("config"));
        table.ensureSystemTopics();
        topics = new TopicRegistry(table, true, 4, () -> { });
        topics.createOrUpdate(TopicConfig.of("Alive", 2, 2, Perm.READ_WRITE));
        scheduler = new DelayScheduler(store, topics, DelayLevels.parse("1s 1s"), dir.resolve("config"),
                Clock.systemUTC(), 60_000);
        store.addArrivalListener(scheduler::onArrival);
        store.start();
        scheduler.start();
    }

    @AfterEach
    void close() {
        scheduler.close();
        store.close();
    }

    private void park(String realTopic, String body) throws Exception {
        Map<String, String> properties = Map.of(MessageConst.DELAY_TIME_LEVEL, "1", MessageConst.REAL_TOPIC,
                realTopic, MessageConst.REAL_QUEUE_ID, "1");
        store.append(new MessageToStore(SystemTopics.SCHEDULE, 0, 0, body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(properties), System.currentTimeMillis() + 1_000, 0,
                System.currentTimeMillis(), HOST, 0, 0L)).get(5, TimeUnit.SECONDS);
    }

    private List<MessageRecord> messages(String topic, int queueId) {
        GetMessagesResult result = store.getMessages(topic, queueId, 0, 100, 1 << 20, TagFilter.ALL);
        return result.messageCount() == 0 ? List.of() : result.decodeRecords();
    }

    @Test
    void messageForAMissingTopicIsSkippedAndLaterOnesStillArrive() throws Exception {
        park("Gone", "lost-cause");
        park("Alive", "fine");

        await().atMost(Duration.ofSeconds(10)).until(() -> messages("Alive", 1).size() == 1);

        assertThat(messages("Gone", 1)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.offsets().offsetTable().get(1) == 2L);
    }

    @Test
    void closePersistsTheOffsetsForTheNextScheduler() throws Exception {
        park("Alive", "one");
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.offsets().offsetTable().get(1) == 1L);

        scheduler.close();

        DelayProgress reloaded = DelayProgress.open(dir.resolve("config"), 2);
        assertThat(reloaded.offset(1)).isEqualTo(1);
        assertThat(reloaded.offset(2)).isZero();
    }
}
