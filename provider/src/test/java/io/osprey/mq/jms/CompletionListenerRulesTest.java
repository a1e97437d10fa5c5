package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.inThread;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 section 7.3.4 "Close, commit or rollback" of an asynchronous send: close, commit and rollback
 * block until the session's incomplete sends completed and their CompletionListeners returned, and a
 * CompletionListener calling close, commit or rollback on its own session or context gets IllegalStateException
 * (IllegalStateRuntimeException for a JMSContext).
 */
class CompletionListenerRulesTest {
    private static final long WAIT_MILLIS = 10_000;
    /** How long a call must stay blocked to count as waiting for the callback (never waited for on success). */
    private static final Duration STAYS_BLOCKED = Duration.ofMillis(300);

    @TempDir
    static Path data;
    static EmbeddedServer server;
    static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
        connection = started(server);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    /** What a CompletionListener does on its own session: commit, roll back, close. */
    private interface OwnSessionCall {
        void call() throws JMSException;
    }

    /** A CompletionListener that makes {@code call} and completes with what it threw (null: nothing). */
    private static CompletionListener calling(OwnSessionCall call, CompletableFuture<Throwable> thrown) {
        return new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    call.call();
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                thrown.completeExceptionally(exception);
            }
        };
    }

    /** A CompletionListener that holds its thread until released, recording when it returns. */
    private static final class HeldCallback implements CompletionListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> events;

        HeldCallback(List<String> events) {
            this.events = events;
        }

        @Override
        public void onCompletion(Message message) {
            entered.countDown();
            try {
                release.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("callback returned");
        }

        @Override
        public void onException(Message message, Exception exception) {
            events.add("send failed: " + exception);
            entered.countDown();
        }
    }

    /** The call, made on a thread of its own, is still blocked while {@code held} runs, and returns after it. */
    private static void assertWaitsFor(HeldCallback held, String name, OwnSessionCall call) throws Exception {
        assertThat(held.entered.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("the callback runs").isTrue();
        JmsTestSupport.Call<Void> blocked = inThread(name, () -> {
            call.call();
            held.events.add(name + " returned");
            return null;
        });
        Awaitility.await(name + " stays blocked while the callback runs").during(STAYS_BLOCKED).atMost(STAYS_BLOCKED.multipliedBy(5))
                .until(() -> !blocked.result().isDone());
        held.release.countDown();
        blocked.get();
        assertThat(held.events).containsExactly("callback returned", name + " returned");
    }

    private static String receiveText(Queue queue) throws JMSException {
        try (Session session = connection.createSession()) {
            Message message = session.createConsumer(queue).receive(WAIT_MILLIS);
            assertThat(message).as("a message arrived").isNotNull();
            return ((TextMessage) message).getText();
        }
    }

    @Test
    void commitAndRollbackFromACompletionListenerOfTheirOwnSessionAreIllegalState() throws Exception {
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue(unique("callback-commit"));
        MessageProducer producer = session.createProducer(queue);
        CompletableFuture<Throwable> fromCommit = new CompletableFuture<>();
        producer.send(session.createTextMessage("kept"), calling(session::commit, fromCommit));
        assertThat(fromCommit.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class);
        CompletableFuture<Throwable> fromRollback = new CompletableFuture<>();
        producer.send(session.createTextMessage("kept too"), calling(session::rollback, fromRollback));
        assertThat(fromRollback.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class);
        // neither took effect: the transaction holds both sends until this thread commits
        session.commit();
        assertThat(receiveText(queue)).isEqualTo("kept");
        assertThat(receiveText(queue)).isEqualTo("kept too");
        session.close();
    }

    @Test
    void aCompletionListenerMayCommitAnotherSession() throws Exception {
        Session sending = connection.createSession();
        Session other = connection.createSession(Session.SESSION_TRANSACTED);
        Queue queue = sending.createQueue(unique("callback-other"));
        other.createProducer(queue).send(other.createTextMessage("committed by a callback"));
        CompletableFuture<Throwable> fromCommit = new CompletableFuture<>();
        sending.createProducer(sending.createQueue(unique("callback-trigger")))
                .send(sending.createTextMessage("trigger"), calling(other::commit, fromCommit));
        assertThat(fromCommit.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isNull();
        assertThat(receiveText(queue)).isEqualTo("committed by a callback");
        sending.close();
        other.close();
    }

    @Test
    void commitAndRollbackFromACompletionListenerOfTheirOwnContextAreIllegalStateRuntimeExceptions()
            throws Exception {
        try (JMSContext context = factory(server).createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue queue = context.createQueue(unique("callback-context"));
            CompletableFuture<Throwable> fromCommit = new CompletableFuture<>();
            context.createProducer().setAsync(calling(context::commit, fromCommit)).send(queue, "m");
            assertThat(fromCommit.get(WAIT_MILLIS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(IllegalStateRuntimeException.class);
            CompletableFuture<Throwable> fromRollback = new CompletableFuture<>();
            context.createProducer().setAsync(calling(context::rollback, fromRollback)).send(queue, "m");
            assertThat(fromRollback.get(WAIT_MILLIS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(IllegalStateRuntimeException.class);
            context.rollback();
        }
    }

    @Test
    void commitWaitsForTheCompletionListenersOfTheTransactionsSends() throws Exception {
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue(unique("commit-waits"));
        HeldCallback held = new HeldCallback(new CopyOnWriteArrayList<>());
        session.createProducer(queue).send(session.createTextMessage("m"), held);
        assertWaitsFor(held, "commit", session::commit);
        assertThat(receiveText(queue)).isEqualTo("m");
        session.close();
    }

    @Test
    void rollbackWaitsForTheCompletionListenersOfTheTransactionsSends() throws Exception {
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue(unique("rollback-waits"));
        HeldCallback held = new HeldCallback(new CopyOnWriteArrayList<>());
        session.createProducer(queue).send(session.createTextMessage("dropped"), held);
        assertWaitsFor(held, "rollback", session::rollback);
        try (Session check = connection.createSession()) {
            MessageConsumer consumer = check.createConsumer(queue);
            assertThat(consumer.receive(200)).as("the rolled back send").isNull();
        }
        session.close();
    }

    @Test
    void sessionCloseWaitsForAnIncompleteSendAndItsCompletionListener() throws Exception {
        Session session = connection.createSession();
        Queue queue = session.createQueue(unique("close-waits"));
        HeldCallback held = new HeldCallback(new CopyOnWriteArrayList<>());
        session.createProducer(queue).send(session.createTextMessage("m"), held);
        assertWaitsFor(held, "close", session::close);
        assertThat(receiveText(queue)).isEqualTo("m");
    }

    @Test
    void contextCloseWaitsForAnIncompleteSendAndItsCompletionListener() throws Exception {
        JMSContext context = factory(server).createContext();
        Queue queue = context.createQueue(unique("context-close-waits"));
        HeldCallback held = new HeldCallback(new CopyOnWriteArrayList<>());
        context.createProducer().setAsync(held).send(queue, "m");
        assertWaitsFor(held, "close", context::close);
        assertThat(receiveText(queue)).isEqualTo("m");
    }
}
