package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 section 8.7 "Receiving messages asynchronously", a listener that throws a RuntimeException:
 * under AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE the message is redelivered at once (before the messages fetched
 * after it), JMSRedelivered set and JMSXDeliveryCount raised; under CLIENT_ACKNOWLEDGE and in a transaction the
 * session goes on with the next message and the failed one stays unacknowledged, part of what the session settles
 * next.
 */
class ListenerExceptionTest {
    private static final long RECEIVE_MILLIS = 10_000;

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

    /** What the listener does with a message after it was recorded: throw, settle or nothing. */
    private interface Reaction {
        void react(Session session, Message message) throws JMSException;
    }

    /** The text, with "*" when redelivered and the delivery count when above 1: "a*2". */
    private static String seen(Message message) throws JMSException {
        int count = message.getIntProperty("JMSXDeliveryCount");
        return ((TextMessage) message).getText() + (message.getJMSRedelivered() ? "*" : "") + (count > 1 ? count : "");
    }

    /**
     * Opens a listener on a new queue, then sends {@code texts}, so that later messages arrive while the listener
     * runs; answers the first {@code expected} deliveries the listener saw, once the session closed.
     */
    private static List<String> listen(int mode, int expected, Reaction reaction, String... texts) throws Exception {
        Session session = connection.createSession(mode);
        Queue queue = session.createQueue(unique("throwing"));
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                seen.add(seen(message));
                reaction.react(session, message);
                if (seen.size() == expected) {
                    all.complete(null);
                }
            } catch (JMSException e) {
                all.completeExceptionally(e);
            }
        });
        try (Session sending = connection.createSession()) {
            MessageProducer producer = sending.createProducer(queue);
            for (String text : texts) {
                producer.send(sending.createTextMessage(text));
            }
        }
        all.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS);
        session.close();
        try (Session after = connection.createSession()) {
            assertThat(after.createConsumer(queue).receive(200)).as("every message settled").isNull();
        }
        return List.copyOf(seen);
    }

    private static final Reaction THROW_ON_FIRST_A = (session, message) -> {
        if (seen(message).equals("a")) {
            throw new IllegalStateException("a listener failing on purpose");
        }
    };

    @RepeatedTest(10)
    void underAutoAcknowledgeTheFailedMessageComesAgainAtOnceRedelivered() throws Exception {
        assertThat(listen(Session.AUTO_ACKNOWLEDGE, 4, THROW_ON_FIRST_A, "a", "b", "c"))
                .containsExactly("a", "a*2", "b", "c");
    }

    @RepeatedTest(10)
    void underDupsOkAcknowledgeTheFailedMessageComesAgainAtOnceRedelivered() throws Exception {
        assertThat(listen(Session.DUPS_OK_ACKNOWLEDGE, 4, THROW_ON_FIRST_A, "a", "b", "c"))
                .containsExactly("a", "a*2", "b", "c");
    }

    @Test
    void aMessageFailingEveryTimeIsRedeliveredWithARisingCount() throws Exception {
        Reaction alwaysThrowOnA = (session, message) -> {
            if (((TextMessage) message).getText().equals("a") && message.getIntProperty("JMSXDeliveryCount") < 3) {
                throw new IllegalStateException("a listener failing on purpose");
            }
        };
        assertThat(listen(Session.AUTO_ACKNOWLEDGE, 4, alwaysThrowOnA, "a", "b"))
                .containsExactly("a", "a*2", "a*3", "b");
    }

    @Test
    void underClientAcknowledgeTheNextMessageIsDeliveredAndAcknowledgeSettlesBoth() throws Exception {
        Reaction throwOnAAcknowledgeB = (session, message) -> {
            THROW_ON_FIRST_A.react(session, message);
            message.acknowledge();
        };
        assertThat(listen(Session.CLIENT_ACKNOWLEDGE, 2, throwOnAAcknowledgeB, "a", "b"))
                .containsExactly("a", "b");
    }

    @Test
    void inATransactionTheNextMessageIsDeliveredAndCommitSettlesBoth() throws Exception {
        Reaction throwOnACommitB = (session, message) -> {
            THROW_ON_FIRST_A.react(session, message);
            session.commit();
        };
        assertThat(listen(Session.SESSION_TRANSACTED, 2, throwOnACommitB, "a", "b"))
                .containsExactly("a", "b");
    }

    @Test
    void underClientAcknowledgeRecoverBringsTheFailedMessageBack() throws Exception {
        Reaction throwOnARecoverOnBAcknowledgeTheRest = (session, message) -> {
            THROW_ON_FIRST_A.react(session, message);
            if (seen(message).equals("b")) {
                session.recover();
            } else {
                message.acknowledge();
            }
        };
        assertThat(listen(Session.CLIENT_ACKNOWLEDGE, 4, throwOnARecoverOnBAcknowledgeTheRest, "a", "b"))
                .containsExactly("a", "b", "a*2", "b*2");
    }
}
