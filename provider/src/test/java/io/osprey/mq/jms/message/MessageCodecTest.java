package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryQueue;
import io.osprey.mq.jms.destination.OspreyTopic;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.TypedProperties;
import io.osprey.mq.protocol.message.MessageProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JMS messages as RocketMQ messages: what a RocketMQ consumer sees of a JMS message, what a RocketMQ producer must
 * set to be seen as a given JMS type (spec 3.11.4 "Messages for non-Jakarta Messaging clients": a native message
 * becomes the best JMS type, at worst a BytesMessage), and exact round trips of every type and header (3.4, and
 * 3.11.4: "When passed between Jakarta Messaging clients, a message must always retain its full form").
 */
class MessageCodecTest {

    @Test
    void aRocketMqConsumerSeesHeadersAndPropertiesAsPlainStrings() throws JMSException {
        OspreyTextMessage m = new OspreyTextMessage("h\u00e9llo");
        m.setJMSMessageID("ID:7F0000010ABC18B4AAC2000000000001");
        m.setJMSDestination(new OspreyQueue("orders"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(7);
        m.setJMSTimestamp(1_700_000_000_000L);
        m.setJMSExpiration(1_700_000_060_000L);
        m.setJMSCorrelationID("req-1");
        m.setJMSType("order.created");
        m.setJMSReplyTo(new OspreyTemporaryQueue("reply1", null));
        m.setIntProperty("count", 3);
        m.setStringProperty("region", "eu");
        m.setBooleanProperty("vip", true);

        EncodedMessage encoded = MessageCodec.encode(m);

        assertThat(new String(encoded.body(), StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo");
        assertThat(encoded.properties()).containsExactly(
                entry("UNIQ_KEY", "7F0000010ABC18B4AAC2000000000001"),
                entry("OSPREY_BODY", "text"),
                entry("JMSDestination", "queue://orders"),
                entry("JMSDeliveryMode", "NON_PERSISTENT"),
                entry("JMSPriority", "7"),
                entry("JMSTimestamp", "1700000000000"),
                entry("JMSExpiration", "1700000060000"),
                entry("JMSCorrelationID", "req-1"),
                entry("JMSType", "order.created"),
                entry("JMSReplyTo", "temp-queue://reply1"),
                entry("count", "3"),
                entry("region", "eu"),
                entry("vip", "true"),
                entry("OSPREY_TYPES", "Icount,Zvip"));
    }

    @Test
    void aStockProducersMessageWithoutOspreyBodyIsABytesMessageWithStringProperties() throws JMSException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("UNIQ_KEY", "0A0000050001CAFEBABE0000000A0001");
        props.put("TAGS", "tagA");
        props.put("KEYS", "k1 k2");
        props.put("WAIT", "true");
        props.put("CLUSTER", "DefaultCluster");
        props.put("amount", "12");

        OspreyMessage m = MessageCodec.decode(new byte[] {1, 2, 3}, props);

        assertThat(m).isInstanceOf(BytesMessage.class);
        BytesMessage bytes = (BytesMessage) m;
        assertThat(bytes.getBodyLength()).isEqualTo(3);
        assertThat(bytes.readByte()).isEqualTo((byte) 1);
        assertThat(m.getJMSMessageID()).isEqualTo("ID:0A0000050001CAFEBABE0000000A0001");
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(m.getJMSPriority()).isEqualTo(4);
        assertThat(m.getJMSTimestamp()).isZero();
        assertThat(m.getJMSDestination()).isNull();
        assertThat(SameMessage.names(m.getPropertyNames())).containsExactly("TAGS", "KEYS", "amount");
        assertThat(m.getObjectProperty("amount")).isEqualTo("12");
        assertThat(m.getIntProperty("amount")).isEqualTo(12);
    }

    @Test
    void aStockProducerThatSetsOspreyBodyTextIsSeenAsATextMessage() throws JMSException {
        OspreyMessage m = MessageCodec.decode("caf\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8),
                Map.of("OSPREY_BODY", "text", "UNIQ_KEY", "AB"));

        assertThat(m).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) m).getText()).isEqualTo("caf\u00e9 \ud83d\ude00");
        assertThat(m.getBody(String.class)).isEqualTo("caf\u00e9 \ud83d\ude00");
    }

