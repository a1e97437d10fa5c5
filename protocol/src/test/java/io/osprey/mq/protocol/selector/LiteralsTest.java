package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.matches;
import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.rejection;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1 "Literals": string literals with doubled quotes; exact numeric literals in Java integer literal syntax
 * within the range of long; approximate numeric literals in Java floating-point syntax within the range of
 * double; the boolean literals TRUE and FALSE (case-insensitive).
 */
class LiteralsTest {

    @Test
    void stringLiteralsUndoubleQuotes() {
        assertThat(matches("s = 'literal''s'", props("s", "literal's"))).isTrue();
        assertThat(matches("s = 'literal''s'", props("s", "literal"))).isFalse();
        assertThat(matches("s = ''''", props("s", "'"))).isTrue();
        assertThat(matches("s = ''", props("s", ""))).isTrue();
        assertThat(matches("s = 'a''''b'", props("s", "a''b"))).isTrue();
    }

    @Test
    void stringLiteralsHoldAnyUnicodeTextVerbatim() {
        assertThat(matches("s = 'Zürich ☃ \uD83D\uDE00'", props("s", "Zürich ☃ \uD83D\uDE00"))).isTrue();
        assertThat(matches("s = 'two\nlines'", props("s", "two\nlines"))).isTrue();
        assertThat(matches("s = 'AND OR NOT %_\\'", props("s", "AND OR NOT %_\\"))).isTrue();
        assertThat(matches("s = 'Literal'", props("s", "literal"))).as("string comparison is case-sensitive").isFalse();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "57 | 57", "+62 | 62", "-957 | -957", "0 | 0", "00 | 0",
            "0x1d | 29", "0X1D | 29", "0x7fffffff | 2147483647",
            "035 | 29", "0_35 | 29", "0b11101 | 29", "0B1_1101 | 29",
            "1_000_000 | 1000000", "1__0 | 10",
            "2147483647 | 2147483647", "-2147483648 | -2147483648",
            "10L | 10", "10l | 10", "0x1dL | 29",
    })
    void exactLiteralsUseJavaIntegerSyntax(String literal, long expected) {
        assertThat(matches("n = " + literal, props("n", expected))).isTrue();
        assertThat(matches("n = " + literal, props("n", expected + 1))).isFalse();
    }

    @Test
    void exactLiteralsCoverTheRangeOfLong() {
        PropertySource extremes = props("min", Long.MIN_VALUE, "max", Long.MAX_VALUE);
        assertThat(matches("min = " + Long.MIN_VALUE + "L AND max = " + Long.MAX_VALUE + "L", extremes)).isTrue();
        assertThat(matches("min = " + Long.MIN_VALUE + " AND max = " + Long.MAX_VALUE, extremes))
                .as("without L, a literal too large for int is a long").isTrue();
        assertThat(matches("n = 2147483648", props("n", 2147483648L))).isTrue();
        assertThat(matches("n = 0x7fffffffffffffffL", props("n", Long.MAX_VALUE))).isTrue();
    }

    @Test
    void hexadecimalLiteralsAreBitPatternsAsInJava() {
        assertThat(matches("n = 0xFFFFFFFF", props("n", -1))).as("int -1").isTrue();
        assertThat(matches("n = 0xFFFFFFFF", props("n", 4294967295L))).isFalse();
        assertThat(matches("n = 0xFFFFFFFFL", props("n", 4294967295L))).isTrue();
        assertThat(matches("n = 0xFFFFFFFFFFFFFFFFL", props("n", -1L))).isTrue();
        assertThat(matches("n = 0x100000000", props("n", 4294967296L)))
                .as("beyond 32 bits without L it is a long, as the spec's range of long requires").isTrue();
    }

    @Test
    void exactLiteralsAreIntsAndWrapAsJavaIntsDo() {
        assertThat(matches("2147483647 + 1 = -2147483648", props())).isTrue();
        assertThat(matches("2147483647L + 1 = 2147483648", props())).isTrue();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "7. | 7.0", "-95.7 | -95.7", "+6.2 | 6.2", "7E3 | 7000.0", "7e3 | 7000.0", "-57.9E2 | -5790.0",
            "-57.9E3 | -57900.0", ".7e4 | 7000.0", "7000. | 7000.0", "0.0 | 0.0", "0. | 0.0",
            "1e-3 | 0.001", "1E+3 | 1000.0", "7D | 7.0", "7d | 7.0", "2.5D | 2.5", "1_000.5 | 1000.5",
            "0x1.8p1 | 3.0", "0x1p-2 | 0.25", "0X1P4D | 16.0",
            "1.7976931348623157E308 | 1.7976931348623157E308", "4.9E-324 | 4.9E-324",
    })
    void approximateLiteralsUseJavaFloatingPointSyntax(String literal, double expected) {
        assertThat(matches("d = " + literal, props("d", expected))).isTrue();
        assertThat(matches("d = " + literal, props("d", -expected - 1))).isFalse();
    }

    @Test
    void approximateLiteralsWithAnFSuffixAreFloats() {
        assertThat(matches("f = 0.1F", props("f", 0.1f))).isTrue();
        assertThat(matches("f = 0.1", props("f", 0.1f)))
                .as("a float property widened to double differs from the double 0.1, as in Java").isFalse();
        assertThat(matches("f = 7f", props("f", 7.0f))).isTrue();
        assertThat(matches("f = 3.4028235E38F", props("f", Float.MAX_VALUE))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "true", "True", "tRuE"})
    void trueIsCaseInsensitive(String literal) {
        assertThat(truth(literal)).isEqualTo("TRUE");
        assertThat(matches("b = " + literal, props("b", true))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FALSE", "false", "False", "fAlSe"})
    void falseIsCaseInsensitive(String literal) {
        assertThat(truth(literal)).isEqualTo("FALSE");
        assertThat(matches("b = " + literal, props("b", false))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"09", "08L", "0x", "0xg", "0b", "0b2", "1_", "1_1x", "1._5", "1_.5", "0x_1", "1e", "1e+",
            "1.2.3", "12abc", "1LL", "1L5", "1f5", "0x1.8", "1Ex", "5.x", "1é"})
    void malformedNumbersAreRejected(String literal) {
        assertThat(rejection("n = " + literal).position()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "9223372036854775808L", "-9223372036854775809",
            "0x10000000000000000", "0x1_0000_0000_0000_0000L", "1e309", "1e-400", "3.5e38f", "1e-50f",
            "1.8e308", "0x1p1024"})
    void numbersOutOfRangeAreRejected(String literal) {
        SelectorSyntaxException e = rejection("n = " + literal);

        assertThat(e.position()).isEqualTo(4);
        assertThat(e.problem()).contains(literal.startsWith("-") ? literal.substring(1) : literal);
    }

    @Test
    void zeroWithAnExponentIsNotTooSmall() {
        assertThat(matches("d = 0e-400", props("d", 0.0))).isTrue();
        assertThat(matches("d = 0x0p-2000", props("d", 0.0))).isTrue();
    }
}
