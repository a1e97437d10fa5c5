package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.jms.destination.OspreyDestination;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1, 4.1.5 and 4.2.7 (temporary queues and topics), 6.2.2: unique, owned by the connection that created them,
 * which alone consumes from them (the broker refuses anyone else), deleted by {@code delete()} (refused while a
 * consumer is open) or when the connection closes; a send to a deleted one fails with InvalidDestinationException.
 */
class TemporaryDestinationTest {
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

    private static String text(Message message) throws JMSException {
        assertThat(message).isNotNull();
        return ((TextMessage) message).getText();
    }

    @Test
    void theOwnerConsumesWhatAnotherConnectionSends() throws Exception {
        try (Connection owner = started(server); Connection other = started(server)) {
            Session session = owner.createSession();
            TemporaryQueue queue = session.createTemporaryQueue();
            TemporaryQueue second = session.createTemporaryQueue();
            assertThat(queue.getQueueName()).isNotEqualTo(second.getQueueName());
            MessageConsumer consumer = session.createConsumer(queue);

            Session otherSession = other.createSession();
            otherSession.createProducer(queue).send(otherSession.createTextMessage("to the owner"));

            assertThat(text(consumer.receive(10_000))).isEqualTo("to the owner");
        }
    }

    @Test
    void anotherConnectionCannotConsume() throws Exception {
        try (Connection owner = started(server); Connection other = started(server)) {
            TemporaryQueue queue = owner.createSession().createTemporaryQueue();
            TemporaryTopic topic = owner.createSession().createTemporaryTopic();
            Session otherSession = other.createSession();

            assertThatThrownBy(() -> otherSession.createConsumer(queue))
                    .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("another connection");
            // as the broker sees it: the name alone, as a JMSReplyTo carries it
            TemporaryQueue copy = (TemporaryQueue) OspreyDestination.parse(((OspreyDestination) queue).format());
            assertThatThrownBy(() -> otherSession.createConsumer(copy))
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> otherSession.createConsumer(topic))
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(copy::delete).as("only the creator deletes")
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void deleteIsRefusedWhileAConsumerIsOpenThenSendsToItFail() throws Exception {
        try (Connection owner = started(server); Connection other = started(server)) {
            Session session = owner.createSession();
            TemporaryQueue queue = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(queue);
            Session otherSession = other.createSession();
            MessageProducer producer = otherSession.createProducer(queue);
            producer.send(otherSession.createTextMessage("before"));

            assertThatThrownBy(queue::delete).isInstanceOf(JMSException.class).hasMessageContaining("consumer");

            consumer.close();
            queue.delete();
            assertThat(queue.toString()).endsWith("(deleted)");
            assertThatThrownBy(() -> producer.send(otherSession.createTextMessage("after")))
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> session.createConsumer(queue)).isInstanceOf(InvalidDestinationException.class);
        }
    }

    @Test
    void closingTheConnectionDeletesItsTemporaryQueue() throws Exception {
        Connection owner = started(server);
        TemporaryQueue queue = owner.createSession().createTemporaryQueue();
        try (Connection other = started(server)) {
            Session otherSession = other.createSession();
            MessageProducer producer = otherSession.createProducer(queue);
            producer.send(otherSession.createTextMessage("never read"));

            owner.close();

            assertThatThrownBy(() -> otherSession.createConsumer(queue))
                    .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("does not exist");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> producer.send(otherSession.createTextMessage("late")))
                            .isInstanceOf(InvalidDestinationException.class));
            assertThatThrownBy(queue::delete).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aTemporaryTopicFansOutToItsOwnersSubscribers() throws Exception {
        try (Connection owner = started(server); Connection other = started(server)) {
            Session session = owner.createSession();
            TemporaryTopic topic = session.createTemporaryTopic();
            MessageConsumer a = session.createConsumer(topic);
            MessageConsumer b = session.createConsumer(topic);
            Session otherSession = other.createSession();
            otherSession.createProducer(topic).send(otherSession.createTextMessage("news"));

            assertThat(text(a.receive(10_000))).isEqualTo("news");
            assertThat(text(b.receive(10_000))).isEqualTo("news");
            a.close();
            b.close();
            topic.delete();
            assertThatThrownBy(() -> otherSession.createProducer(topic)
                    .send(otherSession.createTextMessage("late"))).isInstanceOf(InvalidDestinationException.class);
        }
    }

    @Test
    void aDurableSubscriptionToATemporaryTopicIsRefused() throws Exception {
        try (Connection owner = factory(server, JmsTestSupport.unique("client")).createConnection()) {
            Session session = owner.createSession();
            TemporaryTopic topic = session.createTemporaryTopic();
            // 4.2.7: a programming error a provider may detect; the broker does
            assertThatThrownBy(() -> session.createDurableConsumer(topic, "d"))
                    .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("durable");
            assertThatThrownBy(() -> session.createSharedDurableConsumer(topic, "sd"))
                    .isInstanceOf(InvalidDestinationException.class);
            session.createSharedConsumer(topic, "shared").close();
        }
    }

    @Test
    void theSimplifiedApiCreatesTemporaryDestinations() throws Exception {
        try (JMSContext owner = factory(server).createContext(); JMSContext other = factory(server).createContext()) {
            TemporaryQueue queue = owner.createTemporaryQueue();
            TemporaryTopic topic = owner.createTemporaryTopic();
            var consumer = owner.createConsumer(queue);
            var subscriber = owner.createConsumer(topic);
            other.createProducer().send(queue, "q");
            other.createProducer().send(topic, "t");
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("q");
            assertThat(subscriber.receiveBody(String.class, 10_000)).isEqualTo("t");
            assertThatThrownBy(() -> other.createConsumer(queue))
                    .isInstanceOf(jakarta.jms.InvalidDestinationRuntimeException.class);
        }
    }
}
