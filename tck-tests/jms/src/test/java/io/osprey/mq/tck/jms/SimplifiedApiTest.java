package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Chapter 6 of the simplified API (the JMSContext, JMSProducer and JMSConsumer sections): sending bodies
 * directly, {@code receiveBody}, the producer's fluent settings, contexts sharing a connection. The runtime
 * exceptions are in {@link SimplifiedApiExceptionsTest}.
 */
class SimplifiedApiTest extends JmsTck {

    @Test
    void aContextSendsAndReceivesEveryBodyType() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        JMSProducer producer = context.createProducer();
        producer.send(queue, "text");
        producer.send(queue, Map.of("k", 1));
        producer.send(queue, new byte[] {1, 2});
        producer.send(queue, (Serializable) new ArrayList<>(List.of("s")));
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("text");
        assertThat(consumer.receiveBody(Map.class, RECEIVE_MILLIS)).isEqualTo(Map.of("k", 1));
        assertThat(consumer.receiveBody(byte[].class, RECEIVE_MILLIS)).containsExactly(1, 2);
        assertThat(consumer.receiveBody(Serializable.class, RECEIVE_MILLIS)).isEqualTo(List.of("s"));
    }

    @Test
    void theBodySentDeterminesTheMessageType() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        context.createProducer().send(queue, "t").send(queue, Map.of("a", "b")).send(queue, new byte[] {3});
        assertThat(consumer.receive(RECEIVE_MILLIS)).isInstanceOf(TextMessage.class);
        assertThat(consumer.receive(RECEIVE_MILLIS)).isInstanceOf(MapMessage.class);
        assertThat(consumer.receive(RECEIVE_MILLIS)).isInstanceOf(BytesMessage.class);
    }

    @Test
    void receiveBodyNoWaitOnAnEmptyQueueIsNull() throws Exception {
        assertThat(context().createConsumer(newQueue()).receiveBodyNoWait(String.class)).isNull();
    }

    @Test
    void theProducersSettingsApplyToEverySend() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        Topic replyTo = newTopic();
        JMSConsumer consumer = context.createConsumer(queue);
        JMSProducer producer = context.createProducer()
                .setDeliveryMode(DeliveryMode.NON_PERSISTENT).setPriority(8).setTimeToLive(60_000)
                .setJMSCorrelationID("corr").setJMSType("type").setJMSReplyTo(replyTo)
                .setProperty("s", "v").setProperty("i", 3).setProperty("z", true);
        producer.send(queue, "a");
        Message message = consumer.receive(RECEIVE_MILLIS);
        assertThat(message.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(message.getJMSPriority()).isEqualTo(8);
        assertThat(message.getJMSExpiration()).isEqualTo(message.getJMSTimestamp() + 60_000);
        assertThat(message.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(message.getJMSType()).isEqualTo("type");
        assertThat(message.getJMSReplyTo()).isEqualTo(replyTo);
        assertThat(message.getStringProperty("s")).isEqualTo("v");
        assertThat(message.getIntProperty("i")).isEqualTo(3);
        assertThat(message.getBooleanProperty("z")).isTrue();
    }

    @Test
    void theProducersPropertiesFollowTheConversionTable() throws Exception {
        JMSProducer producer = context().createProducer().setProperty("i", 7).setProperty("f", 1.5f);
        assertThat(producer.getLongProperty("i")).isEqualTo(7L);
        assertThat(producer.getStringProperty("i")).isEqualTo("7");
        assertThat(producer.getDoubleProperty("f")).isEqualTo(1.5);
        assertThat(producer.propertyExists("i")).isTrue();
        assertThat(producer.getPropertyNames()).contains("i", "f");
        assertThatThrownBy(() -> producer.getShortProperty("i")).isInstanceOf(MessageFormatRuntimeException.class);
        producer.clearProperties();
        assertThat(producer.getPropertyNames()).isEmpty();
    }

    @Test
    void aMessageSentThroughTheProducerGetsItsHeaders() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        TextMessage message = context.createTextMessage("m");
        context.createProducer().setPriority(6).send(queue, message);
        assertThat(message.getJMSMessageID()).startsWith("ID:");
        assertThat(message.getJMSDestination()).isEqualTo(queue);
        assertThat(consumer.receive(RECEIVE_MILLIS).getJMSPriority()).isEqualTo(6);
    }

    @Test
    void anAsynchronousSendCompletesItsListener() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
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
        assertThat(completed.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS).getJMSMessageID()).startsWith("ID:");
        assertThat(context.createConsumer(queue).receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("async");
    }

    @Test
    void aContextStartsWhenItsFirstConsumerIsCreatedUnlessAutoStartIsOff() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        context.setAutoStart(false);
        assertThat(context.getAutoStart()).isFalse();
        JMSConsumer consumer = context.createConsumer(queue);
        context.createProducer().send(queue, "held");
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        context.start();
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("held");
    }

    @Test
    void aContextFromAContextSharesTheConnection() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSContext second = closing(context.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
        assertThat(second.getSessionMode()).isEqualTo(JMSContext.CLIENT_ACKNOWLEDGE);
        JMSConsumer consumer = second.createConsumer(queue);
        context.createProducer().send(queue, "shared connection");
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("shared connection");
        second.acknowledge();
    }

    @Test
    void theContextReportsItsSessionMode() throws Exception {
        assertThat(context().getSessionMode()).isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
        assertThat(context(JMSContext.DUPS_OK_ACKNOWLEDGE).getSessionMode()).isEqualTo(JMSContext.DUPS_OK_ACKNOWLEDGE);
        JMSContext transacted = context(JMSContext.SESSION_TRANSACTED);
        assertThat(transacted.getTransacted()).isTrue();
    }

    @Test
    void clientAcknowledgeOnAContextAcknowledgesWhatItConsumed() throws Exception {
        Queue queue = newQueue();
        JMSContext context = context(JMSContext.CLIENT_ACKNOWLEDGE);
        context.createProducer().send(queue, "a").send(queue, "b");
        JMSConsumer consumer = context.createConsumer(queue);
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("a");
        context.acknowledge();
        context.recover();
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("b");
    }

    @Test
    void aSharedDurableConsumerThroughTheContext() throws Exception {
        Topic topic = newTopic();
        String name = unique("ctxShared");
        JMSContext context = context();
        JMSConsumer consumer = context.createSharedDurableConsumer(topic, name);
        context.createProducer().send(topic, "shared");
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("shared");
        consumer.close();
        context.unsubscribe(name);
    }

    @Test
    void aDurableConsumerThroughTheContextKeepsMessages() throws Exception {
        Topic topic = newTopic();
        String name = unique("ctxDurable");
        JMSContext context = closing(durableConnectionFactory().createContext());
        context.createDurableConsumer(topic, name).close();
        context.createProducer().send(topic, "kept");
        JMSConsumer back = context.createDurableConsumer(topic, name);
        assertThat(back.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("kept");
        back.close();
        context.unsubscribe(name);
    }

    @Test
    void aContextListenerReceivesMessages() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        CompletableFuture<String> received = new CompletableFuture<>();
        context.createConsumer(queue).setMessageListener(message -> {
            try {
                received.complete(message.getBody(String.class));
            } catch (jakarta.jms.JMSException e) {
                received.completeExceptionally(e);
            }
        });
        context.createProducer().send(queue, "to listener");
        assertThat(received.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("to listener");
    }

    @Test
    void closingOneOfTwoContextsOnAConnectionKeepsTheOtherWorking() throws Exception {
        JMSContext first = context();
        JMSContext second = closing(first.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        Queue queue = newQueue();
        JMSConsumer consumer = second.createConsumer(queue);
        first.close();
        second.createProducer().send(queue, "still connected");
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("still connected");
    }

    @Test
    void receiveBodyOfATextMessageWithoutTextIsNull() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        context.createProducer().send(queue, context.createTextMessage());
        context.createProducer().send(queue, "after");
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isNull();
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("after");
    }

    @Test
    void theProducersDeliveryDelayAppliesToBodySends() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        JMSProducer producer = context.createProducer().setDeliveryDelay(300);
        assertThat(producer.getDeliveryDelay()).isEqualTo(300);
        long sentAt = System.currentTimeMillis();
        producer.send(queue, "delayed");
        Message message = consumer.receive(RECEIVE_MILLIS);
        assertThat(message.getJMSDeliveryTime()).isGreaterThanOrEqualTo(sentAt + 300);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(message.getJMSDeliveryTime());
    }

    @Test
    void aConsumerReportsItsSelectorAndListener() throws Exception {
        JMSConsumer consumer = context().createConsumer(newQueue(), "x = 'y'");
        assertThat(consumer.getMessageSelector()).isEqualTo("x = 'y'");
        assertThat(consumer.getMessageListener()).isNull();
    }

    @Test
    void aNoLocalContextConsumerDropsItsOwnConnectionsMessages() throws Exception {
        Topic topic = newTopic();
        JMSContext context = context();
        JMSConsumer noLocal = context.createConsumer(topic, null, true);
        context.createProducer().send(topic, "own");
        context().createProducer().send(topic, "foreign");
        assertThat(noLocal.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("foreign");
    }

    /** 6.2.6: a second listener may be set on a context whose connection already started. */
    @Test
    void aSecondListenerMayBeSetOnAStartedContext() throws Exception {
        JMSContext context = context();
        Queue first = newQueue();
        Queue second = newQueue();
        CompletableFuture<String> one = new CompletableFuture<>();
        CompletableFuture<String> two = new CompletableFuture<>();
        context.createConsumer(first).setMessageListener(message -> complete(one, message));
        context.createConsumer(second).setMessageListener(message -> complete(two, message));
        JMSContext producing = context();
        producing.createProducer().send(first, "to first").send(second, "to second");
        assertThat(one.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("to first");
        assertThat(two.get(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("to second");
    }

    private static void complete(CompletableFuture<String> future, Message message) {
        try {
            future.complete(message.getBody(String.class));
        } catch (jakarta.jms.JMSException e) {
            future.completeExceptionally(e);
        }
    }
}
