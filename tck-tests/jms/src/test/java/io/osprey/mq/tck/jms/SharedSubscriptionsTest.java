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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Section 8.3.3-8.3.5 "Shared non-durable and durable subscriptions": a shared subscription's consumers share its
 * messages, it ends (non-durable) with its last consumer or stays (durable) until unsubscribed, and a name in use
 * cannot be reused with another topic, selector or kind while a consumer is active.
 */
class SharedSubscriptionsTest extends JmsTck {
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
    void aSharedSubscriptionSharesItsMessagesAmongItsConsumers() throws Exception {
        Topic topic = newTopic();
        String name = unique("shared");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(20);
        for (int i = 0; i < 2; i++) {
            session().createSharedConsumer(topic, name).setMessageListener(message -> {
                try {
                    received.add(((TextMessage) message).getText());
                } catch (JMSException e) {
                    received.add(e.toString());
                }
                all.countDown();
            });
        }
        Session session = session();
        for (int i = 0; i < 20; i++) {
            send(session, topic, "m" + i);
        }
        assertThat(all.await(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        send(session, topic, "last");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("last"));
        assertThat(received).hasSize(21).doesNotHaveDuplicates();
    }

    @Test
    void aSharedSubscriptionIsSeparateFromOtherSubscriptionsOfTheTopic() throws Exception {
        Topic topic = newTopic();
        Session session = session();
        MessageConsumer shared = session.createSharedConsumer(topic, unique("shared"));
        MessageConsumer plain = session.createConsumer(topic);
        send(session, topic, "both");
        assertThat(text(shared)).isEqualTo("both");
        assertThat(text(plain)).isEqualTo("both");
    }

    @Test
    void aSharedDurableSubscriptionKeepsMessagesWithoutConsumers() throws Exception {
        Topic topic = newTopic();
        String name = unique("sharedDurable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createSharedDurableConsumer(topic, name).close();
        send(session, topic, "kept");
        MessageConsumer back = session.createSharedDurableConsumer(topic, name);
        assertThat(text(back)).isEqualTo("kept");
        back.close();
        session.unsubscribe(name);
    }

    @Test
    void aSharedDurableSubscriptionNeedsNoClientId() throws Exception {
        Topic topic = newTopic();
        String name = unique("sharedDurable");
        Session session = session();
        MessageConsumer consumer = session.createSharedDurableConsumer(topic, name);
        send(session, topic, "m");
        assertThat(text(consumer)).isEqualTo("m");
        consumer.close();
        session.unsubscribe(name);
    }

    @Test
    void aSharedConsumerOnAnotherTopicOfTheSameActiveNameIsRefused() throws Exception {
        String name = unique("shared");
        Session session = session();
        session.createSharedConsumer(newTopic(), name);
        assertThatThrownBy(() -> session.createSharedConsumer(newTopic(), name)).isInstanceOf(JMSException.class);
    }

    @Test
    void aSharedNonDurableSubscriptionEndsWithItsLastConsumer() throws Exception {
        Topic topic = newTopic();
        String name = unique("shared");
        Session session = session();
        session.createSharedConsumer(topic, name).close();
        send(session, topic, "nobody subscribed");
        MessageConsumer fresh = session.createSharedConsumer(topic, name);
        send(session, topic, "subscribed");
        assertThat(text(fresh)).isEqualTo("subscribed");
    }

    @Test
    void aSharedConsumerWithAnotherSelectorOnAnActiveSubscriptionIsRefused() throws Exception {
        Topic topic = newTopic();
        String name = unique("shared");
        Session session = session();
        session.createSharedConsumer(topic, name, "a = 1");
        assertThatThrownBy(() -> session.createSharedConsumer(topic, name, "a = 2"))
                .isInstanceOf(JMSException.class);
    }

    @Test
    void sharedConsumersWithTheSameSelectorShareTheSubscription() throws Exception {
        Topic topic = newTopic();
        String name = unique("shared");
        Session session = session();
        MessageConsumer one = session.createSharedConsumer(topic, name, "n > 0");
        MessageConsumer two = session().createSharedConsumer(topic, name, "n > 0");
        assertThat(two).isNotNull();
        MessageProducer producer = session.createProducer(topic);
        TextMessage zero = session.createTextMessage("zero");
        zero.setIntProperty("n", 0);
        producer.send(zero);
        TextMessage positive = session.createTextMessage("positive");
        positive.setIntProperty("n", 1);
        producer.send(positive);
        two.close();
        assertThat(text(one)).isEqualTo("positive");
    }

    @Test
    void anActiveUnsharedDurableNameCannotBeUsedForASharedDurableSubscription() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer unshared = session.createDurableConsumer(topic, name);
        assertThatThrownBy(() -> session.createSharedDurableConsumer(topic, name)).isInstanceOf(JMSException.class);
        unshared.close();
        session.unsubscribe(name);
    }

    @Test
    void unsubscribingASharedDurableSubscriptionWithAnActiveConsumerIsRefused() throws Exception {
        Topic topic = newTopic();
        String name = unique("sharedDurable");
        Session session = session();
        MessageConsumer active = session.createSharedDurableConsumer(topic, name);
        assertThatThrownBy(() -> session.unsubscribe(name)).isInstanceOf(JMSException.class);
        active.close();
        session.unsubscribe(name);
    }

    @Test
    void aSharedDurableSubscriptionIsSharedAcrossConnections() throws Exception {
        Topic topic = newTopic();
        String name = unique("sharedDurable");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(10);
        List<MessageConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            MessageConsumer consumer = session().createSharedDurableConsumer(topic, name);
            consumers.add(consumer);
            consumer.setMessageListener(message -> {
                try {
                    received.add(((TextMessage) message).getText());
                } catch (JMSException e) {
                    received.add(e.toString());
                }
                all.countDown();
            });
        }
        Session session = session();
        for (int i = 0; i < 10; i++) {
            send(session, topic, "m" + i);
        }
        assertThat(all.await(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        send(session, topic, "last");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("last"));
        assertThat(received).hasSize(11).doesNotHaveDuplicates();
        for (MessageConsumer consumer : consumers) {
            consumer.close();
        }
        session.unsubscribe(name);
    }
}
