package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.jms.message.ConversionTable.Type;
import jakarta.jms.JMSException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Spec 3.5.4 "Property value conversion" (table 3-2), 3.5.5 "Property values as objects" and 3.5.8 "Non-existent
 * properties": every allowed and every refused conversion, on a new message and on a received one.
 */
class PropertyConversionTest {
    static final Set<Type> PROPERTY_TYPES = EnumSet.of(Type.BOOLEAN, Type.BYTE, Type.SHORT, Type.INT, Type.LONG,
            Type.FLOAT, Type.DOUBLE, Type.STRING);

    @TestFactory
    List<DynamicTest> everyCellOfTable3_2() {
        return ConversionTable.everyCell(PROPERTY_TYPES, (written, value, read) -> {
            OspreyMessage m = new OspreyMessage();
            write(m, written, value);
            return read(m, read);
        });
    }

    @TestFactory
    List<DynamicTest> everyCellOfTable3_2OnAReceivedMessage() {
        return ConversionTable.everyCell(PROPERTY_TYPES, (written, value, read) -> {
            OspreyMessage m = new OspreyMessage();
            write(m, written, value);
            return read(MessageCodecTest.throughRocketMq(m), read);
        });
    }

    @Test
    void stringsTheTargetsValueOfRefusesAreNumberFormatExceptions() {
        ConversionTable.assertBadStringsAreNumberFormatExceptions((written, value, read) -> {
            OspreyMessage m = new OspreyMessage();
            write(m, written, value);
            return read(m, read);
        });
    }

    @Test
    void aStringIsReadAsABooleanByBooleanValueOf() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setStringProperty("yes", "TRUE");
        m.setStringProperty("no", "yes");

        assertThat(m.getBooleanProperty("yes")).isTrue();
        assertThat(m.getBooleanProperty("no")).isFalse();
    }

    @Test
    void aPropertyThatWasNeverSetReadsAsNull() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        ConversionTable.assertNullReads((written, value, read) -> read(m, read), PROPERTY_TYPES);
        assertThat(m.getObjectProperty("nothing")).isNull();
        assertThat(m.propertyExists("nothing")).isFalse();
    }

    @Test
    void aPropertySetToNullReadsAsNullButExists() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setStringProperty("p", null);
        OspreyMessage received = MessageCodecTest.throughRocketMq(m);

        for (OspreyMessage each : List.of(m, received)) {
            ConversionTable.assertNullReads((written, value, read) -> read(each, read), PROPERTY_TYPES);
            assertThat(each.propertyExists("p")).isTrue();
        }
    }

    @Test
    void getObjectPropertyReturnsTheObjectifiedTypeItWasSetAs() throws JMSException {
        for (Type type : PROPERTY_TYPES) {
            OspreyMessage m = new OspreyMessage();
            Object value = ConversionTable.sample(type, Type.STRING);
            write(m, type, value);

            assertThat(m.getObjectProperty("p")).as(type.name()).isEqualTo(value)
                    .isExactlyInstanceOf(value.getClass());
            assertThat(MessageCodecTest.throughRocketMq(m).getObjectProperty("p")).as(type.name())
                    .isEqualTo(value).isExactlyInstanceOf(value.getClass());
        }
    }

    @Test
    void setObjectPropertyConvertsLikeTheTypedSetters() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        m.setObjectProperty("i", 5);

        assertThat(m.getLongProperty("i")).isEqualTo(5L);
        assertThat(m.getStringProperty("i")).isEqualTo("5");
    }

    static void write(OspreyMessage m, Type type, Object value) throws JMSException {
        switch (type) {
            case BOOLEAN -> m.setBooleanProperty("p", (Boolean) value);
            case BYTE -> m.setByteProperty("p", (Byte) value);
            case SHORT -> m.setShortProperty("p", (Short) value);
            case INT -> m.setIntProperty("p", (Integer) value);
            case LONG -> m.setLongProperty("p", (Long) value);
            case FLOAT -> m.setFloatProperty("p", (Float) value);
            case DOUBLE -> m.setDoubleProperty("p", (Double) value);
            case STRING -> m.setStringProperty("p", (String) value);
            default -> throw new IllegalArgumentException(type + " is no property type");
        }
    }

    static Object read(OspreyMessage m, Type type) throws JMSException {
        return switch (type) {
            case BOOLEAN -> m.getBooleanProperty("p");
            case BYTE -> m.getByteProperty("p");
            case SHORT -> m.getShortProperty("p");
            case INT -> m.getIntProperty("p");
            case LONG -> m.getLongProperty("p");
            case FLOAT -> m.getFloatProperty("p");
            case DOUBLE -> m.getDoubleProperty("p");
            case STRING -> m.getStringProperty("p");
            default -> throw new IllegalArgumentException(type + " is no property type");
        };
    }
}
