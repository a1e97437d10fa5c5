package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.ChildJvm;
import io.osprey.mq.tck.jms.support.DedicatedServer;
import io.osprey.mq.tck.jms.support.JmsTck;
import io.osprey.mq.tck.jms.support.UncommittedReceiver;
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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 9.1 "Reliability": "unacknowledged messages redelivered due to system failure must have the JMSRedelivered
 * message header field set, and the JMSXDeliveryCount incremented" (3.4.7, 3.5.11), and an acknowledged message is
 * never delivered again (6.2.11). The failures are real SIGKILLs: of a client process in the middle of a transaction,
 * and of the server (its own, restarted on the same data) while a client holds delivered, unacknowledged messages,
 * the client's connection still open, so that nothing is returned to the broker before it dies.
 */
class CrashRecoveryTest extends JmsTck {
    private static DedicatedServer server;
    /** Connections to a server that was killed: abandoned, as a crashed server leaves them, and closed at the end. */
    private final List<Connection> abandoned = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "tck-server"));
        server = DedicatedServer.start(Files.createTempDirectory(base, "crash-"), Map.of());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeAbandoned() throws JMSException {
        for (Connection connection : abandoned) {
            connection.close();
        }
        abandoned.clear();
    }

    private Connection open(String factory, boolean closedAfterTheTest) throws Exception {
        Connection connection = ((ConnectionFactory) server.lookup(factory)).createConnection();
        if (closedAfterTheTest) {
            closing(connection);
        } else {
            abandoned.add(connection);
        }
        connection.start();
        return connection;
    }

    private static Queue queue(String name) throws Exception {
        return (Queue) server.lookup("dynamicQueues/" + name);
    }

    private static List<String> sendNumbered(Session session, jakarta.jms.Destination destination, int count)
            throws JMSException {
        MessageProducer producer = session.createProducer(destination);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("m" + i));
            texts.add("m" + i);
        }
        producer.close();
        return texts;
    }

    /** Everything {@code consumer} gets until it is quiet for {@link #NO_MESSAGE_MILLIS}, by text. */
    private static Map<String, Message> drain(MessageConsumer consumer, int expected) throws JMSException {
        Map<String, Message> received = new HashMap<>();
        for (int i = 0; i < expected; i++) {
            Message message = expect(consumer);
            Message earlier = received.put(((TextMessage) message).getText(), message);
            assertThat(earlier).as("a second delivery of " + ((TextMessage) message).getText()).isNull();
        }
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).as("more than " + expected + " messages").isNull();
        return received;
    }

    @Test
    void aTransactedConsumerProcessKilledBeforeCommitGivesItsMessagesBackRedelivered() throws Exception {
        String name = unique("killedConsumer");
        Session session = open("ConnectionFactory", true).createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> sent = sendNumbered(session, queue(name), 5);
        Process receiver = new ProcessBuilder(ChildJvm.command(
                List.of("-Djava.naming.provider.url=" + server.url()), UncommittedReceiver.class.getName(),
                List.of(name, "3")))
                .redirectErrorStream(true)
                .start();
        List<String> receivedByTheKilled;
        try {
            receivedByTheKilled = untilHolding(receiver);
        } finally {
            receiver.destroyForcibly();
            receiver.waitFor();
        }
        assertThat(receivedByTheKilled).containsExactly("m0", "m1", "m2");
        Map<String, Message> received = drain(session.createConsumer(queue(name)), 5);
        assertThat(received).containsOnlyKeys(sent);
        for (String text : receivedByTheKilled) {
            Message again = received.get(text);
            assertThat(again.getJMSRedelivered()).as(text + " redelivered").isTrue();
            assertThat(again.getIntProperty("JMSXDeliveryCount")).as(text + " delivery count").isEqualTo(2);
        }
    }

    /** The texts the receiver printed, once it printed that it holds them; fails after 60 s or if it ended. */
    private static List<String> untilHolding(Process receiver) throws Exception {
        CompletableFuture<List<String>> holding = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            List<String> texts = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith(UncommittedReceiver.RECEIVED)) {
                        texts.add(line.substring(UncommittedReceiver.RECEIVED.length()));
                    } else if (line.equals(UncommittedReceiver.HOLDING)) {
                        holding.complete(texts);
                    }
                }
                holding.completeExceptionally(new AssertionError("the receiver ended without holding its messages"));
            } catch (Exception e) {
                holding.completeExceptionally(e);
            }
        }, "receiver-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return holding.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            synchronized (output) {
                throw new AssertionError("the receiver did not hold its messages; its output:\n"
                        + String.join("\n", output), e);
            }
        }
    }

    @Test
    void aKilledServerRedeliversTheDeliveredUnacknowledgedMessagesAndNeverTheAcknowledgedOnes() throws Exception {
        String name = unique("killedServer");
        Session producing = open("ConnectionFactory", true).createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> sent = sendNumbered(producing, queue(name), 10);
        Session consuming = open("ConnectionFactory", false).createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = consuming.createConsumer(queue(name));
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("m0");
        Message second = expect(consumer);
        assertThat(((TextMessage) second).getText()).isEqualTo("m1");
        second.acknowledge();
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("m2");
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("m3");
        closeOpened();
        server.killAndRestart();

        Session after = open("ConnectionFactory", true).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Map<String, Message> received = drain(after.createConsumer(queue(name)), 8);
        assertThat(received).as("m0 and m1 were acknowledged").containsOnlyKeys(sent.subList(2, 10));
        for (String text : List.of("m2", "m3")) {
            assertThat(received.get(text).getJMSRedelivered()).as(text + " redelivered").isTrue();
            assertThat(received.get(text).getIntProperty("JMSXDeliveryCount")).as(text + " delivery count")
                    .isEqualTo(2);
        }
        for (Message message : received.values()) {
            assertThat(message.getJMSRedelivered())
                    .as("JMSRedelivered exactly when JMSXDeliveryCount > 1 (3.5.11)")
                    .isEqualTo(message.getIntProperty("JMSXDeliveryCount") > 1);
        }
    }

    @Test
    void aKilledServerRedeliversAnOpenTransactionsMessagesAndNotACommittedOnes() throws Exception {
        String name = unique("killedTx");
        Session producing = open("ConnectionFactory", true).createSession(false, Session.AUTO_ACKNOWLEDGE);
        sendNumbered(producing, queue(name), 2);
        Session transacted = open("ConnectionFactory", false).createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue(name));
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("m0");
        transacted.commit();
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("m1");
        closeOpened();
        server.killAndRestart();

        Session after = open("ConnectionFactory", true).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Map<String, Message> received = drain(after.createConsumer(queue(name)), 1);
        assertThat(received).containsOnlyKeys("m1");
        assertThat(received.get("m1").getJMSRedelivered()).isTrue();
        assertThat(received.get("m1").getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    }

    @Test
    void aKilledServerRedeliversADurableSubscriptionsUnacknowledgedMessages() throws Exception {
        String topicName = unique("killedDurable");
        String subscription = unique("sub");
        Topic topic = (Topic) server.lookup("dynamicTopics/" + topicName);
        Session session = open("DURABLE_SUB_CONNECTION_FACTORY", false).createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer subscriber = session.createDurableConsumer(topic, subscription);
        List<String> sent = sendNumbered(open("ConnectionFactory", true).createSession(false, Session.AUTO_ACKNOWLEDGE),
                topic, 3);
        expect(subscriber).acknowledge();
        assertThat(((TextMessage) expect(subscriber)).getText()).isEqualTo("m1");
        closeOpened();
        // the durable connection is left open: its client ID is free again once the server is gone
        server.killAndRestart();
        closeAbandoned();

        Session after = open("DURABLE_SUB_CONNECTION_FACTORY", true).createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer again = after.createDurableConsumer((Topic) server.lookup("dynamicTopics/" + topicName),
                subscription);
        Map<String, Message> received = drain(again, 2);
        assertThat(received).containsOnlyKeys(sent.subList(1, 3));
        assertThat(received.get("m1").getJMSRedelivered()).isTrue();
        assertThat(received.get("m1").getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        again.close();
        after.unsubscribe(subscription);
    }
}
