package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Sections 4.2 "Topic semantics" and 8.3 "Creating a consumer on a topic": non-durable subscribers each get every
 * message, unshared durable subscriptions keep messages while no consumer is active and are deleted by unsubscribe
 * only, and noLocal. Shared subscriptions are in {@link SharedSubscriptionsTest}.
 */
class TopicSubscriptionsTest extends JmsTck {
    private static void send(Session session, Topic topic, String... texts) throws JMSException {
        MessageProducer producer = session.createProducer(topic);
        for (String text : texts) {
            producer.send(session.createTextMessage(text));
        }
        producer.close();
    }

    private static String text(MessageConsumer consumer) throws JMSException {
        return ((TextMessage) expect(consumer)).getText();
    }

    @Test
    void everyNonDurableSubscriberGetsEveryMessage() throws Exception {
        Session session = session();
        Topic topic = newTopic();
        MessageConsumer one = session.createConsumer(topic);
        MessageConsumer two = session().createConsumer(topic);
        send(session, topic, "a", "b");
        assertThat(List.of(text(one), text(one))).containsExactly("a", "b");
        assertThat(List.of(text(two), text(two))).containsExactly("a", "b");
    }

    @Test
    void aNonDurableSubscriberDoesNotSeeMessagesSentBeforeItExisted() throws Exception {
        Session session = session();
        Topic topic = newTopic();
        send(session, topic, "before");
        MessageConsumer consumer = session.createConsumer(topic);
        send(session, topic, "after");
        assertThat(text(consumer)).isEqualTo("after");
    }

