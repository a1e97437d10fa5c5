package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Section 3.11 "Message body": the five body types round-trip through the broker, a received body is read-only
 * until {@code clearBody} (3.11.2), bytes and stream messages are write-only until {@code reset}, and the
 * conversions of 3.11.3 for stream and map messages.
 */
class MessageBodiesTest extends JmsTck {
    private Session session;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        Queue queue = newQueue();
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
    }

    @SuppressWarnings("unchecked")
    private <T extends Message> T roundTrip(T message) throws Exception {
        producer.send(message);
        return (T) expect(consumer);
    }

    @Test
    void textMessageRoundTripsIncludingNullAndUnicode() throws Exception {
        assertThat(((TextMessage) roundTrip(session.createTextMessage("ünïcødé ✓"))).getText())
                .isEqualTo("ünïcødé ✓");
        assertThat(((TextMessage) roundTrip(session.createTextMessage())).getText()).isNull();
        assertThat(((TextMessage) roundTrip(session.createTextMessage(""))).getText()).isEmpty();
    }

    @Test
    void bytesMessageRoundTripsEveryWrittenType() throws Exception {
        BytesMessage sent = session.createBytesMessage();
        sent.writeBoolean(true);
        sent.writeByte((byte) -1);
        sent.writeShort((short) -2);
        sent.writeChar('c');
        sent.writeInt(3);
        sent.writeLong(4L);
        sent.writeFloat(5.5f);
        sent.writeDouble(6.5);
        sent.writeUTF("utf");
        sent.writeBytes(new byte[] {7, 8, 9}, 1, 2);
        sent.writeObject(10);
        BytesMessage received = roundTrip(sent);
        assertThat(received.readBoolean()).isTrue();
        assertThat(received.readByte()).isEqualTo((byte) -1);
        assertThat(received.readShort()).isEqualTo((short) -2);
        assertThat(received.readChar()).isEqualTo('c');
        assertThat(received.readInt()).isEqualTo(3);
        assertThat(received.readLong()).isEqualTo(4L);
        assertThat(received.readFloat()).isEqualTo(5.5f);
        assertThat(received.readDouble()).isEqualTo(6.5);
        assertThat(received.readUTF()).isEqualTo("utf");
        byte[] two = new byte[2];
        assertThat(received.readBytes(two)).isEqualTo(2);
        assertThat(two).containsExactly(8, 9);
        assertThat(received.readInt()).isEqualTo(10);
        assertThat(received.readBytes(new byte[1])).isEqualTo(-1);
    }

    @Test
    void bytesMessageBodyLengthAndUnsignedReads() throws Exception {
        BytesMessage sent = session.createBytesMessage();
        sent.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD});
        BytesMessage received = roundTrip(sent);
        assertThat(received.getBodyLength()).isEqualTo(3);
        assertThat(received.readUnsignedByte()).isEqualTo(0xFF);
        assertThat(received.readUnsignedShort()).isEqualTo(0xFEFD);
    }

    @Test
    void readingPastTheEndOfABytesMessageIsMessageEof() throws Exception {
        BytesMessage sent = session.createBytesMessage();
        sent.writeByte((byte) 1);
        BytesMessage received = roundTrip(sent);
        received.readByte();
        assertThatThrownBy(received::readInt).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void aNewBytesMessageIsWriteOnlyUntilReset() throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeInt(1);
        assertThatThrownBy(message::readInt).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(message::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        message.reset();
        assertThat(message.readInt()).isEqualTo(1);
        assertThatThrownBy(() -> message.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void bytesMessageWriteObjectRefusesNonPrimitives() throws Exception {
        BytesMessage message = session.createBytesMessage();
        assertThatThrownBy(() -> message.writeObject(new ArrayList<>())).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void mapMessageRoundTripsEveryType() throws Exception {
        MapMessage sent = session.createMapMessage();
        sent.setBoolean("z", true);
        sent.setByte("b", (byte) 1);
        sent.setShort("s", (short) 2);
        sent.setChar("c", 'c');
        sent.setInt("i", 3);
        sent.setLong("l", 4L);
        sent.setFloat("f", 5f);
        sent.setDouble("d", 6d);
        sent.setString("t", "text");
        sent.setBytes("y", new byte[] {1, 2});
        sent.setObject("o", 7);
        MapMessage received = roundTrip(sent);
        assertThat(received.getBoolean("z")).isTrue();
        assertThat(received.getByte("b")).isEqualTo((byte) 1);
        assertThat(received.getShort("s")).isEqualTo((short) 2);
        assertThat(received.getChar("c")).isEqualTo('c');
        assertThat(received.getInt("i")).isEqualTo(3);
        assertThat(received.getLong("l")).isEqualTo(4L);
        assertThat(received.getFloat("f")).isEqualTo(5f);
        assertThat(received.getDouble("d")).isEqualTo(6d);
        assertThat(received.getString("t")).isEqualTo("text");
        assertThat(received.getBytes("y")).containsExactly(1, 2);
        assertThat(received.getObject("o")).isEqualTo(7);
        assertThat(new ArrayList<Object>(Collections.list(received.getMapNames())))
                .containsExactlyInAnyOrder("z", "b", "s", "c", "i", "l", "f", "d", "t", "y", "o");
        assertThat(received.itemExists("t")).isTrue();
        assertThat(received.itemExists("nope")).isFalse();
    }

    @Test
    void mapMessageConversionsFollowTheTable() throws Exception {
        MapMessage message = session.createMapMessage();
        message.setShort("s", (short) 9);
        assertThat(message.getInt("s")).isEqualTo(9);
        assertThat(message.getLong("s")).isEqualTo(9L);
        assertThat(message.getString("s")).isEqualTo("9");
        assertThatThrownBy(() -> message.getByte("s")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.getChar("s")).isInstanceOf(MessageFormatException.class);
        message.setString("n", "12");
        assertThat(message.getLong("n")).isEqualTo(12L);
        message.setBytes("y", new byte[] {1});
        assertThatThrownBy(() -> message.getString("y")).isInstanceOf(MessageFormatException.class);
        assertThat(message.getString("missing")).isNull();
        assertThatThrownBy(() -> message.getChar("missing")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mapMessageRefusesANullOrEmptyName() throws Exception {
        MapMessage message = session.createMapMessage();
        assertThatThrownBy(() -> message.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message.setString("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamMessageRoundTripsInOrder() throws Exception {
        StreamMessage sent = session.createStreamMessage();
        sent.writeBoolean(false);
        sent.writeByte((byte) 1);
        sent.writeShort((short) 2);
        sent.writeChar('x');
        sent.writeInt(3);
        sent.writeLong(4L);
        sent.writeFloat(5f);
        sent.writeDouble(6d);
        sent.writeString("seven");
        sent.writeBytes(new byte[] {8, 9});
        sent.writeObject(null);
        StreamMessage received = roundTrip(sent);
        assertThat(received.readBoolean()).isFalse();
        assertThat(received.readByte()).isEqualTo((byte) 1);
        assertThat(received.readShort()).isEqualTo((short) 2);
        assertThat(received.readChar()).isEqualTo('x');
        assertThat(received.readInt()).isEqualTo(3);
        assertThat(received.readLong()).isEqualTo(4L);
        assertThat(received.readFloat()).isEqualTo(5f);
        assertThat(received.readDouble()).isEqualTo(6d);
        assertThat(received.readString()).isEqualTo("seven");
        byte[] bytes = new byte[2];
        assertThat(received.readBytes(bytes)).isEqualTo(2);
        assertThat(bytes).containsExactly(8, 9);
        assertThat(received.readBytes(bytes)).isEqualTo(-1);
        assertThat(received.readObject()).isNull();
        assertThatThrownBy(received::readObject).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void streamMessageConversionsFollowTheTable() throws Exception {
        StreamMessage message = session.createStreamMessage();
        message.writeString("123");
        message.writeInt(5);
        message.writeInt(6);
        message.reset();
        assertThat(message.readLong()).isEqualTo(123L);
        assertThat(message.readString()).isEqualTo("5");
        assertThatThrownBy(message::readShort).isInstanceOf(MessageFormatException.class);
        // a failed read leaves the position where it was: the same value reads as a type it converts to
        assertThat(message.readInt()).isEqualTo(6);
    }

    @Test
    void aNewStreamMessageIsWriteOnlyUntilReset() throws Exception {
        StreamMessage message = session.createStreamMessage();
        message.writeInt(1);
        assertThatThrownBy(message::readInt).isInstanceOf(MessageNotReadableException.class);
        message.reset();
        assertThat(message.readInt()).isEqualTo(1);
        assertThatThrownBy(() -> message.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void objectMessageRoundTripsASerializable() throws Exception {
        ObjectMessage received = roundTrip(session.createObjectMessage(new ArrayList<>(List.of("a", "b"))));
        assertThat(received.getObject()).isEqualTo(List.of("a", "b"));
        assertThat(((ObjectMessage) roundTrip(session.createObjectMessage())).getObject()).isNull();
    }

    @Test
    void objectMessageCopiesTheObjectAtSet() throws Exception {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        ObjectMessage message = session.createObjectMessage(list);
        list.add("b");
        assertThat(roundTrip(message).getObject()).isEqualTo(List.of("a"));
    }

    @Test
    void aMessageWithoutBodyRoundTrips() throws Exception {
        Message received = roundTrip(session.createMessage());
        assertThat(received.getBody(Object.class)).isNull();
        assertThat(received.isBodyAssignableTo(String.class)).isTrue();
    }

    @Test
    void receivedBodiesAreReadOnlyUntilClearBody() throws Exception {
        TextMessage text = roundTrip(session.createTextMessage("t"));
        assertThatThrownBy(() -> text.setText("u")).isInstanceOf(MessageNotWriteableException.class);
        text.clearBody();
        assertThat(text.getText()).isNull();
        text.setText("u");
        assertThat(text.getText()).isEqualTo("u");

        MapMessage map = session.createMapMessage();
        map.setInt("i", 1);
        MapMessage receivedMap = roundTrip(map);
        assertThatThrownBy(() -> receivedMap.setInt("j", 2)).isInstanceOf(MessageNotWriteableException.class);

        ObjectMessage object = roundTrip(session.createObjectMessage("o"));
        assertThatThrownBy(() -> object.setObject("p")).isInstanceOf(MessageNotWriteableException.class);

        BytesMessage bytes = session.createBytesMessage();
        bytes.writeInt(1);
        BytesMessage receivedBytes = roundTrip(bytes);
        assertThatThrownBy(() -> receivedBytes.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
        receivedBytes.clearBody();
        receivedBytes.writeInt(3);
        receivedBytes.reset();
        assertThat(receivedBytes.readInt()).isEqualTo(3);
    }

    @Test
    void getBodyReturnsTheBodyAsTheAskedType() throws Exception {
        assertThat(roundTrip(session.createTextMessage("t")).getBody(String.class)).isEqualTo("t");
        MapMessage map = session.createMapMessage();
        map.setString("k", "v");
        assertThat(roundTrip(map).getBody(Map.class)).isEqualTo(Map.of("k", "v"));
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeBytes(new byte[] {1, 2});
        assertThat(roundTrip(bytes).getBody(byte[].class)).containsExactly(1, 2);
        assertThat(roundTrip(session.createObjectMessage("s")).getBody(Serializable.class)).isEqualTo("s");
    }

    @Test
    void getBodyAsAnotherTypeIsMessageFormatException() throws Exception {
        TextMessage text = roundTrip(session.createTextMessage("t"));
        assertThat(text.isBodyAssignableTo(Integer.class)).isFalse();
        assertThatThrownBy(() -> text.getBody(Integer.class)).isInstanceOf(MessageFormatException.class);
        StreamMessage stream = session.createStreamMessage();
        stream.writeInt(1);
        StreamMessage receivedStream = roundTrip(stream);
        assertThat(receivedStream.isBodyAssignableTo(Object.class)).isFalse();
        assertThatThrownBy(() -> receivedStream.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
    }
}
