package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;

/**
 * The conversion tables of spec 3.5.4 (table 3-2, properties) and 3.11.3 (table 3-7, MapMessage and StreamMessage),
 * written out as the spec prints them, and the test of every cell: a value written as the row type and read as the
 * column type gives the converted value when the cell is marked, and MessageFormatException when it is not.
 */
final class ConversionTable {
    enum Type { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

    /** Table 3-7; table 3-2 is the same without the char and byte[] rows and columns. */
    static final Map<Type, Set<Type>> MARKED = Map.of(
            Type.BOOLEAN, EnumSet.of(Type.BOOLEAN, Type.STRING),
            Type.BYTE, EnumSet.of(Type.BYTE, Type.SHORT, Type.INT, Type.LONG, Type.STRING),
            Type.SHORT, EnumSet.of(Type.SHORT, Type.INT, Type.LONG, Type.STRING),
            Type.CHAR, EnumSet.of(Type.CHAR, Type.STRING),
            Type.INT, EnumSet.of(Type.INT, Type.LONG, Type.STRING),
            Type.LONG, EnumSet.of(Type.LONG, Type.STRING),
            Type.FLOAT, EnumSet.of(Type.FLOAT, Type.DOUBLE, Type.STRING),
            Type.DOUBLE, EnumSet.of(Type.DOUBLE, Type.STRING),
            Type.STRING, EnumSet.of(Type.BOOLEAN, Type.BYTE, Type.SHORT, Type.INT, Type.LONG, Type.FLOAT,
                    Type.DOUBLE, Type.STRING),
            Type.BYTES, EnumSet.of(Type.BYTES));

    /** Writes one value of a type into a fresh message and reads it back as a type. */
    interface Cell {
        Object writeThenRead(Type written, Object value, Type read) throws JMSException;
    }

    private ConversionTable() {
    }

    static List<DynamicTest> everyCell(Set<Type> types, Cell cell) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Type row : types) {
            for (Type column : types) {
                boolean marked = MARKED.get(row).contains(column);
                Object value = sample(row, column);
                String name = row + " read as " + column + (marked ? "" : " is refused");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    if (marked) {
                        Object read = cell.writeThenRead(row, value, column);
                        SameMessage.assertValue(name, read, expected(value, column));
                    } else {
                        assertThatThrownBy(() -> cell.writeThenRead(row, value, column))
                                .isInstanceOf(MessageFormatException.class);
                    }
                }));
            }
        }
        return tests;
    }

    /** A value of the row type; a String row writes a String the column can parse. */
    static Object sample(Type row, Type column) {
        return switch (row) {
            case BOOLEAN -> true;
            case BYTE -> (byte) 7;
            case SHORT -> (short) 300;
            case CHAR -> 'c';
            case INT -> 70_000;
            case LONG -> 5_000_000_000L;
            case FLOAT -> 7.5f;
            case DOUBLE -> 7.25d;
            case STRING -> column == Type.BOOLEAN ? "true" : "42";
            case BYTES -> new byte[] {1, 2, 3};
        };
    }

    static Object expected(Object value, Type column) {
        return switch (column) {
            case BOOLEAN -> value instanceof String s ? Boolean.valueOf(s) : value;
            case BYTE -> value instanceof String s ? Byte.valueOf(s) : ((Number) value).byteValue();
            case SHORT -> value instanceof String s ? Short.valueOf(s) : ((Number) value).shortValue();
            case CHAR -> value;
            case INT -> value instanceof String s ? Integer.valueOf(s) : ((Number) value).intValue();
            case LONG -> value instanceof String s ? Long.valueOf(s) : ((Number) value).longValue();
            case FLOAT -> value instanceof String s ? Float.valueOf(s) : ((Number) value).floatValue();
            case DOUBLE -> value instanceof String s ? Double.valueOf(s) : ((Number) value).doubleValue();
            case STRING -> String.valueOf(value);
            case BYTES -> value;
        };
    }

    /** What reading a missing or null value as each type does (3.5.4, 3.11.3: as valueOf((String) null)). */
    static void assertNullReads(Cell readNull, Set<Type> types) throws JMSException {
        for (Type column : types) {
            switch (column) {
                case BOOLEAN -> assertThat(readNull.writeThenRead(null, null, column)).isEqualTo(false);
                case BYTE, SHORT, INT, LONG -> assertThatThrownBy(() -> readNull.writeThenRead(null, null, column))
                        .as(column.name()).isInstanceOf(NumberFormatException.class);
                case FLOAT, DOUBLE, CHAR -> assertThatThrownBy(() -> readNull.writeThenRead(null, null, column))
                        .as(column.name()).isInstanceOf(NullPointerException.class);
                case STRING, BYTES -> assertThat(readNull.writeThenRead(null, null, column)).isNull();
            }
        }
    }

    /** A String that no numeric valueOf accepts: NumberFormatException for each numeric column. */
    static void assertBadStringsAreNumberFormatExceptions(Cell cell) {
        for (Type column : EnumSet.of(Type.BYTE, Type.SHORT, Type.INT, Type.LONG, Type.FLOAT, Type.DOUBLE)) {
            assertThatThrownBy(() -> cell.writeThenRead(Type.STRING, "seven", column)).as(column.name())
                    .isInstanceOf(NumberFormatException.class);
        }
    }
}
