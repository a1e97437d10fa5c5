package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicSession;
import java.util.ArrayList;
import java.util.List;
import javax.naming.NamingException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Section 10.3 "Standard exceptions" for a program that uses the API wrongly: objects used after close
 * (IllegalStateException, 6.1.8, 6.2.15, 8.8), calls at the wrong time, destinations the provider does not understand
 * (InvalidDestinationException), selectors with invalid syntax wherever one is given (InvalidSelectorException, 3.8.1.1),
 * and their runtime counterparts in the simplified API. A refused call changes nothing: no subscription is left
 * behind, and the broker serves on with the messages it stored before. Oversized messages are in
 * {@link OversizedMessagesTest}.
 */
class WrongUsageTest extends JmsTck {
    /** Every call must throw {@code type}. */
    private static void assertEachThrows(Class<? extends Throwable> type, List<ThrowingCallable> calls) {
        for (int i = 0; i < calls.size(); i++) {
            assertThatThrownBy(calls.get(i)).as("call " + i).isInstanceOf(type);
        }
    }

    @Test
    void aClosedConnectionRefusesEveryUseButClose() throws Exception {
        Connection connection = connectionFactory().createConnection();
        connection.close();
        assertEachThrows(IllegalStateException.class, List.of(
                connection::createSession,
                () -> connection.createSession(Session.CLIENT_ACKNOWLEDGE),
                connection::stop,
                () -> connection.setClientID(unique("late")),
                connection::getMetaData,
                () -> connection.setExceptionListener(exception -> { }),
                connection::getExceptionListener));
        connection.close();
    }

    @Test
    void aClosedSessionRefusesEveryUseButClose() throws Exception {
        Session session = durableConnection().createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = newQueue();
        Topic topic = newTopic();
        session.close();
        assertEachThrows(IllegalStateException.class, List.of(
                () -> session.createBrowser(queue),
                session::createTemporaryQueue,
                session::createTemporaryTopic,
                () -> session.createQueue("q"),
                () -> session.createTopic("t"),
                () -> session.createDurableConsumer(topic, unique("sub")),
                () -> session.createSharedConsumer(topic, unique("shared")),
                () -> session.createSharedDurableConsumer(topic, unique("shared")),
                () -> session.unsubscribe(unique("sub")),
                session::commit,
                session::rollback,
                session::getTransacted,
                session::createBytesMessage,
                session::createMapMessage,
                session::createStreamMessage,
                session::createObjectMessage,
                session::createMessage));
        session.close();
    }

