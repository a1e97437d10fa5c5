package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 chapter 7 "Sending messages" and section 3.4 "Message header fields": the headers a send
 * sets on the message passed (JMSDestination, JMSDeliveryMode, JMSExpiration, JMSPriority, JMSMessageID,
 * JMSTimestamp, JMSDeliveryTime; 3.4.11 "How message header values are set"), disabling ids and timestamps (3.4.3,
 * 3.4.4), the producer's send rules (7.1), asynchronous sends with a CompletionListener (7.3, in order: 7.3.3 and
 * 7.3.8; no close from a callback: 7.3.4), messages of another provider (3.12), and the order of one producer's
 * messages (6.2.9).
 */
class ProducerTest {
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

    @Test
    void aSendSetsTheHeadersOnTheMessageAndTheReceiverSeesThem() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("headers"));
            MessageProducer producer = session.createProducer(queue);
            producer.setTimeToLive(60_000);
            producer.setPriority(7);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            TextMessage sent = session.createTextMessage("headers");
            long before = System.currentTimeMillis();
            producer.send(sent);
            long after = System.currentTimeMillis();
            assertThat(sent.getJMSDestination()).isEqualTo(queue);
            assertThat(sent.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(sent.getJMSPriority()).isEqualTo(7);
            assertThat(sent.getJMSMessageID()).startsWith("ID:");
            assertThat(sent.getJMSTimestamp()).isBetween(before, after);
            assertThat(sent.getJMSExpiration()).isEqualTo(sent.getJMSTimestamp() + 60_000);
            assertThat(sent.getJMSDeliveryTime()).isEqualTo(sent.getJMSTimestamp());

            Message received = session.createConsumer(queue).receive(10_000);
            assertThat(received).isNotNull();
            assertThat(received.getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
            assertThat(received.getJMSDestination()).isEqualTo(queue);
            assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(received.getJMSPriority()).isEqualTo(7);
            assertThat(received.getJMSTimestamp()).isEqualTo(sent.getJMSTimestamp());
            assertThat(received.getJMSExpiration()).isEqualTo(sent.getJMSExpiration());
        }
    }

    @Test
    void disabledIdsAndTimestampsAreNullAndZero() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("disabled"));
            MessageProducer producer = session.createProducer(queue);
            producer.setDisableMessageID(true);
            producer.setDisableMessageTimestamp(true);
            TextMessage sent = session.createTextMessage("anonymous");
            producer.send(sent);
            assertThat(sent.getJMSMessageID()).isNull();
            assertThat(sent.getJMSTimestamp()).isZero();
            Message received = session.createConsumer(queue).receive(10_000);
            assertThat(((TextMessage) received).getText()).isEqualTo("anonymous");
            assertThat(received.getJMSMessageID()).isNull();
            assertThat(received.getJMSTimestamp()).isZero();
        }
    }

    @Test
    void theSendRulesOfIdentifiedAndUnidentifiedProducers() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("rules"));
            MessageProducer identified = session.createProducer(queue);
            MessageProducer unidentified = session.createProducer(null);
            TextMessage message = session.createTextMessage("x");
            assertThatThrownBy(() -> identified.send(queue, message)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> unidentified.send(message)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> unidentified.send((Destination) null, message))
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> identified.setPriority(10)).isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> identified.setDeliveryMode(3)).isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> identified.send(message, DeliveryMode.PERSISTENT, -1, 0))
                    .isInstanceOf(JMSException.class);
            assertThat(identified.getDestination()).isEqualTo(queue);
            assertThat(unidentified.getDestination()).isNull();
            unidentified.send(queue, message);
            identified.close();
            assertThatThrownBy(() -> identified.send(message)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void oneProducersMessagesArriveInTheOrderSentAsynchronousAndNot() throws Exception {
        int count = 200;
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("order"));
            MessageProducer producer = session.createProducer(queue);
            List<String> completed = new CopyOnWriteArrayList<>();
            List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
            CountDownLatch allCompleted = new CountDownLatch(count / 2);
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    callbackThreads.add(Thread.currentThread());
                    try {
                        completed.add(((TextMessage) message).getText());
                    } catch (JMSException e) {
                        throw new RuntimeException(e);
                    }
                    allCompleted.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    completed.add("failed: " + exception);
                    allCompleted.countDown();
                }
            };
            List<String> async = new CopyOnWriteArrayList<>();
            for (int i = 0; i < count; i++) {
                TextMessage message = session.createTextMessage("m" + i);
                if (i % 2 == 0) {
                    producer.send(message, listener);
                    async.add("m" + i);
                } else {
                    producer.send(message);
                }
            }
            assertThat(allCompleted.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(completed).as("callbacks in send order").containsExactlyElementsOf(async);
            assertThat(callbackThreads).doesNotContain(Thread.currentThread());
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < count; i++) {
                Message m = consumer.receive(10_000);
                assertThat(m).as("message " + i).isNotNull();
                assertThat(((TextMessage) m).getText()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void aCompletionListenerCannotCloseItsOwnProducerSessionOrConnection() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("callbackclose"));
            MessageProducer producer = session.createProducer(queue);
            CompletableFuture<List<Exception>> fromCallback = new CompletableFuture<>();
            producer.send(session.createTextMessage("x"), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    List<Exception> thrown = new CopyOnWriteArrayList<>();
                    for (Runnable close : List.<Runnable>of(() -> closeQuietly(producer::close, thrown),
                            () -> closeQuietly(session::close, thrown),
                            () -> closeQuietly(connection::close, thrown))) {
                        close.run();
                    }
                    fromCallback.complete(thrown);
                }

                @Override
                public void onException(Message message, Exception exception) {
                    fromCallback.completeExceptionally(exception);
                }
            });
            assertThat(fromCallback.get(10, TimeUnit.SECONDS)).hasSize(3)
                    .allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class));
            // and a close from this thread waits for the callbacks, then works
            producer.close();
        }
    }

    private interface Close {
        void run() throws JMSException;
    }

    private static void closeQuietly(Close close, List<Exception> thrown) {
        try {
            close.run();
        } catch (JMSException e) {
            thrown.add(e);
        }
    }

    @Test
    void aMessageOfAnotherProviderIsSentAndGetsItsHeaders() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("foreign"));
            Map<String, Object> headers = new HashMap<>();
            TextMessage foreign = foreignText("from elsewhere", headers);
            session.createProducer(queue).send(foreign);
            assertThat(headers.get("MessageID")).asString().startsWith("ID:");
            assertThat(headers.get("Destination")).isEqualTo(queue);
            Message received = session.createConsumer(queue).receive(10_000);
            assertThat(((TextMessage) received).getText()).isEqualTo("from elsewhere");
            assertThat(received.getJMSMessageID()).isEqualTo(headers.get("MessageID"));
        }
    }

    /** A TextMessage of "another provider": a proxy keeping headers in a map, without properties. */
    private static TextMessage foreignText(String text, Map<String, Object> headers) {
        headers.put("DeliveryMode", DeliveryMode.PERSISTENT);
        headers.put("Priority", 4);
        headers.put("Timestamp", 0L);
        headers.put("Expiration", 0L);
        headers.put("DeliveryTime", 0L);
        headers.put("Redelivered", false);
        return (TextMessage) Proxy.newProxyInstance(ProducerTest.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("getText")) {
                        return text;
                    }
                    if (name.equals("getPropertyNames")) {
                        return Collections.emptyEnumeration();
                    }
                    if (name.equals("getJMSCorrelationIDAsBytes")) {
                        return null;
                    }
                    if (name.startsWith("getJMS")) {
                        return headers.get(name.substring(6));
                    }
                    if (name.startsWith("setJMS")) {
                        headers.put(name.substring(6), args[0]);
                        return null;
                    }
                    if (name.equals("toString")) {
                        return "foreign text message";
                    }
                    throw new UnsupportedOperationException(name);
                });
    }
}
