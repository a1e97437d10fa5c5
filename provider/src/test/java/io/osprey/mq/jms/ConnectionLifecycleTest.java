package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.inThread;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.jms.JmsTestSupport.Call;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 sections 6.1.4 "Starting a connection", 6.1.5 "Pausing delivery of incoming messages",
 * 6.1.6 "ConnectionMetaData", 6.1.7 "ExceptionListener", 6.1.8 "Closing a connection" and 6.2.15 "Closing a
 * session", with the javadoc of {@code Connection.stop} and {@code Connection.close}: a new
 * connection delivers nothing until started, stop and close wait for a running listener, a listener may not stop or
 * close its own connection, close ends a blocked receive and is idempotent, a closed connection's objects refuse use.
 */
class ConnectionLifecycleTest {
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

    private static Queue queueWith(Connection connection, String... texts) throws JMSException {
        try (Session session = connection.createSession()) {
            Queue queue = session.createQueue(unique("life"));
            MessageProducer producer = session.createProducer(queue);
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
            return queue;
        }
    }

    @Test
    void aNewConnectionDeliversNothingUntilItIsStarted() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            Queue queue = queueWith(connection, "waiting");
            Session session = connection.createSession();
            MessageConsumer consumer = session.createConsumer(queue);
            // a message producer can send while the connection is stopped; a consumer gets nothing
            assertThat(consumer.receive(300)).isNull();
            assertThat(consumer.receiveNoWait()).isNull();
            connection.start();
            assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("waiting");
        }
    }

    @Test
    void aReceiveBlockedWhileTheConnectionStopsReturnsNoMessageUntilItStartsAgain() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection);
            Session session = connection.createSession();
            OspreyMessageConsumer consumer = (OspreyMessageConsumer) session.createConsumer(queue);
            try (Session sender = connection.createSession()) {
                sender.createProducer(queue).send(sender.createTextMessage("buffered before stop"));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> consumer.client().hasBuffered());
            connection.stop();
            // the message sits in the consumer's buffer: neither receive may hand it out while stopped
            assertThat(consumer.receiveNoWait()).as("receiveNoWait while stopped").isNull();
            assertThat(consumer.receive(200)).as("receive(timeout) while stopped").isNull();
            Call<Message> receive = inThread("receiver", consumer::receive).awaitBlocked();
            assertThat(receive.result()).as("receive() on a stopped connection").isNotCompleted();
            connection.start();
            assertThat(((TextMessage) receive.get()).getText()).isEqualTo("buffered before stop");
        }
    }

    @Test
    void stopWaitsForARunningListenerAndNothingIsDeliveredUntilStart() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection, "first", "second");
            Session session = connection.createSession();
            CountDownLatch inListener = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch second = new CountDownLatch(1);
            session.createConsumer(queue).setMessageListener(message -> {
                try {
                    if (((TextMessage) message).getText().equals("first")) {
                        inListener.countDown();
                        release.await();
                    } else {
                        second.countDown();
                    }
                } catch (JMSException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
            Call<Object> stop = inThread("stopper", () -> {
                connection.stop();
                return null;
            }).awaitBlocked();
            assertThat(stop.result()).as("stop while the listener runs").isNotCompleted();
            release.countDown();
            stop.get();
            assertThat(second.getCount()).as("nothing delivered after stop returned").isEqualTo(1);
            connection.start();
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeWaitsForARunningListenerWhichKeepsTheConnectionsServices() throws Exception {
        Connection connection = started(server);
        Queue queue = queueWith(connection, "in the listener");
        Queue replies = queueWith(connection);
        Session session = connection.createSession();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Exception> replyFailure = new AtomicReference<>();
        MessageProducer replier = session.createProducer(replies);
        session.createConsumer(queue).setMessageListener(message -> {
            inListener.countDown();
            try {
                release.await();
                replier.send(session.createTextMessage("sent while closing"));
            } catch (Exception e) {
                replyFailure.set(e);
            }
        });
        assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
        Call<Object> close = inThread("closer", () -> {
            connection.close();
            return null;
        }).awaitBlocked();
        assertThat(close.result()).as("close while the listener runs").isNotCompleted();
        release.countDown();
        close.get();
        assertThat(replyFailure.get()).as("the listener could still send").isNull();
        try (Connection other = started(server)) {
            Message reply = other.createSession().createConsumer(replies).receive(10_000);
            assertThat(((TextMessage) reply).getText()).isEqualTo("sent while closing");
        }
    }

    @Test
    void aListenerCannotStopOrCloseItsOwnConnection() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection, "m");
            Session session = connection.createSession();
            CompletableFuture<Exception> fromStop = new CompletableFuture<>();
            CompletableFuture<Exception> fromClose = new CompletableFuture<>();
            CompletableFuture<Exception> fromSessionClose = new CompletableFuture<>();
            session.createConsumer(queue).setMessageListener(message -> {
                fromStop.complete(thrownBy(connection::stop));
                fromClose.complete(thrownBy(connection::close));
                fromSessionClose.complete(thrownBy(session::close));
            });
            assertThat(fromStop.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(fromClose.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(fromSessionClose.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        }
    }

    private interface JmsCall {
        void run() throws JMSException;
    }

    private static Exception thrownBy(JmsCall call) {
        try {
            call.run();
            return null;
        } catch (JMSException e) {
            return e;
        }
    }

    @Test
    void closeEndsAReceiveBlockedInAnotherThreadWithNull() throws Exception {
        Connection connection = started(server);
        Queue queue = queueWith(connection);
        MessageConsumer consumer = connection.createSession().createConsumer(queue);
        Call<Message> receive = inThread("receiver", consumer::receive).awaitBlocked();
        assertThat(receive.result()).isNotCompleted();
        connection.close();
        assertThat(receive.get()).isNull();
    }

    @Test
    void aConsumerClosedFromAnotherThreadEndsItsBlockedReceiveWithNull() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection);
            MessageConsumer consumer = connection.createSession().createConsumer(queue);
            Call<Message> receive = inThread("receiver", consumer::receive).awaitBlocked();
            assertThat(receive.result()).isNotCompleted();
            consumer.close();
            assertThat(receive.get()).isNull();
            assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeIsIdempotentAndAClosedConnectionsObjectsRefuseUse() throws Exception {
        Connection connection = started(server);
        Session session = connection.createSession();
        Queue queue = session.createQueue(unique("closed"));
        MessageProducer producer = session.createProducer(queue);
        MessageConsumer consumer = session.createConsumer(queue);
        connection.close();
        connection.close();
        session.close();
        producer.close();
        consumer.close();
        assertThatThrownBy(connection::createSession).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(connection::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(connection::getClientID).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createTextMessage("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> producer.send(queue, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theExceptionListenerIsToldWhenTheConnectionIsLost(@TempDir Path own) throws Exception {
        EmbeddedServer doomed = new EmbeddedServer(own);
        try (Connection connection = factory(doomed).createConnection()) {
            CompletableFuture<JMSException> told = new CompletableFuture<>();
            connection.setExceptionListener(told::complete);
            MessageConsumer consumer = connection.createSession().createConsumer(
                    connection.createSession().createQueue(unique("lost")));
            connection.start();
            doomed.close();
            assertThat(told.get(30, TimeUnit.SECONDS)).isNotNull().hasMessageContaining("lost the connection");
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThatThrownBy(() -> consumer.receive(100)).isInstanceOf(JMSException.class));
        }
    }

    @Test
    void metaDataNamesTheVersionAndTheJmsxPropertiesSupported() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            var meta = connection.getMetaData();
            assertThat(meta.getJMSVersion()).isEqualTo("3.1");
            assertThat(meta.getJMSMajorVersion()).isEqualTo(3);
            assertThat(meta.getJMSMinorVersion()).isEqualTo(1);
            assertThat(meta.getJMSProviderName()).isEqualTo("Osprey MQ");
            assertThat(java.util.Collections.list(meta.getJMSXPropertyNames()))
                    .contains("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount");
        }
    }
}
