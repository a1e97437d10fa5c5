package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The StreamMessage javadoc: the readBytes chunking rule ("readBytes should be successively called until it returns
 * a value less than the length of the read buffer ... If there are no more bytes to be read, this call returns -1";
 * null returns -1; empty returns 0; a partly read byte[] must be finished before the next field), readObject and
 * writeObject's types, and copies (3.12).
 */
class StreamMessageTest {

    @Test
    void aByteFieldLongerThanTheBufferComesInPiecesEndingWithAShortOne() throws JMSException {
        OspreyStreamMessage m = stream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 42);
        byte[] buffer = new byte[4];

        assertThat(m.readBytes(buffer)).isEqualTo(4);
        assertThat(buffer).containsExactly(1, 2, 3, 4);
        assertThat(m.readBytes(buffer)).isEqualTo(4);
        assertThat(buffer).containsExactly(5, 6, 7, 8);
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).startsWith(9, 10);
        assertThat(m.readInt()).as("the short piece ended the field").isEqualTo(42);
    }

    @Test
    void aFieldThatFillsTheBufferExactlyEndsWithMinusOne() throws JMSException {
        OspreyStreamMessage m = stream(new byte[] {1, 2, 3, 4}, new byte[] {5});
        byte[] buffer = new byte[2];

        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(m.readBytes(buffer)).isEqualTo(-1);
        assertThat(m.readBytes(buffer)).as("consecutive byte fields are distinct").isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 5);
    }

    @Test
    void aNullFieldIsMinusOneAndAnEmptyOneZero() throws JMSException {
        OspreyStreamMessage m = new OspreyStreamMessage();
        m.writeBytes(null);
        m.writeBytes(new byte[0]);
        m.writeInt(7);
        m.reset();

        assertThat(m.readBytes(new byte[4])).isEqualTo(-1);
        assertThat(m.readBytes(new byte[4])).isZero();
        assertThat(m.readInt()).isEqualTo(7);
    }

    @Test
    void aPartlyReadFieldMustBeFinishedFirst() throws JMSException {
        OspreyStreamMessage m = stream(new byte[] {1, 2, 3}, 9);
        m.readBytes(new byte[2]);

        assertThatThrownBy(m::readInt).isInstanceOf(MessageFormatException.class).hasMessageContaining("partly read");
        assertThatThrownBy(m::readObject).isInstanceOf(MessageFormatException.class);
        assertThat(m.readBytes(new byte[2])).isEqualTo(1);
        assertThat(m.readInt()).isEqualTo(9);
    }

    @Test
    void readBytesOfAnotherTypeIsAFormatErrorAndLeavesTheValue() throws JMSException {
        OspreyStreamMessage m = stream("s");

        assertThatThrownBy(() -> m.readBytes(new byte[1])).isInstanceOf(MessageFormatException.class);
        assertThat(m.readString()).isEqualTo("s");
    }

    @Test
    void readingPastTheLastValueIsMessageEof() throws JMSException {
        OspreyStreamMessage m = stream(1);
        m.readInt();

        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readObject).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(() -> m.readBytes(new byte[1])).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void readObjectReturnsWhatWasWrittenAndByteArraysAsCopies() throws JMSException {
        byte[] bytes = {1, 2};
        OspreyStreamMessage m = new OspreyStreamMessage();
        for (Object o : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s")) {
            m.writeObject(o);
        }
        m.writeObject(null);
        m.writeObject(bytes);
        bytes[0] = 9;
        m.reset();

        for (Object o : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s")) {
            Object read = m.readObject();
            assertThat(read).isEqualTo(o).isExactlyInstanceOf(o.getClass());
        }
        assertThat(m.readObject()).isNull();
        byte[] read = (byte[]) m.readObject();
        assertThat(read).containsExactly(1, 2);
    }

    @Test
    void writeBytesCopiesItsInputAndItsRange() throws JMSException {
        byte[] bytes = {1, 2, 3};
        OspreyStreamMessage m = new OspreyStreamMessage();
        m.writeBytes(bytes);
        m.writeBytes(bytes, 1, 2);
        bytes[1] = 9;
        m.reset();

        assertThat((byte[]) m.readObject()).containsExactly(1, 2, 3);
        assertThat((byte[]) m.readObject()).containsExactly(2, 3);
        assertThatThrownBy(() -> new OspreyStreamMessage().writeBytes(new byte[1], 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writeObjectRefusesOtherTypes() {
        OspreyStreamMessage m = new OspreyStreamMessage();

        assertThatThrownBy(() -> m.writeObject(List.of())).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("a StreamMessage cannot hold a ");
        assertThatThrownBy(() -> m.writeObject(new Object())).isInstanceOf(MessageFormatException.class);
    }

    private static OspreyStreamMessage stream(Object... values) throws JMSException {
        OspreyStreamMessage m = new OspreyStreamMessage();
        for (Object v : values) {
            m.writeObject(v);
        }
        m.reset();
        return m;
    }
}
