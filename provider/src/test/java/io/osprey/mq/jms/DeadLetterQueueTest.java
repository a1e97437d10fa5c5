package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters through the JMS API, with the broker's defaults ({@code jmsMaxDeliveries=10}, queue {@code DLQ}): a
 * consumer that never gets past a message sees it ten times, {@code JMSXDeliveryCount} 1 to 10 (Jakarta Messaging
 * 3.1 section 3.5.11), then never again; an ordinary consumer of {@code DLQ} reads it, body and properties kept,
 * with the properties naming its origin. The tests share the DLQ, so each reads it with a selector on its origin.
 */
class DeadLetterQueueTest {
    private static final int MAX_DELIVERIES = 10;

    @TempDir
    static Path data;
    static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aConsumerThatAlwaysRecoversSeesTheMessageTenTimesThenItIsInTheDeadLetterQueue() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("orders"));
            TextMessage sent = session.createTextMessage("poison");
            sent.setIntProperty("orderId", 7);
            session.createProducer(queue).send(sent);

            MessageConsumer consumer = session.createConsumer(queue);
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < MAX_DELIVERIES; i++) {
                Message m = consumer.receive(10_000);
                assertThat(m).as("delivery %d", i + 1).isNotNull();
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
                session.recover();
            }
            assertThat(counts).isEqualTo(oneTo(MAX_DELIVERIES));
            assertThat(consumer.receive(500)).as("no eleventh delivery").isNull();

            Message dead = readDeadLetter(connection, "queue://" + queue.getQueueName());
            assertThat(((TextMessage) dead).getText()).isEqualTo("poison");
            assertThat(dead.getIntProperty("orderId")).isEqualTo(7);
            assertThat(dead.getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
            assertThat(dead.getStringProperty("JMS_OSPREY_ORIG_SUBSCRIPTION")).isEqualTo("queue:" + queue.getQueueName());
            assertThat(dead.getIntProperty("JMS_OSPREY_DELIVERY_COUNT")).isEqualTo(MAX_DELIVERIES);
            assertThat(((Queue) dead.getJMSDestination()).getQueueName()).isEqualTo("DLQ");
        }
    }

    @Test
    void aDurableSubscriberThatAlwaysRollsBackSendsTheMessageToTheDeadLetterQueue() throws Exception {
        String clientId = unique("client");
        try (Connection connection = factory(server, clientId).createConnection()) {
            connection.start();
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            Topic topic = session.createTopic(unique("prices"));
            MessageConsumer subscriber = session.createDurableConsumer(topic, "audit");
            session.createProducer(topic).send(session.createTextMessage("tick"));
            session.commit();

            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < MAX_DELIVERIES; i++) {
                Message m = subscriber.receive(10_000);
                assertThat(m).as("delivery %d", i + 1).isNotNull();
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
                session.rollback();
            }
            assertThat(counts).isEqualTo(oneTo(MAX_DELIVERIES));
            assertThat(subscriber.receive(500)).as("no eleventh delivery").isNull();

            Message dead = readDeadLetter(connection, "topic://" + topic.getTopicName());
            assertThat(((TextMessage) dead).getText()).isEqualTo("tick");
            assertThat(dead.getStringProperty("JMS_OSPREY_ORIG_SUBSCRIPTION")).isEqualTo("sub:" + clientId + ":audit");
            subscriber.close();
            session.unsubscribe("audit");
        }
    }

    /** The one message of the DLQ from {@code origin}, acknowledged. */
    private static Message readDeadLetter(Connection connection, String origin) throws Exception {
        try (Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer reader = session.createConsumer(session.createQueue("DLQ"),
                    "JMS_OSPREY_ORIG_DESTINATION = '" + origin + "'");
            Message dead = reader.receive(10_000);
            assertThat(dead).as("in the dead-letter queue").isNotNull();
            assertThat(dead.getStringProperty("JMS_OSPREY_ORIG_DESTINATION")).isEqualTo(origin);
            assertThat(reader.receive(300)).as("moved once").isNull();
            return dead;
        }
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }
}
