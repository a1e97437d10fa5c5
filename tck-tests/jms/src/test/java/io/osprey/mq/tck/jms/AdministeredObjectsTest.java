package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Chapter 5 "JMS administered objects": connection factories and destinations are looked up through JNDI, are
 * {@code Serializable}-free of connection state, and a queue's name is the provider's physical name.
 */
class AdministeredObjectsTest extends JmsTck {
    @Test
    void theConfiguredObjectsAreFoundThroughAPlainInitialContext() throws Exception {
        assertThat(lookup("ConnectionFactory")).isInstanceOf(ConnectionFactory.class)
                .isInstanceOf(QueueConnectionFactory.class).isInstanceOf(TopicConnectionFactory.class);
        assertThat(((Queue) lookup("MY_QUEUE")).getQueueName()).isEqualTo("tckQueue");
        assertThat(((Topic) lookup("MY_TOPIC")).getTopicName()).isEqualTo("tckTopic");
    }

    @Test
    void theOptionsOnlyFactoryConnectsWithItsClientId() throws Exception {
        Connection connection = durableConnection();
        assertThat(connection.getClientID()).isEqualTo("cts");
    }

    @Test
    void aConfiguredQueueCarriesMessages() throws Exception {
        Queue queue = (Queue) lookup("MY_QUEUE2");
        Session session = session();
        MessageConsumer consumer = session.createConsumer(queue);
        while (consumer.receiveNoWait() != null) {
            // a previous run's leftovers on the shared, configured queue
        }
        String text = unique("text");
        session.createProducer(queue).send(session.createTextMessage(text));
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo(text);
    }

    @Test
    void dynamicDestinationsHaveTheNameAfterThePrefix() throws Exception {
        assertThat(((Queue) lookup("dynamicQueues/abc")).getQueueName()).isEqualTo("abc");
        assertThat(((Topic) lookup("dynamicTopics/xyz")).getTopicName()).isEqualTo("xyz");
    }
}
