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
 * Section 6.2.10 "Message acknowledgment" and 8.7 on listeners: what each acknowledge mode acknowledges,
 * {@code recover}, and the redelivered flag and {@code JMSXDeliveryCount} of messages that come again.
 */
class AcknowledgeAndRecoverTest extends JmsTck {
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
    void autoAcknowledgedMessagesAreNotDeliveredAgain() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        sendTexts(session, queue, "a", "b");
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(texts(consumer, 1)).containsExactly("a");
        consumer.close();
        MessageConsumer again = session().createConsumer(queue);
        Message next = expect(again);
        assertThat(((TextMessage) next).getText()).isEqualTo("b");
        assertThat(again.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void clientAcknowledgeAcknowledgesEveryMessageTheSessionConsumed() throws Exception {
        Queue queue = newQueue();
        Connection connection = connection();
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, queue, "a", "b", "c");
        MessageConsumer consumer = session.createConsumer(queue);
        Message a = expect(consumer);
        expect(consumer);
        a.acknowledge(); // acknowledges b too: acknowledge is per session (6.2.10)
        session.close();
        MessageConsumer again = session().createConsumer(queue);
        assertThat(texts(again, 1)).containsExactly("c");
        assertThat(again.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void unacknowledgedMessagesComeBackRedeliveredWhenTheSessionCloses() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, queue, "a");
        assertThat(expect(session.createConsumer(queue)).getJMSRedelivered()).isFalse();
        session.close();
        Message again = expect(session().createConsumer(queue));
        assertThat(((TextMessage) again).getText()).isEqualTo("a");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    }

