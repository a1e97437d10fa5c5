package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 3 at its edges: what the provider sets overrides what the client set (3.4.11), any string is a valid
 * property value or body, large bodies, many properties, partial reads of byte fields (3.11.3), application
 * classes in an ObjectMessage.
 */
class MessageEdgeCasesTest extends JmsTck {
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

    @SuppressWarnings("unchecked")
    private <T extends Message> T roundTrip(T message) throws Exception {
        producer.send(message);
        return (T) expect(consumer);
    }

    @Test
    void theProviderOverridesTheHeadersItSets() throws Exception {
        Topic elsewhere = newTopic();
        Message sent = session.createMessage();
        sent.setJMSDestination(elsewhere);
        sent.setJMSMessageID("ID:set-by-client");
        sent.setJMSRedelivered(true);
        sent.setJMSTimestamp(1);
        Message received = roundTrip(sent);
        assertThat(received.getJMSDestination()).isEqualTo(queue);
        assertThat(received.getJMSMessageID()).isNotEqualTo("ID:set-by-client");
        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getJMSTimestamp()).isGreaterThan(1);
    }

    @Test
    void punctuationControlCharactersAndEmojiArePropertyValues() throws Exception {
        String awkward = "c=d;e&f\ng\u0000h \uD83D\uDE00 ' \" \\ %";
        Message sent = session.createMessage();
        sent.setStringProperty("awkward", awkward);
        assertThat(roundTrip(sent).getStringProperty("awkward")).isEqualTo(awkward);
    }

    @Test
    void stringsWithTheRocketMqSeparatorsArePropertyValues() throws Exception {
        String awkward = "a\u0001b\u0002c";
        Message sent = session.createMessage();
        sent.setStringProperty("awkward", awkward);
        assertThat(roundTrip(sent).getStringProperty("awkward")).isEqualTo(awkward);
    }

    @Test
    void anEmptyStringPropertyStaysEmpty() throws Exception {
        Message sent = session.createMessage();
        sent.setStringProperty("empty", "");
        Message received = roundTrip(sent);
        assertThat(received.propertyExists("empty")).isTrue();
        assertThat(received.getStringProperty("empty")).isEmpty();
    }

    @Test
    void anyStringIsATextBody() throws Exception {
        String awkward = "nul\u0000 sep\u0001\u0002 emoji 😀 surrogate \uD83D\uDE00 end";
        assertThat(((TextMessage) roundTrip(session.createTextMessage(awkward))).getText()).isEqualTo(awkward);
    }

    @Test
    void aLargeTextBodyRoundTrips() throws Exception {
        char[] chars = new char[1 << 20];
        Arrays.fill(chars, 'x');
        String large = new String(chars);
        assertThat(((TextMessage) roundTrip(session.createTextMessage(large))).getText()).isEqualTo(large);
    }

    @Test
    void aLargeBytesBodyRoundTrips() throws Exception {
        byte[] bytes = new byte[2 << 20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        BytesMessage sent = session.createBytesMessage();
        sent.writeBytes(bytes);
        BytesMessage received = roundTrip(sent);
        assertThat(received.getBodyLength()).isEqualTo(bytes.length);
        byte[] read = new byte[bytes.length];
        assertThat(received.readBytes(read)).isEqualTo(bytes.length);
        assertThat(read).isEqualTo(bytes);
    }

    @Test
    void manyPropertiesRoundTrip() throws Exception {
        Message sent = session.createMessage();
        for (int i = 0; i < 200; i++) {
            sent.setIntProperty("p" + i, i);
        }
        Message received = roundTrip(sent);
        for (int i = 0; i < 200; i++) {
            assertThat(received.getIntProperty("p" + i)).isEqualTo(i);
        }
    }

    @Test
    void aMapMessageKeepsNullValuesAndAwkwardNames() throws Exception {
        MapMessage sent = session.createMapMessage();
        sent.setString("nothing", null);
        sent.setObject("alsoNothing", null);
        sent.setString("with space & = ;", "v");
        MapMessage received = roundTrip(sent);
        assertThat(received.itemExists("nothing")).isTrue();
        assertThat(received.getString("nothing")).isNull();
        assertThat(received.getObject("alsoNothing")).isNull();
        assertThat(received.getString("with space & = ;")).isEqualTo("v");
    }

    @Test
    void aStreamByteFieldIsReadInPieces() throws Exception {
        StreamMessage sent = session.createStreamMessage();
        sent.writeBytes(new byte[] {1, 2, 3, 4, 5});
        sent.writeBytes(new byte[] {7, 8});
        sent.writeInt(6);
        StreamMessage received = roundTrip(sent);
        byte[] piece = new byte[2];
        assertThat(received.readBytes(piece)).isEqualTo(2);
        assertThat(piece).containsExactly(1, 2);
        assertThat(received.readBytes(piece)).isEqualTo(2);
        assertThat(piece).containsExactly(3, 4);
        // fewer than the buffer: the field is complete
        assertThat(received.readBytes(piece)).isEqualTo(1);
        assertThat(piece[0]).isEqualTo((byte) 5);
        // exactly the buffer: one more call, which says there is no more
        assertThat(received.readBytes(piece)).isEqualTo(2);
        assertThat(piece).containsExactly(7, 8);
        assertThat(received.readBytes(piece)).isEqualTo(-1);
        assertThat(received.readInt()).isEqualTo(6);
    }

    @Test
    void aStreamMessageReadsAnEmptyByteFieldAsZeroAndANullOneAsMinusOne() throws Exception {
        StreamMessage sent = session.createStreamMessage();
        sent.writeBytes(new byte[0]);
        sent.writeObject(null);
        sent.writeBoolean(true);
        StreamMessage received = roundTrip(sent);
        byte[] buffer = new byte[4];
        assertThat(received.readBytes(buffer)).isZero();
        assertThat(received.readBytes(buffer)).isEqualTo(-1);
        assertThat(received.readBoolean()).isTrue();
    }

    @Test
    void aBytesMessageReadsPartOfItsBodyWithALength() throws Exception {
        BytesMessage sent = session.createBytesMessage();
        sent.writeBytes(new byte[] {9, 8, 7, 6});
        BytesMessage received = roundTrip(sent);
        byte[] buffer = new byte[4];
        assertThat(received.readBytes(buffer, 3)).isEqualTo(3);
        assertThat(buffer).containsExactly(9, 8, 7, 0);
        assertThat(received.readBytes(buffer, 3)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 6);
    }

    /** An application class: the receiver must find it on the application's class path. */
    static final class Order implements Serializable {
        private static final long serialVersionUID = 1L;
        final String id;
        final int quantity;

        Order(String id, int quantity) {
            this.id = id;
            this.quantity = quantity;
        }
    }

    @Test
    void anObjectMessageCarriesAnApplicationClass() throws Exception {
        ObjectMessage received = roundTrip(session.createObjectMessage(new Order("o-1", 3)));
        Order order = (Order) received.getObject();
        assertThat(order.id).isEqualTo("o-1");
        assertThat(order.quantity).isEqualTo(3);
    }
}
