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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 6.2.10 (recover) and 6.2.8 (rollback) while later messages are still arriving: the consumer is open and
 * fetching before "a" and "b" are sent, so when the application recovers or rolls back after "a", "b" may be
 * buffered, on the wire in a fetch's answer, or not yet sent. In every case the session restarts with "a",
 * redelivered, and then "b" comes exactly once, not redelivered.
 */
class RedeliveryOrderTest {
    private static final long RECEIVE_MILLIS = 10_000;
    private static final int REPETITIONS = 20;

    @TempDir
    static Path data;
    static EmbeddedServer server;
    static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
        connection = started(server);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    private static void sendAB(Queue queue) throws JMSException {
        try (Session session = connection.createSession()) {
            MessageProducer producer = session.createProducer(queue);
            producer.send(session.createTextMessage("a"));
            producer.send(session.createTextMessage("b"));
        }
    }

    /** The text, with "*" when redelivered and the delivery count when above 1: "a*2". */
    private static String seen(Message message) throws JMSException {
        assertThat(message).as("a message arrived").isNotNull();
        int count = message.getIntProperty("JMSXDeliveryCount");
        return ((TextMessage) message).getText() + (message.getJMSRedelivered() ? "*" : "") + (count > 1 ? count : "");
    }

    /** recover or rollback. */
    private interface Restart {
        void restart(Session session) throws JMSException;
    }

    /** acknowledge or commit. */
    private interface Settle {
        void settle(Session session, Message last) throws JMSException;
    }

    private static final Settle ACKNOWLEDGE = (session, last) -> last.acknowledge();
    private static final Settle COMMIT = (session, last) -> session.commit();

    private static void assertNothingLeftIn(Queue queue) throws JMSException {
        try (Session after = connection.createSession()) {
            assertThat(after.createConsumer(queue).receive(200)).as("every message settled once").isNull();
        }
    }

    private static void receiveRestartAndReceiveAgain(Session session, Restart restart, Settle settle)
            throws Exception {
        Queue queue = session.createQueue(unique("order"));
        MessageConsumer consumer = session.createConsumer(queue);
        sendAB(queue);
        assertThat(seen(consumer.receive(RECEIVE_MILLIS))).isEqualTo("a");
        restart.restart(session);
        assertThat(seen(consumer.receive(RECEIVE_MILLIS))).isEqualTo("a*2");
        Message b = consumer.receive(RECEIVE_MILLIS);
        assertThat(seen(b)).isEqualTo("b");
        settle.settle(session, b);
        assertThat(consumer.receive(200)).as("b came once").isNull();
        session.close();
        assertNothingLeftIn(queue);
    }

    /** A listener that restarts on its first message and settles on the third. */
    private static void listenRestartAndListenAgain(Session session, Restart restart, Settle settle)
            throws Exception {
        Queue queue = session.createQueue(unique("order"));
        MessageConsumer consumer = session.createConsumer(queue);
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> three = new CompletableFuture<>();
        consumer.setMessageListener(message -> {
            try {
                seen.add(seen(message));
                if (seen.size() == 1) {
                    restart.restart(session);
                } else if (seen.size() == 3) {
                    settle.settle(session, message);
                    three.complete(List.copyOf(seen));
                }
            } catch (JMSException | RuntimeException | AssertionError e) {
                three.completeExceptionally(e);
            }
        });
        sendAB(queue);
        assertThat(three.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).containsExactly("a", "a*2", "b");
        session.close();
        assertThat(seen).as("b came once").hasSize(3);
        assertNothingLeftIn(queue);
    }

    @RepeatedTest(REPETITIONS)
    void recoverRedeliversFirstToAReceiveWhileLaterMessagesArrive() throws Exception {
        receiveRestartAndReceiveAgain(connection.createSession(Session.CLIENT_ACKNOWLEDGE), Session::recover,
                ACKNOWLEDGE);
    }

    @RepeatedTest(REPETITIONS)
    void rollbackRedeliversFirstToAReceiveWhileLaterMessagesArrive() throws Exception {
        receiveRestartAndReceiveAgain(connection.createSession(Session.SESSION_TRANSACTED), Session::rollback,
                COMMIT);
    }

    @RepeatedTest(REPETITIONS)
    void recoverRedeliversFirstToAListenerWhileLaterMessagesArrive() throws Exception {
        listenRestartAndListenAgain(connection.createSession(Session.CLIENT_ACKNOWLEDGE), Session::recover,
                ACKNOWLEDGE);
    }

    @RepeatedTest(REPETITIONS)
    void rollbackRedeliversFirstToAListenerWhileLaterMessagesArrive() throws Exception {
        listenRestartAndListenAgain(connection.createSession(Session.SESSION_TRANSACTED), Session::rollback,
                COMMIT);
    }
}
