package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.inThread;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.jms.JmsTestSupport.Call;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 sections 6.1.5 "Pausing delivery of incoming messages" and 6.1.8 "Closing a connection", with
 * the javadoc of {@code Connection.stop}/{@code close} and {@code JMSContext.stop}/{@code close}, seen from inside
 * a MessageListener: stopping or closing its own connection or context is refused at once (IllegalStateException,
 * IllegalStateRuntimeException for a context) and delivery goes on; another connection, another context's session or
 * another session may be stopped or closed from a listener without deadlock; {@code JMSContext.stop} waits for a
 * running listener.
 */
class ListenerControlTest {
    private static final long WAIT_SECONDS = 10;

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

    private static Queue queueWith(Connection connection, String... texts) throws JMSException {
        try (Session session = connection.createSession()) {
            Queue queue = session.createQueue(unique("control"));
            MessageProducer producer = session.createProducer(queue);
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
            return queue;
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What {@code action} threw, null when it returned. */
    private static Throwable thrownBy(Action action) {
        try {
            action.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    @Test
    void aListenerOfAnySessionIsRefusedStoppingOrClosingItsConnectionAndDeliveryGoesOn() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection, "first", "second");
            connection.createSession().createConsumer(queueWith(connection)).setMessageListener(message -> { });
            Session listening = connection.createSession();
            List<Object> seen = new CopyOnWriteArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            listening.createConsumer(queue).setMessageListener(message -> {
                try {
                    seen.add(((TextMessage) message).getText());
                    if (seen.size() == 1) {
                        seen.add(thrownBy(connection::stop));
                        seen.add(thrownBy(connection::close));
                    }
                } catch (JMSException e) {
                    seen.add(e);
                }
                two.countDown();
            });
            assertThat(two.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the second message came too").isTrue();
            assertThat(seen).hasSize(4);
            assertThat(seen.get(1)).isInstanceOf(IllegalStateException.class);
            assertThat(seen.get(2)).isInstanceOf(IllegalStateException.class);
            assertThat(seen.get(3)).isEqualTo("second");
        }
    }

    @Test
    void aListenerMayCloseAnotherSessionOfItsConnection() throws Exception {
        try (Connection connection = started(server)) {
            Queue queue = queueWith(connection, "m");
            Session other = connection.createSession();
            other.createConsumer(queueWith(connection)).setMessageListener(message -> { });
            CompletableFuture<Throwable> fromClose = new CompletableFuture<>();
            connection.createSession().createConsumer(queue)
                    .setMessageListener(message -> fromClose.complete(thrownBy(other::close)));
            assertThat(fromClose.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            assertThat(thrownBy(() -> other.createQueue("q"))).as("the other session is closed")
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aListenerMayStopAndRestartAnotherConnection() throws Exception {
        try (Connection listening = started(server); Connection controlled = started(server)) {
            Queue trigger = queueWith(listening, "stop the other");
            Queue queue = queueWith(controlled);
            CountDownLatch controlledGot = new CountDownLatch(1);
            controlled.createSession().createConsumer(queue).setMessageListener(message -> controlledGot.countDown());
            CompletableFuture<Throwable> fromStop = new CompletableFuture<>();
            CountDownLatch restart = new CountDownLatch(1);
            listening.createSession().createConsumer(trigger).setMessageListener(message -> {
                fromStop.complete(thrownBy(controlled::stop));
                try {
                    restart.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    controlled.start();
                } catch (InterruptedException | JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(fromStop.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            queueWith(controlled, queue, "while stopped");
            assertThat(controlledGot.await(200, TimeUnit.MILLISECONDS)).as("nothing while stopped").isFalse();
            restart.countDown();
            assertThat(controlledGot.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("delivered once restarted").isTrue();
        }
    }

    private static void queueWith(Connection connection, Queue queue, String text) throws JMSException {
        try (Session session = connection.createSession()) {
            session.createProducer(queue).send(session.createTextMessage(text));
        }
    }

    private static String body(Message message) {
        try {
            return message.getBody(String.class);
        } catch (JMSException e) {
            throw new IllegalArgumentException("not a text message: " + message, e);
        }
    }

    @Test
    void aContextListenerIsRefusedStoppingItsContextOrASiblingAndDeliveryGoesOn() throws Exception {
        try (JMSContext context = factory(server).createContext();
             JMSContext sibling = context.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = context.createQueue(unique("control"));
            List<Object> seen = new CopyOnWriteArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            context.createConsumer(queue).setMessageListener(message -> {
                seen.add(body(message));
                if (seen.size() == 1) {
                    seen.add(thrownBy(context::stop));
                    // the sibling shares the connection: stopping it stops this listener's own connection
                    seen.add(thrownBy(sibling::stop));
                }
                two.countDown();
            });
            context.createProducer().send(queue, "first").send(queue, "second");
            assertThat(two.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the second message came too").isTrue();
            assertThat(seen).hasSize(4);
            assertThat(seen.get(1)).isInstanceOf(IllegalStateRuntimeException.class);
            assertThat(seen.get(2)).isInstanceOf(IllegalStateRuntimeException.class);
            assertThat(seen.get(3)).isEqualTo("second");
        }
    }

    @Test
    void aContextListenerMayCloseASiblingButNotItsOwnContext() throws Exception {
        try (JMSContext context = factory(server).createContext()) {
            JMSContext sibling = context.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            sibling.createConsumer(sibling.createQueue(unique("idle"))).setMessageListener(message -> { });
            Queue queue = context.createQueue(unique("control"));
            CompletableFuture<Throwable> fromSiblingClose = new CompletableFuture<>();
            CompletableFuture<Throwable> fromOwnClose = new CompletableFuture<>();
            context.createConsumer(queue).setMessageListener(message -> {
                fromSiblingClose.complete(thrownBy(sibling::close));
                fromOwnClose.complete(thrownBy(context::close));
            });
            context.createProducer().send(queue, "m");
            assertThat(fromSiblingClose.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            assertThat(fromOwnClose.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateRuntimeException.class);
            assertThat(thrownBy(sibling::getSessionMode)).as("the sibling is closed")
                    .isInstanceOf(IllegalStateRuntimeException.class);
            assertThat(context.getSessionMode()).as("the context is still open").isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
        }
    }

    @Test
    void contextStopWaitsForARunningListenerAndNothingIsDeliveredUntilStart() throws Exception {
        try (JMSContext context = factory(server).createContext()) {
            Queue queue = context.createQueue(unique("control"));
            CountDownLatch inListener = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch second = new CountDownLatch(1);
            context.createConsumer(queue).setMessageListener(message -> {
                if (body(message).equals("first")) {
                    inListener.countDown();
                    try {
                        release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    second.countDown();
                }
            });
            context.createProducer().send(queue, "first").send(queue, "second");
            assertThat(inListener.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            Call<Object> stop;
            try {
                stop = inThread("context-stopper", () -> {
                    context.stop();
                    return null;
                }).awaitBlocked();
                assertThat(stop.result()).as("stop while the listener runs").isNotCompleted();
            } finally {
                release.countDown();
            }
            stop.get();
            assertThat(second.getCount()).as("nothing delivered after stop returned").isEqualTo(1);
            context.start();
            assertThat(second.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }
}
