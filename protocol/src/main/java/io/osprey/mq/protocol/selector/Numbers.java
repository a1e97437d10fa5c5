package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Values.DOUBLE;
import static io.osprey.mq.protocol.selector.Values.FLOAT;
import static io.osprey.mq.protocol.selector.Values.INT;
import static io.osprey.mq.protocol.selector.Values.LONG;

/**
 * Selector arithmetic and numeric comparison with Java's binary numeric promotion (§3.8.1.1: "arithmetic
 * operations must use Java numeric promotion"; exact and approximate values compare "by the rules of Java
 * numeric promotion").
 *
 * <p>So an int and a long are added as longs, a long and a float as floats, and int arithmetic overflows as in
 * Java (wraps). The one departure: an integer division by zero, which would throw in Java, gives NULL (the
 * comparison that uses it is then UNKNOWN and the message does not match). The spec defines no evaluation error,
 * and one message must never stop a consumer's read loop. Float and double division by zero give infinity or
 * NaN, as in Java.
 */
final class Numbers {
    /** The order of two values of which one is NaN: neither less, equal nor greater. */
    static final int UNORDERED = 2;

    private Numbers() {
    }

    static int compareLongs(long x, long y) {
        return Long.compare(x, y);
    }

    static int compareFloats(float x, float y) {
        if (x < y) {
            return -1;
        }
        if (x > y) {
            return 1;
        }
        return x == y ? 0 : UNORDERED;
    }

    static int compareDoubles(double x, double y) {
        if (x < y) {
            return -1;
        }
        if (x > y) {
            return 1;
        }
        return x == y ? 0 : UNORDERED;
    }

    /** The order of two numbers of numeric kinds {@code kx} and {@code ky}, compared in their promoted type. */
    static int compare(Number x, int kx, Number y, int ky) {
        return switch (Math.max(kx, ky)) {
            case INT, LONG -> compareLongs(x.longValue(), y.longValue());
            case FLOAT -> compareFloats(x.floatValue(), y.floatValue());
            default -> compareDoubles(x.doubleValue(), y.doubleValue());
        };
    }

    /** {@code x op y} in the promoted type, or null when an operand is not a number or an integer divisor is 0. */
    static Number apply(ArithmeticOperator op, Object x, Object y) {
        int kx = Values.kind(x);
        int ky = Values.kind(y);
        if (!Values.isNumeric(kx) || !Values.isNumeric(ky)) {
            return null;
        }
        Number a = (Number) x;
        Number b = (Number) y;
        switch (Math.max(kx, ky)) {
            case INT:
                return ints(op, a.intValue(), b.intValue());
            case LONG:
                return longs(op, a.longValue(), b.longValue());
            case FLOAT:
                return floats(op, a.floatValue(), b.floatValue());
            default:
                return doubles(op, a.doubleValue(), b.doubleValue());
        }
    }

    /** Unary minus: byte and short promote to int (JLS 5.6.1); null when {@code x} is not a number. */
    static Number negate(Object x) {
        switch (Values.kind(x)) {
            case INT:
                return Integer.valueOf(-((Number) x).intValue());
            case LONG:
                return Long.valueOf(-((Long) x).longValue());
            case FLOAT:
                return Float.valueOf(-((Float) x).floatValue());
            case DOUBLE:
                return Double.valueOf(-((Double) x).doubleValue());
            default:
                return null;
        }
    }

    /** Unary plus: the promoted value; null when {@code x} is not a number. */
    static Number promote(Object x) {
        int kind = Values.kind(x);
        if (!Values.isNumeric(kind)) {
            return null;
        }
        if (kind == INT && !(x instanceof Integer)) {
            return Integer.valueOf(((Number) x).intValue());
        }
        return (Number) x;
    }

    private static Integer ints(ArithmeticOperator op, int a, int b) {
        switch (op) {
            case ADD:
                return Integer.valueOf(a + b);
            case SUBTRACT:
                return Integer.valueOf(a - b);
            case MULTIPLY:
                return Integer.valueOf(a * b);
            default:
                return b == 0 ? null : Integer.valueOf(a / b);
        }
    }

    private static Long longs(ArithmeticOperator op, long a, long b) {
        switch (op) {
            case ADD:
                return Long.valueOf(a + b);
            case SUBTRACT:
                return Long.valueOf(a - b);
            case MULTIPLY:
                return Long.valueOf(a * b);
            default:
                return b == 0 ? null : Long.valueOf(a / b);
        }
    }

    private static Float floats(ArithmeticOperator op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
        };
    }

    private static Double doubles(ArithmeticOperator op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
        };
    }
}
