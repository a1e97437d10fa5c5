package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TransactionRolledBackException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 section 6.2.8 "Transactions" with the javadoc of {@code Session.commit}/{@code rollback}
 * and {@code JMSContext.commit}/{@code rollback}: a transacted session's sends are held until its commit and dropped
 * by its rollback; the messages it consumed are acknowledged by the commit (on the broker, with the sends, in one
 * CommitLog batch) and redelivered after a rollback or a close.
 */
class TransactedSessionTest {
    private static final long WAIT = 10_000;
    @TempDir
    static Path data;
    static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void fill(Connection connection, Queue queue, int count) throws JMSException {
        try (Session session = connection.createSession()) {
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
        }
    }

    private static String text(Message message) throws JMSException {
        assertThat(message).as("a message arrived").isNotNull();
        return ((TextMessage) message).getText();
    }

    /** Every message the queue has now, received and acknowledged (none for {@code quietMillis} ends it). */
    private static List<String> drain(Connection connection, Queue queue, long quietMillis) throws JMSException {
        List<String> texts = new ArrayList<>();
        try (Session session = connection.createSession()) {
            MessageConsumer consumer = session.createConsumer(queue);
            Message m;
            while ((m = consumer.receive(quietMillis)) != null) {
                texts.add(((TextMessage) m).getText());
            }
        }
        return texts;
    }

