package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Section 6.2.10: under AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE a message is acknowledged once {@code receive} or
 * the listener returns. The provider does not wait for the broker's answer to each acknowledgement, so these tests
 * settle the other way right after the last receive — closing the consumer, recovering or closing the session,
 * closing the connection, each of which returns unacknowledged messages — and check that not one of the received
 * messages comes back: the acknowledgements reached the broker before what followed them.
 */
class AutomaticAcknowledgementTest {
    private static final int MESSAGES = 300;

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

    enum Settle { CLOSE_CONSUMER, RECOVER, CLOSE_SESSION, CLOSE_CONNECTION }

    @ParameterizedTest(name = "mode {0}, then {1}")
    @CsvSource({"1, CLOSE_CONSUMER", "1, RECOVER", "1, CLOSE_SESSION", "1, CLOSE_CONNECTION",
            "3, CLOSE_CONSUMER", "3, RECOVER", "3, CLOSE_SESSION", "3, CLOSE_CONNECTION"})
    void messagesReceivedBeforeASettlingCallNeverComeBack(int mode, Settle settle) throws Exception {
        Queue queue;
        try (Connection producing = started(server)) {
            Session session = producing.createSession();
            queue = session.createQueue(unique("autoack"));
            send(session, queue, MESSAGES);
        }
        Connection connection = started(server);
        Session session = connection.createSession(mode);
        MessageConsumer consumer = session.createConsumer(queue);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            Message message = consumer.receive(10_000);
            assertThat(message).as("message %d arrived", i).isNotNull();
            got.add(((TextMessage) message).getText());
        }
        switch (settle) {
            case CLOSE_CONSUMER -> consumer.close();
            case RECOVER -> session.recover();
            case CLOSE_SESSION -> session.close();
            case CLOSE_CONNECTION -> connection.close();
            default -> throw new AssertionError(settle);
        }
        assertThat(got).hasSize(MESSAGES).doesNotHaveDuplicates();
        assertThat(browse(queue)).as("messages still on the queue after they were all received").isEmpty();
        connection.close();
    }

    @ParameterizedTest(name = "mode {0}")
    @CsvSource({"1", "3"})
    void messagesAListenerTookNeverComeBackAfterTheConnectionCloses(int mode) throws Exception {
        Queue queue;
        try (Connection producing = started(server)) {
            Session session = producing.createSession();
            queue = session.createQueue(unique("autoacklistener"));
            send(session, queue, MESSAGES);
        }
        Connection connection = factory(server).createConnection();
        Session session = connection.createSession(mode);
        CountDownLatch all = new CountDownLatch(MESSAGES);
        session.createConsumer(queue).setMessageListener(message -> all.countDown());
        connection.start();
        assertThat(all.await(30, TimeUnit.SECONDS)).as("the listener got every message").isTrue();
        connection.close();
        assertThat(browse(queue)).as("messages still on the queue after the listener took them all").isEmpty();
    }

    private static void send(Session session, Queue queue, int count) throws JMSException {
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
    }

    private static List<Message> browse(Queue queue) throws JMSException {
        try (Connection browsing = started(server)) {
            QueueBrowser browser = browsing.createSession().createBrowser(queue);
            @SuppressWarnings("unchecked")
            Enumeration<Message> messages = browser.getEnumeration();
            return Collections.list(messages);
        }
    }
}