    @Test
    void anUnknownBodyTypeIsABytesMessage() throws JMSException {
        assertThat(MessageCodec.decode(new byte[] {9}, Map.of("OSPREY_BODY", "json")))
                .isInstanceOf(BytesMessage.class);
    }

    @Test
    void everyTypeAndHeaderRoundTrips() throws JMSException {
        RandomMessages random = new RandomMessages(3_11_4L);
        for (int round = 0; round < 400; round++) {
            OspreyMessage original = random.next();

            OspreyMessage decoded = throughRocketMq(original);

            SameMessage.assertSame(original, decoded);
        }
    }

    @Test
    void theBrokersSelectorLookupSeesWhatTheDecodedMessageHolds() throws JMSException {
        RandomMessages random = new RandomMessages(3_8_1L);
        for (int round = 0; round < 300; round++) {
            EncodedMessage encoded = MessageCodec.encode(random.next());
            Map<String, String> stored = MessageProperties.decode(MessageProperties.encode(encoded.properties()));
            OspreyMessage decoded = MessageCodec.decode(encoded.body(), stored);

            assertThat(TypedProperties.lookup(stored, "JMSMessageID")).isEqualTo(decoded.getJMSMessageID());
            assertThat(TypedProperties.lookup(stored, "JMSPriority")).isEqualTo(decoded.getJMSPriority());
            assertThat(TypedProperties.lookup(stored, "JMSTimestamp")).isEqualTo(decoded.getJMSTimestamp());
            assertThat(TypedProperties.lookup(stored, "JMSCorrelationID")).isEqualTo(decoded.getJMSCorrelationID());
            assertThat(TypedProperties.lookup(stored, "JMSType")).isEqualTo(decoded.getJMSType());
            assertThat(TypedProperties.lookup(stored, "JMSDeliveryMode")).isEqualTo(
                    decoded.getJMSDeliveryMode() == DeliveryMode.PERSISTENT ? "PERSISTENT" : "NON_PERSISTENT");
            List<String> names = new ArrayList<>(stored.keySet());
            names.addAll(SameMessage.names(decoded.getPropertyNames()));
            for (String name : names) {
                if (!name.equals("JMSMessageID") && !name.equals("JMSPriority") && !name.equals("JMSTimestamp")
                        && !name.equals("JMSCorrelationID") && !name.equals("JMSType")
                        && !name.equals("JMSDeliveryMode")) {
                    SameMessage.assertValue(name, TypedProperties.lookup(stored, name),
                            decoded.getObjectProperty(name));
                }
            }
        }
    }

    @Test
    void eachBodyTypeIsNamedInOspreyBody() throws JMSException {
        assertThat(bodyType(new OspreyTextMessage("x"))).isEqualTo("text");
        assertThat(bodyType(new OspreyBytesMessage())).isEqualTo("bytes");
        assertThat(bodyType(new OspreyMapMessage())).isEqualTo("map");
        assertThat(bodyType(new OspreyStreamMessage())).isEqualTo("stream");
        assertThat(bodyType(new OspreyObjectMessage())).isEqualTo("object");
        assertThat(bodyType(new OspreyMessage())).isEqualTo("message");
    }

    @Test
    void aNullTextAndAnEmptyTextAreTold() throws JMSException {
        EncodedMessage nullText = MessageCodec.encode(new OspreyTextMessage(null));
        EncodedMessage emptyText = MessageCodec.encode(new OspreyTextMessage(""));

        assertThat(nullText.body()).isEmpty();
        assertThat(nullText.properties()).containsEntry("OSPREY_TYPES", "NOSPREY_BODY");
        assertThat(emptyText.body()).isEmpty();
        assertThat(emptyText.properties()).doesNotContainKey("OSPREY_TYPES");
        assertThat(((TextMessage) throughRocketMq(new OspreyTextMessage(null))).getText()).isNull();
        assertThat(((TextMessage) throughRocketMq(new OspreyTextMessage(""))).getText()).isEmpty();
    }

