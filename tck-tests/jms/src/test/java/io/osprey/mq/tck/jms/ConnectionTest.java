package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sections 6.1 "Connection" and 6.1.2 "Client identifier": lifecycle, start and stop, close, metadata. */
class ConnectionTest extends JmsTck {
    @Test
    void aNewConnectionDeliversNothingUntilStarted() throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        MessageConsumer consumer = session.createConsumer(queue);
        session.createProducer(queue).send(session.createTextMessage("held"));
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        connection.start();
        assertThat(expect(consumer).getBody(String.class)).isEqualTo("held");
    }

    @Test
    void aStoppedConnectionDeliversNothingUntilRestarted() throws Exception {
        Connection connection = connection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        MessageConsumer consumer = session.createConsumer(queue);
        connection.stop();
        session.createProducer(queue).send(session.createTextMessage("while stopped"));
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        connection.start();
        assertThat(expect(consumer).getBody(String.class)).isEqualTo("while stopped");
    }

    @Test
    void stopWaitsForARunningListenerToReturn() throws Exception {
        Connection connection = connection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        session.createConsumer(queue).setMessageListener(message -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        session.createProducer(queue).send(session.createTextMessage("m"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopping = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            try {
                awaitBlocked(stopping);
            } finally {
                release.countDown();
            }
        });
        releaser.start();
        connection.stop();
        assertThat(returned.getCount()).as("stop returned before the listener did").isZero();
        releaser.join();
    }

    @Test
    void startAndStopAreIdempotent() throws Exception {
        Connection connection = connection();
        connection.start();
        connection.stop();
        connection.stop();
        connection.start();
    }

    @Test
    void closeIsIdempotentAndAClosedConnectionRefusesUse() throws Exception {
        Connection connection = connectionFactory().createConnection();
        connection.close();
        connection.close();
        assertThatThrownBy(() -> connection.createSession(false, Session.AUTO_ACKNOWLEDGE))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(connection::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(connection::getClientID).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingAConnectionClosesItsSessionsAndConsumers() throws Exception {
        Connection connection = connectionFactory().createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(newQueue());
        connection.close();
        assertThatThrownBy(() -> session.createTextMessage("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> consumer.receiveNoWait()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeUnblocksAReceive() throws Exception {
        Connection connection = connectionFactory().createConnection();
        connection.start();
        MessageConsumer consumer = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createConsumer(newQueue());
        java.util.concurrent.CompletableFuture<Object> received = new java.util.concurrent.CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(consumer.receive());
            } catch (Exception e) {
                received.complete(e);
            }
        });
        receiver.start();
        awaitBlocked(receiver);
        connection.close();
        assertThat(received.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void theClientIdCanBeSetOnceBeforeAnyOtherUse() throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        String clientId = unique("client");
        connection.setClientID(clientId);
        assertThat(connection.getClientID()).isEqualTo(clientId);
        assertThatThrownBy(() -> connection.setClientID(unique("again"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theClientIdCannotBeSetAfterTheConnectionWasUsed() throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> connection.setClientID(unique("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoConnectionsCannotHaveTheSameClientId() throws Exception {
        Connection first = closing(connectionFactory().createConnection());
        String clientId = unique("client");
        first.setClientID(clientId);
        first.start();
        Connection second = closing(connectionFactory().createConnection());
        assertThatThrownBy(() -> second.setClientID(clientId)).isInstanceOf(InvalidClientIDException.class);
    }

    @Test
    void aPreconfiguredClientIdCannotBeChanged() throws Exception {
        Connection connection = closing(durableConnectionFactory().createConnection());
        assertThat(connection.getClientID()).isEqualTo("cts");
        assertThatThrownBy(() -> connection.setClientID("other")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theMetaDataSaysJakartaMessaging31() throws Exception {
        ConnectionMetaData metaData = connection().getMetaData();
        assertThat(metaData.getJMSMajorVersion()).isEqualTo(3);
        assertThat(metaData.getJMSMinorVersion()).isEqualTo(1);
        assertThat(metaData.getJMSVersion()).isEqualTo("3.1");
        assertThat(metaData.getJMSProviderName()).isNotBlank();
        assertThat(metaData.getProviderVersion()).isNotBlank();
    }

    @Test
    void anExceptionListenerCanBeSetAndRead() throws Exception {
        Connection connection = connection();
        jakarta.jms.ExceptionListener listener = exception -> { };
        connection.setExceptionListener(listener);
        assertThat(connection.getExceptionListener()).isSameAs(listener);
    }

    @Test
    void credentialsAreAcceptedWhenTheServerDoesNotAuthenticate() throws Exception {
        Connection connection = closing(connectionFactory().createConnection("someone", "secret"));
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        MessageConsumer consumer = session.createConsumer(queue);
        session.createProducer(queue).send(session.createTextMessage("with credentials"));
        assertThat(expect(consumer).getBody(String.class)).isEqualTo("with credentials");
        closing(connectionFactory().createContext("someone", "secret")).createProducer().send(queue, "context");
        assertThat(expect(consumer).getBody(String.class)).isEqualTo("context");
    }

    @Test
    void aConnectionSendsWhetherStartedOrNot() throws Exception {
        Connection stopped = closing(connectionFactory().createConnection());
        Session session = stopped.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        session.createProducer(queue).send(session.createTextMessage("from a stopped connection"));
        Session receiving = session();
        assertThat(expect(receiving.createConsumer(queue)).getBody(String.class))
                .isEqualTo("from a stopped connection");
    }
}
