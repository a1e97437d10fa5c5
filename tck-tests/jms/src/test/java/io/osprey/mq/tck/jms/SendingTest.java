package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Chapter 7 "Sending messages": asynchronous sends (7.3: not on the sending thread, in send order, close waits,
 * what a CompletionListener may not call), the producer's properties and headers overriding the message's (7.5,
 * 7.6), a message sent through any session (6.2.4), and 7.9's rule for delayed messages on topics.
 */
class SendingTest extends JmsTck {
    /** Completes with the thread a callback ran on, or with what the callback's action threw. */
    private static final class Recording implements CompletionListener {
        final List<String> order = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done;

        Recording(int sends) {
            done = new CountDownLatch(sends);
        }

        @Override
        public void onCompletion(Message message) {
            try {
                order.add(((TextMessage) message).getText());
            } catch (Exception e) {
                order.add(e.toString());
            }
            threads.add(Thread.currentThread());
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            order.add("failed: " + exception);
            done.countDown();
        }
    }

    @Test
    void completionListenersRunOffTheSendingThreadInSendOrder() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        Recording recording = new Recording(20);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add("m" + i);
            producer.send(session.createTextMessage("m" + i), recording);
        }
        assertThat(recording.done.await(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(recording.order).containsExactlyElementsOf(sent);
        assertThat(recording.threads).doesNotContain(Thread.currentThread());
        MessageConsumer consumer = session.createConsumer(queue);
        for (String text : sent) {
            assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo(text);
        }
    }

    @Test
    void closingTheProducerWaitsForItsIncompleteSends() throws Exception {
        Session session = session();
        MessageProducer producer = session.createProducer(newQueue());
        Recording recording = new Recording(10);
        for (int i = 0; i < 10; i++) {
            producer.send(session.createTextMessage("m" + i), recording);
        }
        producer.close();
        assertThat(recording.done.getCount()).isZero();
    }

    @Test
    void mixedSynchronousAndAsynchronousSendsKeepOrder() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        Recording recording = new Recording(5);
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                producer.send(session.createTextMessage("m" + i), recording);
            } else {
                producer.send(session.createTextMessage("m" + i));
            }
        }
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 10; i++) {
            assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("m" + i);
        }
    }

    private CompletableFuture<Throwable> callInCompletionListener(MessageProducer producer, Message message,
                                                                  CompletionAction action) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        producer.send(message, new CompletionListener() {
            @Override
            public void onCompletion(Message completed) {
                try {
                    action.run();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            }

            @Override
            public void onException(Message failed, Exception exception) {
                outcome.completeExceptionally(exception);
            }
        });
        return outcome;
    }

    private interface CompletionAction {
        void run() throws Exception;
    }

    @Test
    void aCompletionListenerClosingItsOwnProducerGetsIllegalState() throws Exception {
        Session session = session();
        MessageProducer producer = session.createProducer(newQueue());
        assertThat(callInCompletionListener(producer, session.createTextMessage("m"), producer::close)
                .get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCompletionListenerClosingItsOwnSessionGetsIllegalState() throws Exception {
        Session session = session();
        MessageProducer producer = session.createProducer(newQueue());
        assertThat(callInCompletionListener(producer, session.createTextMessage("m"), session::close)
                .get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCompletionListenerCommittingItsOwnSessionGetsIllegalState() throws Exception {
        Session session = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(newQueue());
        CompletableFuture<Throwable> outcome = callInCompletionListener(producer, session.createTextMessage("m"),
                session::commit);
        Throwable thrown = outcome.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(thrown).isInstanceOf(IllegalStateException.class);
        session.rollback();
    }

    @Test
    void aCompletionListenerClosingItsOwnContextGetsIllegalStateRuntimeException() throws Exception {
        JMSContext context = context();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        context.createProducer().setAsync(new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    context.close();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                outcome.completeExceptionally(exception);
            }
        }).send(newQueue(), "m");
        assertThat(outcome.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void theProducersPropertiesAndHeadersOverrideTheMessages() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        TextMessage message = context.createTextMessage("m");
        message.setStringProperty("p", "from message");
        message.setStringProperty("kept", "k");
        message.setJMSCorrelationID("message-corr");
        message.setJMSType("message-type");
        context.createProducer().setProperty("p", "from producer").setJMSCorrelationID("producer-corr")
                .setJMSType("producer-type").send(queue, message);
        Message received = consumer.receive(RECEIVE_MILLIS);
        assertThat(received.getStringProperty("p")).isEqualTo("from producer");
        assertThat(received.getStringProperty("kept")).isEqualTo("k");
        assertThat(received.getJMSCorrelationID()).isEqualTo("producer-corr");
        assertThat(received.getJMSType()).isEqualTo("producer-type");
    }

    @Test
    void aMessageMayBeSentThroughAnotherSession() throws Exception {
        Session creating = session();
        Session sending = session();
        Queue queue = newQueue();
        sending.createProducer(queue).send(creating.createTextMessage("made elsewhere"));
        assertThat(((TextMessage) expect(sending.createConsumer(queue))).getText()).isEqualTo("made elsewhere");
    }

    @Test
    void aMessageCanBeChangedAndSentAgain() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        TextMessage message = session.createTextMessage("first");
        producer.send(message);
        String firstId = message.getJMSMessageID();
        message.setText("second");
        producer.send(message);
        assertThat(message.getJMSMessageID()).isNotEqualTo(firstId);
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("first");
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("second");
    }

    @Test
    void aDelayedTopicMessageGoesOnlyToSubscriptionsThatExistedAtSend() throws Exception {
        Session session = session();
        Topic topic = newTopic();
        MessageConsumer before = session.createConsumer(topic);
        MessageProducer producer = session.createProducer(topic);
        producer.setDeliveryDelay(500);
        producer.send(session.createTextMessage("delayed"));
        MessageConsumer after = session().createConsumer(topic);
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("marker"));
        assertThat(((TextMessage) expect(before)).getText()).isEqualTo("marker");
        assertThat(((TextMessage) expect(before)).getText()).isEqualTo("delayed");
        assertThat(((TextMessage) expect(after)).getText()).isEqualTo("marker");
        assertThat(after.receive(1000)).isNull();
    }

    @Test
    void anExpiredTopicMessageIsNotDeliveredToADurableSubscriber() throws Exception {
        Topic topic = newTopic();
        String name = unique("durable");
        Session session = durableConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableConsumer(topic, name).close();
        MessageProducer producer = session.createProducer(topic);
        Message expiring = session.createTextMessage("expiring");
        producer.send(expiring, jakarta.jms.DeliveryMode.PERSISTENT, 4, 100);
        producer.send(session.createTextMessage("lasting"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> System.currentTimeMillis() > expiring.getJMSExpiration());
        MessageConsumer consumer = session.createDurableConsumer(topic, name);
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("lasting");
        consumer.close();
        session.unsubscribe(name);
    }

    private static jakarta.jms.BytesMessage tooLarge(Session session) throws Exception {
        // the standalone server's default limit is 4 MiB of body
        jakarta.jms.BytesMessage message = session.createBytesMessage();
        message.writeBytes(new byte[6 << 20]);
        return message;
    }

    @Test
    void aMessageTheServerRefusesFailsTheSendAndTheSessionGoesOn() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> producer.send(tooLarge(session)))
                .isInstanceOf(jakarta.jms.JMSException.class);
        producer.send(session.createTextMessage("after the refusal"));
        assertThat(((TextMessage) expect(session.createConsumer(queue))).getText()).isEqualTo("after the refusal");
    }

    @Test
    void anAsynchronousSendTheServerRefusesIsReportedOnce() throws Exception {
        Session session = session();
        MessageProducer producer = session.createProducer(newQueue());
        CompletableFuture<Exception> failed = new CompletableFuture<>();
        try {
            producer.send(tooLarge(session), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    failed.completeExceptionally(new AssertionError("a refused send completed"));
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failed.complete(exception);
                }
            });
        } catch (jakarta.jms.JMSException thrownInTheSendingThread) {
            // 7.3.2: thrown by send, so the listener must not be called; closing the producer waits for callbacks
            producer.close();
            assertThat(failed).isNotDone();
            return;
        }
        assertThat(failed.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(jakarta.jms.JMSException.class);
    }
}