    @Test
    void sendsAreInvisibleUntilCommitThenAllArrive() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("tx-send"));
            Session observer = connection.createSession();
            MessageConsumer watching = observer.createConsumer(queue);
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            assertThat(session.getTransacted()).isTrue();
            assertThat(session.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 5; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            assertThat(watching.receive(500)).as("nothing is visible before the commit").isNull();

            session.commit();

            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(text(watching.receive(WAIT)));
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
        }
    }

    @Test
    void rollbackDropsTheSends() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("tx-drop"));
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(queue);
            producer.send(session.createTextMessage("dropped"));
            session.rollback();
            producer.send(session.createTextMessage("kept"));
            session.commit();

            assertThat(drain(connection, queue, 1_000)).containsExactly("kept");
        }
    }

    @Test
    void commitAcknowledgesWhatTheSessionConsumed() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("tx-ack"));
            fill(connection, queue, 3);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(queue);
            assertThat(text(consumer.receive(WAIT))).isEqualTo("m0");
            assertThat(text(consumer.receive(WAIT))).isEqualTo("m1");
            session.commit();
            session.close();

            assertThat(drain(connection, queue, 1_000)).as("only the uncommitted one is left").containsExactly("m2");
        }
    }

    @Test
    void rollbackRedeliversConsumedMessagesMarkedRedeliveredOldestFirst() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("tx-redeliver"));
            fill(connection, queue, 3);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(queue);
            Message first = consumer.receive(WAIT);
            assertThat(text(first)).isEqualTo("m0");
            assertThat(first.getJMSRedelivered()).isFalse();
            assertThat(text(consumer.receive(WAIT))).isEqualTo("m1");

            session.rollback();

            List<String> again = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message m = consumer.receive(WAIT);
                again.add(text(m));
                if (i < 2) {
                    assertThat(m.getJMSRedelivered()).as("%s is redelivered", text(m)).isTrue();
                }
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
            }
            assertThat(again).containsExactly("m0", "m1", "m2");
            assertThat(counts).containsExactly(2, 2, 1);
            session.commit();
            session.close();
            assertThat(drain(connection, queue, 500)).isEmpty();
        }
    }

    @Test
    void consumeAndProduceCommitTogether() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Queue input = plain.createQueue(unique("tx-in"));
            Queue output = plain.createQueue(unique("tx-out"));
            fill(connection, input, 4);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(input);
            MessageProducer producer = session.createProducer(output);
            for (int i = 0; i < 4; i++) {
                Message m = consumer.receive(WAIT);
                producer.send(session.createTextMessage("out-" + text(m)));
                if (i == 1) {
                    session.commit();
                }
            }
            session.rollback();
            // after the rollback the last two come again: handle them for good
            for (int i = 2; i < 4; i++) {
                Message m = consumer.receive(WAIT);
                assertThat(text(m)).isEqualTo("m" + i);
                producer.send(session.createTextMessage("out-" + text(m)));
            }
            session.commit();
            session.close();

            assertThat(drain(connection, output, 1_000)).containsExactly("out-m0", "out-m1", "out-m2", "out-m3");
            assertThat(drain(connection, input, 500)).isEmpty();
        }
    }

    @Test
    void closingATransactedSessionRollsItBack() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Queue input = plain.createQueue(unique("tx-close-in"));
            Queue output = plain.createQueue(unique("tx-close-out"));
            fill(connection, input, 1);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            assertThat(text(session.createConsumer(input).receive(WAIT))).isEqualTo("m0");
            session.createProducer(output).send(session.createTextMessage("never"));
            session.close();

            Session again = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Message back = again.createConsumer(input).receive(WAIT);
            assertThat(text(back)).isEqualTo("m0");
            assertThat(back.getJMSRedelivered()).isTrue();
            back.acknowledge();
            again.close();
            assertThat(drain(connection, output, 1_000)).isEmpty();
        }
    }

    @Test
    void aListenerCommitsEachMessageItHandles() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Queue input = plain.createQueue(unique("tx-listen-in"));
            Queue output = plain.createQueue(unique("tx-listen-out"));
            fill(connection, input, 6);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(output);
            CountDownLatch handled = new CountDownLatch(6);
            List<Throwable> failures = new ArrayList<>();
            session.createConsumer(input).setMessageListener(m -> {
                try {
                    String text = ((TextMessage) m).getText();
                    producer.send(session.createTextMessage("out-" + text));
                    if (text.equals("m3") && !m.getJMSRedelivered()) {
                        session.rollback(); // the listener's own message comes again
                        return;
                    }
                    session.commit();
                    handled.countDown();
                } catch (JMSException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            assertThat(handled.await(20, TimeUnit.SECONDS)).as("all six handled").isTrue();
            session.close();
            assertThat(failures).isEmpty();
            assertThat(drain(connection, output, 1_000))
                    .containsExactly("out-m0", "out-m1", "out-m2", "out-m3", "out-m4", "out-m5");
        }
    }

    @Test
    void anAsynchronousSendCompletesAtOnceAndStoresAtCommit() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("tx-async"));
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            CompletableFuture<Message> completed = new CompletableFuture<>();
            session.createProducer(queue).send(session.createTextMessage("async"), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.complete(message);
                }

                @Override
                public void onException(Message message, Exception exception) {
                    completed.completeExceptionally(exception);
                }
            });
            assertThat(completed.get(WAIT, TimeUnit.MILLISECONDS)).isNotNull();
            session.commit();
            assertThat(drain(connection, queue, 1_000)).containsExactly("async");
        }
    }

    @Test
    void aTopicSubscriberAndAQueueInOneTransaction() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Topic topic = plain.createTopic(unique("tx-topic"));
            Queue queue = plain.createQueue(unique("tx-topic-q"));
            MessageConsumer subscriber = plain.createConsumer(topic);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            session.createProducer(topic).send(session.createTextMessage("to-topic"));
            session.createProducer(queue).send(session.createTextMessage("to-queue"));
            assertThat(subscriber.receive(500)).isNull();
            session.commit();
            assertThat(text(subscriber.receive(WAIT))).isEqualTo("to-topic");
            assertThat(drain(connection, queue, 1_000)).containsExactly("to-queue");
        }
    }

    @Test
    void aTransactionOfThirtyLargeMessagesCommitsWholeInOrder() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = connection.createSession().createQueue(unique("tx-large"));
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(queue);
            // under the test server's 4 MiB segments, which bound one atomic batch
            int count = 30;
            for (int i = 0; i < count; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(new byte[96 * 1024]);
                m.setIntProperty("n", i);
                producer.send(m);
            }
            session.commit();
            try (Session reading = connection.createSession()) {
                MessageConsumer consumer = reading.createConsumer(queue);
                for (int i = 0; i < count; i++) {
                    Message m = consumer.receive(WAIT);
                    assertThat(m).isNotNull();
                    assertThat(m.getIntProperty("n")).isEqualTo(i);
                }
                assertThat(consumer.receive(300)).isNull();
            }
        }
    }

    @Test
    void aTransactionTheStoreCannotTakeWholeRollsBackAndStoresNothing() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Queue input = plain.createQueue(unique("tx-huge-in"));
            Queue output = plain.createQueue(unique("tx-huge-out"));
            fill(connection, input, 1);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            assertThat(text(session.createConsumer(input).receive(WAIT))).isEqualTo("m0");
            MessageProducer producer = session.createProducer(output);
            // the test server's CommitLog segments are 4 MiB: one batch of 6 MiB cannot be written atomically
            for (int i = 0; i < 6; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(new byte[1024 * 1024 - 4096]);
                producer.send(m);
            }
            assertThatThrownBy(session::commit).isInstanceOf(TransactionRolledBackException.class)
                    .hasMessageContaining("rolled back");
            session.close();

            assertThat(drain(connection, output, 1_000)).as("no part of it was stored").isEmpty();
            Session again = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Message back = again.createConsumer(input).receive(WAIT);
            assertThat(text(back)).as("the consumed message came back").isEqualTo("m0");
            assertThat(back.getJMSRedelivered()).isTrue();
            back.acknowledge();
            again.close();
        }
    }

    @Test
    void aRefusedCommitRedeliversTheConsumedMessageAheadOfThosePrefetchedAfterIt() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Queue input = plain.createQueue(unique("tx-refused-in"));
            fill(connection, input, 2);
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(input);
            assertThat(text(consumer.receive(WAIT))).isEqualTo("m0");
            // m1 is prefetched by now or on its way; a send over the broker's limit leaves the transaction
            // rollback-only, so the commit is refused
            BytesMessage oversized = session.createBytesMessage();
            oversized.writeBytes(new byte[4 * 1024 * 1024 + 1]);
            MessageProducer producer = session.createProducer(plain.createQueue(unique("tx-refused-out")));
            assertThatThrownBy(() -> producer.send(oversized)).isInstanceOf(JMSException.class);
            assertThatThrownBy(session::commit).isInstanceOf(TransactionRolledBackException.class);
            Message again = consumer.receive(WAIT);
            assertThat(text(again)).as("the consumed message first, as after a rollback").isEqualTo("m0");
            assertThat(again.getJMSRedelivered()).isTrue();
            assertThat(text(consumer.receive(WAIT))).isEqualTo("m1");
            session.commit();
            assertThat(consumer.receive(200)).as("each came once").isNull();
        }
    }

    @Test
    void aSendTheBrokerRefusesFailsAndLeavesTheTransactionRollbackOnly() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            Queue good = plain.createQueue(unique("tx-good"));
            Session session = connection.createSession(Session.SESSION_TRANSACTED);
            session.createProducer(good).send(session.createTextMessage("good"));
            // the broker's limit is 4 MiB a message; a send this large is staged on the broker at once, which
            // refuses it: the send fails and the transaction can only roll back
            BytesMessage oversized = session.createBytesMessage();
            oversized.writeBytes(new byte[4 * 1024 * 1024 + 1]);
            MessageProducer producer = session.createProducer(good);
            assertThatThrownBy(() -> producer.send(oversized)).isInstanceOf(JMSException.class)
                    .hasMessageContaining("over the max value");
            assertThatThrownBy(session::commit).isInstanceOf(TransactionRolledBackException.class)
                    .hasMessageContaining("over the max value");
            assertThat(drain(connection, good, 1_000)).as("nothing of the transaction was stored").isEmpty();
            // the session goes on with a new transaction
            session.createProducer(good).send(session.createTextMessage("after"));
            session.commit();
            assertThat(drain(connection, good, 1_000)).containsExactly("after");
        }
    }

    @Test
    void commitAndRollbackOutsideATransactionAndRecoverInsideOneAreRefused() throws Exception {
        try (Connection connection = started(server)) {
            Session plain = connection.createSession();
            assertThatThrownBy(plain::commit).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(plain::rollback).isInstanceOf(IllegalStateException.class);
            Session transacted = connection.createSession(Session.SESSION_TRANSACTED);
            assertThatThrownBy(transacted::recover).isInstanceOf(IllegalStateException.class);
            transacted.close();
            assertThatThrownBy(transacted::commit).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(transacted::rollback).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aTransactedContextCommitsAndRollsBack() throws Exception {
        OspreyConnectionFactory factory = JmsTestSupport.factory(server);
        try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED);
             JMSContext reader = factory.createContext()) {
            assertThat(context.getTransacted()).isTrue();
            Queue queue = context.createQueue(unique("tx-context"));
            context.createProducer().send(queue, "rolled");
            context.rollback();
            context.createProducer().send(queue, "committed");
            context.commit();
            JMSConsumer consumer = reader.createConsumer(queue);
            assertThat(consumer.receiveBody(String.class, WAIT)).isEqualTo("committed");
            assertThat(consumer.receiveNoWait()).isNull();
            consumer.close();

            JMSConsumer transactedConsumer = context.createConsumer(queue);
            context.createProducer().send(queue, "again");
            context.commit();
            assertThat(transactedConsumer.receiveBody(String.class, WAIT)).isEqualTo("again");
            context.rollback();
            Message back = transactedConsumer.receive(WAIT);
            assertThat(back.getBody(String.class)).isEqualTo("again");
            assertThat(back.getJMSRedelivered()).isTrue();
            context.commit();
        }
        try (JMSContext plain = factory.createContext()) {
            assertThatThrownBy(plain::commit).isInstanceOf(IllegalStateRuntimeException.class);
        }
    }
}
