package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicRequestor;
import jakarta.jms.TopicSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request/reply through a temporary destination in JMSReplyTo and the request's message ID as the reply's
 * JMSCorrelationID (Jakarta Messaging 3.1, 3.4.5 and 3.4.6; QueueRequestor 4.1.7, TopicRequestor 4.2.10): QueueRequestor, TopicRequestor and the simplified API,
 * the replier on a connection of its own.
 */
class RequestReplyTest {
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

    /** Answers every request on {@code destination} with "re: " + its text, to its JMSReplyTo. */
    private static Connection replier(jakarta.jms.Destination destination) throws JMSException {
        Connection connection = started(server);
        Session session = connection.createSession();
        MessageProducer replies = session.createProducer(null);
        session.createConsumer(destination).setMessageListener(request -> {
            try {
                TextMessage reply = session.createTextMessage("re: " + ((TextMessage) request).getText());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        return connection;
    }

    @Test
    void aQueueRequestorGetsTheReplyThroughItsTemporaryQueue() throws Exception {
        QueueConnection connection = factory(server).createQueueConnection();
        Queue service = null;
        try (connection) {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            service = session.createQueue(unique("service"));
            try (Connection ignored = replier(service)) {
                QueueRequestor requestor = new QueueRequestor(session, service);
                TextMessage request = session.createTextMessage("ping");

                Message reply = requestor.request(request);

                assertThat(((TextMessage) reply).getText()).isEqualTo("re: ping");
                assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
                assertThat(request.getJMSReplyTo()).isInstanceOf(TemporaryQueue.class);
                assertThat(((TextMessage) requestor.request(session.createTextMessage("again"))).getText())
                        .isEqualTo("re: again");
                requestor.close();
            }
        }
    }

    @Test
    void aTopicRequestorGetsTheReplyThroughItsTemporaryTopic() throws Exception {
        TopicConnection connection = factory(server).createTopicConnection();
        try (connection) {
            connection.start();
            TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic service = session.createTopic(unique("service"));
            try (Connection ignored = replier(service)) {
                TopicRequestor requestor = new TopicRequestor(session, service);
                TextMessage request = session.createTextMessage("ping");

                Message reply = requestor.request(request);

                assertThat(((TextMessage) reply).getText()).isEqualTo("re: ping");
                assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
                requestor.close();
            }
        }
    }

    @Test
    void theSimplifiedApiRequestsAndRepliesThroughATemporaryQueue() throws Exception {
        try (JMSContext client = factory(server).createContext();
             JMSContext service = factory(server).createContext()) {
            Queue requests = client.createQueue(unique("service"));
            JMSConsumer serviceConsumer = service.createConsumer(requests);
            TemporaryQueue replyTo = client.createTemporaryQueue();
            JMSConsumer replies = client.createConsumer(replyTo);

            TextMessage request = client.createTextMessage("ping");
            client.createProducer().setJMSReplyTo(replyTo).send(requests, request);
            Message received = serviceConsumer.receive(10_000);
            assertThat(received.getJMSReplyTo()).isEqualTo(replyTo);
            service.createProducer().setJMSCorrelationID(received.getJMSMessageID())
                    .send(received.getJMSReplyTo(), "pong");

            Message reply = replies.receive(10_000);
            assertThat(reply.getBody(String.class)).isEqualTo("pong");
            assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
        }
    }
}
