package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1 "Arithmetic operators": unary + -, * /, + -, "arithmetic operations must use Java numeric promotion";
 * §3.8.1.2: arithmetic with NULL is NULL. Integer division truncates as in Java, int arithmetic wraps as in
 * Java, and an integer division by zero is NULL instead of Java's exception.
 */
class ArithmeticTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "myProp0 * 2 = 10 AND myProp1 / 2 = -5 | 5 | -10",
            "myProp0 + 5 = 0 AND myProp1 - 5 = 5 | -5 | 10",
            "-myProp0 < 0 AND +myProp1 < 0 | 5 | -5",
            "- myProp0 + myProp1 = 0 | 5 | 5",
    })
    void operatorsComputeAsTheTckExpects(String selector, int p0, int p1) {
        assertThat(truth(selector, props("myProp0", p0, "myProp1", p1))).isEqualTo("TRUE");
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        assertThat(truth("n / 2 = 3", props("n", 7))).isEqualTo("TRUE");
        assertThat(truth("n / 2 = -3", props("n", -7))).isEqualTo("TRUE");
        assertThat(truth("n / 2 = 3", props("n", 7L))).isEqualTo("TRUE");
        assertThat(truth("7 / 2 = 3")).isEqualTo("TRUE");
    }

    @Test
    void anApproximateOperandMakesTheOperationApproximate() {
        assertThat(truth("n / 2.0 = 3.5", props("n", 7))).isEqualTo("TRUE");
        assertThat(truth("n / d = 3.5", props("n", 7, "d", 2.0))).isEqualTo("TRUE");
        assertThat(truth("n / f = 3.5", props("n", 7L, "f", 2.0f))).isEqualTo("TRUE");
        assertThat(truth("a+b*c-d/e = 6", props("a", 1f, "b", 2f, "c", 3f, "d", 4f, "e", 4f))).isEqualTo("TRUE");
    }

    @Test
    void intArithmeticWrapsAsJavaIntArithmeticDoes() {
        assertThat(truth("i + 1 = -2147483648", props("i", Integer.MAX_VALUE))).isEqualTo("TRUE");
        assertThat(truth("i * 2 = -2", props("i", Integer.MAX_VALUE))).isEqualTo("TRUE");
        assertThat(truth("-i = i", props("i", Integer.MIN_VALUE))).isEqualTo("TRUE");
        assertThat(truth("i / -1 = i", props("i", Integer.MIN_VALUE))).isEqualTo("TRUE");
    }

    @Test
    void aLongOperandPromotesToLongSoTheResultIsExact() {
        assertThat(truth("i + l = 2147483648", props("i", Integer.MAX_VALUE, "l", 1L))).isEqualTo("TRUE");
        assertThat(truth("i + 1L = 2147483648", props("i", Integer.MAX_VALUE))).isEqualTo("TRUE");
        assertThat(truth("l + 1 = 9007199254740993", props("l", 9007199254740992L)))
                .as("long arithmetic stays exact beyond double's 53 bits").isEqualTo("TRUE");
        assertThat(truth("l + 1 = 9007199254740992", props("l", 9007199254740992L))).isEqualTo("FALSE");
        assertThat(truth("l + 1 = -9223372036854775808", props("l", Long.MAX_VALUE))).isEqualTo("TRUE");
    }

    @Test
    void byteAndShortPromoteToInt() {
        assertThat(truth("b + s = 300", props("b", (byte) 100, "s", (short) 200))).isEqualTo("TRUE");
        assertThat(truth("b * b = 16129", props("b", (byte) 127))).as("no byte overflow").isEqualTo("TRUE");
        assertThat(truth("-b = 128", props("b", Byte.MIN_VALUE))).isEqualTo("TRUE");
        assertThat(truth("+s = 7", props("s", (short) 7))).isEqualTo("TRUE");
    }

    @Test
    void floatArithmeticIsFloatArithmetic() {
        // 0.1f + 0.2f computed in float, then compared as float with the float literal 0.3F.
        assertThat(truth("f + 0.2F = 0.3F", props("f", 0.1f))).isEqualTo("TRUE");
        assertThat(truth("f * 2 = 0.2F", props("f", 0.1f))).isEqualTo("TRUE");
        assertThat(truth("i + 0.5F = 16777216.5", props("i", 16777216)))
                .as("an int plus a float is a float, which cannot hold .5 at that magnitude").isEqualTo("FALSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"n / 0 = 0", "n / 0 <> 0", "n / z = 0", "n / z = n / z", "n / zl > 0", "(n / z) + 1 = 1"})
    void integerDivisionByZeroIsNull(String selector) {
        assertThat(truth(selector, props("n", 7, "z", 0, "zl", 0L))).isEqualTo("UNKNOWN");
    }

    @Test
    void literalDivisionByZeroIsNullToo() {
        assertThat(truth("1 / 0 = 1")).isEqualTo("UNKNOWN");
        assertThat(truth("1 / 0 = 1 OR TRUE")).isEqualTo("TRUE");
    }

    @Test
    void approximateDivisionByZeroIsInfinityOrNaNAsInJava() {
        assertThat(truth("n / 0.0 > 1E308", props("n", 1))).isEqualTo("TRUE");
        assertThat(truth("n / 0.0 < -1E308", props("n", -1))).isEqualTo("TRUE");
        assertThat(truth("n / 0.0 = n / 0.0", props("n", 0))).as("NaN equals nothing").isEqualTo("FALSE");
        assertThat(truth("n / 0.0 <> 0", props("n", 0))).as("NaN differs from everything").isEqualTo("TRUE");
        assertThat(truth("n / 0.0 < 1 OR n / 0.0 >= 1", props("n", 0))).isEqualTo("FALSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a + 1 = 2", "1 + a = 2", "a - 1 = 0", "a * 2 = 2", "a / 1 = 1", "-a = -1", "+a = 1",
            "a + b = 2", "(a + 1) * 2 = 4"})
    void arithmeticWithANullOperandIsNull(String selector) {
        assertThat(truth(selector, props("b", 1))).isEqualTo("UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a + 1 = 2", "1 + a = 2", "a * 2 = 2", "-a = -1", "+a = 1", "a / 1 = 1"})
    void arithmeticOnAStringOrBooleanValueIsNull(String selector) {
        assertThat(truth(selector, props("a", "1"))).isEqualTo("UNKNOWN");
        assertThat(truth(selector, props("a", true))).isEqualTo("UNKNOWN");
        assertThat(truth(selector, props("a", new Object()))).isEqualTo("UNKNOWN");
    }

    @Test
    void literalArithmeticIsFoldedWithTheSameRules() {
        assertThat(truth("2 * 3 + 4 = 10")).isEqualTo("TRUE");
        assertThat(truth("-(2147483647 + 1) = -2147483648")).isEqualTo("TRUE");
        assertThat(truth("1 + 0.5 = 1.5")).isEqualTo("TRUE");
        assertThat(MessageSelector.parse("n = 2 * 3").identifiers()).containsExactly("n");
    }
}