    @Test
    void recoverRedeliversFromTheFirstUnacknowledgedMessage() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, queue, "a", "b", "c");
        MessageConsumer consumer = session.createConsumer(queue);
        expect(consumer).acknowledge();
        assertThat(texts(consumer, 1)).containsExactly("b");
        session.recover();
        Message b = expect(consumer);
        assertThat(((TextMessage) b).getText()).isEqualTo("b");
        assertThat(b.getJMSRedelivered()).isTrue();
        assertThat(b.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        Message c = expect(consumer);
        assertThat(((TextMessage) c).getText()).isEqualTo("c");
        assertThat(c.getJMSRedelivered()).isFalse();
    }

    @Test
    void everyRecoverRaisesTheDeliveryCount() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, queue, "a");
        MessageConsumer consumer = session.createConsumer(queue);
        for (int delivery = 1; delivery <= 4; delivery++) {
            Message message = expect(consumer);
            assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
            assertThat(message.getJMSRedelivered()).isEqualTo(delivery > 1);
            session.recover();
        }
    }

    @Test
    void recoverInAutoAcknowledgeRedeliversTheLastMessage() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        sendTexts(session, queue, "a", "b");
        MessageConsumer consumer = session.createConsumer(queue);
        java.util.concurrent.CompletableFuture<List<Message>> seen = new java.util.concurrent.CompletableFuture<>();
        List<Message> received = new ArrayList<>();
        consumer.setMessageListener(message -> {
            received.add(message);
            try {
                if (received.size() == 1) {
                    session.recover(); // in a listener: the message being delivered comes again
                } else if (received.size() == 3) {
                    seen.complete(received);
                }
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        List<Message> messages = seen.get(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(((TextMessage) messages.get(0)).getText()).isEqualTo("a");
        assertThat(((TextMessage) messages.get(1)).getText()).isEqualTo("a");
        assertThat(messages.get(1).getJMSRedelivered()).isTrue();
        assertThat(((TextMessage) messages.get(2)).getText()).isEqualTo("b");
    }

    @Test
    void aListenerThatThrowsInAutoAcknowledgeGetsTheMessageAgainRedelivered() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        sendTexts(session, queue, "a");
        java.util.concurrent.CompletableFuture<Message> redelivered = new java.util.concurrent.CompletableFuture<>();
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                if (!message.getJMSRedelivered()) {
                    throw new RuntimeException("first delivery fails, on purpose");
                }
            } catch (jakarta.jms.JMSException e) {
                redelivered.completeExceptionally(e);
            }
            redelivered.complete(message);
        });
        Message message = redelivered.get(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(((TextMessage) message).getText()).isEqualTo("a");
        assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    }

    @Test
    void dupsOkAcknowledgeDeliversEveryMessage() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        sendTexts(session, queue, "a", "b", "c");
        assertThat(texts(session.createConsumer(queue), 3)).containsExactly("a", "b", "c");
    }

    @Test
    void messagesOfOneSessionGoToItsListenerOneAtATime() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        java.util.concurrent.atomic.AtomicInteger inListener = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean overlapped = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(40);
        jakarta.jms.MessageListener listener = message -> {
            if (inListener.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            inListener.decrementAndGet();
            all.countDown();
        };
        Queue other = newQueue();
        session.createConsumer(queue).setMessageListener(listener);
        session.createConsumer(other).setMessageListener(listener);
        Session producing = session();
        for (int i = 0; i < 20; i++) {
            sendTexts(producing, queue, "q" + i);
            sendTexts(producing, other, "o" + i);
        }
        assertThat(all.await(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(overlapped).isFalse();
    }

    @Test
    void aListenerThatThrowsInClientAcknowledgeGetsTheNextMessage() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session(), queue, "a", "b");
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                seen.add(((TextMessage) message).getText() + (message.getJMSRedelivered() ? "*" : ""));
            } catch (jakarta.jms.JMSException e) {
                seen.add(e.toString());
            }
            two.countDown();
            if (seen.size() == 1) {
                throw new RuntimeException("first delivery fails, on purpose");
            }
        });
        assertThat(two.await(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        // 8.7: in CLIENT_ACKNOWLEDGE the session goes on with the next message, no automatic redelivery
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void aConsumerReportsTheListenerItWasGiven() throws Exception {
        MessageConsumer consumer = session().createConsumer(newQueue());
        assertThat(consumer.getMessageListener()).isNull();
        jakarta.jms.MessageListener listener = message -> { };
        consumer.setMessageListener(listener);
        assertThat(consumer.getMessageListener()).isSameAs(listener);
    }

    @RepeatedTest(20)
    void recoverRedeliversFirstEvenWhenLaterMessagesAreStillArriving() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(queue);
        sendTexts(session(), queue, "a", "b");
        assertThat(texts(consumer, 1)).containsExactly("a");
        session.recover();
        Message again = expect(consumer);
        assertThat(((TextMessage) again).getText()).isEqualTo("a");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(texts(consumer, 1)).containsExactly("b");
        again.acknowledge();
    }

    @Test
    void recoverInsideAClientAcknowledgeListenerRedeliversTheUnacknowledgedMessages() throws Exception {
        Queue queue = newQueue();
        Session session = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session(), queue, "a", "b");
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch four = new java.util.concurrent.CountDownLatch(4);
        session.createConsumer(queue).setMessageListener(message -> {
            try {
                seen.add(((TextMessage) message).getText() + (message.getJMSRedelivered() ? "*" : ""));
                if (seen.size() == 2) {
                    session.recover(); // a and b delivered, neither acknowledged: both come again
                } else if (seen.size() == 4) {
                    message.acknowledge();
                }
            } catch (jakarta.jms.JMSException e) {
                seen.add(e.toString());
            }
            four.countDown();
        });
        assertThat(four.await(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seen).containsExactly("a", "b", "a*", "b*");
    }

    /** 3.5.9: JMSX properties may be referenced in selectors; JMSXDeliveryCount counts this message's deliveries. */
    @Test
    void aSelectorSeesTheDeliveryCountOfARedeliveredMessage() throws Exception {
        Queue queue = newQueue();
        Session first = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session(), queue, "returned");
        assertThat(texts(first.createConsumer(queue), 1)).containsExactly("returned");
        first.close();
        MessageConsumer redeliveredOnly = session().createConsumer(queue, "JMSXDeliveryCount > 1");
        Message again = expect(redeliveredOnly);
        assertThat(((TextMessage) again).getText()).isEqualTo("returned");
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    }
}
