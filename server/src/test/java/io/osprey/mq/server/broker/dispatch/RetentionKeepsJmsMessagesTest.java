package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.server.broker.TestBroker.physicalOffset;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.server.broker.TestBroker;
import io.osprey.mq.server.common.MovableClock;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.security.LogCapture;
import io.osprey.mq.server.store.MessageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Retention on a broker serving JMS (DESIGN.md, "How the broker keeps JMS state"): expired CommitLog segments go,
 * except from the segment of the oldest message a JMS subscription has not acknowledged — delivered and not
 * acknowledged, returned, or a durable subscription's backlog — so that JMS never loses a message to retention's age
 * limit. Small segments (64 KiB, about 30 messages of filler each) and a clock the test moves make retention's
 * choices exact; {@link MessageStore#retainExpired()} runs a round.
 */
class RetentionKeepsJmsMessagesTest {
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final String FILLER = "x".repeat(2_000);

    @TempDir
    Path dataDir;
    private final MovableClock clock = new MovableClock(Instant.now());

    private StoreConfig storeConfig() {
        // one hour of retention, checked by the test only (the scheduled round would run once an hour)
        return new StoreConfig(dataDir, SEGMENT_BYTES, 1_000, FlushDiskType.ASYNC_FLUSH, 500, 5_000, 1, 95,
                3_600_000, 256 * 1024, 32);
    }

    /** About three segments of a topic no JMS subscription reads: retention's to delete. */
    private static void fill(TestBroker broker) throws Exception {
        for (int i = 0; i < 100; i++) {
            broker.send("Filler", 0, FILLER);
        }
    }

    private static long segmentOf(long physicalOffset) {
        return physicalOffset - physicalOffset % SEGMENT_BYTES;
    }

    @Test
    void unacknowledgedAndBackloggedMessagesOutliveRetentionAndARestartWithTheirDeliveryCounts() throws Exception {
        long q1;
        long q2;
        long n1;
        long n2;
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire queue = JmsWire.connected(addressOf(broker), "queue-before");
             JmsWire subscriber = JmsWire.connected(addressOf(broker), "subscriber-before", "client")) {
            MessageStore store = broker.broker().store();
            broker.createTopic("Filler", 1);
            broker.createTopic("Orders", 1);
            broker.createTopic("News", 1);
            fill(broker);
            queue.openQueue(1, "Orders");
            q1 = physicalOffset(queue.send("Orders", 0, "q1"));
            Received first = queue.fetchExactly(1, 1).get(0);
            fill(broker);
            q2 = physicalOffset(queue.send("Orders", 0, "q2"));
            subscriber.open(1, "News", DURABLE, "d");
            n1 = physicalOffset(subscriber.send("News", 0, "n1"));
            subscriber.giveBack(subscriber.fetchExactly(1, 1), true);
            subscriber.closeConsumer(1, List.of());
            n2 = physicalOffset(subscriber.send("News", 0, "n2"));
            fill(broker);
            broker.awaitDispatched("Filler", 0, 300);
            clock.advance(Duration.ofHours(2));

            assertThat(store.retainExpired()).as("the filler before q1 goes").isPositive();
            assertThat(store.commitLogMinOffset()).as("kept from the segment of q1, delivered and not acknowledged")
                    .isEqualTo(segmentOf(q1));
            assertThat(store.readMessage(q1)).isPresent();

            queue.ack(List.of(first));
            assertThat(store.retainExpired()).as("acknowledged, q1 and the filler after it go").isPositive();
            assertThat(store.commitLogMinOffset()).as("kept from the segment of q2, the queue's backlog")
                    .isEqualTo(segmentOf(q2));
            assertThat(segmentOf(q2)).isGreaterThan(q1);
            assertThat(store.readMessage(q2)).isPresent();
            assertThat(store.readMessage(n1)).isPresent();
            assertThat(store.readMessage(n2)).isPresent();

            queue.fetchExactly(1, 1); // q2 delivered, and not acknowledged when the broker stops
        }

        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire queue = JmsWire.connected(addressOf(broker), "queue-after");
             JmsWire subscriber = JmsWire.connected(addressOf(broker), "subscriber-after", "client")) {
            MessageStore store = broker.broker().store();
            assertThat(store.retainExpired()).as("the restored state still holds q2").isZero();
            assertThat(store.commitLogMinOffset()).isEqualTo(segmentOf(q2));

            queue.openQueue(1, "Orders");
            List<Received> orders = queue.fetchExactly(1, 1);
            assertThat(orders).extracting(r -> r.body() + "=" + r.deliveryCount()).containsExactly("q2=2");
            subscriber.open(1, "News", DURABLE, "d");
            List<Received> news = subscriber.fetchExactly(1, 2);
            assertThat(news).extracting(r -> r.body() + "=" + r.deliveryCount())
                    .containsExactlyInAnyOrder("n1=2", "n2=1");

            queue.ack(orders);
            subscriber.ack(news);
            assertThat(store.retainExpired()).as("everything acknowledged: all but the active segment go")
                    .isPositive();
            assertThat(store.commitLogMinOffset()).isGreaterThan(n2);
        }
    }

    @Test
    void anInactiveDurableSubscriptionsExpiredBacklogDoesNotHoldTheLog() throws Exception {
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire subscriber = JmsWire.connected(addressOf(broker), "subscriber", "client")) {
            MessageStore store = broker.broker().store();
            broker.createTopic("Filler", 1);
            broker.createTopic("News", 1);
            subscriber.open(1, "News", DURABLE, "d");
            subscriber.closeConsumer(1, List.of());
            fill(broker);
            long expiring = physicalOffset(subscriber.send("News", 0, "stale", Map.of(JmsHeaders.JMS_EXPIRATION,
                    Long.toString(clock.millis() + Duration.ofMinutes(30).toMillis()))));
            fill(broker);
            long lasting = physicalOffset(subscriber.send("News", 0, "lasting"));
            fill(broker);
            broker.awaitDispatched("Filler", 0, 300);
            clock.advance(Duration.ofHours(2));

            assertThat(store.retainExpired()).isPositive();
            assertThat(store.commitLogMinOffset()).as("the expired message goes, the one after it stays")
                    .isGreaterThan(expiring).isEqualTo(segmentOf(lasting));

            subscriber.open(1, "News", DURABLE, "d");
            assertThat(JmsWire.bodies(subscriber.fetchExactly(1, 1))).containsExactly("lasting");
        }
    }

    @Test
    void aMessageTheSelectorRefusesGoesAndAPrivateSubscribersUnacknowledgedOneStays() throws Exception {
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire durable = JmsWire.connected(addressOf(broker), "durable", "client");
             JmsWire subscriber = JmsWire.connected(addressOf(broker), "private")) {
            MessageStore store = broker.broker().store();
            broker.createTopic("Filler", 1);
            broker.createTopic("Paint", 1);
            JmsWire.succeeded(durable.openConsumer(1, "Paint", DURABLE, "reds", "color = 'red'", false));
            durable.closeConsumer(1, List.of());
            fill(broker);
            long blue = physicalOffset(durable.send("Paint", 0, "blue", Map.of("color", "blue")));
            fill(broker);
            subscriber.open(1, "Paint", SubscriptionType.PRIVATE, null);
            long green = physicalOffset(durable.send("Paint", 0, "green", Map.of("color", "green")));
            subscriber.fetchExactly(1, 1); // delivered to the private subscriber, not acknowledged
            fill(broker);
            durable.send("Paint", 0, "red", Map.of("color", "red"));
            fill(broker);
            broker.awaitDispatched("Filler", 0, 400);
            clock.advance(Duration.ofHours(2));

            assertThat(store.retainExpired()).isPositive();
            assertThat(store.commitLogMinOffset()).as("blue is for no one; green waits for the private subscriber")
                    .isGreaterThan(blue).isEqualTo(segmentOf(green));
        }
    }

    @Test
    void aQueueDeletedAndCreatedAgainKeepsItsNewMessagesForItsConsumers() throws Exception {
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire queue = JmsWire.connected(addressOf(broker), "queue")) {
            MessageStore store = broker.broker().store();
            broker.createTopic("Filler", 1);
            broker.createTopic("Reborn", 1);
            queue.openQueue(1, "Reborn");
            for (int i = 0; i < 5; i++) {
                queue.send("Reborn", 0, "old" + i);
            }
            queue.ack(queue.fetchExactly(1, 5));
            queue.closeConsumer(1, List.of());
            assertThat(queue.invoke(RequestCode.DELETE_TOPIC_IN_BROKER, Map.of("topic", "Reborn"), null).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            broker.createTopic("Reborn", 1);
            fill(broker);
            long reborn = physicalOffset(queue.send("Reborn", 0, "new"));
            fill(broker);
            broker.awaitDispatched("Filler", 0, 200);
            clock.advance(Duration.ofHours(2));

            assertThat(store.retainExpired()).isPositive();
            assertThat(store.commitLogMinOffset()).as("the queue's floor (5) is past the new queue's end (1)")
                    .isEqualTo(segmentOf(reborn));

            queue.openQueue(2, "Reborn");
            assertThat(JmsWire.bodies(queue.fetchExactly(2, 1))).containsExactly("new");
        }
    }

    @Test
    void aDelayedMessageNotYetDueIsKept() throws Exception {
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire queue = JmsWire.connected(addressOf(broker), "queue")) {
            MessageStore store = broker.broker().store();
            broker.createTopic("Filler", 1);
            broker.createTopic("Later", 1);
            fill(broker);
            queue.openQueue(1, "Later");
            long delayed = physicalOffset(queue.send("Later", 0, "later", Map.of(JmsHeaders.JMS_DELIVERY_TIME,
                    Long.toString(clock.millis() + Duration.ofHours(3).toMillis()))));
            assertThat(queue.fetch(1, 1, 0)).as("held until its delivery time").isEmpty();
            fill(broker);
            broker.awaitDispatched("Filler", 0, 200);
            clock.advance(Duration.ofHours(2));

            assertThat(store.retainExpired()).as("the filler before it goes").isPositive();
            assertThat(store.commitLogMinOffset()).isEqualTo(segmentOf(delayed));
            assertThat(store.readMessage(delayed)).isPresent();
        }
    }

    @Test
    void retentionNeverDeletesTheDispatchRecordsARestartWouldReplay() throws Exception {
        try (TestBroker broker = new TestBroker(storeConfig(), clock)) {
            MessageStore store = broker.broker().store();
            Path snapshot = dataDir.resolve("config").resolve(Dispatcher.SNAPSHOT_FILE);
            broker.createTopic("Filler", 1);
            fill(broker);
            broker.awaitDispatched("Filler", 0, 100);
            clock.advance(Duration.ofHours(2));
            assertThat(snapshot).as("none yet: a restart now would replay the log from its start").doesNotExist();

            assertThat(store.retainExpired()).isPositive();

            // even with no JMS subscription: one created next journals itself after the snapshot's offset, and a
            // start after a crash replays from there, which must still be there
            assertThat(DispatchSnapshot.read(snapshot)).as("written by the round before it deleted").isPresent()
                    .get().extracting(DispatchSnapshot.Content::coversUpTo).asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.LONG)
                    .isGreaterThanOrEqualTo(store.commitLogMinOffset());
        }
    }

    @Test
    void aKeptExpiredSegmentNamesTheSubscriptionHoldingIt() throws Exception {
        Logger retention = (Logger) LoggerFactory.getLogger("io.osprey.mq.server.store.Retention");
        Level before = retention.getLevel();
        try (TestBroker broker = new TestBroker(storeConfig(), clock);
             JmsWire queue = JmsWire.connected(addressOf(broker), "queue");
             LogCapture logs = LogCapture.start()) {
            retention.setLevel(Level.DEBUG);
            broker.createTopic("Orders", 1);
            queue.openQueue(1, "Orders");
            queue.send("Orders", 0, "held");
            queue.fetchExactly(1, 1);
            for (int i = 0; i < 100; i++) {
                broker.send("Orders", 0, FILLER);
            }
            broker.awaitDispatched("Orders", 0, 101);
            clock.advance(Duration.ofHours(2));

            assertThat(broker.broker().store().retainExpired()).isZero();
            assertThat(logs.texts()).filteredOn(text -> text.startsWith("Retention: keeping expired"))
                    .singleElement().asString()
                    .contains("'jms-dispatch'", "subscription queue:Orders", "queue 0 offset 0",
                            "delivered to connection queue", "not acknowledged");
        } finally {
            retention.setLevel(before);
        }
    }

    private static String addressOf(TestBroker broker) {
        return broker.broker().address();
    }
}
