package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two masters serve every destination side by side: whichever of them stored a message, a queue's consumers get it
 * exactly once, competing consumers share them, and durable subscriptions and selectors hold on both. Each test
 * first makes sure that both masters hold some of its messages.
 */
class ClusterDeliveryTest {
    private static final long RECEIVE_MILLIS = 10_000;
    private static final long NO_MESSAGE_MILLIS = 300;
    /** Sends (one producer each, so on a master drawn at random) after which both masters must hold some. */
    private static final int MAX_SENDS = 200;

    @TempDir
    static Path data;
    static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(data, 2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Connection connection(String options) throws JMSException {
        Connection connection = new OspreyConnectionFactory(cluster.url(options)).createConnection();
        connection.start();
        return connection;
    }

    /** Makes {@code destination}'s topic on both masters: opening a consumer creates it on each. */
    private static void createOnBothMasters(Session session, Destination destination, String name)
            throws JMSException {
        session.createConsumer(destination).close();
        cluster.awaitRouteOnEveryMaster(name);
    }

    /**
     * Sends at least {@code count} messages {@code "m<i>"} with property {@code kind} = {@code "keep"} for even i,
     * {@code "skip"} for odd i, a producer each, until both masters hold some; answers the texts sent.
     */
    private static List<String> sendOverBothMasters(Session session, Destination destination, String topic,
                                                    int count) throws JMSException {
        List<String> sent = new ArrayList<>();
        do {
            assertThat(sent).as("sends before both masters held one").hasSizeLessThan(MAX_SENDS);
            for (int i = 0; i < count; i++) {
                MessageProducer producer = session.createProducer(destination);
                TextMessage message = session.createTextMessage("m" + sent.size());
                message.setStringProperty("kind", sent.size() % 2 == 0 ? "keep" : "skip");
                producer.send(message);
                producer.close();
                sent.add(message.getText());
            }
            // the masters index a stored message shortly after answering its send
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.stored(0, topic) + cluster.stored(1, topic)
                    == sent.size());
        } while (cluster.stored(0, topic) == 0 || cluster.stored(1, topic) == 0);
        return sent;
    }

