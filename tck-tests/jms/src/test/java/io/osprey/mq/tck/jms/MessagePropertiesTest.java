package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Section 3.5 "Message properties": names, values, the conversion table of 3.5.4, and 3.5.9's JMSX properties. */
class MessagePropertiesTest extends JmsTck {
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

    private Message roundTrip(Message message) throws Exception {
        producer.send(message);
        return expect(consumer);
    }

    @Test
    void everyPropertyTypeRoundTripsThroughTheBroker() throws Exception {
        Message sent = session.createMessage();
        sent.setBooleanProperty("aBoolean", true);
        sent.setByteProperty("aByte", (byte) -7);
        sent.setShortProperty("aShort", (short) 1234);
        sent.setIntProperty("anInt", Integer.MIN_VALUE);
        sent.setLongProperty("aLong", Long.MAX_VALUE);
        sent.setFloatProperty("aFloat", 1.5f);
        sent.setDoubleProperty("aDouble", -2.25);
        sent.setStringProperty("aString", "héllo wörld");
        Message received = roundTrip(sent);
        assertThat(received.getBooleanProperty("aBoolean")).isTrue();
        assertThat(received.getByteProperty("aByte")).isEqualTo((byte) -7);
        assertThat(received.getShortProperty("aShort")).isEqualTo((short) 1234);
        assertThat(received.getIntProperty("anInt")).isEqualTo(Integer.MIN_VALUE);
        assertThat(received.getLongProperty("aLong")).isEqualTo(Long.MAX_VALUE);
        assertThat(received.getFloatProperty("aFloat")).isEqualTo(1.5f);
        assertThat(received.getDoubleProperty("aDouble")).isEqualTo(-2.25);
        assertThat(received.getStringProperty("aString")).isEqualTo("héllo wörld");
    }

    @Test
    void getObjectPropertyReturnsTheWrapperOfTheSetType() throws Exception {
        Message sent = session.createMessage();
        sent.setObjectProperty("b", (byte) 1);
        sent.setObjectProperty("s", (short) 2);
        sent.setObjectProperty("i", 3);
        sent.setObjectProperty("l", 4L);
        sent.setObjectProperty("f", 5f);
        sent.setObjectProperty("d", 6d);
        sent.setObjectProperty("z", Boolean.FALSE);
        sent.setObjectProperty("t", "seven");
        Message received = roundTrip(sent);
        assertThat(received.getObjectProperty("b")).isInstanceOf(Byte.class).isEqualTo((byte) 1);
        assertThat(received.getObjectProperty("s")).isInstanceOf(Short.class).isEqualTo((short) 2);
        assertThat(received.getObjectProperty("i")).isInstanceOf(Integer.class).isEqualTo(3);
        assertThat(received.getObjectProperty("l")).isInstanceOf(Long.class).isEqualTo(4L);
        assertThat(received.getObjectProperty("f")).isInstanceOf(Float.class).isEqualTo(5f);
        assertThat(received.getObjectProperty("d")).isInstanceOf(Double.class).isEqualTo(6d);
        assertThat(received.getObjectProperty("z")).isEqualTo(Boolean.FALSE);
        assertThat(received.getObjectProperty("t")).isEqualTo("seven");
    }