    @Test
    void aClosedProducerRefusesEveryUseButClose() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        producer.close();
        assertEachThrows(IllegalStateException.class, List.of(
                producer::getDestination,
                () -> producer.setPriority(5),
                () -> producer.setTimeToLive(1000),
                () -> producer.setDeliveryDelay(10),
                () -> producer.setDisableMessageID(true),
                producer::getDisableMessageTimestamp,
                () -> producer.send(session.createTextMessage("x"), jakarta.jms.DeliveryMode.PERSISTENT, 4, 0)));
        MessageProducer anonymous = session.createProducer(null);
        anonymous.close();
        assertThatThrownBy(() -> anonymous.send(queue, session.createTextMessage("x")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(session().createConsumer(queue).receive(NO_MESSAGE_MILLIS)).as("nothing was sent").isNull();
    }

    @Test
    void aClosedConsumerRefusesEveryUseButClose() throws Exception {
        MessageConsumer consumer = session().createConsumer(newQueue());
        consumer.close();
        assertEachThrows(IllegalStateException.class, List.of(
                consumer::receive,
                () -> consumer.receive(10),
                () -> consumer.setMessageListener(message -> { }),
                consumer::getMessageListener));
        consumer.close();
    }

    @Test
    void theProducersAndConsumersOfAClosedContextAreIllegalStateRuntimeException() throws Exception {
        JMSContext context = connectionFactory().createContext();
        Queue queue = newQueue();
        JMSProducer producer = context.createProducer();
        JMSConsumer consumer = context.createConsumer(queue);
        context.close();
        assertEachThrows(IllegalStateRuntimeException.class, List.of(
                () -> producer.send(queue, "x"),
                consumer::receiveNoWait,
                () -> consumer.receiveBody(String.class, 10),
                () -> context.createBrowser(queue),
                context::createTemporaryQueue,
                context::acknowledge,
                context::recover));
    }

    @Test
    void theClientIdCannotBeSetOnceTheConnectionStarted() throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        connection.start();
        assertThatThrownBy(() -> connection.setClientID(unique("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnknownSessionModeIsRefused() throws Exception {
        Connection connection = connection();
        assertThatThrownBy(() -> connection.createSession(99)).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> connection.createSession(false, -7)).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> closing(connectionFactory().createContext(99))).isInstanceOf(JMSRuntimeException.class);
        assertThat(connection.createSession(Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.DUPS_OK_ACKNOWLEDGE);
    }

    /** Names the broker cannot hold as a topic (see README: the broker's topic rules): refused when named. */
    private static final List<String> INVALID_NAMES = List.of("", "has space", "slash/ed", "dotted.name", "ümlaut",
            "x".repeat(128), "TBW102", "rmq_sys_internal", "SCHEDULE_TOPIC_XXXX");

    @Test
    void aDestinationNameTheProviderCannotHoldIsInvalidDestination() throws Exception {
        Session session = session();
        JMSContext context = context();
        for (String name : INVALID_NAMES) {
            assertThatThrownBy(() -> session.createQueue(name)).as("queue [" + name + "]")
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> session.createTopic(name)).as("topic [" + name + "]")
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> context.createQueue(name)).as("context queue [" + name + "]")
                    .isInstanceOf(InvalidDestinationRuntimeException.class);
        }
        assertThat(session.createQueue("x".repeat(127)).getQueueName()).hasSize(127);
        assertThatThrownBy(() -> session.createQueue(null)).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void anInvalidNameInJndiIsANamingException() {
        for (String name : List.of("has space", "TBW102")) {
            assertThatThrownBy(() -> lookup("dynamicQueues/" + name)).isInstanceOf(NamingException.class);
            assertThatThrownBy(() -> lookup("dynamicTopics/" + name)).isInstanceOf(NamingException.class);
        }
    }

    /** A destination of another implementation is used by its name; one whose name we cannot hold is refused. */
    @Test
    void aForeignDestinationIsUsedByNameOrRefused() throws Exception {
        Session session = session();
        String name = unique("foreignQ");
        Queue foreign = () -> name;
        session.createProducer(foreign).send(session.createTextMessage("through a foreign queue"));
        assertThat(((TextMessage) expect(session.createConsumer(newQueueNamed(name)))).getText())
                .isEqualTo("through a foreign queue");
        Queue badlyNamed = () -> "bad name";
        assertThatThrownBy(() -> session.createConsumer(badlyNamed)).isInstanceOf(InvalidDestinationException.class);
        Destination neither = new Destination() { };
        assertThatThrownBy(() -> session.createConsumer(neither)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.createProducer(neither)).isInstanceOf(InvalidDestinationException.class);
    }

    private static Queue newQueueNamed(String name) throws NamingException {
        return (Queue) lookup("dynamicQueues/" + name);
    }

    /** The README: a temporary topic's name used as a queue's (or the reverse) is not that destination. */
    @Test
    void aTemporaryDestinationsNameInTheOtherDomainIsInvalidDestination() throws Exception {
        Session session = session();
        String topicName = session.createTemporaryTopic().getTopicName();
        String queueName = session.createTemporaryQueue().getQueueName();
        Queue topicAsQueue = () -> topicName;
        Topic queueAsTopic = () -> queueName;
        assertThatThrownBy(() -> session.createConsumer(topicAsQueue)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.createBrowser(topicAsQueue).getEnumeration())
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.createConsumer(queueAsTopic)).isInstanceOf(InvalidDestinationException.class);
    }