    @Test
    void theMapBodyIsTheDocumentedBinaryForm() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();
        m.setInt("n", 258);
        m.setString("s", "\u00e9");
        m.setBytes("b", new byte[] {7});
        m.setObject("z", null);

        byte[] body = MessageCodec.encode(m).body();

        assertThat(HexFormat.of().formatHex(body)).isEqualTo("01" + "00000004"
                + "54000000016e" + "4900000102"
                + "540000000173" + "5400000002c3a9"
                + "540000000162" + "5b0000000107"
                + "54000000017a" + "4e");
    }

    @Test
    void theStreamBodyIsTheDocumentedBinaryForm() throws JMSException {
        OspreyStreamMessage m = new OspreyStreamMessage();
        m.writeBoolean(true);
        m.writeChar('A');
        m.writeFloat(Float.intBitsToFloat(0x7fc00001));
        m.writeLong(-1);
        m.writeString("\ud800");

        byte[] body = MessageCodec.encode(m).body();

        assertThat(HexFormat.of().formatHex(body)).isEqualTo("01" + "5a01" + "430041" + "467fc00001"
                + "4affffffffffffffff" + "5500000001d800");
    }

    @Test
    void stringsThatUtf8CannotHoldSurviveMapAndStreamBodies() throws JMSException {
        OspreyMapMessage map = new OspreyMapMessage();
        map.setString("k\udc00", "v\ud800x");
        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeString("\udfff");

        assertThat(((MapMessage) throughRocketMq(map)).getString("k\udc00")).isEqualTo("v\ud800x");
        OspreyStreamMessage decoded = (OspreyStreamMessage) throughRocketMq(stream);
        assertThat(decoded.readString()).isEqualTo("\udfff");
    }

    @Test
    void decodedMessagesAreReadOnly() throws JMSException {
        OspreyTextMessage m = new OspreyTextMessage("x");
        m.setStringProperty("a", "b");

        OspreyMessage decoded = throughRocketMq(m);

        assertThatThrownBy(() -> ((TextMessage) decoded).setText("y")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> decoded.setStringProperty("a", "c"))
                .isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void receiptSideJmsxPropertiesAreNotSent() throws JMSException {
        OspreyMessage received = throughRocketMq(new OspreyMessage());
        received.markDelivered(3);

        EncodedMessage again = MessageCodec.encode(received);

        assertThat(again.properties()).doesNotContainKey("JMSXDeliveryCount");
        assertThat(throughRocketMq(received).propertyExists("JMSXDeliveryCount")).isFalse();
    }

    @Test
    void aMessageWithoutIdHasNoUniqKeyForTheProducerToFill() throws JMSException {
        assertThat(MessageCodec.encode(new OspreyMessage()).properties()).doesNotContainKey("UNIQ_KEY");
        assertThat(throughRocketMq(new OspreyMessage()).getJMSMessageID()).isNull();
    }

    @Test
    void anEncodedMessageIsACopy() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        m.writeInt(1);
        EncodedMessage encoded = MessageCodec.encode(m);

        m.writeInt(2);

        assertThat(encoded.body()).hasSize(4);
        assertThatThrownBy(() -> encoded.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void headerStringsWithTheRocketMqSeparatorsOrUnpairedSurrogatesRoundTrip() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setJMSType("a\u0001b\ud800");
        m.setJMSCorrelationID("x\u0002");

        EncodedMessage encoded = MessageCodec.encode(m);
        OspreyMessage received = throughRocketMq(m);

        assertThat(encoded.properties()).containsEntry("JMSType", "a\\u0001b\\ud800");
        assertThat(received.getJMSType()).isEqualTo("a\u0001b\ud800");
        assertThat(received.getJMSCorrelationID()).isEqualTo("x\u0002");
    }

    @Test
    void ordinaryPropertiesTravelExactlyAsBeforeEscapingExisted() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setStringProperty("path", "C:\\dir\\u0001");
        m.setIntProperty("n", 3);
        m.setJMSType("order");

        EncodedMessage encoded = MessageCodec.encode(m);

        assertThat(encoded.properties()).containsEntry("path", "C:\\dir\\u0001").containsEntry("n", "3")
                .containsEntry("JMSType", "order").containsEntry(JmsHeaders.OSPREY_TYPES, "In");
    }

    @Test
    void aCorrelationIdAsBytesCanHoldAnyBytes() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setJMSCorrelationIDAsBytes(new byte[] {1, 2, 0, (byte) 0xFF});

        EncodedMessage encoded = MessageCodec.encode(m);

        assertThat(encoded.properties()).containsEntry("JMSCorrelationIDAsBytes", "AQIA/w==");
        assertThat(throughRocketMq(m).getJMSCorrelationIDAsBytes()).containsExactly(1, 2, 0, 0xFF);
    }

    @Test
    void aTextWithAnUnpairedSurrogateIsRefusedAtSend() {
        assertThatThrownBy(() -> MessageCodec.encode(new OspreyTextMessage("a\ud800")))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void outOfRangeDeliveryModeAndPriorityAreRefusedAtSend() throws JMSException {
        OspreyMessage mode = new OspreyMessage();
        mode.setJMSDeliveryMode(3);
        OspreyMessage priority = new OspreyMessage();
        priority.setJMSPriority(10);

        assertThatThrownBy(() -> MessageCodec.encode(mode)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("JMSDeliveryMode");
        assertThatThrownBy(() -> MessageCodec.encode(priority)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("JMSPriority must be 0 to 9");
    }

    @Test
    void propertiesOverTheRocketMqLimitAreRefusedAtSend() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setStringProperty("big", "x".repeat(40_000));

        assertThatThrownBy(() -> MessageCodec.encode(m)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("more than 32767");
    }

    @Test
    void aForeignReplyToIsSentAsOurs() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        Queue foreign = () -> "replies";
        m.setJMSReplyTo(foreign);

        assertThat(MessageCodec.encode(m).properties()).containsEntry("JMSReplyTo", "queue://replies");
        assertThat(throughRocketMq(m).getJMSReplyTo()).isEqualTo(new OspreyQueue("replies"));
    }

    @Test
    void aReplyToThisProviderCannotNameIsAnInvalidDestination() {
        OspreyMessage m = new OspreyMessage();
        Queue foreign = () -> "jms.queue.replies";
        m.setJMSReplyTo(foreign);

        assertThatThrownBy(() -> MessageCodec.encode(m)).isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining("[jms.queue.replies]");
    }

    @Test
    void aMessageWithoutJmsHeadersTakesDestinationAndTimestampFromWhereItCameFrom() throws JMSException {
        WireOrigin origin = new WireOrigin(new OspreyTopic("prices"), 1_700_000_000_123L);

        OspreyMessage stock = MessageCodec.decode(new byte[] {1}, Map.of("UNIQ_KEY", "AB"), origin);
        OspreyMessage text = MessageCodec.decode(new byte[] {'a'}, Map.of("OSPREY_BODY", "text"), origin);

        assertThat(stock.getJMSDestination()).isEqualTo(new OspreyTopic("prices"));
        assertThat(stock.getJMSTimestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(text.getJMSTimestamp()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void aJmsProducersHeadersWinOverWhereTheMessageCameFrom() throws JMSException {
        OspreyMessage sent = new OspreyMessage();
        sent.setJMSDestination(new OspreyQueue("orders"));
        OspreyMessage noTimestamp = new OspreyMessage();
        noTimestamp.setJMSDestination(new OspreyQueue("orders"));
        sent.setJMSTimestamp(42);
        EncodedMessage a = MessageCodec.encode(sent);
        EncodedMessage b = MessageCodec.encode(noTimestamp);
        WireOrigin origin = new WireOrigin(new OspreyTopic("other"), 7);

        assertThat(MessageCodec.decode(a.body(), a.properties(), origin).getJMSDestination())
                .isEqualTo(new OspreyQueue("orders"));
        assertThat(MessageCodec.decode(a.body(), a.properties(), origin).getJMSTimestamp()).isEqualTo(42);
        // 3.4.4: a producer with timestamps disabled sends 0, which the born timestamp must not replace
        assertThat(MessageCodec.decode(b.body(), b.properties(), origin).getJMSTimestamp()).isZero();
    }

    @Test
    void malformedHeadersReadAsTheirDefaults() throws JMSException {
        Map<String, String> wire = new LinkedHashMap<>();
        wire.put("UNIQ_KEY", "AB");
        wire.put("JMSPriority", "high");
        wire.put("JMSDeliveryMode", "2");
        wire.put("JMSTimestamp", "yesterday");
        wire.put("JMSExpiration", "soon");
        wire.put("JMSReplyTo", "orders");
        wire.put("JMSDestination", "topic://a b");
        wire.put("JMSCorrelationIDAsBytes", "not base64!");
        wire.put("JMSType", "t");
        wire.put("color", "red");

        OspreyMessage m = MessageCodec.decode(new byte[0], wire, new WireOrigin(new OspreyQueue("q"), 9));

        assertThat(m.getJMSPriority()).isEqualTo(4);
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(m.getJMSTimestamp()).isZero();
        assertThat(m.getJMSExpiration()).isZero();
        assertThat(m.getJMSReplyTo()).isNull();
        assertThat(m.getJMSDestination()).isEqualTo(new OspreyQueue("q"));
        assertThat(m.getJMSCorrelationID()).isNull();
        assertThat(m.getJMSType()).isEqualTo("t");
        assertThat(m.getStringProperty("color")).isEqualTo("red");
    }

    @Test
    void aPropertyThatDoesNotReadAsItsTypeFailsWhenReadAndOnlyThen() throws JMSException {
        Map<String, String> wire = new LinkedHashMap<>();
        wire.put("n", "x");
        wire.put("ok", "5");
        wire.put("OSPREY_TYPES", "In,Iok");

        OspreyMessage m = MessageCodec.decode(new byte[] {7}, wire);

        assertThat(SameMessage.names(m.getPropertyNames())).containsExactly("n", "ok");
        assertThat(m.propertyExists("n")).isTrue();
        assertThat(m.getIntProperty("ok")).isEqualTo(5);
        assertThatThrownBy(() -> m.getIntProperty("n")).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("property n cannot be read").hasMessageContaining("property n of type I");
        assertThatThrownBy(() -> m.getStringProperty("n")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.getObjectProperty("n")).isInstanceOf(MessageFormatException.class);
        assertThat(((BytesMessage) m).readByte()).isEqualTo((byte) 7);
    }

    @Test
    void aTypeListThatDoesNotParseMakesEveryPropertyUnreadable() throws JMSException {
        OspreyMessage m = MessageCodec.decode("t".getBytes(StandardCharsets.UTF_8),
                Map.of("OSPREY_BODY", "text", "OSPREY_TYPES", "Qx", "x", "1"));

        assertThatThrownBy(() -> m.getObjectProperty("x")).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("OSPREY_TYPES [Qx] cannot be read");
        assertThat(((TextMessage) m).getText()).isEqualTo("t");
    }

    @Test
    void aReceivedMessageWithAnUnreadablePropertyCannotBeSentAgainUntilCleared() throws JMSException {
        OspreyMessage m = MessageCodec.decode(new byte[0], Map.of("n", "x", "OSPREY_TYPES", "In"));

        assertThatThrownBy(() -> MessageCodec.encode(m)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("its property n cannot be read");
        m.clearProperties();
        assertThat(MessageCodec.encode(m).properties()).doesNotContainKey("n");
    }

    @Test
    void malformedMapAndStreamBodiesFailWhenRead() throws JMSException {
        assertUnreadableBody(new byte[0], "map", "the body is empty");
        assertUnreadableBody(new byte[] {2}, "stream", "version 2 is not 1");
        assertUnreadableBody(new byte[] {1, 'I', 0}, "stream", "bytes short");
        assertUnreadableBody(new byte[] {1, '?'}, "stream", "the tag 0x3f at 1");
        assertUnreadableBody(new byte[] {1, 0, 0, 0, 1, 'I', 0, 0, 0, 1, 'N'}, "map", "entry 0 has no name");
        assertUnreadableBody(new byte[] {1, 'T', 0, 0, 0, 5, 'a'}, "stream", "runs past");
        assertUnreadableBody(new byte[] {1, 'T', 0, 0, 0, 1, (byte) 0xC3}, "stream", "not UTF-8");
        assertUnreadableBody(new byte[] {1, 'Z', 2}, "stream", "the boolean at 1 is 2");
    }

    @Test
    void anUnreadableMapBodyFailsEveryReadAndSendButNotItsHeaders() throws JMSException {
        Map<String, String> wire = Map.of("OSPREY_BODY", "map", "JMSType", "order", "color", "red");
        OspreyMapMessage m = (OspreyMapMessage) MessageCodec.decode(new byte[] {9}, wire);

        assertThat(m.getJMSType()).isEqualTo("order");
        assertThat(m.getStringProperty("color")).isEqualTo("red");
        assertThatThrownBy(m::getMapNames).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("version 9 is not 1");
        assertThatThrownBy(() -> m.getString("a")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.itemExists("a")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.getBody(Map.class)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.isBodyAssignableTo(Map.class)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> MessageCodec.encode(m)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("its body cannot be read");
        m.clearBody();
        m.setString("a", "b");
        assertThat(m.getString("a")).isEqualTo("b");
    }

    @Test
    void anEmptyObjectBodyIsANullObjectAndAPlainMessageHasNoBody() throws JMSException {
        assertThat(MessageCodec.encode(new OspreyObjectMessage()).body()).isEmpty();
        assertThat(((OspreyObjectMessage) throughRocketMq(new OspreyObjectMessage())).getObject()).isNull();
        assertThat(MessageCodec.encode(new OspreyMessage()).body()).isEmpty();
        assertThat(MessageCodec.decode(null, Map.of("OSPREY_BODY", "message"))).isExactlyInstanceOf(
                OspreyMessage.class);
    }

    @Test
    void theDestinationsKindSurvives() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setJMSDestination(new OspreyTopic("orders"));

        assertThat(throughRocketMq(m).getJMSDestination()).isEqualTo(new OspreyTopic("orders"))
                .isNotEqualTo(new OspreyQueue("orders"));
    }

    @Test
    void writeOnlyBodiesEncodeWithoutChangingMode() throws JMSException {
        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeInt(1);
        OspreyBytesMessage bytes = new OspreyBytesMessage();
        bytes.writeInt(1);

        MessageCodec.encode(stream);
        MessageCodec.encode(bytes);

        stream.writeInt(2);
        bytes.writeInt(2);
        List<Object> values = new ArrayList<>(stream.valuesView());
        assertThat(values).containsExactly(1, 2);
        assertThat(bytes.bodyBytes()).hasSize(8);
    }

    private static void assertUnreadableBody(byte[] body, String type, String problem) throws JMSException {
        OspreyMessage m = MessageCodec.decode(body, Map.of("OSPREY_BODY", type));
        if (m instanceof OspreyStreamMessage stream) {
            assertThatThrownBy(stream::readObject).as(problem).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining(problem);
        } else {
            assertThatThrownBy(() -> ((MapMessage) m).getObject("a")).as(problem)
                    .isInstanceOf(MessageFormatException.class).hasMessageContaining(problem);
        }
    }

    private static String bodyType(OspreyMessage m) throws JMSException {
        return MessageCodec.encode(m).properties().get("OSPREY_BODY");
    }

    /** Encoded, stored as a RocketMQ properties string and decoded, as a consumer receives it. */
    /** Through the RocketMQ properties string in UTF-8, as the broker stores it. */
    static OspreyMessage throughRocketMq(OspreyMessage m) throws JMSException {
        EncodedMessage encoded = MessageCodec.encode(m);
        byte[] stored = MessageProperties.encode(encoded.properties()).getBytes(StandardCharsets.UTF_8);
        return MessageCodec.decode(encoded.body().clone(),
                MessageProperties.decode(new String(stored, StandardCharsets.UTF_8)));
    }
}
