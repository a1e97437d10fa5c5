package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 section 6.2.10 "Message acknowledgment" (recover) with the javadoc of
 * {@code Session.recover}, 3.4.7 "JMSRedelivered", 3.5.11 "JMSXDeliveryCount" and 8.7 "Receiving messages
 * asynchronously" (a listener throwing under automatic acknowledgement): recover restarts delivery from the oldest unacknowledged message, marked
 * redelivered with its count raised, ahead of what was fetched but not yet handed out.
 */
class RecoverTest {
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

    private static Queue queueWith(Connection connection, int count) throws JMSException {
        try (Session session = connection.createSession()) {
            Queue queue = session.createQueue(unique("recover"));
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            return queue;
        }
    }

    private static String text(Message message) throws JMSException {
        assertThat(message).as("a message arrived").isNotNull();
        return ((TextMessage) message).getText();
    }

    @Test
    void recoverRestartsFromTheOldestUnacknowledgedMessageMarkedRedelivered() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection, 4);
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            Message m0 = consumer.receive(10_000);
            assertThat(text(m0)).isEqualTo("m0");
            m0.acknowledge();
            assertThat(text(consumer.receive(10_000))).isEqualTo("m1");
            assertThat(text(consumer.receive(10_000))).isEqualTo("m2");

            session.recover();

            List<String> again = new ArrayList<>();
            List<Boolean> redelivered = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message m = consumer.receive(10_000);
                again.add(text(m));
                redelivered.add(m.getJMSRedelivered());
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
            }
            assertThat(again).as("from the oldest unacknowledged, then the rest").containsExactly("m1", "m2", "m3");
            assertThat(redelivered).containsExactly(true, true, false);
            assertThat(counts).containsExactly(2, 2, 1);
            session.recover();
            Message third = consumer.receive(10_000);
            assertThat(text(third)).isEqualTo("m1");
            assertThat(third.getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
            third.acknowledge();
        }
    }

    @Test
    void recoverFromAListenerRedeliversTheCurrentMessageToo() throws Exception {
        Queue queue;
        try (Connection connection = started(server)) {
            queue = queueWith(connection, 2);
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(3);
            session.createConsumer(queue).setMessageListener(message -> {
                try {
                    String text = ((TextMessage) message).getText() + (message.getJMSRedelivered() ? "+" : "");
                    seen.add(text);
                    if (text.equals("m0")) {
                        session.recover();
                    }
                    done.countDown();
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly("m0", "m0+", "m1");
            session.close();
        }
        try (Connection after = started(server)) {
            assertThat(after.createSession().createConsumer(queue).receive(300))
                    .as("acknowledged once their listener returned").isNull();
        }
    }

    @Test
    void aListenerThatThrowsUnderAutoAcknowledgeGetsTheMessageAgainRedelivered() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection, 1);
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            List<Integer> counts = new CopyOnWriteArrayList<>();
            CountDownLatch twice = new CountDownLatch(2);
            session.createConsumer(queue).setMessageListener(message -> {
                try {
                    counts.add(message.getIntProperty("JMSXDeliveryCount"));
                    twice.countDown();
                    if (!message.getJMSRedelivered()) {
                        throw new IllegalStateException("a listener failing on purpose");
                    }
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(counts).containsExactly(1, 2);
        }
    }
}