    private static final String BAD_SELECTOR = "colour = 'red' AND";

    @Test
    void anInvalidSelectorIsRefusedWhereverOneIsGiven() throws Exception {
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        Topic topic = newTopic();
        String name = unique("sub");
        assertEachThrows(InvalidSelectorException.class, List.of(
                () -> session.createConsumer(queue, BAD_SELECTOR),
                () -> session.createConsumer(topic, BAD_SELECTOR, true),
                () -> session.createBrowser(queue, BAD_SELECTOR),
                () -> session.createDurableConsumer(topic, name, BAD_SELECTOR, false),
                () -> session.createDurableSubscriber(topic, name, BAD_SELECTOR, false),
                () -> session.createSharedConsumer(topic, name, BAD_SELECTOR),
                () -> session.createSharedDurableConsumer(topic, name, BAD_SELECTOR)));
        assertThatThrownBy(() -> session.unsubscribe(name)).as("no subscription was created")
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void anInvalidSelectorInTheDomainApisIsInvalidSelector() throws Exception {
        QueueConnection queueConnection = closing(((QueueConnectionFactory) connectionFactory()).createQueueConnection());
        QueueSession queueSession = queueConnection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> queueSession.createReceiver(newQueue(), BAD_SELECTOR))
                .isInstanceOf(InvalidSelectorException.class);
        TopicConnection topicConnection = closing(((TopicConnectionFactory) connectionFactory()).createTopicConnection());
        TopicSession topicSession = topicConnection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> topicSession.createSubscriber(newTopic(), BAD_SELECTOR, false))
                .isInstanceOf(InvalidSelectorException.class);
    }

    @Test
    void anInvalidSelectorThroughTheSimplifiedApiIsInvalidSelectorRuntimeException() throws Exception {
        JMSContext context = closing(durableConnectionFactory().createContext());
        Topic topic = newTopic();
        String name = unique("sub");
        assertEachThrows(InvalidSelectorRuntimeException.class, List.of(
                () -> context.createConsumer(topic, BAD_SELECTOR, false),
                () -> context.createDurableConsumer(topic, name, BAD_SELECTOR, false),
                () -> context.createSharedConsumer(topic, name, BAD_SELECTOR),
                () -> context.createSharedDurableConsumer(topic, name, BAD_SELECTOR),
                () -> context.createBrowser(newQueue(), BAD_SELECTOR)));
        assertThatThrownBy(() -> context.unsubscribe(name)).isInstanceOf(InvalidDestinationRuntimeException.class);
    }

    /** After every kind of refusal above, on one connection, the broker still has what it stored before. */
    @Test
    void refusedCallsLeaveTheStoredMessagesAndTheSessionIntact() throws Exception {
        Queue queue = newQueue();
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(queue);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            producer.send(session.createTextMessage("stored " + i));
            sent.add("stored " + i);
        }
        Topic topic = newTopic();
        for (String selector : List.of(BAD_SELECTOR, "(", "a IN (1)", "x LIKE 5")) {
            assertThatThrownBy(() -> session.createConsumer(queue, selector)).isInstanceOf(InvalidSelectorException.class);
            assertThatThrownBy(() -> session.createDurableConsumer(topic, unique("sub"), selector, false))
                    .isInstanceOf(InvalidSelectorException.class);
        }
        assertThatThrownBy(() -> session.createConsumer(session.createQueue("bad name")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> session.unsubscribe(unique("never"))).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> producer.send(newQueue(), session.createMessage()))
                .isInstanceOf(UnsupportedOperationException.class);
        producer.send(session.createTextMessage("stored after"));
        sent.add("stored after");
        MessageConsumer consumer = session().createConsumer(queue);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            received.add(((TextMessage) expect(consumer)).getText());
        }
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }
}
