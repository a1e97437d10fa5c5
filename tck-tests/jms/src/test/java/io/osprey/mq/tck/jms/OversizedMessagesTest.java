package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.DedicatedServer;
import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages larger than the server accepts (the broker's {@code maxMessageBytes}, here 64 KiB on a server of its
 * own; RocketMQ's 32,767 bytes of properties): 10.3 names no exception of its own for them, so a refusal is a
 * JMSException (JMSRuntimeException in the simplified API; TransactionRolledBackException at commit, 6.2.7), and
 * it changes nothing: the session goes on, and the messages stored before are delivered whole, once.
 */
class OversizedMessagesTest extends JmsTck {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static DedicatedServer server;

    @BeforeAll
    static void startServer() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "tck-server"));
        server = DedicatedServer.start(Files.createTempDirectory(base, "max-message-"),
                Map.of("maxMessageBytes", "" + MAX_MESSAGE_BYTES));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Connection open() throws Exception {
        Connection connection = closing(((ConnectionFactory) server.lookup("ConnectionFactory")).createConnection());
        connection.start();
        return connection;
    }

    private Session session(boolean transacted) throws Exception {
        return open().createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
    }

    private static Queue queue() throws Exception {
        return (Queue) server.lookup("dynamicQueues/" + unique("big"));
    }

    private static BytesMessage bytes(Session session, int size) throws JMSException {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        body[size - 1] = 'z';
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    private static String text(Message message) throws JMSException {
        return ((TextMessage) message).getText();
    }

    @Test
    void aBodyOfTheMaximumSizeIsAcceptedAndOneByteMoreIsRefused() throws Exception {
        Session session = session(false);
        Queue queue = queue();
        MessageProducer producer = session.createProducer(queue);
        producer.send(bytes(session, MAX_MESSAGE_BYTES));
        assertThatThrownBy(() -> producer.send(bytes(session, MAX_MESSAGE_BYTES + 1)))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("" + MAX_MESSAGE_BYTES);
        assertThatThrownBy(() -> producer.send(session.createTextMessage("é".repeat(MAX_MESSAGE_BYTES / 2 + 1))))
                .as("a text body counts in UTF-8 bytes").isInstanceOf(JMSException.class);
        BytesMessage received = (BytesMessage) expect(session.createConsumer(queue));
        assertThat(received.getBodyLength()).isEqualTo(MAX_MESSAGE_BYTES);
        byte[] body = received.getBody(byte[].class);
        assertThat(body[MAX_MESSAGE_BYTES - 1]).isEqualTo((byte) 'z');
    }

    @Test
    void aRefusedMessageLeavesTheEarlierOnesIntactAndTheSessionUsable() throws Exception {
        Session session = session(false);
        Queue queue = queue();
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("first"));
        producer.send(bytes(session, MAX_MESSAGE_BYTES - 10));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> producer.send(bytes(session, 2 * MAX_MESSAGE_BYTES)))
                    .isInstanceOf(JMSException.class);
        }
        producer.send(session.createTextMessage("after"));
        MessageConsumer consumer = session(false).createConsumer(queue);
        assertThat(text(expect(consumer))).isEqualTo("first");
        assertThat(((BytesMessage) expect(consumer)).getBodyLength()).isEqualTo(MAX_MESSAGE_BYTES - 10);
        assertThat(text(expect(consumer))).isEqualTo("after");
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void anOversizedMessageInATransactionRollsBackTheWholeTransaction() throws Exception {
        Queue input = queue();
        Queue output = queue();
        Session plain = session(false);
        plain.createProducer(input).send(plain.createTextMessage("input"));
        Session transacted = session(true);
        MessageConsumer consumer = transacted.createConsumer(input);
        assertThat(text(expect(consumer))).isEqualTo("input");
        MessageProducer producer = transacted.createProducer(output);
        producer.send(transacted.createTextMessage("small"));
        producer.send(bytes(transacted, MAX_MESSAGE_BYTES + 1));
        assertThatThrownBy(transacted::commit).isInstanceOf(TransactionRolledBackException.class);
        MessageConsumer outputs = plain.createConsumer(output);
        assertThat(outputs.receive(NO_MESSAGE_MILLIS)).as("none of the transaction's sends is stored").isNull();
        Message again = expect(consumer);
        assertThat(text(again)).isEqualTo("input");
        assertThat(again.getJMSRedelivered()).as("the consumed message came back").isTrue();
        producer.send(transacted.createTextMessage("retried"));
        transacted.commit();
        assertThat(text(expect(outputs))).isEqualTo("retried");
        assertThat(outputs.receive(NO_MESSAGE_MILLIS)).isNull();
        assertThat(plain.createConsumer(input).receive(NO_MESSAGE_MILLIS)).as("input was committed").isNull();
    }

    @Test
    void anOversizedMessageThroughTheSimplifiedApiIsAJmsRuntimeException() throws Exception {
        JMSContext context = closing(((ConnectionFactory) server.lookup("ConnectionFactory")).createContext());
        Queue queue = queue();
        context.createProducer().send(queue, "before");
        assertThatThrownBy(() -> context.createProducer().send(queue, new byte[MAX_MESSAGE_BYTES + 1]))
                .isInstanceOf(JMSRuntimeException.class);
        context.createProducer().send(queue, "after");
        jakarta.jms.JMSConsumer consumer = context.createConsumer(queue);
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("before");
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("after");
    }

    /** The README: all properties together must stay under RocketMQ's 32,767 bytes, checked at send. */
    @Test
    void propertiesOverTheLimitAreRefusedAtSend() throws Exception {
        Session session = session(false);
        Queue queue = queue();
        MessageProducer producer = session.createProducer(queue);
        TextMessage heavy = session.createTextMessage("heavy");
        for (int i = 0; i < 40; i++) {
            heavy.setStringProperty("p" + i, "v".repeat(1_000));
        }
        assertThatThrownBy(() -> producer.send(heavy)).isInstanceOf(JMSException.class);
        TextMessage light = session.createTextMessage("light");
        for (int i = 0; i < 20; i++) {
            light.setStringProperty("p" + i, "v".repeat(1_000));
        }
        producer.send(light);
        Message received = expect(session.createConsumer(queue));
        assertThat(text(received)).isEqualTo("light");
        assertThat(received.getStringProperty("p19")).hasSize(1_000);
    }
}
