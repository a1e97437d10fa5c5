package io.osprey.mq.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The value conversions of spec table 3-2 (properties) and table 3-7 (StreamMessage and MapMessage bodies): a value
 * written as the row type read as the column type. Table 3-2 is table 3-7 without {@code char} and {@code byte[]},
 * and properties never hold either, so one set of methods serves both.
 *
 * <pre>
 *            boolean byte short char int long float double String byte[]
 *   boolean     X                                          X
 *   byte              X    X         X   X                 X
 *   short                  X         X   X                 X
 *   char                        X                          X
 *   int                              X   X                 X
 *   long                                 X                 X
 *   float                                     X     X      X
 *   double                                          X      X
 *   String      X     X    X         X   X    X     X      X
 *   byte[]                                                       X
 * </pre>
 *
 * <p>An unmarked case throws {@link MessageFormatException}. A String goes through the target's
 * {@code valueOf(String)}, so a bad one throws {@link NumberFormatException}; a null value is read as
 * {@code valueOf((String) null)} would read it (false, {@code NumberFormatException}, or for float and double
 * {@code NullPointerException}), and a null char is a {@code NullPointerException} (3.11.3).
 */
final class Conversions {
    private Conversions() {
    }

    static boolean toBoolean(Object value) throws MessageFormatException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Boolean.valueOf((String) value);
        }
        throw cannot(value, "boolean");
    }

    static byte toByte(Object value) throws MessageFormatException {
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Byte.valueOf((String) value);
        }
        throw cannot(value, "byte");
    }

    static short toShort(Object value) throws MessageFormatException {
        if (value instanceof Short s) {
            return s;
        }
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Short.valueOf((String) value);
        }
        throw cannot(value, "short");
    }

    static char toChar(Object value) throws MessageFormatException {
        if (value instanceof Character c) {
            return c;
        }
        if (value == null) {
            throw new NullPointerException("a null value cannot be read as a char (spec 3.11.3)");
        }
        throw cannot(value, "char");
    }

    static int toInt(Object value) throws MessageFormatException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            return Integer.valueOf((String) value);
        }
        throw cannot(value, "int");
    }

    static long toLong(Object value) throws MessageFormatException {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            return Long.valueOf((String) value);
        }
        throw cannot(value, "long");
    }

    static float toFloat(Object value) throws MessageFormatException {
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Float.valueOf((String) value);
        }
        throw cannot(value, "float");
    }

    static double toDouble(Object value) throws MessageFormatException {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value == null || value instanceof String) {
            return Double.valueOf((String) value);
        }
        throw cannot(value, "double");
    }

    static String toStringValue(Object value) throws MessageFormatException {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[]) {
            throw cannot(value, "String");
        }
        return value.toString();
    }

    /** A copy of a byte[] value (3.12: get methods return copies), or null. */
    static byte[] toBytes(Object value) throws MessageFormatException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw cannot(value, "byte[]");
    }

    /** The value as getObject returns it: byte[] copied, everything else immutable already. */
    static Object copyOf(Object value) {
        return value instanceof byte[] bytes ? bytes.clone() : value;
    }

    /** Whether a MapMessage or StreamMessage can hold {@code value} (their setObject/writeObject). */
    static boolean isBodyValue(Object value) {
        return value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Character || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double || value instanceof String
                || value instanceof byte[];
    }

    /** Whether a property can hold {@code value} (setObjectProperty, 3.5.5). */
    static boolean isPropertyValue(Object value) {
        return value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof String;
    }

    static String typeName(Object value) {
        return value instanceof byte[] ? "byte[]" : value.getClass().getSimpleName();
    }

    private static MessageFormatException cannot(Object value, String target) {
        return new MessageFormatException("a " + typeName(value) + " value cannot be read as " + target);
    }
}
