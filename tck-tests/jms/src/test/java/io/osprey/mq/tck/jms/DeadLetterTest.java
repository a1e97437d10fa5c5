package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.DedicatedServer;
import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sections 8.7 "Receiving messages asynchronously" ("the number of times a Jakarta Messaging provider will redeliver
 * the same message before giving up is provider-dependent") and 3.5.11 "JMSXDeliveryCount": how this provider
 * gives up, per the README's "Dead letters". A server of its own, with {@code jmsMaxDeliveries=3} and the
 * dead-letter queue renamed, so that the keys are proven as well as the rule: a message delivered three times that
 * comes back once more (rollback, recover, a listener that throws, a lost connection, also across a restart) is not
 * delivered again but moved, headers and properties kept, to the dead-letter queue, which says where it came from.
 */
class DeadLetterTest extends JmsTck {
    private static final int MAX_DELIVERIES = 3;
    private static final String DEAD_LETTER_QUEUE = "tckDeadLetters";

    private static DedicatedServer server;

    @BeforeAll
    static void startServer() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "tck-server"));
        server = DedicatedServer.start(Files.createTempDirectory(base, "dead-letters-"), Map.of(
                "jmsMaxDeliveries", "" + MAX_DELIVERIES, "jmsDeadLetterQueue", DEAD_LETTER_QUEUE));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Connection open(String factory) throws Exception {
        Connection connection = closing(((ConnectionFactory) server.lookup(factory)).createConnection());
        connection.start();
        return connection;
    }

    private Connection open() throws Exception {
        return open("ConnectionFactory");
    }

    private Queue queue(String name) throws Exception {
        return (Queue) server.lookup("dynamicQueues/" + name);
    }

    /** The dead letter of {@code origin} (a destination address such as {@code queue://orders}), which must come. */
    private Message deadLetterOf(String origin) throws Exception {
        Session session = open().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(queue(DEAD_LETTER_QUEUE),
                "JMS_OSPREY_ORIG_DESTINATION = '" + origin + "'");
        Message deadLetter = expect(consumer);
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).as("a second dead letter of " + origin).isNull();
        return deadLetter;
    }

    private static String text(Message message) throws JMSException {
        return ((TextMessage) message).getText();
    }

    @Test
    void aMessageRolledBackMaxDeliveriesTimesMovesToTheDeadLetterQueue() throws Exception {
        String name = unique("poisoned");
        Queue queue = queue(name);
        Session session = open().createSession(true, Session.SESSION_TRANSACTED);
        TextMessage poison = session.createTextMessage("poison");
        poison.setStringProperty("reason", "cannot be processed");
        poison.setJMSCorrelationID("corr-7");
        MessageProducer producer = session.createProducer(queue);
        producer.send(poison);
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            Message received = expect(consumer);
            assertThat(text(received)).as("delivery " + delivery).isEqualTo("poison");
            assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
            session.rollback();
        }
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).as("the poison is not delivered a fourth time").isNull();
        producer.send(session.createTextMessage("next"));
        session.commit();
        assertThat(text(expect(consumer))).as("the queue goes on").isEqualTo("next");
        session.commit();

        Message deadLetter = deadLetterOf("queue://" + name);
        assertThat(text(deadLetter)).isEqualTo("poison");
        assertThat(deadLetter.getJMSMessageID()).isEqualTo(poison.getJMSMessageID());
        assertThat(deadLetter.getJMSCorrelationID()).isEqualTo("corr-7");
        assertThat(deadLetter.getStringProperty("reason")).isEqualTo("cannot be processed");
        assertThat(deadLetter.getJMSDestination()).isEqualTo(queue(DEAD_LETTER_QUEUE));
        assertThat(deadLetter.getStringProperty("JMS_OSPREY_ORIG_SUBSCRIPTION")).isEqualTo("queue:" + name);
        assertThat(deadLetter.getIntProperty("JMS_OSPREY_DELIVERY_COUNT")).isEqualTo(MAX_DELIVERIES);
    }

    /** 6.2.7 and 6.2.10: a rollback restarts the session's input with its first unacknowledged message. */
    @Test
    void theMessagesBehindAPoisonedOneComeOnlyAfterItIsDeadLettered() throws Exception {
        String name = unique("behind");
        Queue queue = queue(name);
        Session session = open().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("poison"));
        producer.send(session.createTextMessage("next"));
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            assertThat(text(expect(consumer))).as("delivery " + delivery).isEqualTo("poison");
            session.rollback();
        }
        assertThat(text(expect(consumer))).isEqualTo("next");
        session.commit();
        assertThat(text(deadLetterOf("queue://" + name))).isEqualTo("poison");
    }

    @Test
    void aMessageWhoseListenerAlwaysThrowsMovesToTheDeadLetterQueue() throws Exception {
        String name = unique("throwing");
        Queue queue = queue(name);
        Session session = open().createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        CountDownLatch afterPoison = new CountDownLatch(1);
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                if (text(message).equals("after")) {
                    afterPoison.countDown();
                    return;
                }
                deliveries.add(message.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            throw new RuntimeException("this listener cannot process the message");
        });
        Session producing = open().createSession(false, Session.AUTO_ACKNOWLEDGE);
        producing.createProducer(queue).send(producing.createTextMessage("poison"));
        assertThat(text(deadLetterOf("queue://" + name))).isEqualTo("poison");
        producing.createProducer(queue).send(producing.createTextMessage("after"));
        assertThat(afterPoison.await(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(deliveries).containsExactly(1, 2, 3);
    }

    @Test
    void deliveriesToConnectionsThatWereLostCountTowardsTheLimit() throws Exception {
        String name = unique("lost");
        Queue queue = queue(name);
        Session producing = open().createSession(false, Session.AUTO_ACKNOWLEDGE);
        producing.createProducer(queue).send(producing.createTextMessage("unlucky"));
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            Connection connection = ((ConnectionFactory) server.lookup("ConnectionFactory")).createConnection();
            connection.start();
            Message received = expect(connection.createSession(false, Session.CLIENT_ACKNOWLEDGE)
                    .createConsumer(queue));
            assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
            connection.close();
        }
        assertThat(open().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue)
                .receive(NO_MESSAGE_MILLIS)).isNull();
        assertThat(deadLetterOf("queue://" + name).getIntProperty("JMS_OSPREY_DELIVERY_COUNT"))
                .isEqualTo(MAX_DELIVERIES);
    }

    @Test
    void aDurableSubscriptionsMessageRecoveredMaxDeliveriesTimesMovesToTheDeadLetterQueue() throws Exception {
        String topicName = unique("durableTopic");
        String subscription = unique("sub");
        Topic topic = (Topic) server.lookup("dynamicTopics/" + topicName);
        Session session = open("DURABLE_SUB_CONNECTION_FACTORY").createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createDurableConsumer(topic, subscription);
        session.createProducer(topic).send(session.createTextMessage("published"));
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            assertThat(expect(consumer).getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
            session.recover();
        }
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        consumer.close();
        session.unsubscribe(subscription);
        Message deadLetter = deadLetterOf("topic://" + topicName);
        assertThat(text(deadLetter)).isEqualTo("published");
        assertThat(deadLetter.getStringProperty("JMS_OSPREY_ORIG_SUBSCRIPTION"))
                .isEqualTo("sub:cts:" + subscription);
    }

    @Test
    void theDeadLetterQueueItselfRedeliversWithoutLimit() throws Exception {
        String name = unique("deadTwice");
        Queue queue = queue(name);
        Session session = open().createSession(true, Session.SESSION_TRANSACTED);
        session.createProducer(queue).send(session.createTextMessage("poison"));
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
            expect(consumer);
            session.rollback();
        }
        MessageConsumer deadLetters = session.createConsumer(queue(DEAD_LETTER_QUEUE),
                "JMS_OSPREY_ORIG_DESTINATION = 'queue://" + name + "'");
        for (int delivery = 1; delivery <= MAX_DELIVERIES + 2; delivery++) {
            Message deadLetter = expect(deadLetters);
            assertThat(deadLetter.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
            session.rollback();
        }
        assertThat(text(expect(deadLetters))).isEqualTo("poison");
        session.commit();
    }

    /** The README: the count is kept across restarts, so a crash cannot give a poison message a fresh start. */
    @Test
    void theDeliveryCountOutlivesAKilledServer() throws Exception {
        String name = unique("crash");
        Session session = open().createSession(true, Session.SESSION_TRANSACTED);
        session.createProducer(queue(name)).send(session.createTextMessage("poison"));
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue(name));
        for (int delivery = 1; delivery < MAX_DELIVERIES; delivery++) {
            expect(consumer);
            session.rollback();
        }
        closeOpened();
        server.killAndRestart();
        Session after = open().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer again = after.createConsumer(queue(name));
        Message last = expect(again);
        assertThat(last.getIntProperty("JMSXDeliveryCount")).isEqualTo(MAX_DELIVERIES);
        after.rollback();
        assertThat(again.receive(NO_MESSAGE_MILLIS)).isNull();
        assertThat(text(deadLetterOf("queue://" + name))).isEqualTo("poison");
    }
}
