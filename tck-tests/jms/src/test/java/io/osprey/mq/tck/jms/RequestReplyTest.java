package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicRequestor;
import jakarta.jms.TopicSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Section 2.16 "Request/reply": a request names its reply destination in {@code JMSReplyTo} (3.4.6), typically a
 * temporary destination (6.2.2), and the reply refers to the request by {@code JMSCorrelationID} (3.4.5); the legacy
 * helpers {@code QueueRequestor} (4.1.7) and {@code TopicRequestor} (4.2.10) do both. Each test's replier is another
 * connection, as a service would be.
 */
class RequestReplyTest extends JmsTck {
    /**
     * A service on its own connection: answers every request on {@code requests} with "re: " + its text, sent to its
     * {@code JMSReplyTo} with the request's message ID as correlation ID.
     */
    private void startReplier(Destination requests) throws Exception {
        Session session = session();
        MessageProducer replies = session.createProducer(null);
        session.createConsumer(requests).setMessageListener(request -> {
            try {
                TextMessage reply = session.createTextMessage("re: " + ((TextMessage) request).getText());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new RuntimeException("the replier failed", e);
            }
        });
    }

    @Test
    void aReplyToATemporaryQueueNamedInJmsReplyToReachesTheRequester() throws Exception {
        Queue requests = newQueue();
        startReplier(requests);
        Session session = session();
        TemporaryQueue replyQueue = session.createTemporaryQueue();
        MessageConsumer replies = session.createConsumer(replyQueue);
        TextMessage request = session.createTextMessage("ping");
        request.setJMSReplyTo(replyQueue);
        session.createProducer(requests).send(request);
        Message reply = expect(replies);
        assertThat(((TextMessage) reply).getText()).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
        assertThat(reply.getJMSDestination()).isEqualTo(replyQueue);
    }

    @Test
    void aReplyToATemporaryTopicNamedInJmsReplyToReachesTheRequester() throws Exception {
        Queue requests = newQueue();
        startReplier(requests);
        Session session = session();
        TemporaryTopic replyTopic = session.createTemporaryTopic();
        MessageConsumer replies = session.createConsumer(replyTopic);
        TextMessage request = session.createTextMessage("ping");
        request.setJMSReplyTo(replyTopic);
        session.createProducer(requests).send(request);
        Message reply = expect(replies);
        assertThat(((TextMessage) reply).getText()).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
    }

    @Test
    void theReceivedJmsReplyToIsTheTemporaryQueueButOnlyItsCreatorDeletesIt() throws Exception {
        Queue requests = newQueue();
        Session requester = session();
        TemporaryQueue replyQueue = requester.createTemporaryQueue();
        TextMessage request = requester.createTextMessage("who owns it?");
        request.setJMSReplyTo(replyQueue);
        requester.createProducer(requests).send(request);
        Destination replyTo = expect(session().createConsumer(requests)).getJMSReplyTo();
        assertThat(replyTo).isInstanceOf(TemporaryQueue.class).isEqualTo(replyQueue);
        assertThatThrownBy(((TemporaryQueue) replyTo)::delete).isInstanceOf(JMSException.class);
        Session other = session();
        other.createProducer(replyTo).send(other.createTextMessage("still valid"));
        assertThat(((TextMessage) expect(requester.createConsumer(replyQueue))).getText()).isEqualTo("still valid");
    }

    @Test
    void repliesToSeveralRequestsAreMatchedByCorrelationId() throws Exception {
        Queue requests = newQueue();
        startReplier(requests);
        Session session = session();
        TemporaryQueue replyQueue = session.createTemporaryQueue();
        MessageProducer producer = session.createProducer(requests);
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            TextMessage request = session.createTextMessage("r" + i);
            request.setJMSReplyTo(replyQueue);
            producer.send(request);
            ids[i] = request.getJMSMessageID();
        }
        for (int i = 2; i >= 0; i--) {
            MessageConsumer selected = session.createConsumer(replyQueue, "JMSCorrelationID = '" + ids[i] + "'");
            assertThat(((TextMessage) expect(selected)).getText()).isEqualTo("re: r" + i);
            selected.close();
        }
    }

    /** Waits for {@code request} on another thread, so that a lost reply fails the test instead of hanging it. */
    private static Message within(RequestCall request) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        Thread requesting = new Thread(() -> {
            try {
                reply.complete(request.call());
            } catch (Throwable e) {
                reply.completeExceptionally(e);
            }
        }, "requestor");
        requesting.setDaemon(true);
        requesting.start();
        return reply.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private interface RequestCall {
        Message call() throws Exception;
    }

    @Test
    void aQueueRequestorSendsTheRequestAndReturnsTheReply() throws Exception {
        Queue requests = newQueue();
        startReplier(requests);
        QueueConnection connection = closing(((QueueConnectionFactory) connectionFactory()).createQueueConnection());
        connection.start();
        QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        QueueRequestor requestor = new QueueRequestor(session, requests);
        Message first = within(() -> requestor.request(session.createTextMessage("one")));
        assertThat(((TextMessage) first).getText()).isEqualTo("re: one");
        Message second = within(() -> requestor.request(session.createTextMessage("two")));
        assertThat(((TextMessage) second).getText()).isEqualTo("re: two");
        assertThat(second.getJMSDestination()).isInstanceOf(TemporaryQueue.class);
        requestor.close();
        // 4.1.7's close closes the session too
        assertThatThrownBy(() -> session.createTextMessage("x")).isInstanceOf(IllegalStateException.class);
        Session other = session();
        assertThatThrownBy(() -> other.createProducer(second.getJMSDestination())
                .send(other.createTextMessage("after close")))
                .as("close deletes the requestor's temporary queue")
                .isInstanceOf(jakarta.jms.InvalidDestinationException.class);
    }

    @Test
    void aTopicRequestorPublishesTheRequestAndReturnsTheReply() throws Exception {
        Topic requests = newTopic();
        startReplier(requests);
        TopicConnection connection = closing(((TopicConnectionFactory) connectionFactory()).createTopicConnection());
        connection.start();
        TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        TopicRequestor requestor = new TopicRequestor(session, requests);
        Message reply = within(() -> requestor.request(session.createTextMessage("hello")));
        assertThat(((TextMessage) reply).getText()).isEqualTo("re: hello");
        assertThat(reply.getJMSDestination()).isInstanceOf(TemporaryTopic.class);
        requestor.close();
        assertThatThrownBy(() -> session.createTextMessage("x")).isInstanceOf(IllegalStateException.class);
    }
}
