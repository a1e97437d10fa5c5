package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.ForeignTextMessage;
import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/**
 * Section 3.12 "Provider implementations of Jakarta Messaging message interfaces": a provider sends a message
 * whose implementation is not its own, with its body, headers and properties, and sets the send headers on it.
 */
class ForeignMessageTest extends JmsTck {
    @Test
    void aForeignMessageIsSentWithItsBodyHeadersAndProperties() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        TextMessage foreign = ForeignTextMessage.create("from elsewhere");
        foreign.setJMSCorrelationID("foreign-corr");
        foreign.setJMSType("foreign-type");
        foreign.setStringProperty("colour", "green");
        foreign.setIntProperty("count", 3);
        session.createProducer(queue).send(foreign);
        TextMessage received = (TextMessage) expect(session.createConsumer(queue));
        assertThat(received.getText()).isEqualTo("from elsewhere");
        assertThat(received.getJMSCorrelationID()).isEqualTo("foreign-corr");
        assertThat(received.getJMSType()).isEqualTo("foreign-type");
        assertThat(received.getStringProperty("colour")).isEqualTo("green");
        assertThat(received.getIntProperty("count")).isEqualTo(3);
    }

    @Test
    void sendSetsTheSendHeadersOnTheForeignMessage() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        TextMessage foreign = ForeignTextMessage.create("m");
        session.createProducer(queue).send(foreign, jakarta.jms.DeliveryMode.NON_PERSISTENT, 7, 60_000);
        Message received = expect(session.createConsumer(queue));
        assertThat(foreign.getJMSMessageID()).startsWith("ID:").isEqualTo(received.getJMSMessageID());
        assertThat(foreign.getJMSDestination()).isEqualTo(queue);
        assertThat(foreign.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        assertThat(foreign.getJMSPriority()).isEqualTo(7);
        assertThat(foreign.getJMSTimestamp()).isPositive();
        assertThat(foreign.getJMSExpiration()).isEqualTo(foreign.getJMSTimestamp() + 60_000);
        assertThat(received.getJMSPriority()).isEqualTo(7);
    }

    @Test
    void aForeignMessageIsSelectedOnItsProperties() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageConsumer consumer = session.createConsumer(queue, "colour = 'green'");
        TextMessage red = ForeignTextMessage.create("red");
        red.setStringProperty("colour", "red");
        TextMessage green = ForeignTextMessage.create("green");
        green.setStringProperty("colour", "green");
        session.createProducer(queue).send(red);
        session.createProducer(queue).send(green);
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("green");
    }
}
