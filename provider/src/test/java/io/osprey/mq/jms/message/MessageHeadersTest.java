package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTopic;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spec 3.4 "Message header fields" (every getter and setter, JMSCorrelationID as String and bytes), 3.10 (headers
 * stay writable on a received message) and 3.6 "Message acknowledgment" through the {@link Acknowledger}.
 */
class MessageHeadersTest {

    @Test
    void aNewMessagesHeaders() {
        OspreyMessage m = new OspreyMessage();

        assertThat(m.getJMSMessageID()).isNull();
        assertThat(m.getJMSTimestamp()).isZero();
        assertThat(m.getJMSCorrelationID()).isNull();
        assertThat(m.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(m.getJMSReplyTo()).isNull();
        assertThat(m.getJMSDestination()).isNull();
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(m.getJMSRedelivered()).isFalse();
        assertThat(m.getJMSType()).isNull();
        assertThat(m.getJMSExpiration()).isZero();
        assertThat(m.getJMSDeliveryTime()).isZero();
        assertThat(m.getJMSPriority()).isEqualTo(Message.DEFAULT_PRIORITY);
    }

    @Test
    void everyHeaderKeepsWhatItIsSetTo() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setJMSMessageID("ID:1");
        m.setJMSTimestamp(11);
        m.setJMSCorrelationID("c");
        m.setJMSReplyTo(new OspreyQueue("r"));
        m.setJMSDestination(new OspreyTopic("d"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(true);
        m.setJMSType("t");
        m.setJMSExpiration(22);
        m.setJMSDeliveryTime(33);
        m.setJMSPriority(9);

        assertThat(m.getJMSMessageID()).isEqualTo("ID:1");
        assertThat(m.getJMSTimestamp()).isEqualTo(11);
        assertThat(m.getJMSCorrelationID()).isEqualTo("c");
        assertThat(m.getJMSReplyTo()).isEqualTo(new OspreyQueue("r"));
        assertThat(m.getJMSDestination()).isEqualTo(new OspreyTopic("d"));
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(m.getJMSRedelivered()).isTrue();
        assertThat(m.getJMSType()).isEqualTo("t");
        assertThat(m.getJMSExpiration()).isEqualTo(22);
        assertThat(m.getJMSDeliveryTime()).isEqualTo(33);
        assertThat(m.getJMSPriority()).isEqualTo(9);
    }

    @Test
    void aCorrelationIdAsBytesIsCopiedInAndOut() {
        OspreyMessage m = new OspreyMessage();
        byte[] id = {1, 2, 3};
        m.setJMSCorrelationIDAsBytes(id);
        id[0] = 9;

        byte[] read = m.getJMSCorrelationIDAsBytes();
        read[1] = 9;

        assertThat(m.getJMSCorrelationIDAsBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void theStringAndBytesFormsAreViewsOfTheLastOneSet() {
        OspreyMessage m = new OspreyMessage();
        m.setJMSCorrelationID("\u00e9");
        assertThat(m.getJMSCorrelationIDAsBytes()).isEqualTo("\u00e9".getBytes(StandardCharsets.UTF_8));

        m.setJMSCorrelationIDAsBytes("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(m.getJMSCorrelationID()).isEqualTo("abc");

        m.setJMSCorrelationID(null);
        assertThat(m.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(m.getJMSCorrelationID()).isNull();
    }

    @Test
    void aReceivedMessagesHeadersStayWritable() throws JMSException {
        OspreyMessage m = MessageCodecTest.throughRocketMq(new OspreyTextMessage("x"));

        m.setJMSType("changed");
        m.setJMSPriority(1);
        m.setJMSCorrelationID("c2");

        assertThat(m.getJMSType()).isEqualTo("changed");
        assertThat(m.getJMSPriority()).isEqualTo(1);
        assertThat(m.getJMSCorrelationID()).isEqualTo("c2");
    }

    @Test
    void acknowledgeCallsTheReceivingSessionsAcknowledger() throws JMSException {
        OspreyMessage m = MessageCodecTest.throughRocketMq(new OspreyMessage());
        List<OspreyMessage> acknowledged = new ArrayList<>();
        m.setAcknowledger(acknowledged::add);

        m.acknowledge();

        assertThat(acknowledged).containsExactly(m);
    }

    @Test
    void aMessageWithoutAcknowledgerIgnoresAcknowledge() throws JMSException {
        new OspreyTextMessage("built by the application").acknowledge();
    }

    @Test
    void theAcknowledgersErrorReachesTheCaller() {
        OspreyMessage m = new OspreyMessage();
        m.setAcknowledger(message -> {
            throw new IllegalStateException("the session is closed");
        });

        assertThatThrownBy(m::acknowledge).isInstanceOf(IllegalStateException.class)
                .hasMessage("the session is closed");
    }

    @Test
    void toStringNamesTypeIdAndDestinationNotTheBody() throws JMSException {
        OspreyTextMessage m = new OspreyTextMessage("secret");
        m.setJMSMessageID("ID:1");
        m.setJMSDestination(new OspreyQueue("q"));

        assertThat(m).hasToString("OspreyTextMessage[id=ID:1, destination=queue://q]");
    }
}
