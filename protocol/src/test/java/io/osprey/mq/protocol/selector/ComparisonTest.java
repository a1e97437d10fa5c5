package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1 "Comparison operators" {@code = > >= < <= <>}: exact and approximate numbers compare by value after
 * Java numeric promotion; strings and booleans compare with {@code =} and {@code <>} only; "if the comparison of
 * non-like type values is attempted, the value of the operation is false"; §3.8.1.2: a NULL side makes it
 * unknown.
 */
class ComparisonTest {

    @ParameterizedTest(name = "{0} {1} {2} is {3}")
    @CsvSource({
            "5, =, 5, TRUE", "5, =, 6, FALSE", "5, <>, 6, TRUE", "5, <>, 5, FALSE",
            "5, <, 6, TRUE", "6, <, 6, FALSE", "6, <=, 6, TRUE", "7, <=, 6, FALSE",
            "7, >, 6, TRUE", "6, >, 6, FALSE", "6, >=, 6, TRUE", "5, >=, 6, FALSE",
    })
    void everyOperatorComparesIntegers(int value, String op, int literal, String expected) {
        assertThat(truth("n " + op + " " + literal, props("n", value))).isEqualTo(expected);
        assertThat(truth("n " + op + " m", props("n", value, "m", literal))).as("identifier vs identifier")
                .isEqualTo(expected);
        assertThat(truth(value + " " + op + " m", props("m", literal))).as("literal on the left").isEqualTo(expected);
        assertThat(truth(value + " " + op + " " + literal)).as("two literals").isEqualTo(expected);
    }

    @Test
    void numbersOfEveryKindCompareByValue() {
        PropertySource source = props("b", (byte) 2, "s", (short) 2, "i", 2, "l", 2L, "f", 2.0f, "d", 2.0);
        for (String x : new String[] {"b", "s", "i", "l", "f", "d"}) {
            for (String y : new String[] {"b", "s", "i", "l", "f", "d", "2", "2L", "2.0", "2F"}) {
                assertThat(truth(x + " = " + y, source)).as("%s = %s", x, y).isEqualTo("TRUE");
                assertThat(truth(x + " < " + y + " + 1", source)).as("%s < %s + 1", x, y).isEqualTo("TRUE");
            }
        }
    }

    @Test
    void theTckComparisonSelectorsHold() {
        PropertySource source = props("myProp0", "foo", "myProp1", 1, "myProp2", 2.0f, "myProp3", 3, "myProp4", 4.0,
                "myProp5", 5, "myProp6", 6, "myProp7", 0f);
        assertThat(truth("myProp0 = 'foo' AND myProp1 > 0 AND myProp2 >= 2 AND myProp3 >= 2 AND myProp4 < 5 AND "
                + "myProp5 <= 6 AND myProp6 <= 6 AND myProp7 <> 7", source)).isEqualTo("TRUE");
        assertThat(truth("myProp0 < myProp1", props("myProp0", 0, "myProp1", 1.5))).isEqualTo("TRUE");
    }

    @Test
    void mixedComparisonsPromoteAsJavaDoes() {
        assertThat(truth("l = f", props("l", 16777217L, "f", 16777216f)))
                .as("long vs float compares as float, as in Java").isEqualTo("TRUE");
        assertThat(truth("l = 16777216F", props("l", 16777217L))).isEqualTo("TRUE");
        assertThat(truth("l = 16777216.0", props("l", 16777217L))).as("long vs double compares as double")
                .isEqualTo("FALSE");
        assertThat(truth("l > 9007199254740992", props("l", 9007199254740993L))).as("long vs long is exact")
                .isEqualTo("TRUE");
        assertThat(truth("f = 0.1", props("f", 0.1f))).isEqualTo("FALSE");
        assertThat(truth("f = 0.1F", props("f", 0.1f))).isEqualTo("TRUE");
        assertThat(truth("d = 0.1F", props("d", (double) 0.1f))).isEqualTo("TRUE");
        assertThat(truth("z = -0.0", props("z", 0.0))).isEqualTo("TRUE");
    }

    @Test
    void nanComparesAsInJava() {
        PropertySource nan = props("d", Double.NaN, "f", Float.NaN);
        for (String op : new String[] {"=", "<", "<=", ">", ">="}) {
            assertThat(truth("d " + op + " 1", nan)).isEqualTo("FALSE");
            assertThat(truth("d " + op + " d", nan)).isEqualTo("FALSE");
            assertThat(truth("f " + op + " 1", nan)).isEqualTo("FALSE");
        }
        assertThat(truth("d <> d", nan)).isEqualTo("TRUE");
        assertThat(truth("f <> 1", nan)).isEqualTo("TRUE");
    }

