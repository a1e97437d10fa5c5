package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Delivery on queues: order of one producer's messages (6.2.9), one consumer per message (4.1), priority
 * (3.4.10), expiration (3.4.9), delivery delay (7.9), held and timed receives (8.5), selectors leaving messages for
 * others. Acknowledgement and recover are in {@link AcknowledgeAndRecoverTest}.
 */
class DeliveryTest extends JmsTck {
    private static List<String> texts(MessageConsumer consumer, int count) throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(((TextMessage) expect(consumer)).getText());
        }
        return texts;
    }

    private static void sendTexts(Session session, Queue queue, String... texts) throws Exception {
        MessageProducer producer = session.createProducer(queue);
        for (String text : texts) {
            producer.send(session.createTextMessage(text));
        }
        producer.close();
    }

    @Test
    void oneProducersMessagesArriveInSendOrder() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add("m" + i);
            producer.send(session.createTextMessage("m" + i));
        }
        assertThat(texts(session.createConsumer(queue), 50)).containsExactlyElementsOf(sent);
    }

    @Test
    void oneProducersNonPersistentMessagesArriveInSendOrder() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add("m" + i);
            producer.send(session.createTextMessage("m" + i));
        }
        assertThat(texts(session.createConsumer(queue), 50)).containsExactlyElementsOf(sent);
    }

    @Test
    void closingAConsumerReturnsItsUndeliveredMessagesToTheQueue() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        sendTexts(session, queue, "a", "b", "c", "d");
        MessageConsumer first = session.createConsumer(queue);
        assertThat(texts(first, 1)).containsExactly("a");
        first.close();
        assertThat(texts(session().createConsumer(queue), 3)).containsExactly("b", "c", "d");
    }

    @Test
    void higherPriorityMessagesWaitingTogetherAreDeliveredFirst() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("low"), DeliveryMode.PERSISTENT, 1, 0);
        producer.send(session.createTextMessage("normal"), DeliveryMode.PERSISTENT, 4, 0);
        producer.send(session.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(texts(consumer, 3)).containsExactly("high", "normal", "low");
    }

    @Test
    void anExpiredMessageIsNeverDelivered() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        MessageProducer producer = session.createProducer(queue);
        Message expiring = session.createTextMessage("expiring");
        producer.send(expiring, DeliveryMode.PERSISTENT, 4, 100);
        producer.send(session.createTextMessage("lasting"));
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > expiring.getJMSExpiration());
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(texts(consumer, 1)).containsExactly("lasting");
    }

    @Test
    void aDelayedMessageIsNotDeliveredBeforeItsDeliveryTime() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(1000);
        Message delayed = session.createTextMessage("delayed");
        producer.send(delayed);
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("now"));
        assertThat(texts(consumer, 1)).containsExactly("now");
        Message later = expect(consumer);
        assertThat(((TextMessage) later).getText()).isEqualTo("delayed");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(delayed.getJMSDeliveryTime());
    }

    @Test
    void aQueueMessageGoesToExactlyOneOfItsConsumers() throws Exception {
        Queue queue = newQueue();
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch twenty = new java.util.concurrent.CountDownLatch(20);
        for (int i = 0; i < 2; i++) {
            session().createConsumer(queue).setMessageListener(message -> {
                try {
                    received.add(((TextMessage) message).getText());
                } catch (jakarta.jms.JMSException e) {
                    received.add(e.toString());
                }
                twenty.countDown();
            });
        }
        Session producing = session();
        for (int i = 0; i < 20; i++) {
            sendTexts(producing, queue, "m" + i);
        }
        assertThat(twenty.await(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        // a last message, received after the twenty: had any gone to both consumers, it would be among them
        sendTexts(producing, queue, "last");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("last"));
        assertThat(received).hasSize(21).doesNotHaveDuplicates();
    }

    @Test
    void aQueueKeepsMessagesSentBeforeAnyConsumer() throws Exception {
        Queue queue = newQueue();
        sendTexts(session(), queue, "early");
        assertThat(texts(session().createConsumer(queue), 1)).containsExactly("early");
    }

    @Test
    void aNonPersistentMessageIsDeliveredAsNonPersistent() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        session.createProducer(queue).send(session.createTextMessage("np"), DeliveryMode.NON_PERSISTENT, 4, 0);
        assertThat(expect(session.createConsumer(queue)).getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
    }

    @Test
    void aBlockedReceiveReturnsAMessageSentLater() throws Exception {
        Queue queue = newQueue();
        MessageConsumer consumer = session().createConsumer(queue);
        java.util.concurrent.CompletableFuture<Message> received = new java.util.concurrent.CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(consumer.receive());
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        });
        receiver.start();
        awaitBlocked(receiver);
        sendTexts(session(), queue, "later");
        Message message = received.get(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(((TextMessage) message).getText()).isEqualTo("later");
    }

    @Test
    void aReceiveWithATimeoutReturnsNullWhenNothingComes() throws Exception {
        MessageConsumer consumer = session().createConsumer(newQueue());
        long start = System.nanoTime();
        assertThat(consumer.receive(200)).isNull();
        assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(190);
    }

    @Test
    void messagesSentWhileTheConnectionIsStoppedCanBeSent() throws Exception {
        Connection connection = closing(connectionFactory().createConnection());
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = newQueue();
        sendTexts(session, queue, "sent while stopped");
        assertThat(texts(session().createConsumer(queue), 1)).containsExactly("sent while stopped");
    }

    @Test
    void aQueueConsumersSelectorLeavesOtherMessagesForOtherConsumers() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        MessageConsumer red = session.createConsumer(queue, "colour = 'red'");
        MessageProducer producer = session.createProducer(queue);
        for (String colour : List.of("blue", "red", "blue", "red")) {
            Message message = session.createTextMessage(colour);
            message.setStringProperty("colour", colour);
            producer.send(message);
        }
        assertThat(texts(red, 2)).containsExactly("red", "red");
        assertThat(red.receive(NO_MESSAGE_MILLIS)).isNull();
        assertThat(texts(session().createConsumer(queue), 2)).containsExactly("blue", "blue");
    }
}
