package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 section 2.8 "Simplified API interfaces", 6.1.8 and 6.2.15 (closing a JMSContext), 7.3
 * "Asynchronous send", 7.5 "Setting message properties", 8.4 "Starting message delivery" and 8.6 "Receiving message
 * bodies synchronously", with the javadoc of JMSContext, JMSProducer and JMSConsumer:
 * contexts share a connection, auto-start, the producer's properties and headers on each message, bodies sent and
 * received directly (receiveBody, and its MessageFormatRuntimeException leaving the message for the next receive
 * under AUTO_ACKNOWLEDGE), asynchronous sends, CLIENT_ACKNOWLEDGE through the context, the runtime exceptions.
 */
class SimplifiedApiTest {
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
    void bodiesGoAndComeDirectlyAndAConsumerStartsTheContext() {
        try (JMSContext context = factory(server).createContext()) {
            Queue queue = context.createQueue(unique("simple"));
            context.createProducer().send(queue, "text").send(queue, Map.of("k", 1)).send(queue, new byte[] {1, 2})
                    .send(queue, (java.io.Serializable) List.of("x"));
            JMSConsumer consumer = context.createConsumer(queue);
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("text");
            assertThat(consumer.receiveBody(Map.class, 10_000)).isEqualTo(Map.of("k", 1));
            assertThat(consumer.receiveBody(byte[].class, 10_000)).containsExactly(1, 2);
            assertThat(consumer.receiveBody(List.class, 10_000)).isEqualTo(List.of("x"));
            assertThat(consumer.receiveBodyNoWait(String.class)).isNull();
        }
    }

    @Test
    void aBodyOfTheWrongTypeIsLeftForTheNextReceiveUnderAutoAcknowledge() {
        try (JMSContext context = factory(server).createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = context.createQueue(unique("wrongbody"));
            context.createProducer().send(queue, "a text");
            JMSConsumer consumer = context.createConsumer(queue);
            assertThatThrownBy(() -> consumer.receiveBody(Integer.class, 10_000))
                    .isInstanceOf(MessageFormatRuntimeException.class);
            Message again = consumer.receive(10_000);
            assertThat(again).isInstanceOf(TextMessage.class);
            assertThat(again.getBody(String.class)).isEqualTo("a text");
            assertThat(again.getJMSRedelivered()).as("not a redelivery").isFalse();
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theProducersPropertiesAndHeadersAreOnEveryMessage() throws Exception {
        try (JMSContext context = factory(server).createContext()) {
            Queue queue = context.createQueue(unique("props"));
            Queue replies = context.createQueue(unique("replies"));
            context.createProducer().setProperty("n", 5).setProperty("s", "v").setJMSType("kind")
                    .setJMSCorrelationID("corr").setJMSReplyTo(replies).setPriority(6).send(queue, "with extras");
            Message message = context.createConsumer(queue).receive(10_000);
            assertThat(message.getIntProperty("n")).isEqualTo(5);
            assertThat(message.getStringProperty("s")).isEqualTo("v");
            assertThat(message.getJMSType()).isEqualTo("kind");
            assertThat(message.getJMSCorrelationID()).isEqualTo("corr");
            assertThat(message.getJMSReplyTo()).isEqualTo(replies);
            assertThat(message.getJMSPriority()).isEqualTo(6);
        }
    }

    @Test
    void contextsShareAConnectionThatClosesWithTheLast() {
        JMSContext first = factory(server).createContext();
        JMSContext second = first.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        OspreyConnection connection = ((OspreyJmsContext) first).connection();
        assertThat(((OspreyJmsContext) second).connection()).isSameAs(connection);
        Queue queue = first.createQueue(unique("shared"));
        first.close();
        assertThatThrownBy(first::createProducer).isInstanceOf(IllegalStateRuntimeException.class);
        second.createProducer().send(queue, "still connected");
        JMSConsumer consumer = second.createConsumer(queue);
        assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("still connected");
        second.acknowledge();
        second.close();
        assertThatThrownBy(connection::getClientID).as("closed with the last context")
                .isInstanceOf(jakarta.jms.IllegalStateException.class);
    }

    @Test
    void theClientIdCanBeSetRightAfterCreationOnly() {
        try (JMSContext context = factory(server).createContext()) {
            String id = unique("ctx-");
            context.setClientID(id);
            assertThat(context.getClientID()).isEqualTo(id);
        }
        try (JMSContext context = factory(server).createContext()) {
            context.createConsumer(context.createQueue(unique("used")));
            assertThatThrownBy(() -> context.setClientID(unique("late-")))
                    .isInstanceOf(IllegalStateRuntimeException.class);
        }
    }

    @Test
    void checkedExceptionsBecomeTheirRuntimeCounterparts() {
        assertThatThrownBy(() -> factory(server).createContext(42))
                .isInstanceOf(JMSRuntimeException.class).hasMessageContaining("invalid session mode");
        try (JMSContext context = factory(server).createContext()) {
            assertThatThrownBy(() -> context.createConsumer(context.createQueue(unique("sel")), "a = "))
                    .isInstanceOf(InvalidSelectorRuntimeException.class);
            assertThatThrownBy(context::commit).isInstanceOf(IllegalStateRuntimeException.class);
        }
    }

    @Test
    void anAsynchronousSendCallsItsListenerAndAListenerCannotCloseItsContext() throws Exception {
        try (JMSContext context = factory(server).createContext()) {
            Queue queue = context.createQueue(unique("async"));
            CompletableFuture<Message> completed = new CompletableFuture<>();
            context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.complete(message);
                }

                @Override
                public void onException(Message message, Exception exception) {
                    completed.completeExceptionally(exception);
                }
            }).send(queue, "async");
            assertThat(completed.get(10, TimeUnit.SECONDS).getBody(String.class)).isEqualTo("async");

            CompletableFuture<RuntimeException> fromListener = new CompletableFuture<>();
            context.createConsumer(queue).setMessageListener(message -> {
                try {
                    context.close();
                    fromListener.complete(null);
                } catch (RuntimeException e) {
                    fromListener.complete(e);
                }
            });
            assertThat(fromListener.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateRuntimeException.class);
        }
    }
}