    @Test
    void stringsCompareWithEqualsAndNotEquals() {
        PropertySource source = props("s", "foo", "t", "foo", "u", "bar");
        assertThat(truth("s = 'foo'", source)).isEqualTo("TRUE");
        assertThat(truth("s = 'FOO'", source)).isEqualTo("FALSE");
        assertThat(truth("s <> 'not_foo'", source)).isEqualTo("TRUE");
        assertThat(truth("s = t", source)).isEqualTo("TRUE");
        assertThat(truth("s <> u", source)).isEqualTo("TRUE");
        assertThat(truth("'foo' = s", source)).isEqualTo("TRUE");
    }

    @Test
    void booleansCompareWithEqualsAndNotEquals() {
        PropertySource source = props("t", true, "f", false);
        assertThat(truth("t = TRUE AND f <> TRUE AND t <> f AND f = FALSE", source)).isEqualTo("TRUE");
        assertThat(truth("t = f", source)).isEqualTo("FALSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<", "<=", ">", ">="})
    void orderingTwoStringOrTwoBooleanValuesIsUnknown(String op) {
        assertThat(truth("s " + op + " t", props("s", "a", "t", "b"))).isEqualTo("UNKNOWN");
        assertThat(truth("s " + op + " t", props("s", true, "t", false))).isEqualTo("UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "<>", "<", "<=", ">", ">="})
    void comparingUnlikeTypesIsFalse(String op) {
        assertThat(truth("n " + op + " 1", props("n", "1"))).as("string vs number").isEqualTo("FALSE");
        assertThat(truth("n " + op + " 1", props("n", true))).as("boolean vs number").isEqualTo("FALSE");
        assertThat(truth("n " + op + " m", props("n", "1", "m", 1))).isEqualTo("FALSE");
        assertThat(truth("n " + op + " m", props("n", 1.0, "m", "x"))).isEqualTo("FALSE");
        assertThat(truth("n " + op + " m", props("n", "true", "m", true))).as("string vs boolean").isEqualTo("FALSE");
    }

    @Test
    void comparingUnlikeTypesWithStringAndBooleanLiteralsIsFalse() {
        assertThat(truth("n = 'foo'", props("n", 1))).isEqualTo("FALSE");
        assertThat(truth("n <> 'foo'", props("n", 1))).isEqualTo("FALSE");
        assertThat(truth("n = TRUE", props("n", "TRUE"))).isEqualTo("FALSE");
        assertThat(truth("n <> FALSE", props("n", 0))).isEqualTo("FALSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "<>", "<", "<=", ">", ">="})
    void aNullSideMakesEveryComparisonUnknown(String op) {
        PropertySource source = props("n", 1, "s", "x", "b", true);
        assertThat(truth("missing " + op + " 1", source)).isEqualTo("UNKNOWN");
        assertThat(truth("1 " + op + " missing", source)).isEqualTo("UNKNOWN");
        assertThat(truth("n " + op + " missing", source)).isEqualTo("UNKNOWN");
        assertThat(truth("missing " + op + " n", source)).isEqualTo("UNKNOWN");
        assertThat(truth("missing " + op + " other", source)).isEqualTo("UNKNOWN");
        assertThat(truth("s " + op + " missing", source)).isEqualTo("UNKNOWN");
        assertThat(truth("b " + op + " missing", source)).isEqualTo("UNKNOWN");
    }

    @Test
    void nullStringAndBooleanLiteralComparisonsAreUnknown() {
        assertThat(truth("missing = 'foo'")).isEqualTo("UNKNOWN");
        assertThat(truth("missing <> 'foo'")).isEqualTo("UNKNOWN");
        assertThat(truth("missing = TRUE")).isEqualTo("UNKNOWN");
        assertThat(truth("'foo' <> missing")).isEqualTo("UNKNOWN");
    }

    @Test
    void valuesOfTypesSelectorsDoNotKnowAreNull() {
        PropertySource source = props("c", 'x', "bytes", new byte[] {1}, "big", java.math.BigDecimal.ONE);
        assertThat(truth("c = 'x'", source)).isEqualTo("UNKNOWN");
        assertThat(truth("bytes = 1", source)).isEqualTo("UNKNOWN");
        assertThat(truth("big = 1", source)).isEqualTo("UNKNOWN");
        assertThat(truth("big = c", source)).isEqualTo("UNKNOWN");
        assertThat(truth("c IS NULL AND big IS NULL", source)).isEqualTo("TRUE");
    }
}
