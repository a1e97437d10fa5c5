package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec 3.5 "Message properties": 3.5.1 names (selector identifiers, 3.8.1.1), 3.5.3 read-only after receipt,
 * 3.5.5 the types setObjectProperty takes, 3.5.6 iteration without headers, 3.5.7 clearProperties, 3.5.9 the JMSX
 * names (table 3-3) and 3.5.11 JMSXDeliveryCount; and the names and values a RocketMQ property cannot carry.
 */
class PropertyRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "_x", "$y", "\u00e9t\u00e9", "x1", "nullable", "Order_Id", "JMSXGroupID",
        "JMSXGroupSeq", "JMS_Acme_Priority", "TAGS", "KEYS", "ANDROID", "\u4e16\u754c"})
    void acceptsSelectorIdentifiers(String name) throws JMSException {
        OspreyMessage m = new OspreyMessage();
        if (name.equals("JMSXGroupSeq")) {
            m.setIntProperty(name, 1);
        } else {
            m.setStringProperty(name, "v");
        }
        assertThat(m.propertyExists(name)).isTrue();
    }

    @Test
    void refusesNullAndEmptyNames() {
        assertRefused(null, "must not be null or empty");
        assertRefused("", "must not be null or empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1a", "-a", " a", ".a", "'a'"})
    void refusesNamesThatDoNotStartAnIdentifier(String name) {
        assertRefused(name, "does not start with a Java identifier start character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a-b", "a.b", "a b", "a=b", "a\u2028"})
    void refusesNamesWithCharactersNoIdentifierHolds(String name) {
        assertRefused(name, "which is not a Java identifier part");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "true", "False", "not", "AND", "or", "between", "LIKE", "in", "Is", "escape"})
    void refusesSelectorKeywordsInAnyCase(String name) {
        assertRefused(name, "is a message selector keyword");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSType", "JMSCorrelationID", "JMSFoo", "JMS"})
    void refusesTheReservedJmsPrefix(String name) {
        assertRefused(name, "starts with JMS, which the spec reserves");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSXUserID", "JMSXAppID", "JMSXDeliveryCount", "JMSXProducerTXID", "JMSXConsumerTXID",
        "JMSXRcvTimestamp", "JMSXState", "JMSXFoo"})
    void refusesTheJmsxPropertiesAProviderSets(String name) {
        assertRefused(name, "only JMSXGroupID and JMSXGroupSeq are");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELAY", "UNIQ_KEY", "WAIT", "TRAN_MSG", "CLUSTER", "TIMER_DELIVER_MS", "RECONSUME_TIME"})
    void refusesRocketMqSystemPropertiesWhichWouldChangeWhatTheBrokerDoes(String name) {
        assertRefused(name, "is a RocketMQ system property");
    }

    @Test
    void refusesOspreysOwnNames() {
        assertRefused("OSPREY_BODY", "Osprey reserves");
        assertRefused("OSPREY_anything", "Osprey reserves");
    }

    @Test
    void namesWithARocketMqSeparatorAreAllowedAsIdentifiersAllowThem() throws JMSException {
        assertThat(Character.isJavaIdentifierPart('\u0001')).as("an identifier-ignorable character").isTrue();
        OspreyMessage m = new OspreyMessage();
        m.setIntProperty("a\u0001b", 1);
        m.setStringProperty("a\u0002", "v\u0001");

        OspreyMessage received = MessageCodecTest.throughRocketMq(m);

        assertThat(received.getIntProperty("a\u0001b")).isEqualTo(1);
        assertThat(received.getStringProperty("a\u0002")).isEqualTo("v\u0001");
        assertThat(Collections.list(received.getPropertyNames())).containsExactlyInAnyOrder("a\u0001b", "a\u0002");
    }

    @Test
    void everySetterChecksTheName() {
        OspreyMessage m = new OspreyMessage();
        List<ThrowingSetter> setters = List.of(
            n -> m.setBooleanProperty(n, true), n -> m.setByteProperty(n, (byte) 1),
            n -> m.setShortProperty(n, (short) 1), n -> m.setIntProperty(n, 1), n -> m.setLongProperty(n, 1),
            n -> m.setFloatProperty(n, 1), n -> m.setDoubleProperty(n, 1), n -> m.setStringProperty(n, "v"),
            n -> m.setObjectProperty(n, "v"));
        for (ThrowingSetter setter : setters) {
            assertThatThrownBy(() -> setter.set("a.b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> setter.set(null)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(m.getPropertyNames().hasMoreElements()).isFalse();
    }

    @Test
    void setObjectPropertyTakesOnlyTheObjectifiedPrimitivesAndString() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        for (Object value : List.of('c', new byte[] {1}, new Object(), List.of(), Map.of(), new StringBuilder("x"))) {
            assertThatThrownBy(() -> m.setObjectProperty("p", value)).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("a property is a Boolean, Byte, Short, Integer, Long, Float, Double or"
                            + " String");
        }
        m.setObjectProperty("p", null);
        assertThat(m.propertyExists("p")).isTrue();
    }

    @Test
    void theJmsxPropertiesAnApplicationSetsHaveTheirTypes() throws JMSException {
        OspreyMessage m = new OspreyMessage();

        assertThatThrownBy(() -> m.setStringProperty("JMSXGroupSeq", "1")).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("JMSXGroupSeq is an int");
        assertThatThrownBy(() -> m.setLongProperty("JMSXGroupSeq", 1)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setIntProperty("JMSXGroupID", 1)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("JMSXGroupID is a String");
        m.setIntProperty("JMSXGroupSeq", 2);
        m.setStringProperty("JMSXGroupID", "g");
        assertThat(MessageCodecTest.throughRocketMq(m).getObjectProperty("JMSXGroupSeq")).isEqualTo(2);
    }

    /** 3.5.4: any String is a property value, the RocketMQ separators and unpaired surrogates included. */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0001b", "\u0002", "x\ud800", "\udc00y", "\u0000\u0003", "\\u0001"})
    void anyStringIsAPropertyValue(String value) throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setStringProperty("p", value);
        m.setObjectProperty("o", value);

        OspreyMessage received = MessageCodecTest.throughRocketMq(m);

        assertThat(received.getStringProperty("p")).isEqualTo(value);
        assertThat(received.getObjectProperty("o")).isEqualTo(value);
    }

    @Test
    void aReceivedMessagesPropertiesAreReadOnlyUntilCleared() throws JMSException {
        OspreyTextMessage sent = new OspreyTextMessage("body");
        sent.setStringProperty("a", "1");
        OspreyMessage m = MessageCodecTest.throughRocketMq(sent);
        List<ThrowingSetter> setters = List.of(
            n -> m.setBooleanProperty(n, true), n -> m.setByteProperty(n, (byte) 1),
            n -> m.setShortProperty(n, (short) 1), n -> m.setIntProperty(n, 1), n -> m.setLongProperty(n, 1),
            n -> m.setFloatProperty(n, 1), n -> m.setDoubleProperty(n, 1), n -> m.setStringProperty(n, "v"),
            n -> m.setObjectProperty(n, "v"));
        for (ThrowingSetter setter : setters) {
            assertThatThrownBy(() -> setter.set("b")).isInstanceOf(MessageNotWriteableException.class);
        }

        m.clearProperties();

        assertThat(m.propertyExists("a")).isFalse();
        assertThat(m.getPropertyNames().hasMoreElements()).isFalse();
        m.setStringProperty("b", "2");
        assertThat(m.getStringProperty("b")).isEqualTo("2");
        assertThat(((TextMessage) m).getText()).as("clearing properties keeps the body").isEqualTo("body");
    }

    @Test
    void clearPropertiesLeavesTheBody() throws JMSException {
        OspreyTextMessage m = new OspreyTextMessage("t");
        m.setIntProperty("a", 1);

        m.clearProperties();

        assertThat(m.getText()).isEqualTo("t");
        assertThat(m.propertyExists("a")).isFalse();
    }

    @Test
    void propertyNamesDoNotIncludeHeaders() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setJMSType("t");
        m.setJMSCorrelationID("c");
        m.setJMSPriority(8);
        m.setStringProperty("a", "1");
        m.setIntProperty("b", 2);

        assertThat(SameMessage.names(m.getPropertyNames())).containsExactly("a", "b");
        assertThat(SameMessage.names(MessageCodecTest.throughRocketMq(m).getPropertyNames()))
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void theReceivingSideSetsTheDeliveryCountAndRedeliveredFromIt() throws JMSException {
        OspreyMessage first = MessageCodecTest.throughRocketMq(new OspreyMessage());
        OspreyMessage again = MessageCodecTest.throughRocketMq(new OspreyMessage());

        first.markDelivered(1);
        again.markDelivered(2);

        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(first.getJMSRedelivered()).isFalse();
        assertThat(again.getObjectProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(again.getJMSRedelivered()).as("3.5.11: redelivered means a count of 2 or more").isTrue();
        assertThat(SameMessage.names(again.getPropertyNames())).containsExactly("JMSXDeliveryCount");
        assertThatThrownBy(() -> again.markDelivered(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(String name, String reason) {
        OspreyMessage m = new OspreyMessage();
        assertThatThrownBy(() -> m.setStringProperty(name, "v")).as(String.valueOf(name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
        assertThat(m.getPropertyNames().hasMoreElements()).isFalse();
    }

    private interface ThrowingSetter {
        void set(String name) throws JMSException;
    }
}
