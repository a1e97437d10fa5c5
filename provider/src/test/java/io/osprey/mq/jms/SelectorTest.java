package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
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
 * Jakarta Messaging 3.1 section 3.8 "Message selection": a bad selector fails consumer creation with
 * InvalidSelectorException (3.8.1.1 "Message selector syntax"), checked by the client before the broker sees it; a queue consumer's selector
 * leaves the messages it does not select for the queue's other consumers; a topic subscription gets only what its
 * selector selects, on properties and headers.
 */
class SelectorTest {
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

    private static List<String> drain(MessageConsumer consumer, int expected) throws JMSException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Message message = consumer.receive(10_000);
            assertThat(message).as("message " + i + " of " + expected).isNotNull();
            got.add(((TextMessage) message).getText());
        }
        return got;
    }

    @Test
    void anInvalidSelectorFailsConsumerCreation() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("badsel"));
            Topic topic = session.createTopic(unique("badsel"));
            assertThatThrownBy(() -> session.createConsumer(queue, "color = "))
                    .isInstanceOf(InvalidSelectorException.class);
            assertThatThrownBy(() -> session.createConsumer(topic, "weight > 'heavy' AND"))
                    .isInstanceOf(InvalidSelectorException.class);
            assertThatThrownBy(() -> session.createSharedConsumer(topic, "s", "NOT"))
                    .isInstanceOf(InvalidSelectorException.class);
            assertThatThrownBy(() -> session.createBrowser(queue, "a LIKE 5"))
                    .isInstanceOf(InvalidSelectorException.class);
            // a blank selector is no selector (3.8.1.1)
            MessageConsumer all = session.createConsumer(queue, "  ");
            assertThat(all.getMessageSelector()).isNull();
        }
    }

    @Test
    void aQueueSelectorLeavesOtherMessagesForOtherConsumers() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("selq"));
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 6; i++) {
                TextMessage message = session.createTextMessage((i % 2 == 0 ? "red" : "blue") + i);
                message.setStringProperty("color", i % 2 == 0 ? "red" : "blue");
                message.setIntProperty("n", i);
                producer.send(message);
            }
            MessageConsumer reds = session.createConsumer(queue, "color = 'red' AND n >= 2");
            assertThat(reds.getMessageSelector()).isEqualTo("color = 'red' AND n >= 2");
            assertThat(drain(reds, 2)).containsExactly("red2", "red4");
            assertThat(reds.receive(200)).isNull();
            MessageConsumer rest = connection.createSession().createConsumer(queue);
            assertThat(drain(rest, 4)).containsExactlyInAnyOrder("red0", "blue1", "blue3", "blue5");
        }
    }

    @Test
    void aTopicSubscriptionGetsWhatItsSelectorSelectsOnHeadersAndProperties() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Topic topic = session.createTopic(unique("selt"));
            MessageConsumer urgent = session.createConsumer(topic, "JMSPriority > 6 OR kind IN ('alarm')");
            MessageConsumer typed = session.createConsumer(topic, "JMSType = 'car' AND weight BETWEEN 1000 AND 2000");
            MessageProducer producer = session.createProducer(topic);
            TextMessage plain = session.createTextMessage("plain");
            producer.send(plain);
            producer.send(session.createTextMessage("high"), jakarta.jms.DeliveryMode.PERSISTENT, 8, 0);
            TextMessage alarm = session.createTextMessage("alarm");
            alarm.setStringProperty("kind", "alarm");
            producer.send(alarm);
            TextMessage car = session.createTextMessage("car");
            car.setJMSType("car");
            car.setLongProperty("weight", 1500);
            producer.send(car);
            assertThat(drain(urgent, 2)).containsExactlyInAnyOrder("high", "alarm");
            assertThat(drain(typed, 1)).containsExactly("car");
            assertThat(urgent.receive(200)).isNull();
            assertThat(typed.receive(200)).isNull();
        }
    }
}
