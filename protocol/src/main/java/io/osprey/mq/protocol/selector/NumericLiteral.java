package io.osprey.mq.protocol.selector;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The value of a numeric literal (§3.8.1.1): exact literals "use the Java integer literal syntax" and approximate
 * ones "the Java floating-point literal syntax" (JLS 3.10.1, 3.10.2), underscores and hexadecimal floats
 * included.
 *
 * <p>Types follow Java: an exact literal is an {@link Integer}, or a {@link Long} with an {@code L} suffix; an
 * approximate literal is a {@link Double}, or a {@link Float} with an {@code F} suffix. Where Java would reject
 * an exact literal without {@code L} as too large for int, the spec's "numbers in the range of Java long are
 * supported" makes it a Long instead. As in Java, hexadecimal, octal and binary literals are bit patterns
 * ({@code 0xFFFFFFFF} is the int -1), and {@code 2147483648} / {@code 9223372036854775808L} are valid only right
 * after a unary minus. An approximate literal that rounds to infinity, or a non-zero one that rounds to zero, is
 * rejected as Java's compiler rejects it.
 *
 * <p>Runs at parse time only; the patterns are compiled once per class load.
 */
final class NumericLiteral {
    private static final String DIGITS = "[0-9](?:_*[0-9])*";
    private static final String HEX_DIGITS = "[0-9a-fA-F](?:_*[0-9a-fA-F])*";
    private static final Pattern DECIMAL = Pattern.compile("(?:0|[1-9](?:_*[0-9])*)[lL]?");
    private static final Pattern HEX = Pattern.compile("0[xX]" + HEX_DIGITS + "[lL]?");
    private static final Pattern OCTAL = Pattern.compile("0_*[0-7](?:_*[0-7])*[lL]?");
    private static final Pattern BINARY = Pattern.compile("0[bB][01](?:_*[01])*[lL]?");
    private static final String EXPONENT = "(?:[eE][+-]?" + DIGITS + ")";
    private static final Pattern DECIMAL_FLOAT = Pattern.compile(
            DIGITS + "\\.(?:" + DIGITS + ")?" + EXPONENT + "?[fFdD]?"
                    + "|\\." + DIGITS + EXPONENT + "?[fFdD]?"
                    + "|" + DIGITS + EXPONENT + "[fFdD]?"
                    + "|" + DIGITS + EXPONENT + "?[fFdD]");
    private static final Pattern HEX_FLOAT = Pattern.compile(
            "0[xX](?:" + HEX_DIGITS + "\\.?|(?:" + HEX_DIGITS + ")?\\." + HEX_DIGITS + ")[pP][+-]?" + DIGITS
                    + "[fFdD]?");

    private static final BigInteger INT_LIMIT = BigInteger.ONE.shiftLeft(31);
    private static final BigInteger LONG_LIMIT = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger UNSIGNED_INT_LIMIT = BigInteger.ONE.shiftLeft(32);
    private static final BigInteger UNSIGNED_LONG_LIMIT = BigInteger.ONE.shiftLeft(64);

    private NumericLiteral() {
    }

    /**
     * The value of literal {@code text}, negated when a unary minus stands right before it.
     *
     * @throws SelectorSyntaxException at {@code position} when {@code text} is not a valid literal
     */
    static Number parse(String text, boolean negated, String selector, int position) {
        if (DECIMAL_FLOAT.matcher(text).matches() || HEX_FLOAT.matcher(text).matches()) {
            return approximate(text, negated, selector, position);
        }
        int radix;
        int prefix;
        if (DECIMAL.matcher(text).matches()) {
            radix = 10;
            prefix = 0;
        } else if (HEX.matcher(text).matches()) {
            radix = 16;
            prefix = 2;
        } else if (BINARY.matcher(text).matches()) {
            radix = 2;
            prefix = 2;
        } else if (OCTAL.matcher(text).matches()) {
            radix = 8;
            prefix = 1;
        } else {
            String why = text.length() > 1 && text.charAt(0) == '0' && text.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? " (a leading 0 makes it octal, whose digits are 0-7)" : "";
            throw new SelectorSyntaxException("malformed number " + text + why, selector, position);
        }
        return exact(text, radix, prefix, negated, selector, position);
    }

    private static Number exact(String text, int radix, int prefix, boolean negated, String selector, int position) {
        char last = text.charAt(text.length() - 1);
        boolean longSuffix = last == 'l' || last == 'L';
        String digits = text.substring(prefix, text.length() - (longSuffix ? 1 : 0)).replace("_", "");
        BigInteger magnitude = new BigInteger(digits, radix);
        if (radix == 10) {
            BigInteger intLimit = negated ? INT_LIMIT : INT_LIMIT.subtract(BigInteger.ONE);
            BigInteger longLimit = negated ? LONG_LIMIT : LONG_LIMIT.subtract(BigInteger.ONE);
            BigInteger signed = negated ? magnitude.negate() : magnitude;
            if (!longSuffix && magnitude.compareTo(intLimit) <= 0) {
                return Integer.valueOf(signed.intValue());
            }
            if (magnitude.compareTo(longLimit) <= 0) {
                return Long.valueOf(signed.longValue());
            }
            throw new SelectorSyntaxException("exact numeric literal " + (negated ? "-" : "") + text
                    + " is outside the range of long", selector, position);
        }
        if (!longSuffix && magnitude.compareTo(UNSIGNED_INT_LIMIT) < 0) {
            int bits = magnitude.intValue();
            return Integer.valueOf(negated ? -bits : bits);
        }
        if (magnitude.compareTo(UNSIGNED_LONG_LIMIT) < 0) {
            long bits = magnitude.longValue();
            return Long.valueOf(negated ? -bits : bits);
        }
        throw new SelectorSyntaxException("exact numeric literal " + text + " does not fit in 64 bits",
                selector, position);
    }

    private static Number approximate(String text, boolean negated, String selector, int position) {
        String plain = text.replace("_", "");
        char last = plain.charAt(plain.length() - 1);
        boolean isFloat = last == 'f' || last == 'F';
        double magnitude = isFloat ? Float.parseFloat(plain) : Double.parseDouble(plain);
        if (Double.isInfinite(magnitude)) {
            throw new SelectorSyntaxException("approximate numeric literal " + text + " is too large for "
                    + (isFloat ? "float" : "double"), selector, position);
        }
        if (magnitude == 0 && hasNonZeroDigit(plain)) {
            throw new SelectorSyntaxException("approximate numeric literal " + text + " is too small for "
                    + (isFloat ? "float" : "double"), selector, position);
        }
        if (isFloat) {
            float f = (float) magnitude;
            return Float.valueOf(negated ? -f : f);
        }
        return Double.valueOf(negated ? -magnitude : magnitude);
    }

    /** Whether the significand (before the exponent) has a non-zero digit. */
    private static boolean hasNonZeroDigit(String plain) {
        boolean hex = plain.length() > 1 && (plain.charAt(1) == 'x' || plain.charAt(1) == 'X');
        for (int i = hex ? 2 : 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) {
                return false;
            }
            if (hex ? Character.digit(c, 16) > 0 : (c >= '1' && c <= '9')) {
                return true;
            }
        }
        return false;
    }
}