    @Test
    void aDurableSubscriptionKeepsMessagesWhileItHasNoConsumer() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Connection connection = durableConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableSubscriber(topic, name).close();
        send(session, topic, "while away");
        MessageConsumer back = session.createDurableConsumer(topic, name);
        assertThat(text(back)).isEqualTo("while away");
        back.close();
        session.unsubscribe(name);
    }

    @Test
    void aDurableSubscriptionSurvivesItsConnection() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Connection first = durableConnectionFactory().createConnection();
        first.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(topic, name);
        first.close();
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        send(session, topic, "kept");
        MessageConsumer consumer = session.createDurableConsumer(topic, name);
        assertThat(text(consumer)).isEqualTo("kept");
        consumer.close();
        session.unsubscribe(name);
    }

    @Test
    void aDurableSubscriptionHasOneActiveConsumerAtATime() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer active = session.createDurableConsumer(topic, name);
        assertThatThrownBy(() -> session.createDurableConsumer(topic, name)).isInstanceOf(JMSException.class);
        active.close();
        session.unsubscribe(name);
    }

    @Test
    void unsubscribingAnActiveDurableSubscriptionIsIllegalState() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer active = session.createDurableConsumer(topic, name);
        assertThatThrownBy(() -> session.unsubscribe(name)).isInstanceOf(IllegalStateException.class);
        active.close();
        session.unsubscribe(name);
    }

    @Test
    void unsubscribingAnUnknownNameIsInvalidDestination() throws Exception {
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> session.unsubscribe(unique("never")))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void unsubscribeDeletesTheSubscriptionAndItsMessages() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableConsumer(topic, name).close();
        send(session, topic, "dropped");
        session.unsubscribe(name);
        MessageConsumer fresh = session.createDurableConsumer(topic, name);
        send(session, topic, "new");
        assertThat(text(fresh)).isEqualTo("new");
        fresh.close();
        session.unsubscribe(name);
    }

    @Test
    void changingTheTopicOfADurableSubscriptionReplacesIt() throws Exception {
        Topic first = newTopic();
        Topic second = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableConsumer(first, name).close();
        send(session, first, "old topic");
        MessageConsumer replaced = session.createDurableConsumer(second, name);
        send(session, second, "new topic");
        assertThat(text(replaced)).isEqualTo("new topic");
        replaced.close();
        session.unsubscribe(name);
    }

    @Test
    void changingTheSelectorOfADurableSubscriptionReplacesIt() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableConsumer(topic, name, "colour = 'red'", false).close();
        MessageProducer producer = session.createProducer(topic);
        TextMessage red = session.createTextMessage("red while away");
        red.setStringProperty("colour", "red");
        producer.send(red);
        MessageConsumer replaced = session.createDurableConsumer(topic, name, "colour = 'blue'", false);
        TextMessage blue = session.createTextMessage("blue");
        blue.setStringProperty("colour", "blue");
        producer.send(blue);
        assertThat(text(replaced)).isEqualTo("blue");
        replaced.close();
        session.unsubscribe(name);
    }

    @Test
    void aDurableSubscriberWithASelectorGetsOnlyMatchingMessages() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createDurableSubscriber(topic, name, "n > 1", false);
        MessageProducer producer = session.createProducer(topic);
        for (int n = 0; n < 4; n++) {
            TextMessage message = session.createTextMessage("n" + n);
            message.setIntProperty("n", n);
            producer.send(message);
        }
        assertThat(List.of(text(consumer), text(consumer))).containsExactly("n2", "n3");
        consumer.close();
        session.unsubscribe(name);
    }

    @Test
    void aDurableSubscriptionNeedsAClientId() throws Exception {
        Session session = session();
        assertThatThrownBy(() -> session.createDurableConsumer(newTopic(), unique("durable")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noLocalDropsTheConnectionsOwnMessages() throws Exception {
        Topic topic = newTopic();
        Connection connection = connection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer noLocal = session.createConsumer(topic, null, true);
        send(session, topic, "own");
        send(session(), topic, "foreign");
        assertThat(text(noLocal)).isEqualTo("foreign");
    }

    @Test
    void aDurableNoLocalSubscriberDropsTheConnectionsOwnMessages() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer noLocal = session.createDurableConsumer(topic, name, null, true);
        send(session, topic, "own");
        send(session(), topic, "foreign");
        assertThat(text(noLocal)).isEqualTo("foreign");
        noLocal.close();
        session.unsubscribe(name);
    }

    @Test
    void aTopicSubscriberSeesOneProducersMessagesInOrder() throws Exception {
        Topic topic = newTopic();
        Session session = session();
        MessageConsumer consumer = session.createConsumer(topic);
        List<String> sent = new ArrayList<>();
        MessageProducer producer = session.createProducer(topic);
        for (int i = 0; i < 30; i++) {
            sent.add("m" + i);
            producer.send(session.createTextMessage("m" + i));
        }
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            received.add(text(consumer));
        }
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void closingANonDurableSubscriberDropsItsSubscription() throws Exception {
        Topic topic = newTopic();
        Session session = session();
        session.createConsumer(topic).close();
        send(session, topic, "unseen");
        MessageConsumer fresh = session.createConsumer(topic);
        send(session, topic, "seen");
        assertThat(text(fresh)).isEqualTo("seen");
    }

    @Test
    void aDurableSubscriptionRedeliversUnacknowledgedMessagesAfterClose() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Connection connection = durableConnection();
        Session clientAck = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = clientAck.createDurableConsumer(topic, name);
        send(session(), topic, "unacknowledged");
        assertThat(text(consumer)).isEqualTo("unacknowledged");
        clientAck.close();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer back = session.createDurableConsumer(topic, name);
        Message again = expect(back);
        assertThat(((TextMessage) again).getText()).isEqualTo("unacknowledged");
        assertThat(again.getJMSRedelivered()).isTrue();
        back.close();
        session.unsubscribe(name);
    }

    @Test
    void aDurableSubscriptionDeliversWaitingMessagesByPriority() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableConsumer(topic, name).close();
        MessageProducer producer = session.createProducer(topic);
        producer.send(session.createTextMessage("low"), jakarta.jms.DeliveryMode.PERSISTENT, 0, 0);
        producer.send(session.createTextMessage("high"), jakarta.jms.DeliveryMode.PERSISTENT, 9, 0);
        MessageConsumer consumer = session.createDurableConsumer(topic, name);
        assertThat(List.of(text(consumer), text(consumer))).containsExactly("high", "low");
        consumer.close();
        session.unsubscribe(name);
    }

    @RepeatedTest(20)
    void aClientAcknowledgedDurableSubscriberRecovers() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createDurableConsumer(topic, name);
        send(session(), topic, "a", "b");
        assertThat(text(consumer)).isEqualTo("a");
        session.recover();
        Message again = expect(consumer);
        assertThat(((TextMessage) again).getText()).isEqualTo("a");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(text(consumer)).isEqualTo("b");
        again.acknowledge();
        consumer.close();
        session.unsubscribe(name);
    }
}
