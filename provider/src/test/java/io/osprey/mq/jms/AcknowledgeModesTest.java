package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jakarta Messaging 3.1 section 6.2.10 "Message acknowledgment" and 6.2.11 "Duplicate delivery of messages" / the
 * redelivered flag (3.4.7) and JMSXDeliveryCount (3.5.11): queue send and receive under every acknowledge mode, what
 * an unacknowledged message does when its session closes, and CLIENT_ACKNOWLEDGE acknowledging everything a session
 * consumed across its consumers.
 */
class AcknowledgeModesTest {
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

    private static void sendTexts(Connection connection, Queue queue, String... texts) throws JMSException {
        try (Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(queue);
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
        }
    }

    private static String text(Message message) throws JMSException {
        assertThat(message).as("a message arrived").isNotNull();
        return ((TextMessage) message).getText();
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(ints = {Session.AUTO_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE, Session.CLIENT_ACKNOWLEDGE})
    void aQueueDeliversWhatWasSentInOrderUnderEveryMode(int mode) throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("ack"));
            sendTexts(connection, queue, "one", "two", "three");
            Session session = connection.createSession(mode);
            MessageConsumer consumer = session.createConsumer(queue);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message message = consumer.receive(10_000);
                got.add(text(message));
                assertThat(message.getJMSRedelivered()).isFalse();
                assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
                if (mode == Session.CLIENT_ACKNOWLEDGE) {
                    message.acknowledge();
                }
            }
            assertThat(got).containsExactly("one", "two", "three");
            session.close();
            // everything was acknowledged: a new consumer finds nothing
            try (Session again = connection.createSession(mode)) {
                assertThat(again.createConsumer(queue).receive(500)).isNull();
            }
        }
    }

    @Test
    void aClientAcknowledgedMessageLeftUnacknowledgedComesBackRedeliveredWhenTheSessionCloses() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("unacked"));
            sendTexts(connection, queue, "keep me");
            Session first = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            assertThat(text(first.createConsumer(queue).receive(10_000))).isEqualTo("keep me");
            first.close();

            Session second = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Message again = second.createConsumer(queue).receive(10_000);
            assertThat(text(again)).isEqualTo("keep me");
            assertThat(again.getJMSRedelivered()).isTrue();
            assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
            again.acknowledge();
            second.close();
        }
    }

    @Test
    void anAutoAcknowledgedMessageIsGoneOnceReceiveReturnedIt() throws Exception {
        Queue queue;
        try (Connection connection = started(server)) {
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            queue = session.createQueue(unique("auto"));
            sendTexts(connection, queue, "once", "twice");
            assertThat(text(session.createConsumer(queue).receive(10_000))).isEqualTo("once");
            // closing the connection returns whatever it held unacknowledged
        }
        try (Connection other = started(server)) {
            Session session = other.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            Message next = consumer.receive(10_000);
            assertThat(text(next)).as("the acknowledged message is gone").isEqualTo("twice");
            assertThat(next.getJMSRedelivered()).as("fetched but never handed out").isFalse();
            assertThat(consumer.receive(300)).isNull();
        }
    }

    @Test
    void acknowledgeAcknowledgesEveryMessageTheSessionConsumedAcrossItsConsumers() throws Exception {
        try (Connection connection = started(server)) {
            Session setup = connection.createSession();
            Queue left = setup.createQueue(unique("left"));
            Queue right = setup.createQueue(unique("right"));
            sendTexts(connection, left, "l1", "l2");
            sendTexts(connection, right, "r1");

            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer fromLeft = session.createConsumer(left);
            MessageConsumer fromRight = session.createConsumer(right);
            Message l1 = fromLeft.receive(10_000);
            assertThat(text(l1)).isEqualTo("l1");
            assertThat(text(fromRight.receive(10_000))).isEqualTo("r1");
            assertThat(text(fromLeft.receive(10_000))).isEqualTo("l2");
            // the first message acknowledges the ones received after it, of the other consumer too (6.2.10)
            l1.acknowledge();
            session.close();

            try (Session after = connection.createSession(Session.CLIENT_ACKNOWLEDGE)) {
                assertThat(after.createConsumer(left).receive(300)).isNull();
                assertThat(after.createConsumer(right).receive(300)).isNull();
            }
        }
    }

    @Test
    void messagesOfAClosedConsumerAreStillAcknowledgedByItsSession() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("closedconsumer"));
            sendTexts(connection, queue, "m");
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            Message message = consumer.receive(10_000);
            consumer.close();
            message.acknowledge();
            session.close();
            try (Session after = connection.createSession()) {
                assertThat(after.createConsumer(queue).receive(300)).isNull();
            }
        }
    }

    @Test
    void acknowledgeOnAMessageOfAClosedSessionIsAnIllegalState() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("closedsession"));
            sendTexts(connection, queue, "m");
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Message message = session.createConsumer(queue).receive(10_000);
            assertThat(message).isNotNull();
            session.close();
            assertThatThrownBy(message::acknowledge).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sessionModesAreCheckedAndBothWaysOfAskingForATransactedSessionGiveOne() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            assertThat(connection.createSession(Session.SESSION_TRANSACTED).getTransacted()).isTrue();
            Session asked = connection.createSession(true, Session.AUTO_ACKNOWLEDGE);
            assertThat(asked.getTransacted()).isTrue();
            assertThat(asked.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
            assertThat(connection.createSession(false, Session.CLIENT_ACKNOWLEDGE).getTransacted()).isFalse();
            assertThatThrownBy(() -> connection.createSession(false, 42)).isInstanceOf(JMSException.class)
                    .hasMessageContaining("invalid session mode");
        }
    }
}
