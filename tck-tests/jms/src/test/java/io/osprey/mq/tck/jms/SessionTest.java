package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;

/** Section 6.2 "Session": modes, what a closed session refuses, producers and consumers it makes. */
class SessionTest extends JmsTck {
    @Test
    void aSessionReportsItsModeAndWhetherItIsTransacted() throws Exception {
        Connection connection = connection();
        assertThat(connection.createSession(false, Session.AUTO_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.AUTO_ACKNOWLEDGE);
        assertThat(connection.createSession(false, Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.CLIENT_ACKNOWLEDGE);
        assertThat(connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.DUPS_OK_ACKNOWLEDGE);
        Session transacted = connection.createSession(true, Session.AUTO_ACKNOWLEDGE);
        assertThat(transacted.getTransacted()).isTrue();
        assertThat(transacted.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
        assertThat(connection.createSession(Session.SESSION_TRANSACTED).getTransacted()).isTrue();
        assertThat(connection.createSession().getAcknowledgeMode()).isEqualTo(Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void commitAndRollbackOfANonTransactedSessionAreIllegalState() throws Exception {
        Session session = session();
        assertThatThrownBy(session::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::rollback).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recoverOfATransactedSessionIsIllegalState() throws Exception {
        Session session = connection().createSession(true, Session.SESSION_TRANSACTED);
        assertThatThrownBy(session::recover).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedSessionRefusesUseAndCloseIsIdempotent() throws Exception {
        Session session = session();
        session.close();
        session.close();
        assertThatThrownBy(() -> session.createTextMessage("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createConsumer(newQueue())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createProducer(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::getAcknowledgeMode).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::recover).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingASessionClosesItsProducersAndConsumers() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        MessageConsumer consumer = session.createConsumer(queue);
        session.close();
        assertThatThrownBy(() -> producer.send(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedProducerAndConsumerRefuseUse() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        producer.close();
        producer.close();
        assertThatThrownBy(() -> producer.send(session.createMessage())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(producer::getDeliveryMode).isInstanceOf(IllegalStateException.class);
        MessageConsumer consumer = session.createConsumer(queue);
        consumer.close();
        consumer.close();
        assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(consumer::getMessageSelector).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aConsumerOnNoDestinationIsInvalidDestination() throws Exception {
        Session session = session();
        assertThatThrownBy(() -> session.createConsumer(null)).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void sendingWithoutADestinationIsRefused() throws Exception {
        Session session = session();
        MessageProducer anonymous = session.createProducer(null);
        assertThatThrownBy(() -> anonymous.send(session.createMessage()))
                .isInstanceOf(UnsupportedOperationException.class);
        MessageProducer bound = session.createProducer(newQueue());
        assertThatThrownBy(() -> bound.send(newQueue(), session.createMessage()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> anonymous.send(null, session.createMessage()))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void producerSettersAreCheckedAndRead() throws Exception {
        MessageProducer producer = session().createProducer(newQueue());
        producer.setPriority(9);
        producer.setTimeToLive(1234);
        producer.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        producer.setDeliveryDelay(55);
        assertThat(producer.getPriority()).isEqualTo(9);
        assertThat(producer.getTimeToLive()).isEqualTo(1234);
        assertThat(producer.getDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        assertThat(producer.getDeliveryDelay()).isEqualTo(55);
        assertThatThrownBy(() -> producer.setPriority(10)).isInstanceOf(jakarta.jms.JMSException.class);
        assertThatThrownBy(() -> producer.setDeliveryMode(3)).isInstanceOf(jakarta.jms.JMSException.class);
    }

    @Test
    void aConsumerReportsItsSelector() throws Exception {
        Session session = session();
        assertThat(session.createConsumer(newQueue(), "a = 1").getMessageSelector()).isEqualTo("a = 1");
        assertThat(session.createConsumer(newQueue()).getMessageSelector()).isNull();
    }

    @Test
    void receiveNoWaitOnAnEmptyQueueReturnsNull() throws Exception {
        assertThat(session().createConsumer(newQueue()).receiveNoWait()).isNull();
    }

    @Test
    void createQueueAndCreateTopicNameTheDestination() throws Exception {
        Session session = session();
        assertThat(session.createQueue("someQueue").getQueueName()).isEqualTo("someQueue");
        assertThat(session.createTopic("someTopic").getTopicName()).isEqualTo("someTopic");
    }
}
