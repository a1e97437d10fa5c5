package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.message.ConversionTable.Type;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Spec 3.11.3 "Conversions provided by StreamMessage and MapMessage" (table 3-7): every allowed and every refused
 * conversion for both bodies, before and after a trip through RocketMQ; null values; and "If a read method of
 * StreamMessage ... throws a MessageFormatException or NumberFormatException, the current position of the read
 * pointer must not be incremented".
 */
class BodyConversionTest {
    private static final EnumSet<Type> ALL = EnumSet.allOf(Type.class);

    @TestFactory
    List<DynamicTest> everyCellOfTable3_7ForMapMessage() {
        return ConversionTable.everyCell(ALL, (written, value, read) -> {
            OspreyMapMessage m = new OspreyMapMessage();
            put(m, written, value);
            return get(m, read);
        });
    }

    @TestFactory
    List<DynamicTest> everyCellOfTable3_7ForAReceivedMapMessage() {
        return ConversionTable.everyCell(ALL, (written, value, read) -> {
            OspreyMapMessage m = new OspreyMapMessage();
            put(m, written, value);
            return get((OspreyMapMessage) MessageCodecTest.throughRocketMq(m), read);
        });
    }

    @TestFactory
    List<DynamicTest> everyCellOfTable3_7ForStreamMessage() {
        return ConversionTable.everyCell(ALL, (written, value, read) -> {
            OspreyStreamMessage m = new OspreyStreamMessage();
            write(m, written, value);
            m.reset();
            return read(m, read);
        });
    }

    @TestFactory
    List<DynamicTest> everyCellOfTable3_7ForAReceivedStreamMessage() {
        return ConversionTable.everyCell(ALL, (written, value, read) -> {
            OspreyStreamMessage m = new OspreyStreamMessage();
            write(m, written, value);
            return read((OspreyStreamMessage) MessageCodecTest.throughRocketMq(m), read);
        });
    }

    @Test
    void aRefusedStreamReadLeavesTheValueToBeReadAgainAsAnotherType() throws JMSException {
        for (Type row : ALL) {
            for (Type column : ALL) {
                if (ConversionTable.MARKED.get(row).contains(column)) {
                    continue;
                }
                OspreyStreamMessage m = new OspreyStreamMessage();
                Object value = ConversionTable.sample(row, column);
                write(m, row, value);
                m.writeInt(99);
                m.reset();

                assertThatThrownBy(() -> read(m, column)).isInstanceOf(MessageFormatException.class);
                SameMessage.assertValue(row + " after " + column, read(m, row), value);
                assertThat(m.readInt()).isEqualTo(99);
            }
        }
    }

    @Test
    void aStringNoValueOfAcceptsIsANumberFormatExceptionAndStaysUnread() throws JMSException {
        ConversionTable.assertBadStringsAreNumberFormatExceptions((written, value, read) -> {
            OspreyMapMessage m = new OspreyMapMessage();
            put(m, written, value);
            return get(m, read);
        });
        OspreyStreamMessage m = new OspreyStreamMessage();
        m.writeString("seven");
        m.reset();
        for (Type numeric : EnumSet.of(Type.BYTE, Type.SHORT, Type.INT, Type.LONG, Type.FLOAT, Type.DOUBLE)) {
            assertThatThrownBy(() -> read(m, numeric)).isInstanceOf(NumberFormatException.class);
        }
        assertThat(m.readBoolean()).as("Boolean.valueOf(\"seven\")").isFalse();
    }

    @Test
    void nullValuesReadAsValueOfNullAndACharAsNullPointerException() throws JMSException {
        OspreyMapMessage map = new OspreyMapMessage();
        map.setString("p", null);
        ConversionTable.assertNullReads((written, value, read) -> get(map, read), ALL);
        OspreyMapMessage unset = new OspreyMapMessage();
        ConversionTable.assertNullReads((written, value, read) -> get(unset, read), ALL);

        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeObject(null);
        stream.reset();
        ConversionTable.assertNullReads((written, value, read) -> {
            Object v = read(stream, read);
            stream.reset();
            return v;
        }, EnumSet.complementOf(EnumSet.of(Type.BYTES)));
        assertThat(stream.readBytes(new byte[4])).as("readBytes of a null value").isEqualTo(-1);
    }

    @Test
    void aFailedStreamReadOfNullDoesNotMovePastIt() throws JMSException {
        OspreyStreamMessage stream = new OspreyStreamMessage();
        stream.writeString(null);
        stream.reset();

        assertThatThrownBy(stream::readInt).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(stream::readChar).isInstanceOf(NullPointerException.class);
        assertThat(stream.readString()).isNull();
    }

    static void put(OspreyMapMessage m, Type type, Object value) throws JMSException {
        switch (type) {
            case BOOLEAN -> m.setBoolean("p", (Boolean) value);
            case BYTE -> m.setByte("p", (Byte) value);
            case SHORT -> m.setShort("p", (Short) value);
            case CHAR -> m.setChar("p", (Character) value);
            case INT -> m.setInt("p", (Integer) value);
            case LONG -> m.setLong("p", (Long) value);
            case FLOAT -> m.setFloat("p", (Float) value);
            case DOUBLE -> m.setDouble("p", (Double) value);
            case STRING -> m.setString("p", (String) value);
            case BYTES -> m.setBytes("p", (byte[]) value);
        }
    }

    static Object get(OspreyMapMessage m, Type type) throws JMSException {
        return switch (type) {
            case BOOLEAN -> m.getBoolean("p");
            case BYTE -> m.getByte("p");
            case SHORT -> m.getShort("p");
            case CHAR -> m.getChar("p");
            case INT -> m.getInt("p");
            case LONG -> m.getLong("p");
            case FLOAT -> m.getFloat("p");
            case DOUBLE -> m.getDouble("p");
            case STRING -> m.getString("p");
            case BYTES -> m.getBytes("p");
        };
    }

    static void write(OspreyStreamMessage m, Type type, Object value) throws JMSException {
        switch (type) {
            case BOOLEAN -> m.writeBoolean((Boolean) value);
            case BYTE -> m.writeByte((Byte) value);
            case SHORT -> m.writeShort((Short) value);
            case CHAR -> m.writeChar((Character) value);
            case INT -> m.writeInt((Integer) value);
            case LONG -> m.writeLong((Long) value);
            case FLOAT -> m.writeFloat((Float) value);
            case DOUBLE -> m.writeDouble((Double) value);
            case STRING -> m.writeString((String) value);
            case BYTES -> m.writeBytes((byte[]) value);
        }
    }

    static Object read(OspreyStreamMessage m, Type type) throws JMSException {
        return switch (type) {
            case BOOLEAN -> m.readBoolean();
            case BYTE -> m.readByte();
            case SHORT -> m.readShort();
            case CHAR -> m.readChar();
            case INT -> m.readInt();
            case LONG -> m.readLong();
            case FLOAT -> m.readFloat();
            case DOUBLE -> m.readDouble();
            case STRING -> m.readString();
            case BYTES -> {
                byte[] buffer = new byte[64];
                int n = m.readBytes(buffer);
                yield n < 0 ? null : Arrays.copyOf(buffer, n);
            }
        };
    }
}
