package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryDestination;
import io.osprey.mq.jms.destination.OspreyTemporaryQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryTopic;
import io.osprey.mq.jms.destination.OspreyTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spec 3.12 "Provider implementations of Jakarta Messaging message interfaces": "A provider must be prepared to
 * accept, from a client, a message whose implementation is not one of its own", with a tiny foreign implementation
 * ({@link ForeignMessage}); and 3.4.11: the headers a send assigns are set on the application's message.
 */
class ForeignMessagesTest {

    @Test
    void aForeignTextMessageIsCopiedWithHeadersAndProperties() throws JMSException {
        TextMessage foreign = ForeignMessage.of(TextMessage.class, "hello", null);
        foreign.setJMSMessageID("ID:foreign-1");
        foreign.setJMSTimestamp(5);
        foreign.setJMSCorrelationID("corr");
        foreign.setJMSReplyTo(queue("replies"));
        foreign.setJMSDestination(topic("news"));
        foreign.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        foreign.setJMSRedelivered(true);
        foreign.setJMSType("type");
        foreign.setJMSExpiration(6);
        foreign.setJMSDeliveryTime(7);
        foreign.setJMSPriority(8);
        foreignProperties(foreign).putAll(Map.of("i", 1, "s", "v", "d", 2.5));

        OspreyMessage copy = ForeignMessages.toOsprey(foreign);

        assertThat(copy).isInstanceOf(OspreyTextMessage.class);
        assertThat(((TextMessage) copy).getText()).isEqualTo("hello");
        assertThat(copy.getJMSMessageID()).isEqualTo("ID:foreign-1");
        assertThat(copy.getJMSTimestamp()).isEqualTo(5);
        assertThat(copy.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(copy.getJMSReplyTo()).isEqualTo(new OspreyQueue("replies"));
        assertThat(copy.getJMSDestination()).isEqualTo(new OspreyTopic("news"));
        assertThat(copy.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(copy.getJMSRedelivered()).isTrue();
        assertThat(copy.getJMSType()).isEqualTo("type");
        assertThat(copy.getJMSExpiration()).isEqualTo(6);
        assertThat(copy.getJMSDeliveryTime()).isEqualTo(7);
        assertThat(copy.getJMSPriority()).isEqualTo(8);
        assertThat(copy.getObjectProperty("i")).isEqualTo(1);
        assertThat(copy.getObjectProperty("s")).isEqualTo("v");
        assertThat(copy.getObjectProperty("d")).isEqualTo(2.5);
    }

    @Test
    void everyBodyTypeIsCopied() throws JMSException {
        ForeignMessage[] bytesHandle = new ForeignMessage[1];
        BytesMessage bytes = ForeignMessage.of(BytesMessage.class, new byte[] {1, 2, 3}, bytesHandle);
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("i", 1);
        entries.put("b", new byte[] {4});
        entries.put("c", 'x');
        MapMessage map = ForeignMessage.of(MapMessage.class, entries, null);
        StreamMessage stream = ForeignMessage.of(StreamMessage.class, Arrays.asList("s", 2L, null), null);
        ObjectMessage object = ForeignMessage.of(ObjectMessage.class, new ArrayList<>(List.of("o")), null);
        Message plain = ForeignMessage.of(Message.class, null, null);

        OspreyBytesMessage bytesCopy = (OspreyBytesMessage) ForeignMessages.toOsprey(bytes);
        OspreyMapMessage mapCopy = (OspreyMapMessage) ForeignMessages.toOsprey(map);
        OspreyStreamMessage streamCopy = (OspreyStreamMessage) ForeignMessages.toOsprey(stream);
        OspreyObjectMessage objectCopy = (OspreyObjectMessage) ForeignMessages.toOsprey(object);
        OspreyMessage plainCopy = ForeignMessages.toOsprey(plain);

        assertThat(bytesCopy.bodyBytes()).containsExactly(1, 2, 3);
        assertThat(bytesHandle[0].resets).as("the foreign body is read from its start and left reset").isEqualTo(2);
        assertThat(mapCopy.getInt("i")).isEqualTo(1);
        assertThat(mapCopy.getBytes("b")).containsExactly(4);
        assertThat(mapCopy.getChar("c")).isEqualTo('x');
        assertThat(streamCopy.valuesView()).containsExactly("s", 2L, null);
        assertThat(objectCopy.getObject()).isEqualTo(List.of("o"));
        assertThat(plainCopy).isExactlyInstanceOf(OspreyMessage.class);
    }

    @Test
    void aForeignMessageIsSentAsIfItWereOurs() throws JMSException {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("k", 3.5f);
        MapMessage foreign = ForeignMessage.of(MapMessage.class, entries, null);
        foreign.setJMSMessageID("ID:ABCDEF");
        foreignProperties(foreign).put("n", 7L);

        EncodedMessage encoded = MessageCodec.encode(foreign);
        OspreyMapMessage decoded = (OspreyMapMessage) MessageCodec.decode(encoded.body(), encoded.properties());

        assertThat(encoded.properties()).containsEntry("UNIQ_KEY", "ABCDEF").containsEntry("n", "7");
        assertThat(decoded.getFloat("k")).isEqualTo(3.5f);
        assertThat(decoded.getObjectProperty("n")).isEqualTo(7L);
    }

    @Test
    void jmsxPropertiesSetByTheOtherProviderStayBehind() throws JMSException {
        Message foreign = ForeignMessage.of(Message.class, null, null);
        foreignProperties(foreign).putAll(Map.of("JMSXGroupID", "g", "JMSXGroupSeq", 2, "JMSXDeliveryCount", 3,
                "JMSXUserID", "alice", "JMSXRcvTimestamp", 9L, "JMS_Acme_Flag", true));

        OspreyMessage copy = ForeignMessages.toOsprey(foreign);

        assertThat(SameMessage.names(copy.getPropertyNames())).containsExactlyInAnyOrder("JMSXGroupID",
                "JMSXGroupSeq", "JMS_Acme_Flag");
    }

    @Test
    void aForeignPropertyThisProviderCannotSendIsAFormatError() {
        Message reserved = ForeignMessage.of(Message.class, null, null);
        foreignProperties(reserved).put("DELAY", "3");
        Message badName = ForeignMessage.of(Message.class, null, null);
        foreignProperties(badName).put("my.prop", "x");

        assertThatThrownBy(() -> ForeignMessages.toOsprey(reserved)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("cannot send property DELAY").hasMessageContaining("RocketMQ system property")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ForeignMessages.toOsprey(badName)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("my.prop");
    }

    @Test
    void aForeignDestinationThisProviderCannotNameIsDroppedButAReplyToIsAnError() throws JMSException {
        Message destination = ForeignMessage.of(Message.class, null, null);
        destination.setJMSDestination(queue("jms.queue.orders"));
        Message replyTo = ForeignMessage.of(Message.class, null, null);
        replyTo.setJMSReplyTo(queue("jms.queue.replies"));

        assertThat(ForeignMessages.toOsprey(destination).getJMSDestination()).isNull();
        assertThatThrownBy(() -> ForeignMessages.toOsprey(replyTo)).isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining("[jms.queue.replies]");
    }

    @Test
    void foreignDestinationsBecomeOursByName() throws JMSException {
        TemporaryQueue tq = new ForeignTemporaryQueue("tq");
        TemporaryTopic tt = new ForeignTemporaryTopic("tt");

        assertThat(ForeignMessages.toOsprey((Destination) queue("q"))).isEqualTo(new OspreyQueue("q"));
        assertThat(ForeignMessages.toOsprey((Destination) topic("t"))).isEqualTo(new OspreyTopic("t"));
        OspreyDestination temporaryQueue = ForeignMessages.toOsprey(tq);
        assertThat(temporaryQueue).isEqualTo(new OspreyTemporaryQueue("tq", null));
        assertThat(((OspreyTemporaryDestination) temporaryQueue).hasOwner()).isFalse();
        assertThat(ForeignMessages.toOsprey(tt)).isEqualTo(new OspreyTemporaryTopic("tt", null));
        assertThat(ForeignMessages.toOsprey((Destination) null)).isNull();
        OspreyQueue ours = new OspreyQueue("ours");
        assertThat(ForeignMessages.toOsprey(ours)).isSameAs(ours);
    }

    @Test
    void aDestinationThatIsNeitherQueueNorTopicIsInvalid() {
        Destination odd = new Destination() {
        };

        assertThatThrownBy(() -> ForeignMessages.toOsprey(odd)).isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining("neither a Queue nor a Topic");
    }

    @Test
    void ourOwnMessageIsNotCopied() throws JMSException {
        OspreyTextMessage ours = new OspreyTextMessage("x");

        assertThat(ForeignMessages.toOsprey(ours)).isSameAs(ours);
    }

    @Test
    void theHeadersASendAssignsAreSetOnTheApplicationsMessage() throws JMSException {
        Message foreign = ForeignMessage.of(Message.class, null, null);
        OspreyMessage sent = ForeignMessages.toOsprey(foreign);
        sent.setJMSDestination(new OspreyQueue("q"));
        sent.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        sent.setJMSExpiration(10);
        sent.setJMSDeliveryTime(20);
        sent.setJMSPriority(6);
        sent.setJMSMessageID("ID:1");
        sent.setJMSTimestamp(30);

        ForeignMessages.copySendHeaders(sent, foreign);

        assertThat(foreign.getJMSDestination()).isEqualTo(new OspreyQueue("q"));
        assertThat(foreign.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(foreign.getJMSExpiration()).isEqualTo(10);
        assertThat(foreign.getJMSDeliveryTime()).isEqualTo(20);
        assertThat(foreign.getJMSPriority()).isEqualTo(6);
        assertThat(foreign.getJMSMessageID()).isEqualTo("ID:1");
        assertThat(foreign.getJMSTimestamp()).isEqualTo(30);
    }

    private static Map<String, Object> foreignProperties(Message proxy) {
        return ((ForeignMessage) java.lang.reflect.Proxy.getInvocationHandler(proxy)).properties;
    }

    private static Queue queue(String name) {
        return () -> name;
    }

    private static Topic topic(String name) {
        return () -> name;
    }

    private record ForeignTemporaryQueue(String name) implements TemporaryQueue {
        @Override
        public String getQueueName() {
            return name;
        }

        @Override
        public void delete() {
            throw new UnsupportedOperationException();
        }
    }

    private record ForeignTemporaryTopic(String name) implements TemporaryTopic {
        @Override
        public String getTopicName() {
            return name;
        }

        @Override
        public void delete() {
            throw new UnsupportedOperationException();
        }
    }
}
