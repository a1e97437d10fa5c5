package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.compat.support.JmsClients;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.SharedClusterTest;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stock {@code DefaultMQProducer}'s messages as a JMS consumer of Osprey's provider sees them (the README's
 * "From RocketMQ to JMS"): a BytesMessage of the body, or a TextMessage when marked, headers from the properties a
 * RocketMQ producer may set by hand, defaults for the rest, and a message that does not read as JMS delivered anyway.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RocketMqToJmsTest extends SharedClusterTest {
    private static final long RECEIVE_MILLIS = 20_000;

    private JmsClients jms;
    private Session session;
    private DefaultMQProducer producer;

    @BeforeEach
    void openJms() throws Exception {
        jms = new JmsClients(cluster.namesrvAddr());
        session = jms.connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = clients.producer();
    }

    @AfterEach
    void closeJms() throws JMSException {
        jms.close();
    }

    @Test
    void aPlainRocketMqMessageIsABytesMessageWithItsPropertiesAsStrings() throws Exception {
        Queue queue = session.createQueue(Names.unique("r2j_bytes"));
        MessageConsumer consumer = session.createConsumer(queue);
        byte[] body = {0, 1, 2, (byte) 0xFF};
        Message sent = new Message(queue.getQueueName(), "tagA", "key-1", body);
        sent.putUserProperty("color", "red");
        sent.putUserProperty("amount", "12");
        long before = System.currentTimeMillis();
        SendResult result = producer.send(sent);
        long after = System.currentTimeMillis();

        jakarta.jms.Message received = consumer.receive(RECEIVE_MILLIS);

        assertThat(received).isInstanceOf(BytesMessage.class);
        BytesMessage bytes = (BytesMessage) received;
        assertThat(bytes.getBodyLength()).isEqualTo(body.length);
        assertThat(received.getBody(byte[].class)).isEqualTo(body);
        assertThat(received.getJMSMessageID()).isEqualTo("ID:" + result.getMsgId());
        assertThat(received.getJMSPriority()).isEqualTo(4);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(propertyNames(received)).containsExactlyInAnyOrder("TAGS", "KEYS", "color", "amount",
                "JMSXDeliveryCount");
        assertThat(received.getStringProperty("TAGS")).isEqualTo("tagA");
        assertThat(received.getStringProperty("KEYS")).isEqualTo("key-1");
        assertThat(received.getObjectProperty("color")).isEqualTo("red");
        assertThat(received.getObjectProperty("amount")).isEqualTo("12");
        assertThat(received.getIntProperty("amount")).isEqualTo(12);
        // what a message without any JMS header gets: the consumer's destination, the producer's born timestamp
        assertThat(received.getJMSDestination()).isEqualTo(queue);
        assertThat(received.getJMSTimestamp()).isBetween(before, after);
        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(received.getJMSExpiration()).isZero();
        assertThat(received.getJMSDeliveryTime()).isZero();
        assertThat(received.getJMSCorrelationID()).isNull();
        assertThat(received.getJMSType()).isNull();
        assertThat(received.getJMSReplyTo()).isNull();
    }

    @Test
    void aBodyTheStockProducerCompressedArrivesAsWritten() throws Exception {
        Queue queue = session.createQueue(Names.unique("r2j_zip"));
        MessageConsumer consumer = session.createConsumer(queue);
        // over the client's 4 KiB threshold (compressMsgBodyOverHowmuch): sent ZLIB-compressed, flagged in sysFlag
        String text = "a repetitive order line\n".repeat(1_000);
        Message sent = new Message(queue.getQueueName(), text.getBytes(StandardCharsets.UTF_8));
        sent.putUserProperty("OSPREY_BODY", "text");
        producer.send(sent);

        jakarta.jms.Message received = consumer.receive(RECEIVE_MILLIS);

        assertThat(received).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) received).getText()).isEqualTo(text);
    }

    @Test
    void aTopicSubscriberSeesTheTopicAsJmsDestination() throws Exception {
        Topic topic = session.createTopic(Names.unique("r2j_topic"));
        MessageConsumer subscriber = session.createConsumer(topic);
        producer.send(new Message(topic.getTopicName(), "x".getBytes(StandardCharsets.UTF_8)));

        jakarta.jms.Message received = subscriber.receive(RECEIVE_MILLIS);

        assertThat(received).isNotNull();
        assertThat(received.getJMSDestination()).isEqualTo(topic);
    }

    @Test
    void ospreyBodyTextMakesATextMessageAndHeaderPropertiesBecomeTheHeaders() throws Exception {
        Queue queue = session.createQueue(Names.unique("r2j_text"));
        MessageConsumer consumer = session.createConsumer(queue);
        Message sent = new Message(queue.getQueueName(), "caf\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8));
        sent.putUserProperty("OSPREY_BODY", "text");
        sent.putUserProperty("JMSType", "order.created");
        sent.putUserProperty("JMSCorrelationID", "corr-7");
        sent.putUserProperty("JMSPriority", "8");
        sent.putUserProperty("JMSDeliveryMode", "NON_PERSISTENT");
        sent.putUserProperty("JMSReplyTo", "queue://replies");
        producer.send(sent);

        jakarta.jms.Message received = consumer.receive(RECEIVE_MILLIS);

        assertThat(received).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) received).getText()).isEqualTo("caf\u00e9 \ud83d\ude00");
        assertThat(received.getJMSType()).isEqualTo("order.created");
        assertThat(received.getJMSCorrelationID()).isEqualTo("corr-7");
        assertThat(received.getJMSPriority()).isEqualTo(8);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(received.getJMSReplyTo()).isEqualTo(session.createQueue("replies"));
        assertThat(propertyNames(received)).as("headers are not properties").containsExactly("JMSXDeliveryCount");
    }

    @Test
    void messagesThatDoNotReadAsJmsAreDeliveredAndFailOnlyWhereRead() throws Exception {
        Queue queue = session.createQueue(Names.unique("r2j_bad"));
        MessageConsumer consumer = session.createConsumer(queue);
        Message badProperty = new Message(queue.getQueueName(), "", "bad-property", new byte[] {1});
        badProperty.putUserProperty("OSPREY_TYPES", "Icount");
        badProperty.putUserProperty("count", "many");
        badProperty.putUserProperty("color", "red");
        Message badTypes = new Message(queue.getQueueName(), "", "bad-types", new byte[] {2});
        badTypes.putUserProperty("OSPREY_TYPES", "Q");
        badTypes.putUserProperty("size", "3");
        Message badMap = new Message(queue.getQueueName(), "", "bad-map", new byte[] {9, 9});
        badMap.putUserProperty("OSPREY_BODY", "map");
        Message badHeader = new Message(queue.getQueueName(), "", "bad-header", new byte[] {3});
        badHeader.putUserProperty("JMSPriority", "high");
        Message good = new Message(queue.getQueueName(), "", "good", new byte[] {4});
        Map<String, String> keyById = new HashMap<>();
        for (Message m : List.of(badProperty, badTypes, badMap, badHeader, good)) {
            keyById.put("ID:" + producer.send(m).getMsgId(), m.getKeys());
        }

        // by id: with an OSPREY_TYPES that does not parse, even KEYS cannot be read (its type is not known)
        Map<String, jakarta.jms.Message> byKey = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            jakarta.jms.Message m = consumer.receive(RECEIVE_MILLIS);
            assertThat(m).as("message %d of 5", i + 1).isNotNull();
            byKey.put(keyById.get(m.getJMSMessageID()), m);
        }
        assertThat(byKey).containsOnlyKeys("bad-property", "bad-types", "bad-map", "bad-header", "good");

        jakarta.jms.Message property = byKey.get("bad-property");
        assertThat(property.propertyExists("count")).isTrue();
        assertThatThrownBy(() -> property.getIntProperty("count")).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("property count cannot be read").hasMessageContaining("[many]");
        assertThat(property.getStringProperty("color")).isEqualTo("red");
        assertThat(property.getBody(byte[].class)).containsExactly(1);
        assertThatThrownBy(() -> byKey.get("bad-types").getObjectProperty("size"))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("OSPREY_TYPES [Q] cannot be read");
        MapMessage map = (MapMessage) byKey.get("bad-map");
        assertThatThrownBy(map::getMapNames).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("version 9 is not 1");
        assertThat(byKey.get("bad-header").getJMSPriority()).as("a malformed header reads as its default")
                .isEqualTo(4);
        assertThat(byKey.get("good").getBody(byte[].class)).containsExactly(4);
        assertThat(byKey.values()).allSatisfy(m -> assertThat(m.getJMSRedelivered()).isFalse());

        // each was acknowledged on receipt like any other: nothing comes back to a new consumer
        consumer.close();
        MessageConsumer again = session.createConsumer(queue);
        assertThat(again.receive(1_000)).isNull();
    }

    private static List<String> propertyNames(jakarta.jms.Message message) throws JMSException {
        @SuppressWarnings("unchecked")
        List<Object> names = Collections.list((java.util.Enumeration<Object>) message.getPropertyNames());
        return names.stream().map(String::valueOf).collect(Collectors.toList());
    }
}
