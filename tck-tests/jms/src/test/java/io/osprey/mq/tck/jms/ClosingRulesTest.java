package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sections 6.1.5 "Pausing delivery", 6.1.8 "Closing a connection" and 6.2.15 "Closing a session": what a listener
 * may do to its own connection or session (fail with IllegalStateException or succeed, never deadlock), what
 * stays usable after a close, and that close neither acknowledges nor loses messages.
 */
class ClosingRulesTest extends JmsTck {
    /** Runs {@code action} inside a listener of a fresh session and returns what it threw, or null. */
    private CompletableFuture<Throwable> inListener(Connection connection, Session session, ListenerAction action)
            throws Exception {
        Queue queue = newQueue();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                action.run();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        Session producing = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        producing.createProducer(queue).send(producing.createTextMessage("go"));
        return outcome;
    }

    private interface ListenerAction {
        void run() throws Exception;
    }

    private static void assertFailedAsIllegalStateOrSucceeded(CompletableFuture<Throwable> outcome) throws Exception {
        Throwable thrown = outcome.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void stopFromAListenerOnItsOwnConnectionFailsOrStopsWithoutDeadlock() throws Exception {
        Connection connection = connection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertFailedAsIllegalStateOrSucceeded(inListener(connection, session, connection::stop));
    }

    @Test
    void closeFromAListenerOnItsOwnConnectionFailsOrClosesWithoutDeadlock() throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertFailedAsIllegalStateOrSucceeded(inListener(connection, session, connection::close));
    }

    @Test
    void closeFromAListenerOnItsOwnSessionFailsOrClosesWithoutDeadlock() throws Exception {
        Connection connection = connection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertFailedAsIllegalStateOrSucceeded(inListener(connection, session, session::close));
    }

    @Test
    void aConsumerMayBeClosedFromItsOwnListener() throws Exception {
        Connection connection = connection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        MessageConsumer consumer = session.createConsumer(queue);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        consumer.setMessageListener(message -> {
            try {
                consumer.close();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        session().createProducer(queue).send(session.createTextMessage("go"));
        assertThat(outcome.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void acknowledgeAfterTheSessionClosedIsIllegalState() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        session.createProducer(queue).send(session.createTextMessage("m"));
        Message message = expect(session.createConsumer(queue));
        session.close();
        assertThatThrownBy(message::acknowledge).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acknowledgeAfterTheConnectionClosedIsIllegalStateAndTheMessageComesBack() throws Exception {
        Queue queue = newQueue();
        Connection connection = connectionFactory().createConnection();
        connection.start();
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        session.createProducer(queue).send(session.createTextMessage("m"));
        Message message = expect(session.createConsumer(queue));
        connection.close();
        assertThatThrownBy(message::acknowledge).isInstanceOf(IllegalStateException.class);
        Message again = expect(session().createConsumer(queue));
        assertThat(again.getJMSRedelivered()).isTrue();
    }

    @Test
    void receivedMessagesStayReadableAfterTheConnectionClosed() throws Exception {
        Queue queue = newQueue();
        Connection connection = connectionFactory().createConnection();
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage sent = session.createTextMessage("still readable");
        sent.setStringProperty("p", "v");
        session.createProducer(queue).send(sent);
        TextMessage received = (TextMessage) expect(session.createConsumer(queue));
        connection.close();
        assertThat(received.getText()).isEqualTo("still readable");
        assertThat(received.getStringProperty("p")).isEqualTo("v");
        assertThat(sent.getText()).isEqualTo("still readable");
    }

    @Test
    void closingAConsumerUnblocksItsReceive() throws Exception {
        MessageConsumer consumer = session().createConsumer(newQueue());
        CompletableFuture<Object> received = new CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(consumer.receive());
            } catch (Exception e) {
                received.complete(e);
            }
        });
        receiver.start();
        awaitBlocked(receiver);
        consumer.close();
        assertThat(received.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void closingASessionUnblocksAReceive() throws Exception {
        Session session = session();
        MessageConsumer consumer = session.createConsumer(newQueue());
        CompletableFuture<Object> received = new CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(consumer.receive());
            } catch (Exception e) {
                received.complete(e);
            }
        });
        receiver.start();
        awaitBlocked(receiver);
        session.close();
        assertThat(received.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isNull();
    }

    private interface Closer {
        void close(Connection connection, Session session, MessageConsumer consumer) throws Exception;
    }

    /** Calls {@code closer} while a listener runs and checks that it returned only after the listener did. */
    private void assertCloseWaitsForARunningListener(Closer closer) throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
        MessageConsumer consumer = session.createConsumer(queue);
        consumer.setMessageListener(message -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        session().createProducer(queue).send(session.createTextMessage("m"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closingThread = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            try {
                awaitBlocked(closingThread);
            } finally {
                release.countDown();
            }
        });
        releaser.start();
        closer.close(connection, session, consumer);
        assertThat(returned.getCount()).as("close returned before the listener did").isZero();
        releaser.join();
    }

    @Test
    void connectionCloseWaitsForARunningListener() throws Exception {
        assertCloseWaitsForARunningListener((connection, session, consumer) -> connection.close());
    }

    @Test
    void sessionCloseWaitsForARunningListener() throws Exception {
        assertCloseWaitsForARunningListener((connection, session, consumer) -> session.close());
    }

    @Test
    void consumerCloseWaitsForARunningListener() throws Exception {
        assertCloseWaitsForARunningListener((connection, session, consumer) -> consumer.close());
    }
}
