package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.Test;

/**
 * Section 2.4 and chapter 4's domain-specific API: QueueSession and TopicSession work in their domain and refuse
 * the other's methods with IllegalStateException.
 */
class DomainApiTest extends JmsTck {
    private QueueSession queueSession() throws Exception {
        QueueConnection connection = closing(((QueueConnectionFactory) connectionFactory()).createQueueConnection());
        connection.start();
        return connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private TopicSession topicSession() throws Exception {
        TopicConnection connection = closing(((TopicConnectionFactory) connectionFactory()).createTopicConnection());
        connection.start();
        return connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void aQueueSenderAndReceiverMoveMessages() throws Exception {
        QueueSession session = queueSession();
        Queue queue = newQueue();
        QueueReceiver receiver = session.createReceiver(queue);
        QueueSender sender = session.createSender(queue);
        assertThat(sender.getQueue()).isEqualTo(queue);
        assertThat(receiver.getQueue()).isEqualTo(queue);
        sender.send(session.createTextMessage("queued"));
        assertThat(((TextMessage) expect(receiver)).getText()).isEqualTo("queued");
    }

    @Test
    void aQueueReceiverWithASelector() throws Exception {
        QueueSession session = queueSession();
        Queue queue = newQueue();
        QueueReceiver receiver = session.createReceiver(queue, "n = 2");
        QueueSender sender = session.createSender(queue);
        for (int n = 1; n <= 2; n++) {
            TextMessage message = session.createTextMessage("n" + n);
            message.setIntProperty("n", n);
            sender.send(message);
        }
        assertThat(((TextMessage) expect(receiver)).getText()).isEqualTo("n2");
    }

    @Test
    void aTopicPublisherAndSubscriberMoveMessages() throws Exception {
        TopicSession session = topicSession();
        Topic topic = newTopic();
        TopicSubscriber subscriber = session.createSubscriber(topic);
        TopicPublisher publisher = session.createPublisher(topic);
        assertThat(publisher.getTopic()).isEqualTo(topic);
        assertThat(subscriber.getTopic()).isEqualTo(topic);
        assertThat(subscriber.getNoLocal()).isFalse();
        publisher.publish(session.createTextMessage("published"));
        assertThat(((TextMessage) expect(subscriber)).getText()).isEqualTo("published");
    }

    @Test
    void aQueueSessionRefusesTopicMethods() throws Exception {
        QueueSession session = queueSession();
        Topic topic = newTopic();
        assertThatThrownBy(() -> session.createTopic("t")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createDurableSubscriber(topic, "d"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createDurableConsumer(topic, "d"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createSharedConsumer(topic, "s"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createSharedDurableConsumer(topic, "s"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.unsubscribe("d")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTopicSessionRefusesQueueMethods() throws Exception {
        TopicSession session = topicSession();
        assertThatThrownBy(() -> session.createQueue("q")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createBrowser(newQueue())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::createTemporaryQueue).isInstanceOf(IllegalStateException.class);
    }
}
