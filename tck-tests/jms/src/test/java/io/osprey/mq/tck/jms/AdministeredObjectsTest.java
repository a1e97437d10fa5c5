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
 * Chapter 5 "Jakarta Messaging administered objects": connection factories and destinations are looked up through
 * JNDI, are {@code Serializable} and {@code Referenceable}, and a destination's name is the provider's physical
 * name.
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

    @SuppressWarnings("unchecked")
    private static <T> T serializedCopy(T object) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void administeredObjectsAreSerializableAndReferenceable() throws Exception {
        Object factory = lookup("ConnectionFactory");
        Object queue = lookup("MY_QUEUE");
        Object topic = lookup("MY_TOPIC");
        for (Object administered : new Object[] {factory, queue, topic}) {
            assertThat(administered).isInstanceOf(java.io.Serializable.class)
                    .isInstanceOf(javax.naming.Referenceable.class);
            assertThat(serializedCopy(administered)).isEqualTo(administered);
        }
        Connection connection = closing(serializedCopy((ConnectionFactory) factory).createConnection());
        assertThat(connection.getMetaData().getJMSMajorVersion()).isEqualTo(3);
    }

    @Test
    void aJndiQueueIsTheQueueOfItsPhysicalName() throws Exception {
        Session session = session();
        String name = unique("physical");
        Queue fromJndi = (Queue) lookup("dynamicQueues/" + name);
        Queue fromSession = session.createQueue(name);
        assertThat(fromJndi).isEqualTo(fromSession);
        MessageConsumer consumer = session.createConsumer(fromSession);
        session.createProducer(fromJndi).send(session.createTextMessage("same queue"));
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("same queue");
    }

    @Test
    void aConfiguredTopicIsTheTopicOfItsPhysicalName() throws Exception {
        Session session = session();
        Topic fromJndi = (Topic) lookup("MY_TOPIC");
        MessageConsumer consumer = session.createConsumer(session.createTopic("tckTopic"));
        String text = unique("text");
        session.createProducer(fromJndi).send(session.createTextMessage(text));
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo(text);
    }
}
