package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Section 3.4 "Message header fields": what send sets, what the receiver sees, what round-trips unchanged. */
class MessageHeadersTest extends JmsTck {
    private Session session;
    private Queue queue;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        queue = newQueue();
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
    }

    @Test
    void sendSetsJmsDestinationOnTheSentAndTheReceivedMessage() throws Exception {
        Message sent = session.createMessage();
        producer.send(sent);
        assertThat(sent.getJMSDestination()).isEqualTo(queue);
        assertThat(expect(consumer).getJMSDestination()).isEqualTo(queue);
    }

    @Test
    void jmsMessageIdStartsWithIdAndIsTheSameAtTheReceiver() throws Exception {
        Message sent = session.createMessage();
        producer.send(sent);
        assertThat(sent.getJMSMessageID()).startsWith("ID:");
        assertThat(expect(consumer).getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
    }

    @Test
    void everySentMessageGetsItsOwnMessageId() throws Exception {
        Message first = session.createMessage();
        Message second = session.createMessage();
        producer.send(first);
        producer.send(second);
        assertThat(first.getJMSMessageID()).isNotEqualTo(second.getJMSMessageID());
    }

    @Test
    void jmsTimestampIsTheTimeOfTheSendCall() throws Exception {
        Message sent = session.createMessage();
        long before = System.currentTimeMillis();
        producer.send(sent);
        long after = System.currentTimeMillis();
        assertThat(sent.getJMSTimestamp()).isBetween(before, after);
        assertThat(expect(consumer).getJMSTimestamp()).isEqualTo(sent.getJMSTimestamp());
    }

    @Test
    void correlationIdTypeAndReplyToRoundTrip() throws Exception {
        Topic replyTo = newTopic();
        Message sent = session.createMessage();
        sent.setJMSCorrelationID("corr-42");
        sent.setJMSType("order");
        sent.setJMSReplyTo(replyTo);
        producer.send(sent);
        Message received = expect(consumer);
        assertThat(received.getJMSCorrelationID()).isEqualTo("corr-42");
        assertThat(received.getJMSType()).isEqualTo("order");
        assertThat(received.getJMSReplyTo()).isEqualTo(replyTo);
    }

    @Test
    void correlationIdAsBytesRoundTrips() throws Exception {
        Message sent = session.createMessage();
        sent.setJMSCorrelationIDAsBytes(new byte[] {1, 2, 3});
        producer.send(sent);
        assertThat(expect(consumer).getJMSCorrelationIDAsBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void theProducerDefaultsArePersistentPriorityFourAndNoExpiration() throws Exception {
        assertThat(producer.getDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(producer.getPriority()).isEqualTo(Message.DEFAULT_PRIORITY).isEqualTo(4);
        assertThat(producer.getTimeToLive()).isZero();
        assertThat(producer.getDeliveryDelay()).isZero();
        producer.send(session.createMessage());
        Message received = expect(consumer);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.getJMSPriority()).isEqualTo(4);
        assertThat(received.getJMSExpiration()).isZero();
    }

    @Test
    void sendOverridesWhatTheClientSetOnTheSendHeaders() throws Exception {
        Message sent = session.createMessage();
        sent.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
        sent.setJMSPriority(9);
        sent.setJMSExpiration(1);
        producer.send(sent, DeliveryMode.NON_PERSISTENT, 2, 0);
        assertThat(sent.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(sent.getJMSPriority()).isEqualTo(2);
        assertThat(sent.getJMSExpiration()).isZero();
        Message received = expect(consumer);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(received.getJMSPriority()).isEqualTo(2);
    }

    @Test
    void jmsExpirationIsTimestampPlusTimeToLive() throws Exception {
        Message sent = session.createMessage();
        producer.send(sent, DeliveryMode.PERSISTENT, 4, 60_000);
        assertThat(sent.getJMSExpiration()).isEqualTo(sent.getJMSTimestamp() + 60_000);
        assertThat(expect(consumer).getJMSExpiration()).isEqualTo(sent.getJMSExpiration());
    }

    @Test
    void jmsDeliveryTimeIsTimestampPlusDeliveryDelay() throws Exception {
        producer.setDeliveryDelay(200);
        Message sent = session.createMessage();
        producer.send(sent);
        assertThat(sent.getJMSDeliveryTime()).isEqualTo(sent.getJMSTimestamp() + 200);
        Message received = expect(consumer);
        assertThat(received.getJMSDeliveryTime()).isEqualTo(sent.getJMSDeliveryTime());
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sent.getJMSDeliveryTime());
    }

    @Test
    void withoutDelayJmsDeliveryTimeIsTheTimestamp() throws Exception {
        Message sent = session.createMessage();
        producer.send(sent);
        assertThat(sent.getJMSDeliveryTime()).isEqualTo(sent.getJMSTimestamp());
    }

    @Test
    void aFirstDeliveryIsNotRedelivered() throws Exception {
        producer.send(session.createMessage());
        Message received = expect(consumer);
        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void aProducerForEveryDestinationNamesItAtEachSend() throws Exception {
        MessageProducer anonymous = session.createProducer(null);
        assertThat(anonymous.getDestination()).isNull();
        Message sent = session.createMessage();
        anonymous.send(queue, sent);
        assertThat(sent.getJMSDestination()).isEqualTo(queue);
        assertThat(expect(consumer).getJMSDestination()).isEqualTo(queue);
    }

    @Test
    void unsetOptionalHeadersArriveAsNull() throws Exception {
        producer.send(session.createMessage());
        Message received = expect(consumer);
        assertThat(received.getJMSCorrelationID()).isNull();
        assertThat(received.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(received.getJMSReplyTo()).isNull();
        assertThat(received.getJMSType()).isNull();
    }

    @Test
    void theHeadersOfAReceivedMessageCanBeSetByTheReceiver() throws Exception {
        producer.send(session.createMessage());
        Message received = expect(consumer);
        // 3.4.11: headers are not read-only after receipt (only properties and body are)
        received.setJMSCorrelationID("changed");
        received.setJMSType("changed");
        assertThat(received.getJMSCorrelationID()).isEqualTo("changed");
        assertThat(received.getJMSType()).isEqualTo("changed");
    }

    @Test
    void selectorsSeeUnsetHeadersAsNull() throws Exception {
        Queue other = newQueue();
        MessageConsumer selecting = session.createConsumer(other, "JMSCorrelationID IS NULL AND JMSType IS NULL");
        MessageProducer toOther = session.createProducer(other);
        Message typed = session.createTextMessage("typed");
        typed.setJMSType("t");
        toOther.send(typed);
        toOther.send(session.createTextMessage("plain"));
        assertThat(((jakarta.jms.TextMessage) expect(selecting)).getText()).isEqualTo("plain");
    }
}