    /** Receives until nothing more comes; fails on a message received twice. */
    private static List<String> drain(MessageConsumer consumer, int expected) throws JMSException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Message message = consumer.receive(RECEIVE_MILLIS);
            assertThat(message).as("message %d of %d", i + 1, expected).isNotNull();
            got.add(((TextMessage) message).getText());
        }
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).as("nothing beyond the messages sent").isNull();
        return got;
    }

    @Test
    void aQueuesMessagesStoredOnEitherMasterReachItsConsumerExactlyOnce() throws Exception {
        String name = unique("cq");
        try (Connection connection = connection("")) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(name);
            createOnBothMasters(session, queue, name);
            List<String> sent = sendOverBothMasters(session, queue, name, 30);

            List<String> received = drain(session.createConsumer(queue), sent.size());

            assertThat(received).containsExactlyInAnyOrderElementsOf(sent).doesNotHaveDuplicates();
            assertThat(cluster.stored(0, name) + cluster.stored(1, name)).isEqualTo(sent.size());
        }
    }

    @Test
    void competingConsumersShareTheMessagesOfBothMasters() throws Exception {
        String name = unique("cshare");
        // prefetch 1: a consumer holds one message per master at most, so the other one always finds some
        try (Connection first = connection("prefetch=1"); Connection second = connection("prefetch=1")) {
            Session firstSession = first.createSession();
            Session secondSession = second.createSession();
            Queue queue = firstSession.createQueue(name);
            createOnBothMasters(firstSession, queue, name);
            MessageConsumer a = firstSession.createConsumer(queue);
            MessageConsumer b = secondSession.createConsumer(queue);
            List<String> sent = sendOverBothMasters(firstSession, queue, name, 40);

            List<String> toA = new ArrayList<>();
            List<String> toB = new ArrayList<>();
            // in turn while more remain than the two buffers can hold (two masters, one each)
            while (toA.size() + toB.size() < sent.size() - 4) {
                boolean aTurn = (toA.size() + toB.size()) % 2 == 0;
                Message message = (aTurn ? a : b).receive(RECEIVE_MILLIS);
                assertThat(message).as("a message for consumer " + (aTurn ? "a" : "b")).isNotNull();
                (aTurn ? toA : toB).add(((TextMessage) message).getText());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (MessageConsumer consumer : List.of(a, b)) {
                    Message message = consumer.receiveNoWait();
                    if (message != null) {
                        (consumer == a ? toA : toB).add(((TextMessage) message).getText());
                    }
                }
                return toA.size() + toB.size() >= sent.size();
            });

            assertThat(toA).as("consumer a's share").hasSizeGreaterThanOrEqualTo(18);
            assertThat(toB).as("consumer b's share").hasSizeGreaterThanOrEqualTo(18);
            List<String> all = new ArrayList<>(toA);
            all.addAll(toB);
            assertThat(all).as("each message to one consumer").containsExactlyInAnyOrderElementsOf(sent)
                    .doesNotHaveDuplicates();
            assertThat(a.receive(NO_MESSAGE_MILLIS)).isNull();
            assertThat(b.receiveNoWait()).isNull();
        }
    }

    @Test
    void aDurableSubscriptionKeepsWhatBothMastersStoredWhileItWasInactive() throws Exception {
        String name = unique("cdur");
        String clientId = unique("cid");
        try (Connection subscriber = connection("clientId=" + clientId); Connection publisher = connection("")) {
            Session subscriberSession = subscriber.createSession();
            Topic topic = subscriberSession.createTopic(name);
            // the subscription is made on both masters, then left without a consumer
            subscriberSession.createDurableConsumer(topic, "sub").close();
            cluster.awaitRouteOnEveryMaster(name);
            List<String> sent = sendOverBothMasters(publisher.createSession(), topic, name, 30);

            List<String> received = drain(subscriberSession.createDurableConsumer(topic, "sub"), sent.size());

            assertThat(received).containsExactlyInAnyOrderElementsOf(sent).doesNotHaveDuplicates();
        }
    }

    @Test
    void aQueueSelectorTakesTheMatchingMessagesOfBothMastersAndLeavesTheRest() throws Exception {
        String name = unique("csel");
        try (Connection connection = connection("")) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(name);
            createOnBothMasters(session, queue, name);
            List<String> sent = sendOverBothMasters(session, queue, name, 40);
            List<String> keep = new ArrayList<>();
            List<String> skip = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                (i % 2 == 0 ? keep : skip).add(sent.get(i));
            }

            List<String> selected = drain(session.createConsumer(queue, "kind = 'keep'"), keep.size());
            List<String> rest = drain(session.createConsumer(queue), skip.size());

            assertThat(selected).containsExactlyInAnyOrderElementsOf(keep).doesNotHaveDuplicates();
            assertThat(rest).as("left for the queue's other consumers").containsExactlyInAnyOrderElementsOf(skip)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aDurableSubscriptionsSelectorHoldsOnBothMasters() throws Exception {
        String name = unique("cdsel");
        String clientId = unique("cid");
        try (Connection subscriber = connection("clientId=" + clientId); Connection publisher = connection("")) {
            Session subscriberSession = subscriber.createSession();
            Topic topic = subscriberSession.createTopic(name);
            subscriberSession.createDurableConsumer(topic, "sub", "kind = 'keep'", false).close();
            cluster.awaitRouteOnEveryMaster(name);
            List<String> sent = sendOverBothMasters(publisher.createSession(), topic, name, 40);
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < sent.size(); i += 2) {
                keep.add(sent.get(i));
            }

            List<String> received = drain(subscriberSession.createDurableConsumer(topic, "sub", "kind = 'keep'",
                    false), keep.size());

            assertThat(received).containsExactlyInAnyOrderElementsOf(keep).doesNotHaveDuplicates();
        }
    }
}
