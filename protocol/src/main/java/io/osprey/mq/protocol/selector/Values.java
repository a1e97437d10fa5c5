package io.osprey.mq.protocol.selector;

/**
 * The kinds of runtime value a selector sees. The numeric kinds are ordered so that the larger of two is the type
 * Java's binary numeric promotion gives them (JLS 5.6: double, else float, else long, else int).
 */
final class Values {
    /** Null, or a type a selector does not know (treated as NULL). */
    static final int ABSENT = 0;
    static final int BOOLEAN = 1;
    static final int STRING = 2;
    /** Byte, Short and Integer: all promote to int. */
    static final int INT = 3;
    static final int LONG = 4;
    static final int FLOAT = 5;
    static final int DOUBLE = 6;

    private Values() {
    }

    static int kind(Object value) {
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Integer) {
            return INT;
        }
        if (value instanceof Long) {
            return LONG;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Float) {
            return FLOAT;
        }
        if (value instanceof Short || value instanceof Byte) {
            return INT;
        }
        return ABSENT;
    }

    static boolean isNumeric(int kind) {
        return kind >= INT;
    }
}
