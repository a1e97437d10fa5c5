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
 * The simplified API's exceptions (the JMSContext section of chapter 6 and each method's javadoc): every checked
 * {@code JMSException} the classic API throws surfaces as its {@code JMSRuntimeException} counterpart.
 */
class SimplifiedApiExceptionsTest extends JmsTck {

    @Test
    void receiveBodyOfTheWrongTypeIsMessageFormatRuntimeExceptionAndKeepsTheMessage() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        JMSConsumer consumer = context.createConsumer(queue);
        context.createProducer().send(queue, "not a number");
        assertThatThrownBy(() -> consumer.receiveBody(Integer.class, RECEIVE_MILLIS))
                .isInstanceOf(MessageFormatRuntimeException.class);
        // 8.6: in AUTO_ACKNOWLEDGE the message is delivered again, as if never received
        assertThat(consumer.receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("not a number");
    }

    @Test
    void aBadProducerPropertyIsARuntimeException() throws Exception {
        JMSProducer producer = context().createProducer();
        assertThatThrownBy(() -> producer.setProperty("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> producer.setProperty("o", new Object()))
                .isInstanceOf(MessageFormatRuntimeException.class);
    }

    @Test
    void aClosedContextIsIllegalStateRuntimeException() throws Exception {
        JMSContext context = connectionFactory().createContext();
        context.close();
        context.close();
        assertThatThrownBy(() -> context.createTextMessage("x")).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(() -> context.createConsumer(newQueue()))
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void anInvalidSelectorIsInvalidSelectorRuntimeException() throws Exception {
        JMSContext context = context();
        assertThatThrownBy(() -> context.createConsumer(newQueue(), "a ="))
                .isInstanceOf(InvalidSelectorRuntimeException.class);
    }

    @Test
    void aNullDestinationIsInvalidDestinationRuntimeException() throws Exception {
        JMSContext context = context();
        assertThatThrownBy(() -> context.createConsumer(null)).isInstanceOf(InvalidDestinationRuntimeException.class);
        assertThatThrownBy(() -> context.createProducer().send(null, "x"))
                .isInstanceOf(InvalidDestinationRuntimeException.class);
    }

    @Test
    void commitOnANonTransactedContextIsIllegalStateRuntimeException() throws Exception {
        JMSContext context = context();
        assertThat(context.getTransacted()).isFalse();
        assertThatThrownBy(context::commit).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(context::rollback).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void settingTheClientIdTwiceIsIllegalStateRuntimeException() throws Exception {
        JMSContext context = context();
        String clientId = unique("ctx");
        context.setClientID(clientId);
        assertThat(context.getClientID()).isEqualTo(clientId);
        assertThatThrownBy(() -> context.setClientID(unique("again")))
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void aDuplicateClientIdIsARuntimeException() throws Exception {
        String clientId = unique("ctx");
        JMSContext first = context();
        first.setClientID(clientId);
        JMSContext second = context();
        assertThatThrownBy(() -> second.setClientID(clientId))
                .isInstanceOf(jakarta.jms.InvalidClientIDRuntimeException.class);
    }

    @Test
    void aJmsRuntimeExceptionCarriesTheCause() throws Exception {
        JMSContext context = connectionFactory().createContext();
        context.close();
        JMSRuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(JMSRuntimeException.class,
                () -> context.createProducer().send(newQueue(), "after close"));
        assertThat(thrown).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void createContextOnAClosedContextIsIllegalStateRuntimeException() throws Exception {
        JMSContext context = connectionFactory().createContext();
        context.close();
        assertThatThrownBy(() -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE))
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void aDurableConsumerWithoutClientIdIsIllegalStateRuntimeException() throws Exception {
        JMSContext context = context();
        assertThatThrownBy(() -> context.createDurableConsumer(newTopic(), unique("durable")))
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void unsubscribingAnActiveDurableSubscriptionThroughTheContextIsIllegalStateRuntimeException()
            throws Exception {
        Topic topic = newTopic();
        String name = unique("ctxDurable");
        JMSContext context = closing(durableConnectionFactory().createContext());
        JMSConsumer active = context.createDurableConsumer(topic, name);
        assertThatThrownBy(() -> context.unsubscribe(name)).isInstanceOf(IllegalStateRuntimeException.class);
        active.close();
        context.unsubscribe(name);
    }

    @Test
    void unsubscribingAnUnknownNameThroughTheContextIsInvalidDestinationRuntimeException() throws Exception {
        JMSContext context = closing(durableConnectionFactory().createContext());
        assertThatThrownBy(() -> context.unsubscribe(unique("never")))
                .isInstanceOf(InvalidDestinationRuntimeException.class);
    }

    @Test
    void settingTheClientIdAfterUseIsIllegalStateRuntimeException() throws Exception {
        JMSContext context = context();
        context.createConsumer(newQueue());
        assertThatThrownBy(() -> context.setClientID(unique("late")))
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void aSharedConsumerWithAnotherSelectorThroughTheContextIsAJmsRuntimeException() throws Exception {
        Topic topic = newTopic();
        String name = unique("ctxShared");
        JMSContext context = context();
        context.createSharedConsumer(topic, name, "a = 1");
        assertThatThrownBy(() -> context.createSharedConsumer(topic, name, "a = 2"))
                .isInstanceOf(JMSRuntimeException.class);
    }
}
