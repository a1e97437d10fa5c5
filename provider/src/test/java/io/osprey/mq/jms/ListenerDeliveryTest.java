package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 sections 6.2.13 "Serial execution of client code", 6.2.14 "Concurrent message delivery" and
 * 8.7 "Receiving messages asynchronously": a session's listeners run one at a time on one thread of delivery, each listener gets the messages
 * of its queue in order, and another session delivers on a thread of its own.
 */
class ListenerDeliveryTest {
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

    private static void send(Connection connection, Queue queue, String prefix, int count) throws JMSException {
        try (Session session = connection.createSession()) {
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage(prefix + i));
            }
        }
    }

    @Test
    void aSessionsListenersRunOneAtATimeOnOneThread() throws Exception {
        int perQueue = 50;
        try (Connection connection = started(server)) {
            Session setup = connection.createSession();
            Queue left = setup.createQueue(unique("left"));
            Queue right = setup.createQueue(unique("right"));
            Session session = connection.createSession();
            Session other = connection.createSession();
            Queue elsewhere = setup.createQueue(unique("other"));

            Set<Thread> sessionThreads = ConcurrentHashMap.newKeySet();
            Set<Thread> otherThreads = ConcurrentHashMap.newKeySet();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            List<String> fromLeft = new CopyOnWriteArrayList<>();
            List<String> fromRight = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(2 * perQueue);
            CountDownLatch otherDone = new CountDownLatch(1);

            MessageConsumer leftConsumer = session.createConsumer(left);
            MessageConsumer rightConsumer = session.createConsumer(right);
            for (MessageConsumer consumer : List.of(leftConsumer, rightConsumer)) {
                List<String> into = consumer == leftConsumer ? fromLeft : fromRight;
                consumer.setMessageListener(message -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sessionThreads.add(Thread.currentThread());
                    try {
                        into.add(((TextMessage) message).getText());
                    } catch (JMSException e) {
                        throw new RuntimeException(e);
                    } finally {
                        running.decrementAndGet();
                        all.countDown();
                    }
                });
            }
            other.createConsumer(elsewhere).setMessageListener(message -> {
                otherThreads.add(Thread.currentThread());
                otherDone.countDown();
            });
            send(connection, left, "l", perQueue);
            send(connection, right, "r", perQueue);
            send(connection, elsewhere, "o", 1);

            assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(otherDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mostAtOnce.get()).as("listeners of one session running at once").isEqualTo(1);
            assertThat(sessionThreads).as("threads the session delivered on").hasSize(1);
            assertThat(otherThreads).hasSize(1).doesNotContainAnyElementsOf(sessionThreads);
            assertThat(fromLeft).as("a queue's messages in order").containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, perQueue).mapToObj(i -> "l" + i).toList());
            assertThat(fromRight).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, perQueue).mapToObj(i -> "r" + i).toList());
        }
    }

    @Test
    void aListenerSetOnARunningConnectionGetsWhatWasAlreadyThere() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("late"));
            send(connection, queue, "early", 3);
            MessageConsumer consumer = session.createConsumer(queue);
            CountDownLatch three = new CountDownLatch(3);
            consumer.setMessageListener(message -> three.countDown());
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aConsumerClosedByItsOwnListenerGetsNoMoreMessages() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("selfclose"));
            send(connection, queue, "m", 3);
            MessageConsumer consumer = session.createConsumer(queue);
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch closed = new CountDownLatch(1);
            consumer.setMessageListener(message -> {
                calls.incrementAndGet();
                try {
                    consumer.close();
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
                closed.countDown();
            });
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            // the other two went back to the queue, never delivered: a new consumer gets them first time
            MessageConsumer next = session.createConsumer(queue);
            TextMessage m1 = (TextMessage) next.receive(10_000);
            assertThat(m1.getText()).isEqualTo("m1");
            assertThat(m1.getJMSRedelivered()).isFalse();
            assertThat(calls.get()).isEqualTo(1);
        }
    }
}
