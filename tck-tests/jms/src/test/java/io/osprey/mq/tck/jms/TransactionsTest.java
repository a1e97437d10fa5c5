package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Section 6.2.7 "Transactions": a transacted session's sends and receives take effect at commit, rollback drops
 * the sends and redelivers the receives, a closed session rolls back; the same through a transacted JMSContext.
 */
class TransactionsTest extends JmsTck {
    private static String text(Message message) throws Exception {
        return ((TextMessage) message).getText();
    }

    @Test
    void sendsAreInvisibleUntilCommit() throws Exception {
        Connection connection = connection();
        Queue queue = newQueue();
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = transacted.createProducer(queue);
        producer.send(transacted.createTextMessage("a"));
        producer.send(transacted.createTextMessage("b"));
        MessageConsumer observer = session().createConsumer(queue);
        assertThat(observer.receive(NO_MESSAGE_MILLIS)).isNull();
        transacted.commit();
        assertThat(List.of(text(expect(observer)), text(expect(observer)))).containsExactly("a", "b");
    }

    @Test
    void rollbackDropsTheSends() throws Exception {
        Queue queue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = transacted.createProducer(queue);
        producer.send(transacted.createTextMessage("dropped"));
        transacted.rollback();
        producer.send(transacted.createTextMessage("kept"));
        transacted.commit();
        MessageConsumer observer = session().createConsumer(queue);
        assertThat(text(expect(observer))).isEqualTo("kept");
        assertThat(observer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void rollbackRedeliversTheReceivedMessagesMarkedRedelivered() throws Exception {
        Queue queue = newQueue();
        Session plain = session();
        MessageProducer producer = plain.createProducer(queue);
        producer.send(plain.createTextMessage("a"));
        producer.send(plain.createTextMessage("b"));
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        assertThat(text(expect(consumer))).isEqualTo("a");
        assertThat(text(expect(consumer))).isEqualTo("b");
        transacted.rollback();
        Message a = expect(consumer);
        assertThat(text(a)).isEqualTo("a");
        assertThat(a.getJMSRedelivered()).isTrue();
        assertThat(a.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(text(expect(consumer))).isEqualTo("b");
        transacted.commit();
    }

    @Test
    void committedReceivesAreNotDeliveredAgain() throws Exception {
        Queue queue = newQueue();
        Session plain = session();
        plain.createProducer(queue).send(plain.createTextMessage("once"));
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        assertThat(text(expect(consumer))).isEqualTo("once");
        transacted.commit();
        transacted.close();
        assertThat(session().createConsumer(queue).receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void closingATransactedSessionRollsBack() throws Exception {
        Queue queue = newQueue();
        Session plain = session();
        plain.createProducer(queue).send(plain.createTextMessage("received"));
        Queue sendQueue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        assertThat(text(expect(transacted.createConsumer(queue)))).isEqualTo("received");
        transacted.createProducer(sendQueue).send(transacted.createTextMessage("never committed"));
        transacted.close();
        Message back = expect(session().createConsumer(queue));
        assertThat(text(back)).isEqualTo("received");
        assertThat(back.getJMSRedelivered()).isTrue();
        assertThat(session().createConsumer(sendQueue).receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void closingTheConnectionRollsBackItsTransactions() throws Exception {
        Queue queue = newQueue();
        Connection connection = connectionFactory().createConnection();
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        transacted.createProducer(queue).send(transacted.createTextMessage("never committed"));
        connection.close();
        assertThat(session().createConsumer(queue).receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void aTransactionSpansSeveralDestinations() throws Exception {
        Queue queue = newQueue();
        Topic topic = newTopic();
        Session observing = session();
        MessageConsumer queueObserver = observing.createConsumer(queue);
        MessageConsumer topicObserver = observing.createConsumer(topic);
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        transacted.createProducer(queue).send(transacted.createTextMessage("to queue"));
        transacted.createProducer(topic).send(transacted.createTextMessage("to topic"));
        transacted.commit();
        assertThat(text(expect(queueObserver))).isEqualTo("to queue");
        assertThat(text(expect(topicObserver))).isEqualTo("to topic");
    }

    @Test
    void aReceiveAndASendCommitTogether() throws Exception {
        Queue in = newQueue();
        Queue out = newQueue();
        Session plain = session();
        plain.createProducer(in).send(plain.createTextMessage("request"));
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        Message request = expect(transacted.createConsumer(in));
        transacted.createProducer(out).send(transacted.createTextMessage("reply to " + text(request)));
        transacted.commit();
        assertThat(text(expect(session().createConsumer(out)))).isEqualTo("reply to request");
        assertThat(session().createConsumer(in).receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void acknowledgeInATransactedSessionDoesNothing() throws Exception {
        Queue queue = newQueue();
        Session plain = session();
        plain.createProducer(queue).send(plain.createTextMessage("m"));
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        expect(consumer).acknowledge();
        transacted.rollback();
        assertThat(expect(consumer).getJMSRedelivered()).isTrue();
        transacted.commit();
    }

    @Test
    void aListenerInATransactedSessionCommitsFromTheListener() throws Exception {
        Queue queue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(2);
        transacted.createConsumer(queue).setMessageListener(message -> {
            try {
                received.add(text(message) + (message.getJMSRedelivered() ? "*" : ""));
                if (!message.getJMSRedelivered()) {
                    transacted.rollback();
                } else {
                    transacted.commit();
                }
            } catch (Exception e) {
                received.add(e.toString());
            }
            done.countDown();
        });
        Session plain = session();
        plain.createProducer(queue).send(plain.createTextMessage("m"));
        assertThat(done.await(RECEIVE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(received).containsExactly("m", "m*");
    }

    @Test
    void aTransactedContextCommitsAndRollsBack() throws Exception {
        Queue queue = newQueue();
        JMSContext transacted = context(JMSContext.SESSION_TRANSACTED);
        transacted.createProducer().send(queue, "rolled back");
        transacted.rollback();
        transacted.createProducer().send(queue, "committed");
        transacted.commit();
        JMSConsumer consumer = context().createConsumer(queue);
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("committed");
        assertThat(consumer.receiveNoWait()).isNull();
    }

    @Test
    void aTransactedContextRedeliversOnRollback() throws Exception {
        Queue queue = newQueue();
        context().createProducer().send(queue, "m");
        JMSContext transacted = context(JMSContext.SESSION_TRANSACTED);
        JMSConsumer consumer = transacted.createConsumer(queue);
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("m");
        transacted.rollback();
        Message again = consumer.receive(RECEIVE_MILLIS);
        assertThat(again.getJMSRedelivered()).isTrue();
        transacted.commit();
    }

    @Test
    void recoverOnATransactedContextIsIllegalState() throws Exception {
        JMSContext transacted = context(JMSContext.SESSION_TRANSACTED);
        assertThatThrownBy(transacted::recover).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void acknowledgeOnATransactedContextHasNoEffect() throws Exception {
        Queue queue = newQueue();
        context().createProducer().send(queue, "m");
        JMSContext transacted = context(JMSContext.SESSION_TRANSACTED);
        JMSConsumer consumer = transacted.createConsumer(queue);
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("m");
        transacted.acknowledge();
        transacted.rollback();
        assertThat(consumer.receive(RECEIVE_MILLIS).getJMSRedelivered()).isTrue();
        transacted.commit();
    }

    @Test
    void aTransactedSessionKeepsWorkingAcrossManyTransactions() throws Exception {
        Queue queue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = transacted.createProducer(queue);
        for (int i = 0; i < 10; i++) {
            producer.send(transacted.createTextMessage("t" + i));
            if (i % 2 == 0) {
                transacted.commit();
            } else {
                transacted.rollback();
            }
        }
        MessageConsumer observer = session().createConsumer(queue);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            received.add(text(expect(observer)));
        }
        assertThat(received).containsExactly("t0", "t2", "t4", "t6", "t8");
        assertThat(observer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void aTransactedSessionDoesNotReceiveItsOwnUncommittedSends() throws Exception {
        Queue queue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        transacted.createProducer(queue).send(transacted.createTextMessage("own"));
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        transacted.commit();
        assertThat(text(expect(consumer))).isEqualTo("own");
        transacted.commit();
    }

    @Test
    void commitAndRollbackOfAClosedSessionAreIllegalState() throws Exception {
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        transacted.close();
        assertThatThrownBy(transacted::commit).isInstanceOf(jakarta.jms.IllegalStateException.class);
        assertThatThrownBy(transacted::rollback).isInstanceOf(jakarta.jms.IllegalStateException.class);
    }

    @Test
    void rolledBackMessagesOfTwoConsumersComeBackToEach() throws Exception {
        Queue first = newQueue();
        Queue second = newQueue();
        Session plain = session();
        plain.createProducer(first).send(plain.createTextMessage("first"));
        plain.createProducer(second).send(plain.createTextMessage("second"));
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer one = transacted.createConsumer(first);
        MessageConsumer two = transacted.createConsumer(second);
        assertThat(text(expect(one))).isEqualTo("first");
        assertThat(text(expect(two))).isEqualTo("second");
        transacted.rollback();
        Message again = expect(two);
        assertThat(text(again)).isEqualTo("second");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(text(expect(one))).isEqualTo("first");
        transacted.commit();
    }

    @Test
    void aCommittedTopicPublishReachesEverySubscriber() throws Exception {
        Topic topic = newTopic();
        MessageConsumer one = session().createConsumer(topic);
        MessageConsumer two = session().createConsumer(topic);
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        transacted.createProducer(topic).send(transacted.createTextMessage("published"));
        assertThat(one.receive(NO_MESSAGE_MILLIS)).isNull();
        transacted.commit();
        assertThat(text(expect(one))).isEqualTo("published");
        assertThat(text(expect(two))).isEqualTo("published");
    }

    private static String large(int index) {
        char[] chars = new char[1 << 20];
        java.util.Arrays.fill(chars, (char) ('a' + index));
        return new String(chars);
    }

    @Test
    void aLargeTransactionCommitsWhole() throws Exception {
        Queue queue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = transacted.createProducer(queue);
        for (int i = 0; i < 6; i++) {
            producer.send(transacted.createTextMessage(large(i)));
        }
        MessageConsumer observer = session().createConsumer(queue);
        assertThat(observer.receive(NO_MESSAGE_MILLIS)).isNull();
        transacted.commit();
        for (int i = 0; i < 6; i++) {
            assertThat(text(expect(observer))).isEqualTo(large(i));
        }
    }

    @Test
    void aLargeTransactionRollsBackWhole() throws Exception {
        Queue queue = newQueue();
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = transacted.createProducer(queue);
        for (int i = 0; i < 6; i++) {
            producer.send(transacted.createTextMessage(large(i)));
        }
        transacted.rollback();
        producer.send(transacted.createTextMessage("small"));
        transacted.commit();
        MessageConsumer observer = session().createConsumer(queue);
        assertThat(text(expect(observer))).isEqualTo("small");
        assertThat(observer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void everyRollbackRaisesTheDeliveryCount() throws Exception {
        Queue queue = newQueue();
        Session plain = session();
        plain.createProducer(queue).send(plain.createTextMessage("m"));
        Session transacted = connection().createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        for (int delivery = 1; delivery <= 4; delivery++) {
            Message message = expect(consumer);
            assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(delivery);
            assertThat(message.getJMSRedelivered()).isEqualTo(delivery > 1);
            transacted.rollback();
        }
        expect(consumer);
        transacted.commit();
    }
}
