package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spec 3.10 "Changing the value of a received message", 3.11.1 "Clearing a message body", 3.11.2 "Read-only message
 * body", and the BytesMessage and StreamMessage javadoc on write-only mode ("If a client attempts to read a message
 * in write-only mode, a MessageNotReadableException is thrown") and {@code reset}.
 */
class ReadOnlyWriteOnlyTest {

    @Test
    void aReceivedBodyIsReadOnlyForEveryType() throws JMSException {
        OspreyTextMessage text = received(new OspreyTextMessage("t"));
        OspreyBytesMessage bytes = received(new OspreyBytesMessage());
        OspreyMapMessage map = received(new OspreyMapMessage());
        OspreyStreamMessage stream = received(new OspreyStreamMessage());
        OspreyObjectMessage object = received(new OspreyObjectMessage("o"));

        List<Write> writes = List.of(() -> text.setText("u"), () -> bytes.writeInt(1), () -> bytes.writeObject("s"),
            () -> bytes.writeBytes(new byte[1]), () -> map.setInt("a", 1), () -> map.setObject("a", "b"),
            () -> map.setBytes("a", new byte[1], 0, 1), () -> stream.writeInt(1), () -> stream.writeObject(1),
            () -> stream.writeBytes(new byte[1]), () -> object.setObject("p"));
        for (Write write : writes) {
            assertThatThrownBy(write::run).isInstanceOf(MessageNotWriteableException.class)
                    .hasMessageContaining("read-only");
        }
        assertThat(text.getText()).isEqualTo("t");
        assertThat(object.getObject()).isEqualTo("o");
    }

    @Test
    void clearBodyEmptiesAndMakesWritableKeepingProperties() throws JMSException {
        OspreyTextMessage text = new OspreyTextMessage("t");
        text.setStringProperty("p", "v");
        OspreyTextMessage receivedText = received(text);
        OspreyMapMessage map = new OspreyMapMessage();
        map.setInt("a", 1);
        OspreyMapMessage receivedMap = received(map);
        OspreyObjectMessage receivedObject = received(new OspreyObjectMessage("o"));

        receivedText.clearBody();
        receivedMap.clearBody();
        receivedObject.clearBody();

        assertThat(receivedText.getText()).isNull();
        assertThat(receivedText.getStringProperty("p")).isEqualTo("v");
        receivedText.setText("new");
        assertThat(receivedText.getText()).isEqualTo("new");
        assertThat(receivedMap.getMapNames().hasMoreElements()).isFalse();
        receivedMap.setInt("b", 2);
        assertThat(receivedObject.getObject()).isNull();
        receivedObject.setObject("p");
        assertThatThrownBy(() -> receivedText.setStringProperty("q", "w"))
                .as("clearBody does not make properties writable").isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void newBytesAndStreamMessagesAreWriteOnly() {
        OspreyBytesMessage bytes = new OspreyBytesMessage();
        OspreyStreamMessage stream = new OspreyStreamMessage();

        List<Write> reads = List.of(bytes::readInt, bytes::readUTF, bytes::getBodyLength,
            () -> bytes.readBytes(new byte[1]), stream::readInt, stream::readObject,
            () -> stream.readBytes(new byte[1]));
        for (Write read : reads) {
            assertThatThrownBy(read::run).isInstanceOf(MessageNotReadableException.class)
                    .hasMessageContaining("write-only until reset()");
        }
    }

    @Test
    void resetMakesBytesAndStreamReadOnlyAndRewinds() throws JMSException {
        OspreyBytesMessage bytes = new OspreyBytesMessage();
        bytes.writeInt(5);
        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeInt(6);

        bytes.reset();
        stream.reset();

        assertThat(bytes.readInt()).isEqualTo(5);
        assertThat(stream.readInt()).isEqualTo(6);
        assertThatThrownBy(() -> bytes.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> stream.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        bytes.reset();
        stream.reset();
        assertThat(bytes.readInt()).as("rewound").isEqualTo(5);
        assertThat(stream.readInt()).as("rewound").isEqualTo(6);
    }

    @Test
    void clearBodyPutsBytesAndStreamBackInWriteOnlyModeEmpty() throws JMSException {
        OspreyBytesMessage bytes = received(bytesWith(1, 2));
        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeInt(1);
        OspreyStreamMessage receivedStream = received(stream);

        bytes.clearBody();
        receivedStream.clearBody();

        assertThatThrownBy(bytes::readByte).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(receivedStream::readInt).isInstanceOf(MessageNotReadableException.class);
        bytes.writeByte((byte) 9);
        receivedStream.writeInt(9);
        bytes.reset();
        receivedStream.reset();
        assertThat(bytes.getBodyLength()).isEqualTo(1);
        assertThat(receivedStream.readInt()).isEqualTo(9);
    }

    @Test
    void aReceivedBytesOrStreamMessageIsReadableAtOnce() throws JMSException {
        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeString("s");

        assertThat(received(bytesWith(4)).readByte()).isEqualTo((byte) 4);
        assertThat(received(stream).readString()).isEqualTo("s");
    }

    @Test
    void textMapAndObjectBodiesAreAlwaysReadable() throws JMSException {
        assertThat(new OspreyTextMessage().getText()).isNull();
        assertThat(new OspreyMapMessage().getString("x")).isNull();
        assertThat(new OspreyObjectMessage().getObject()).isNull();
    }

    @Test
    void aSentMessageCanBeChangedWithoutChangingWhatWasSent() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();
        m.setInt("a", 1);
        EncodedMessage sent = MessageCodec.encode(m);

        m.setInt("a", 2);

        OspreyMapMessage decoded = (OspreyMapMessage) MessageCodec.decode(sent.body(), sent.properties());
        assertThat(decoded.getInt("a")).isEqualTo(1);
    }

    private static OspreyBytesMessage bytesWith(int... values) throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        for (int v : values) {
            m.writeByte((byte) v);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static <M extends OspreyMessage> M received(M m) throws JMSException {
        return (M) MessageCodecTest.throughRocketMq(m);
    }

    private interface Write {
        void run() throws Exception;
    }
}
