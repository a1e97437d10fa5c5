package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BytesMessage javadoc: DataOutputStream layout, {@code readBytes} ("The next read of the stream returns -1"),
 * {@code getBodyLength}, {@code writeObject}'s types, no null (spec 3.12), and 3.11.3: a failed read leaves the
 * position where it was.
 */
class BytesMessageTest {

    @Test
    void primitivesAreWrittenBigEndianAsDataOutputStreamDoes() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        m.writeBoolean(true);
        m.writeBoolean(false);
        m.writeShort((short) 0x0102);
        m.writeInt(0x03040506);
        m.writeChar('A');

        assertThat(m.bodyBytes()).containsExactly(1, 0, 1, 2, 3, 4, 5, 6, 0, 'A');
    }

    @Test
    void everyPrimitiveReadsBack() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -2);
        m.writeByte((byte) -2);
        m.writeShort((short) -3);
        m.writeShort((short) -3);
        m.writeChar('\u00e9');
        m.writeInt(Integer.MIN_VALUE);
        m.writeLong(Long.MAX_VALUE);
        m.writeFloat(1.5f);
        m.writeDouble(-2.25);
        m.writeUTF("h\u00e9\u0000\ud83d\ude00");
        m.reset();

        assertThat(m.readBoolean()).isTrue();
        assertThat(m.readByte()).isEqualTo((byte) -2);
        assertThat(m.readUnsignedByte()).isEqualTo(254);
        assertThat(m.readShort()).isEqualTo((short) -3);
        assertThat(m.readUnsignedShort()).isEqualTo(65533);
        assertThat(m.readChar()).isEqualTo('\u00e9');
        assertThat(m.readInt()).isEqualTo(Integer.MIN_VALUE);
        assertThat(m.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.readFloat()).isEqualTo(1.5f);
        assertThat(m.readDouble()).isEqualTo(-2.25);
        assertThat(m.readUTF()).isEqualTo("h\u00e9\u0000\ud83d\ude00");
        assertThatThrownBy(m::readByte).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void floatsAreWrittenWithFloatToIntBitsAsTheJavadocSays() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        m.writeFloat(Float.intBitsToFloat(0x7fc00001));
        m.reset();

        assertThat(m.readInt()).isEqualTo(Float.floatToIntBits(Float.NaN));
    }

    @Test
    void readBytesFillsThenReturnsTheRestThenMinusOne() throws JMSException {
        OspreyBytesMessage m = bytes(1, 2, 3, 4, 5);
        byte[] buffer = new byte[2];

        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).containsExactly(1, 2);
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).containsExactly(3, 4);
        assertThat(m.readBytes(buffer)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 5);
        assertThat(m.readBytes(buffer)).isEqualTo(-1);
    }

    @Test
    void readBytesWithALengthReadsAtMostThatMany() throws JMSException {
        OspreyBytesMessage m = bytes(1, 2, 3);
        byte[] buffer = new byte[3];

        assertThat(m.readBytes(buffer, 1)).isEqualTo(1);
        assertThat(m.readBytes(buffer, 0)).isZero();
        assertThat(m.readBytes(buffer, 3)).isEqualTo(2);
        assertThat(buffer).startsWith(2, 3);
        assertThat(m.readBytes(buffer, 3)).isEqualTo(-1);
    }

    @Test
    void aLengthOutsideTheBufferIsIndexOutOfBoundsAndReadsNothing() throws JMSException {
        OspreyBytesMessage m = bytes(1, 2, 3);

        assertThatThrownBy(() -> m.readBytes(new byte[2], 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.readBytes(new byte[2], -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(m.readByte()).isEqualTo((byte) 1);
    }

    @Test
    void aReadPastTheEndIsMessageEofAndLeavesThePosition() throws JMSException {
        OspreyBytesMessage m = bytes(0, 7);

        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class)
                .hasMessageContaining("2 bytes left");
        assertThatThrownBy(m::readLong).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readUTF).isInstanceOf(MessageEOFException.class).as("length 7, 0 bytes follow");
        assertThat(m.readShort()).isEqualTo((short) 7);
    }

    @Test
    void badModifiedUtf8IsAFormatErrorAndLeavesThePosition() throws JMSException {
        OspreyBytesMessage m = bytes(0, 1, 0xFF);

        assertThatThrownBy(m::readUTF).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("not modified UTF-8");
        assertThat(m.readShort()).isEqualTo((short) 1);
    }

    @Test
    void getBodyLengthIsTheWholeBodyWhereverThePositionIs() throws JMSException {
        OspreyBytesMessage m = bytes(1, 2, 3);
        m.readByte();

        assertThat(m.getBodyLength()).isEqualTo(3);
    }

    @Test
    void writeObjectTakesTheObjectifiedPrimitivesStringAndBytes() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        for (Object o : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s", new byte[] {9})) {
            m.writeObject(o);
        }
        m.reset();

        assertThat(m.readBoolean()).isTrue();
        assertThat(m.readByte()).isEqualTo((byte) 1);
        assertThat(m.readShort()).isEqualTo((short) 2);
        assertThat(m.readChar()).isEqualTo('c');
        assertThat(m.readInt()).isEqualTo(3);
        assertThat(m.readLong()).isEqualTo(4L);
        assertThat(m.readFloat()).isEqualTo(5f);
        assertThat(m.readDouble()).isEqualTo(6d);
        assertThat(m.readUTF()).isEqualTo("s");
        assertThat(m.readByte()).isEqualTo((byte) 9);
    }

    @Test
    void writeObjectRefusesOtherTypesAndNull() {
        OspreyBytesMessage m = new OspreyBytesMessage();

        assertThatThrownBy(() -> m.writeObject(List.of())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.writeObject(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.writeBytes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.writeBytes(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void writeBytesWithARangeWritesThatRange() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4}, 1, 2);

        assertThat(m.bodyBytes()).containsExactly(2, 3);
        assertThatThrownBy(() -> m.writeBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aStringTooLongForWriteUtfIsAFormatError() {
        OspreyBytesMessage m = new OspreyBytesMessage();

        assertThatThrownBy(() -> m.writeUTF("x".repeat(70_000))).isInstanceOf(MessageFormatException.class);
    }

    private static OspreyBytesMessage bytes(int... values) throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        for (int v : values) {
            m.writeByte((byte) v);
        }
        m.reset();
        return m;
    }
}
