package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.StandaloneServer;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
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
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.naming.Context;
import javax.naming.InitialContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 7.7 "Message delivery mode" and 6.2.7: a PERSISTENT message is delivered once and only once even when the
 * provider fails; durable subscriptions and committed transactions outlive the server process, uncommitted work
 * does not. Each test has a server of its own, killed (SIGKILL) or stopped and started again on the same data; the
 * objects come from JNDI with the restarted server's address as {@code java.naming.provider.url}.
 */
class PersistenceTest {
    private static final long RECEIVE_MILLIS = 10_000;
    private static final long NO_MESSAGE_MILLIS = 300;

    @TempDir
    Path data;
    private StandaloneServer server;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = StandaloneServer.start(data);
    }

    @AfterEach
    void stop() throws Exception {
        closeConnections();
        server.close();
    }

    private void closeConnections() throws JMSException {
        for (Connection connection : connections) {
            connection.close();
        }
        connections.clear();
    }

    private void restart(boolean kill) throws Exception {
        closeConnections();
        if (kill) {
            server.kill();
        } else {
            server.close();
        }
        server = StandaloneServer.start(data);
    }

    private Object lookup(String name) throws Exception {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.PROVIDER_URL, server.url());
        InitialContext context = new InitialContext(environment);
        try {
            return context.lookup(name);
        } finally {
            context.close();
        }
    }

    private Connection connection(String factory) throws Exception {
        Connection connection = ((ConnectionFactory) lookup(factory)).createConnection();
        connections.add(connection);
        connection.start();
        return connection;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String text(Message message) throws JMSException {
        if (message == null) {
            throw new AssertionError("no message within " + RECEIVE_MILLIS + " ms");
        }
        return ((TextMessage) message).getText();
    }

    @Test
    void persistentMessagesOutliveAKilledServerAndArriveOnce() throws Exception {
        String name = unique("persistent");
        Session session = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = (Queue) lookup("dynamicQueues/" + name);
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 20; i++) {
            producer.send(session.createTextMessage("m" + i), DeliveryMode.PERSISTENT, 4, 0);
        }
        restart(true);
        Session after = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = after.createConsumer((Queue) lookup("dynamicQueues/" + name));
        Set<String> received = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            received.add(text(consumer.receive(RECEIVE_MILLIS)));
        }
        assertThat(received).hasSize(20);
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void acknowledgedMessagesStayAcknowledgedAfterARestart() throws Exception {
        String name = unique("acked");
        Session session = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = (Queue) lookup("dynamicQueues/" + name);
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("consumed"));
        producer.send(session.createTextMessage("left"));
        assertThat(text(session.createConsumer(queue).receive(RECEIVE_MILLIS))).isEqualTo("consumed");
        restart(false);
        Session after = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = after.createConsumer((Queue) lookup("dynamicQueues/" + name));
        assertThat(text(consumer.receive(RECEIVE_MILLIS))).isEqualTo("left");
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void anUnacknowledgedMessageComesBackRedeliveredAfterAKill() throws Exception {
        String name = unique("unacked");
        Session session = connection("ConnectionFactory").createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = (Queue) lookup("dynamicQueues/" + name);
        session.createProducer(queue).send(session.createTextMessage("in flight"));
        Message first = session.createConsumer(queue).receive(RECEIVE_MILLIS);
        assertThat(text(first)).isEqualTo("in flight");
        restart(true);
        Session after = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message again = after.createConsumer((Queue) lookup("dynamicQueues/" + name)).receive(RECEIVE_MILLIS);
        assertThat(text(again)).isEqualTo("in flight");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDurableSubscriptionAndItsMessagesOutliveARestart() throws Exception {
        String topicName = unique("durableTopic");
        String subscription = unique("sub");
        Session session = connection("DURABLE_SUB_CONNECTION_FACTORY")
                .createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = (Topic) lookup("dynamicTopics/" + topicName);
        session.createDurableConsumer(topic, subscription).close();
        session.createProducer(topic).send(session.createTextMessage("kept for the subscriber"));
        restart(true);
        Session after = connection("DURABLE_SUB_CONNECTION_FACTORY").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = after.createDurableConsumer((Topic) lookup("dynamicTopics/" + topicName),
                subscription);
        assertThat(text(consumer.receive(RECEIVE_MILLIS))).isEqualTo("kept for the subscriber");
        consumer.close();
        after.unsubscribe(subscription);
    }

    @Test
    void aCommittedTransactionOutlivesAKillAndAnOpenOneDoesNot() throws Exception {
        String name = unique("tx");
        Connection connection = connection("ConnectionFactory");
        Queue queue = (Queue) lookup("dynamicQueues/" + name);
        Session committed = connection.createSession(true, Session.SESSION_TRANSACTED);
        committed.createProducer(queue).send(committed.createTextMessage("committed"));
        committed.commit();
        Session open = connection.createSession(true, Session.SESSION_TRANSACTED);
        open.createProducer(queue).send(open.createTextMessage("never committed"));
        restart(true);
        Session after = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = after.createConsumer((Queue) lookup("dynamicQueues/" + name));
        assertThat(text(consumer.receive(RECEIVE_MILLIS))).isEqualTo("committed");
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    /** 6.1.7: a connection that only consumes has no other way to learn that it failed. */
    @Test
    void theExceptionListenerHearsOfAKilledServer() throws Exception {
        Connection connection = connection("ConnectionFactory");
        java.util.concurrent.CompletableFuture<JMSException> heard = new java.util.concurrent.CompletableFuture<>();
        connection.setExceptionListener(heard::complete);
        connection.createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createConsumer((Queue) lookup("dynamicQueues/" + unique("watched")));
        server.kill();
        assertThat(heard.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(JMSException.class);
        server = StandaloneServer.start(data);
    }

    @Test
    void aDurableSubscriptionKeepsItsSelectorAcrossARestart() throws Exception {
        String topicName = unique("selTopic");
        String subscription = unique("sub");
        Session session = connection("DURABLE_SUB_CONNECTION_FACTORY").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = (Topic) lookup("dynamicTopics/" + topicName);
        session.createDurableConsumer(topic, subscription, "colour = 'blue'", false).close();
        restart(false);
        Session after = connection("DURABLE_SUB_CONNECTION_FACTORY").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic again = (Topic) lookup("dynamicTopics/" + topicName);
        MessageProducer producer = after.createProducer(again);
        for (String colour : List.of("red", "blue")) {
            TextMessage message = after.createTextMessage(colour);
            message.setStringProperty("colour", colour);
            producer.send(message);
        }
        MessageConsumer consumer = after.createDurableConsumer(again, subscription, "colour = 'blue'", false);
        assertThat(text(consumer.receive(RECEIVE_MILLIS))).isEqualTo("blue");
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        consumer.close();
        after.unsubscribe(subscription);
    }

    @Test
    void aDelayedMessageOutlivesAKillAndIsDeliveredAfterItsTime() throws Exception {
        String name = unique("delayed");
        Session session = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer((Queue) lookup("dynamicQueues/" + name));
        producer.setDeliveryDelay(2_000);
        TextMessage delayed = session.createTextMessage("delayed");
        producer.send(delayed);
        restart(true);
        Session after = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message received = after.createConsumer((Queue) lookup("dynamicQueues/" + name)).receive(RECEIVE_MILLIS);
        assertThat(text(received)).isEqualTo("delayed");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(delayed.getJMSDeliveryTime());
    }

    @Test
    void aSharedDurableSubscriptionOutlivesAKill() throws Exception {
        String topicName = unique("sharedTopic");
        String subscription = unique("shared");
        Session session = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = (Topic) lookup("dynamicTopics/" + topicName);
        session.createSharedDurableConsumer(topic, subscription).close();
        session.createProducer(topic).send(session.createTextMessage("kept"));
        restart(true);
        Session after = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = after.createSharedDurableConsumer((Topic) lookup("dynamicTopics/" + topicName),
                subscription);
        assertThat(text(consumer.receive(RECEIVE_MILLIS))).isEqualTo("kept");
        consumer.close();
        after.unsubscribe(subscription);
    }
}
