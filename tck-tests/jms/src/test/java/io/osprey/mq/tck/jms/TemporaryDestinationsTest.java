package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

/**
 * Sections 6.2.2 "Creating temporary destinations", 4.1.5 "TemporaryQueue" and 4.2.7 "Temporary topics": a temporary
 * destination is unique, lives as long as its connection, may be consumed only by that connection (any of its
 * sessions), cannot be deleted while a consumer uses it, and once deleted is no longer valid (10.3:
 * InvalidDestinationException). Request/reply over temporary destinations is in {@link RequestReplyTest}.
 */
class TemporaryDestinationsTest extends JmsTck {
    private static String text(MessageConsumer consumer) throws JMSException {
        return ((TextMessage) expect(consumer)).getText();
    }

    @Test
    void everyTemporaryDestinationIsUnique() throws Exception {
        Session session = session();
        TemporaryQueue first = session.createTemporaryQueue();
        TemporaryQueue second = session.createTemporaryQueue();
        TemporaryTopic topic = session.createTemporaryTopic();
        assertThat(first.getQueueName()).isNotBlank().isNotEqualTo(second.getQueueName());
        assertThat(first).isNotEqualTo(second);
        assertThat(topic.getTopicName()).isNotBlank().isNotEqualTo(first.getQueueName());
        TemporaryQueue ofAnotherConnection = session().createTemporaryQueue();
        assertThat(ofAnotherConnection.getQueueName()).isNotIn(first.getQueueName(), second.getQueueName());
    }

    @Test
    void anyConnectionSendsToATemporaryQueueAndEverySessionOfItsOwnConnectionConsumes() throws Exception {
        Connection owner = connection();
        TemporaryQueue queue = owner.createSession(false, Session.AUTO_ACKNOWLEDGE).createTemporaryQueue();
        Session other = session();
        other.createProducer(queue).send(other.createTextMessage("from another connection"));
        MessageConsumer consumer = owner.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        assertThat(text(consumer)).isEqualTo("from another connection");
    }

    @Test
    void onlyTheCreatingConnectionMayConsumeATemporaryQueue() throws Exception {
        Session ownerSession = session();
        TemporaryQueue queue = ownerSession.createTemporaryQueue();
        Session other = session();
        assertThatThrownBy(() -> other.createConsumer(queue)).isInstanceOf(InvalidDestinationException.class);
        JMSContext otherContext = context();
        assertThatThrownBy(() -> otherContext.createConsumer(queue))
                .isInstanceOf(InvalidDestinationRuntimeException.class);
        other.createProducer(queue).send(other.createTextMessage("kept for the owner"));
        assertThat(text(ownerSession.createConsumer(queue))).isEqualTo("kept for the owner");
    }

    @Test
    void onlyTheCreatingConnectionMaySubscribeToATemporaryTopic() throws Exception {
        Session ownerSession = session();
        TemporaryTopic topic = ownerSession.createTemporaryTopic();
        MessageConsumer subscriber = ownerSession.createConsumer(topic);
        Session other = session();
        assertThatThrownBy(() -> other.createConsumer(topic)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> other.createSharedConsumer(topic, unique("shared")))
                .isInstanceOf(InvalidDestinationException.class);
        other.createProducer(topic).send(other.createTextMessage("published"));
        assertThat(text(subscriber)).isEqualTo("published");
    }

    /** 4.2.7 lets a provider detect this programming error; the README says this one does. */
    @Test
    void aDurableSubscriptionToATemporaryTopicIsInvalidDestination() throws Exception {
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic topic = session.createTemporaryTopic();
        assertThatThrownBy(() -> session.createDurableConsumer(topic, unique("sub")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.createSharedDurableConsumer(topic, unique("sub")))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void aTemporaryQueueWithAnActiveConsumerCannotBeDeleted() throws Exception {
        Session session = session();
        TemporaryQueue queue = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(queue);
        assertThatThrownBy(queue::delete).isInstanceOf(JMSException.class);
        session.createProducer(queue).send(session.createTextMessage("still there"));
        assertThat(text(consumer)).isEqualTo("still there");
        consumer.close();
        queue.delete();
    }

    @Test
    void aTemporaryTopicWithAnActiveSubscriberCannotBeDeleted() throws Exception {
        Session session = session();
        TemporaryTopic topic = session.createTemporaryTopic();
        MessageConsumer subscriber = session.createConsumer(topic);
        assertThatThrownBy(topic::delete).isInstanceOf(JMSException.class);
        session.createProducer(topic).send(session.createTextMessage("still there"));
        assertThat(text(subscriber)).isEqualTo("still there");
        subscriber.close();
        topic.delete();
    }

    @Test
    void aDeletedTemporaryQueueIsNoLongerValid() throws Exception {
        Session session = session();
        TemporaryQueue queue = session.createTemporaryQueue();
        queue.delete();
        assertThatThrownBy(() -> session.createProducer(queue).send(session.createTextMessage("late")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.createConsumer(queue)).isInstanceOf(InvalidDestinationException.class);
        Session other = session();
        assertThatThrownBy(() -> other.createProducer(queue).send(other.createTextMessage("late")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> context().createProducer().send(queue, "late"))
                .isInstanceOf(InvalidDestinationRuntimeException.class);
    }

    @Test
    void aDeletedTemporaryTopicIsNoLongerValid() throws Exception {
        Session session = session();
        TemporaryTopic topic = session.createTemporaryTopic();
        topic.delete();
        assertThatThrownBy(() -> session.createProducer(topic).send(session.createTextMessage("late")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.createConsumer(topic)).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void temporaryDestinationsAreDeletedWhenTheirConnectionCloses() throws Exception {
        Connection owner = connectionFactory().createConnection();
        Session ownerSession = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue queue = ownerSession.createTemporaryQueue();
        TemporaryTopic topic = ownerSession.createTemporaryTopic();
        Session other = session();
        other.createProducer(queue).send(other.createTextMessage("never consumed"));
        other.createProducer(topic).send(other.createTextMessage("published"));
        owner.close();
        assertThatThrownBy(() -> other.createProducer(queue).send(other.createTextMessage("after close")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> other.createProducer(topic).send(other.createTextMessage("after close")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> other.createConsumer(queue)).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void closingASessionDoesNotDeleteItsConnectionsTemporaryQueue() throws Exception {
        Connection connection = connection();
        Session creating = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue queue = creating.createTemporaryQueue();
        creating.close();
        Session other = session();
        other.createProducer(queue).send(other.createTextMessage("outlives the session"));
        MessageConsumer consumer = connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        assertThat(text(consumer)).isEqualTo("outlives the session");
    }

    /** The README's rule: browsing is not consuming, so another connection may browse a temporary queue. */
    @Test
    void anotherConnectionMayBrowseATemporaryQueue() throws Exception {
        Session ownerSession = session();
        TemporaryQueue queue = ownerSession.createTemporaryQueue();
        ownerSession.createProducer(queue).send(ownerSession.createTextMessage("visible"));
        Enumeration<?> browsed = session().createBrowser(queue).getEnumeration();
        assertThat(((TextMessage) browsed.nextElement()).getText()).isEqualTo("visible");
        assertThat(text(ownerSession.createConsumer(queue))).isEqualTo("visible");
    }
}