    @Test
    void setObjectPropertyRefusesOtherTypes() throws Exception {
        Message message = session.createMessage();
        assertThatThrownBy(() -> message.setObjectProperty("list", List.of(1)))
                .isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.setObjectProperty("chars", 'c'))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void aNullOrEmptyPropertyNameIsRefused() throws Exception {
        Message message = session.createMessage();
        assertThatThrownBy(() -> message.setStringProperty(null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message.setIntProperty("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyNamesListsWhatWasSetAndPropertyExistsAgrees() throws Exception {
        Message sent = session.createMessage();
        sent.setStringProperty("one", "1");
        sent.setIntProperty("two", 2);
        Message received = roundTrip(sent);
        List<Object> names = new java.util.ArrayList<Object>(Collections.list(received.getPropertyNames()));
        assertThat(names).contains("one", "two");
        assertThat(received.propertyExists("one")).isTrue();
        assertThat(received.propertyExists("three")).isFalse();
    }

    @Test
    void aMissingPropertyReadsAsNullOrFalseOrFailsAsValueOfNull() throws Exception {
        Message message = session.createMessage();
        assertThat(message.getStringProperty("missing")).isNull();
        assertThat(message.getObjectProperty("missing")).isNull();
        assertThat(message.getBooleanProperty("missing")).isFalse();
        assertThatThrownBy(() -> message.getIntProperty("missing")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> message.getLongProperty("missing")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> message.getByteProperty("missing")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> message.getShortProperty("missing")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> message.getDoubleProperty("missing")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> message.getFloatProperty("missing")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void integralPropertiesWidenButDoNotNarrow() throws Exception {
        Message message = session.createMessage();
        message.setByteProperty("b", (byte) 5);
        assertThat(message.getShortProperty("b")).isEqualTo((short) 5);
        assertThat(message.getIntProperty("b")).isEqualTo(5);
        assertThat(message.getLongProperty("b")).isEqualTo(5L);
        assertThat(message.getStringProperty("b")).isEqualTo("5");
        message.setLongProperty("l", 5L);
        assertThatThrownBy(() -> message.getIntProperty("l")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getShortProperty("l")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getByteProperty("l")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getFloatProperty("l")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getBooleanProperty("l")).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void floatWidensToDoubleAndNothingElse() throws Exception {
        Message message = session.createMessage();
        message.setFloatProperty("f", 2.5f);
        assertThat(message.getDoubleProperty("f")).isEqualTo(2.5);
        assertThat(message.getStringProperty("f")).isEqualTo("2.5");
        assertThatThrownBy(() -> message.getIntProperty("f")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getLongProperty("f")).isInstanceOf(MessageFormatException.class);
        message.setDoubleProperty("d", 2.5);
        assertThatThrownBy(() -> message.getFloatProperty("d")).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void booleanConvertsToStringOnly() throws Exception {
        Message message = session.createMessage();
        message.setBooleanProperty("z", true);
        assertThat(message.getStringProperty("z")).isEqualTo("true");
        assertThatThrownBy(() -> message.getIntProperty("z")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getDoubleProperty("z")).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void stringConvertsToEveryTypeItParsesAs() throws Exception {
        Message message = session.createMessage();
        message.setStringProperty("n", "42");
        assertThat(message.getByteProperty("n")).isEqualTo((byte) 42);
        assertThat(message.getShortProperty("n")).isEqualTo((short) 42);
        assertThat(message.getIntProperty("n")).isEqualTo(42);
        assertThat(message.getLongProperty("n")).isEqualTo(42L);
        assertThat(message.getFloatProperty("n")).isEqualTo(42f);
        assertThat(message.getDoubleProperty("n")).isEqualTo(42d);
        message.setStringProperty("t", "TRUE");
        assertThat(message.getBooleanProperty("t")).isTrue();
        message.setStringProperty("x", "not a number");
        assertThatThrownBy(() -> message.getIntProperty("x")).isInstanceOf(NumberFormatException.class);
        assertThat(message.getBooleanProperty("x")).isFalse();
    }

    @Test
    void receivedPropertiesAreReadOnlyUntilClearProperties() throws Exception {
        Message sent = session.createMessage();
        sent.setStringProperty("p", "v");
        Message received = roundTrip(sent);
        assertThatThrownBy(() -> received.setStringProperty("p", "w"))
                .isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> received.setObjectProperty("q", 1))
                .isInstanceOf(MessageNotWriteableException.class);
        received.clearProperties();
        assertThat(received.propertyExists("p")).isFalse();
        received.setStringProperty("p", "w");
        assertThat(received.getStringProperty("p")).isEqualTo("w");
    }

    @Test
    void clearPropertiesLeavesTheBodyAndHeaders() throws Exception {
        jakarta.jms.TextMessage message = session.createTextMessage("body");
        message.setJMSCorrelationID("c");
        message.setStringProperty("p", "v");
        message.clearProperties();
        assertThat(message.getText()).isEqualTo("body");
        assertThat(message.getJMSCorrelationID()).isEqualTo("c");
        assertThat(message.getPropertyNames().hasMoreElements()).isFalse();
    }

    @Test
    void jmsxGroupPropertiesRoundTrip() throws Exception {
        Message sent = session.createMessage();
        sent.setStringProperty("JMSXGroupID", "group-1");
        sent.setIntProperty("JMSXGroupSeq", 3);
        Message received = roundTrip(sent);
        assertThat(received.getStringProperty("JMSXGroupID")).isEqualTo("group-1");
        assertThat(received.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
    }

    @Test
    void theProviderSetsJmsxDeliveryCountOnReceipt() throws Exception {
        Message received = roundTrip(session.createMessage());
        assertThat(received.propertyExists("JMSXDeliveryCount")).isTrue();
        assertThat(received.getObjectProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void theConnectionMetaDataListsTheSupportedJmsxProperties() throws Exception {
        List<Object> names = new java.util.ArrayList<Object>(Collections.list(connection().getMetaData().getJMSXPropertyNames()));
        assertThat(names).contains("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount");
    }
}
